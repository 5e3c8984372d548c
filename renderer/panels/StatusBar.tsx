import { useAppStore } from '../store';
import { REJECT_TEXT, formatFeedTime, totalRejects } from './format';
import { useFeedNow } from './useFeedClock';
import type { RejectReason } from '../../electron/engine/feed/protocol';

export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const transport = useAppStore((s) => s.transport);
  const syncError = useAppStore((s) => s.syncError);
  const now = useFeedNow();

  const conn = transport !== 'open' ? 'engine-offline' : (status?.connection ?? 'connecting');
  const connLabel = transport !== 'open' ? (transport === 'connecting' ? 'connecting to engine' : 'engine unreachable') : (status?.connection ?? 'waiting for snapshot');
  const rejects = totalRejects(status);
  const rejectTitle = status
    ? [
        ...Object.entries(status.rejects).map(([k, n]) => `${REJECT_TEXT[k as RejectReason] ?? k}: ${n ?? 0}`),
        status.lastReject ? `Last: ${REJECT_TEXT[status.lastReject.reason]} — ${status.lastReject.detail} (${new Date(status.lastReject.at).toLocaleTimeString()})` : 'No rejects',
      ].join('\n')
    : '';

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`conn conn-${conn}`} title={status?.lastError ?? undefined} data-testid="status-connection">
        <span className="dot" /> {connLabel}
        {status?.lastError && <span className="last-error"> — {status.lastError}</span>}
        {status?.downSince != null && <span className="last-error"> (feed down since {new Date(status.downSince).toLocaleTimeString()})</span>}
      </span>
      <span className="sep" />
      <span className="feed-name" title={`${status?.feedName ?? ''}\n${status?.feedUrl ?? ''}`}>Feed: {status?.feedName || '—'}</span>
      <span className="sep" />
      <span data-testid="status-feed-time">
        Feed time: {formatFeedTime(now)}
        {status && status.speed !== 1 ? ` (×${status.speed})` : ''}
      </span>
      <span className="sep" />
      <span>{status ? status.readingsPerSecond.toFixed(1) : '—'} readings/s</span>
      <span className="sep" />
      <span data-testid="status-sensors">
        Sensors: <b className="fresh-live">{status?.sensors.live ?? 0}</b> live · <b className="fresh-stale">{status?.sensors.stale ?? 0}</b> stale ·{' '}
        <b className="fresh-never">{status?.sensors.never ?? 0}</b> never
      </span>
      <span className="sep" />
      <span className={rejects > 0 ? 'rejects has' : 'rejects'} title={rejectTitle} data-testid="status-rejects">
        Rejects: {rejects}
      </span>
      {status && status.lostBatches.length > 0 && (
        <>
          <span className="sep" />
          <span
            className="lost has"
            data-testid="status-lost"
            title={status.lostBatches.map((b) => `batches ${b.from}–${b.to}${b.at !== null ? ` (noticed at ${formatFeedTime(b.at)})` : ''}`).join('\n')}
          >
            Data lost: {status.lostBatches.reduce((n, b) => n + (b.to - b.from + 1), 0)} batch(es)
          </span>
        </>
      )}
      {syncError && (
        <>
          <span className="sep" />
          <span className="error">{syncError}</span>
        </>
      )}
    </footer>
  );
}
