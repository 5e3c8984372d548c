/**
 * Before publishing: the rule's backtested load and a question ("This rule would have raised 14 alarms a day, …
 * Publish?"). Cancel keeps the form as it is.
 */
import type { BacktestResult } from '../../electron/engine/api';
import { LoadSummary } from './LoadSummary';
import { publishQuestion } from './load';
import { useT } from '../i18n/i18n';

export function PublishConfirm({
  backtest,
  backtestError,
  busy,
  onPublish,
  onCancel,
}: {
  backtest: BacktestResult | null;
  /** The backtest could not run: say so, and let the supervisor publish without knowing the load. */
  backtestError: string | null;
  busy: boolean;
  onPublish: () => void;
  onCancel: () => void;
}) {
  const { t } = useT();
  return (
    <div className="publish-confirm" role="dialog" aria-modal="true" aria-labelledby="publish-confirm-q" data-testid="publish-confirm">
      <p id="publish-confirm-q" className="publish-question" data-testid="publish-question">
        {backtest ? publishQuestion(backtest.load, t) : t('rules.publish.noBacktest', { error: backtestError ?? t('rules.publish.noResult') })}
      </p>
      {backtest && <LoadSummary load={backtest.load} />}
      <div className="editor-actions">
        <button type="button" className="btn primary" data-testid="publish-confirm-yes" disabled={busy} onClick={onPublish} autoFocus>
          {busy ? t('rules.editor.publishing') : t('rules.editor.publish')}
        </button>
        <button type="button" className="btn" data-testid="publish-confirm-cancel" disabled={busy} onClick={onCancel}>
          {t('rules.publish.keepEditing')}
        </button>
      </div>
    </div>
  );
}
