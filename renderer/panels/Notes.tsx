/**
 * Operator notes about one sensor: add (queued durably by the engine, sent when the feed is reachable) and list with
 * their delivery status. The list lives in the actions slice and follows the engine's `actions` event.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineClient, OperatorAction } from '../../electron/engine/api';
import { actionsFor, useAppStore, useTimeZone } from '../store';
import { errorText, formErrorText } from '../platform/rpc-client';
import { formatWallTime } from './format';

/** How many notes to fetch for a sensor. */
const NOTES_LIMIT = 50;

export const ACTION_STATUS_TEXT = {
  queued: 'Queued — will be sent when the feed is back',
  sent: 'Sent',
  rejected: 'Rejected',
} as const satisfies Record<OperatorAction['status'], string>;

export function actionBadge(a: Pick<OperatorAction, 'status' | 'error'>): string {
  return a.status === 'rejected' ? `${ACTION_STATUS_TEXT.rejected}: ${a.error ?? 'no reason given'}` : ACTION_STATUS_TEXT[a.status];
}

export function Notes({ client, sensorId }: { client: EngineClient; sensorId: string }) {
  const all = useAppStore((s) => s.actions);
  const upsert = useAppStore((s) => s.upsertActions);
  const transportOpen = useAppStore((s) => s.transport === 'open');
  const tz = useTimeZone();
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
        aria-label="New note"
        aria-invalid={error ? true : undefined}
        placeholder="Note for this sensor (Ctrl+Enter to add)"
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
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
      {loadError && <p className="error small">Notes unavailable: {loadError}</p>}
      {notes.length === 0 ? (
        <p className="muted small">No notes for this sensor.</p>
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
                  title={n.status === 'sent' && n.sentAt !== null ? `Sent ${formatWallTime(n.sentAt, tz)}` : undefined}
                >
                  {actionBadge(n)}
                </span>
              </div>
              <div className="note-text">{n.kind === 'alarm-ack' ? `Acknowledged an alarm${n.text ? `: ${n.text}` : ''}` : n.text}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
