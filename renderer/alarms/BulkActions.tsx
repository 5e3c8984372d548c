/**
 * Acting on many alarms at once: the alarms ticked in the list (a group alarm counts as one, its members with it) are
 * acknowledged with one comment, or shelved for a time with one reason (ackAlarms / shelveAlarms). The engine answers
 * per alarm: each refusal is listed in words ("Car park Salling (Car park full): already acknowledged (by Ana)").
 */
import { useState, type FormEvent } from 'react';
import type { Alarm, EngineClient } from '../../electron/engine/api';
import { formErrorText } from '../platform/rpc-client';
import { useAppStore } from '../store';
import { refusalLines, type AlarmContext } from './alarmList';
import { ShelveForm } from './ShelveForm';
import { useT } from '../i18n/i18n';

/** The engine takes at most this many ids per bulk command. */
const MAX_BULK = 1000;

export function BulkActions({ client, known, ctx }: { client: EngineClient; known: ReadonlyMap<string, Alarm>; ctx: AlarmContext }) {
  const { t } = useT();
  const checked = useAppStore((s) => s.checkedAlarmIds);
  const setChecked = useAppStore((s) => s.setCheckedAlarms);
  const upsert = useAppStore((s) => s.upsertAlarms);
  const [comment, setComment] = useState('');
  const [shelving, setShelving] = useState(false);
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ done: string; refused: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (checked.size === 0 && !outcome && !error) return null;
  const ids = [...checked].slice(0, MAX_BULK);

  const run = async (fn: () => Promise<{ done: string; refused: string[] }>): Promise<void> => {
    if (busy || ids.length === 0) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await fn());
      setChecked([]);
    } catch (err) {
      setError(formErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  const c = comment.trim();
  const ack = () =>
    run(async () => {
      const r = await client.call('ackAlarms', c ? { ids, comment: c } : { ids });
      upsert(r.alarms);
      setComment('');
      return { done: t('alarms.bulk.acknowledged', { count: r.alarms.length }), refused: refusalLines(r.refused, known, ctx, t) };
    });
  const shelve = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const n = Math.round(Number(minutes));
      const r = await client.call('shelveAlarms', { ids, minutes: Number.isFinite(n) ? n : 0, reason });
      setShelving(false);
      setReason('');
      return { done: t('alarms.bulk.shelved', { count: r.shelves.length, minutes: n }), refused: refusalLines(r.refused, known, ctx, t) };
    });
  };

  return (
    <div className="bulk-actions" data-testid="bulk-actions" role="region" aria-label={t('alarms.bulk.region')}>
      {checked.size > 0 && (
        <div className="bulk-bar">
          <strong data-testid="bulk-count">{t('alarms.bulk.ticked', { count: checked.size })}</strong>
          {checked.size > MAX_BULK && <span className="warn small">{t('alarms.bulk.firstOnly', { max: MAX_BULK })}</span>}
          <input className="comment" data-testid="bulk-comment" placeholder={t('alarms.bulk.comment')} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="button" className="btn primary" data-testid="bulk-ack" disabled={busy} onClick={() => void ack()}>
            {t('alarms.bulk.acknowledge', { count: checked.size })}
          </button>
          <button type="button" className="btn" data-testid="bulk-shelve" disabled={busy} aria-expanded={shelving} onClick={() => setShelving((v) => !v)}>
            {t('alarms.bulk.shelve', { count: checked.size })}
          </button>
          <button type="button" className="btn" data-testid="bulk-clear" disabled={busy} onClick={() => setChecked([])}>
            {t('alarms.bulk.untickAll')}
          </button>
        </div>
      )}
      {shelving && checked.size > 0 && (
        <ShelveForm testIdPrefix="bulk-" className="shelve-form bulk-bar" reasonPlaceholder={t('alarms.bulk.reason')} minutes={minutes} reason={reason} busy={busy} onMinutes={setMinutes} onReason={setReason} onSubmit={shelve} />
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {outcome && (
        <div className="bulk-outcome small" data-testid="bulk-outcome" role="status">
          <span>{outcome.done}</span>
          {outcome.refused.length > 0 && <span className="warn"> · {t('alarms.bulk.refused', { count: outcome.refused.length })}</span>}
          <button type="button" className="link-btn" onClick={() => setOutcome(null)} aria-label={t('alarms.bulk.dismiss')}>
            ✕
          </button>
          {outcome.refused.length > 0 && (
            <ul className="refusals" data-testid="bulk-refusals">
              {outcome.refused.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
