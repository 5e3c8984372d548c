/** The alarm load a backtest measured (what the rule would add to an operator's desk), beside its other results. */
import type { AlarmLoad } from '../../electron/engine/api';
import { loadFacts, loadLevel, loadSummaryText } from './load';
import { useT } from '../i18n/i18n';

export function LoadSummary({ load }: { load: AlarmLoad }) {
  const { t } = useT();
  const level = loadLevel(load);
  return (
    <div className={`load-summary load-${level}`} data-testid="backtest-load" data-level={level} data-per-day={load.perDay} data-floods={load.floods}>
      <p>
        <b>{t('rules.load.title')}</b> <span data-testid="backtest-load-summary">{loadSummaryText(load, t)}</span>
        {level === 'flood' && ` — ${t('rules.load.wouldFlood')}`}
        {level === 'high' && ` — ${t('rules.load.tooMuch')}`}
      </p>
      <ul className="small">
        {loadFacts(load, t).map((f, i) => (
          <li key={i}>{f}</li>
        ))}
      </ul>
    </div>
  );
}
