/**
 * Operator notes about one sensor: add (queued durably by the engine, sent when the feed is reachable) and list with
 * their delivery status. The list lives in the actions slice and follows the engine's `actions` event.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineClient, OperatorAction } from '../../electron/engine/api';
import { actionsFor, useAppStore, useTimeZone } from '../store';
import { errorText, formErrorText } from '../platform/rpc-client';
import { formatWallTime } from './format';
import { t as translate, useT } from '../i18n/i18n';

/** How many notes to fetch for a sensor. */
const NOTES_LIMIT = 50;

/** A note's delivery status in the current language. */
export function actionBadge(a: Pick<OperatorAction, 'status' | 'error'>): string {
  if (a.status === 'rejected') return translate('panels.noteRejectedWhy', { reason: a.error ?? translate('panels.noteNoReason') });
  return translate(a.status === 'queued' ? 'panels.noteQueued' : 'panels.noteSent');
}

export function Notes({ client, sensorId }: { client: EngineClient; sensorId: string }) {
  const all = useAppStore((s) => s.actions);
  const upsert = useAppStore((s) => s.upsertActions);
  const transportOpen = useAppStore((s) => s.transport === 'open');
  const tz = useTimeZone();
  const { t } = useT();
  const notes = useMemo(() => actionsFor(all, sensorId), [all, sensorId]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    setText('');
    setError(null);
  }, [sensorId]);

  // (Re)load on selection and whenever the engine connection (re)opens: events may have been missed meanwhile.
  useEffect(() => {
    if (!transportOpen) return;
    let cancelled = false;
    setLoadError(null);
    client.call('actions', { sensorId, limit: NOTES_LIMIT }).then(
      (list) => {
        if (!cancelled) upsert(list);
      },
      (err: unknown) => {
        if (!cancelled) setLoadError(errorText(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, sensorId, transportOpen, upsert]);

  const add = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const action = await client.call('addNote', { sensorId, text });
      upsert([action]);
      setText('');
    } catch (err) {
      setError(formErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notes">
      <textarea
        data-testid="note-input"
        className={error ? 'invalid' : undefined}
        aria-label={t('panels.noteNew')}
        aria-invalid={error ? true : undefined}
        placeholder={t('panels.notePlaceholder')}
        rows={2}
        maxLength={4000}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void add();
          }
          if (e.key === 'Escape') e.stopPropagation();
        }}
      />
      <div className="note-actions">
        {error ? (
          <span className="error small" role="alert" data-testid="note-error">
            {error}
          </span>
        ) : (
          <span />
        )}
        <button type="button" data-testid="note-add" onClick={() => void add()} disabled={busy}>
          {busy ? t('panels.noteAdding') : t('panels.noteAdd')}
        </button>
      </div>
      {loadError && <p className="error small">{t('panels.notesUnavailable', { error: loadError })}</p>}
      {notes.length === 0 ? (
        <p className="muted small">{t('panels.notesNone')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note-item" data-status={n.status}>
              <div className="note-meta">
                <span className="note-user">{n.user}</span>
                <span className="muted">{formatWallTime(n.createdAt, tz)}</span>
                <span
                  className={`badge badge-${n.status}`}
                  data-testid="note-status"
                  title={n.status === 'sent' && n.sentAt !== null ? t('panels.noteSentAt', { time: formatWallTime(n.sentAt, tz) }) : undefined}
                >
                  {actionBadge(n)}
                </span>
              </div>
              <div className="note-text">{n.kind === 'alarm-ack' ? (n.text ? t('panels.noteAckText', { text: n.text }) : t('panels.noteAck')) : n.text}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
