import { shownNow, shownStates, useAppStore } from '../store';
import { freshnessOf } from '../map/freshness';
import { engineGone, feedClockView, frozenText } from '../health/frozen';
import { shownDown } from '../health/shownDown';
import { anythingDown, downReason, downText, sensorCounts } from '../health/sourceDown';
import '../health/health.css';
import { rejectText } from '../../electron/shared/labels';
import { cacheProblem, cacheTitle } from './cacheText';
import { formatBytes, formatCount, formatFeedTime, formatNumber, formatWallTime, totalRejects } from './format';
import { GapsIndicator } from './GapsIndicator';
import { useFeedNow } from './useFeedClock';
import { useT, type MessageKey } from '../i18n/i18n';

export { cacheTitle };

export function StatusBar() {
  const status = useAppStore((s) => s.status);
  const transport = useAppStore((s) => s.transport);
  const syncError = useAppStore((s) => s.syncError);
  const typesError = useAppStore((s) => s.typesError);
  const city = useAppStore((s) => s.city);
  const { t } = useT();
  const tz = city.timeZone;
  const liveNow = useFeedNow();
  // In replay: the replayed instant and the sensors counted as they stood then (the frame's); the live feed's
  // connection, rates and cache stay live (it keeps recording underneath).
  const replayNow = useAppStore((s) => (s.replay ? shownNow(s) : null));
  const replaySensors = useAppStore((s) => (s.replay ? (s.replay.frame?.sensors ?? null) : undefined));
  const replaying = replaySensors !== undefined;
  const now = replaying ? replayNow : liveNow;
  const feedDown = useAppStore((s) => s.feedDown);
  const catalogue = useAppStore((s) => s.catalogue);
  const shown = useAppStore(shownStates);
  const down = useAppStore(shownDown);
  // The engine gone: the counts are as of the last status, and say so instead of passing for live.
  const gone = engineGone(transport, status);
  // A source down: its sensors are counted as down, never live (the engine's counts do not know it).
  const someDown = anythingDown(down);
  const engineCounts = replaying ? replaySensors : (status?.sensors ?? null);
  const sensors = someDown ? sensorCounts(catalogue.values(), shown, down, (x, st) => freshnessOf(x, st, now)) : engineCounts ? { ...engineCounts, down: 0 } : null;
  const downTitle = [...(down.feed ? [down.feed] : []), ...down.sources.values()].map((d) => `${downText(d, tz)} — ${downReason(d)}`).join('\n');
  const clock = replaying ? null : feedClockView({ status, feedDown, transport, now: liveNow, wallNow: Date.now(), timeZone: tz });

  const conn = transport !== 'open' ? 'engine-offline' : (status?.connection ?? 'connecting');
  const connLabel =
    transport !== 'open' ? t(transport === 'connecting' ? 'panels.connConnecting' : 'panels.connUnreachable') : status ? t(`panels.conn_${status.connection}` as MessageKey) : t('panels.connWaiting');
  // The feed banner says since when the feed is down; the status bar keeps it in the tooltip only.
  const connTitle = [status?.lastError, status?.downSince != null ? t('panels.feedDownSince', { time: formatWallTime(status.downSince, tz) }) : null]
    .filter(Boolean)
    .join('\n');
  const rejects = totalRejects(status);
  const cacheTrouble = status?.cache ? cacheProblem(status.cache, tz) : null;
  const rejectTitle = status
    ? [
        ...Object.entries(status.rejects).map(([k, n]) => `${rejectText(k)}: ${n ?? 0}`),
        status.lastReject
          ? t('panels.lastReject', { reason: rejectText(status.lastReject.reason), detail: status.lastReject.detail, time: formatWallTime(status.lastReject.at, tz) })
          : t('panels.noRejects'),
      ].join('\n')
    : '';

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`conn conn-${conn}`} title={connTitle || undefined} data-testid="status-connection">
        <span className="dot" /> {connLabel}
        {/* While the feed is not connected the feed banner carries the error (the tooltip keeps it here). */}
        {status?.lastError && (transport !== 'open' || status.connection === 'connected') && <span className="last-error"> — {status.lastError}</span>}
      </span>
      <span className="sep" />
      <span
        className="city-name"
        data-testid="status-city"
        title={[t('panels.timesIn', { zone: city.timeZone }), city.source === 'default' ? t('panels.noCityName') : null, city.attribution].filter(Boolean).join('\n')}
      >
        {city.name || '—'}
      </span>
      <span className="sep" />
      <span className="feed-name" title={`${status?.feedName ?? ''}\n${status?.feedUrl ?? ''}`}>{t('panels.feed', { name: status?.feedName || '—' })}</span>
      <span className="sep" />
      {replaying ? (
        <span data-testid="status-feed-time" className="replay-time" title={t('panels.liveFeedTime', { time: formatFeedTime(liveNow, tz) })}>
          {t('panels.replayTime', { time: formatFeedTime(now, tz) })}
        </span>
      ) : (
        <span data-testid="status-feed-time" className={clock?.warn ? 'feed-clock-warn' : undefined} data-clock={clock?.warn ?? 'live'}>
          {clock?.text}
        </span>
      )}
      <span className="sep" />
      <span>{t('panels.readingsPerSecond', { n: status ? formatNumber(status.readingsPerSecond, { decimals: 1 }) : '—' })}</span>
      <span className="sep" />
      {gone ? (
        <span
          data-testid="status-sensors"
          data-frozen=""
          className="sensors-frozen"
          title={sensors ? t('panels.lastKnown', { live: sensors.live, stale: sensors.stale, never: sensors.never, down: sensors.down ? t('panels.lastKnownDown', { n: sensors.down }) : '' }) : undefined}
        >
          {t('panels.sensorsFrozen', { frozen: frozenText(now, tz) })}
        </span>
      ) : (
        <span
          data-testid="status-sensors"
          data-replay={replaying ? '' : undefined}
          title={[replaying ? t('panels.asAtReplayed') : null, downTitle || null].filter(Boolean).join('\n') || undefined}
        >
          {t('panels.sensors')} <b className="fresh-live">{sensors?.live ?? 0}</b> {t('panels.live')} · <b className="fresh-stale">{sensors?.stale ?? 0}</b> {t('panels.stale')} ·{' '}
          <b className="fresh-never">{sensors?.never ?? 0}</b> {t('panels.never')}
          {sensors && sensors.down > 0 && (
            <>
              {' '}
              · <b className="fresh-down" data-testid="status-sensors-down">{sensors.down}</b> {t('panels.sourceDown')}
            </>
          )}
        </span>
      )}
      <span className="sep" />
      <span className={rejects > 0 ? 'rejects has' : 'rejects'} title={rejectTitle} data-testid="status-rejects">
        {t('panels.rejects', { n: rejects })}
      </span>
      <span className="sep" />
      <GapsIndicator now={liveNow} />
      {status?.cache && (
        <>
          <span className="sep" />
          <span className="cache" title={cacheTitle(status.cache, tz)} data-testid="status-cache">
            {t('panels.cache')} {formatCount(status.cache.readings)} · {formatBytes(status.cache.sizeBytes)} ·{' '}
            <span className={status.cache.queuedActions > 0 ? 'warn' : undefined}>{t('panels.queued', { n: status.cache.queuedActions })}</span>
            {status.cache.setAside > 0 || status.cache.clockWarning ? <span className="warn"> · ⚠</span> : null}
          </span>
        </>
      )}
      {cacheTrouble && (
        <>
          <span className="sep" />
          {/* A damaged cache needs the user: said in the bar, with what to do in the tooltip. */}
          <span className="error cache-problem" title={cacheTrouble.detail} data-testid="status-cache-problem">
            {cacheTrouble.label}: {status?.cache.file} — {t('panels.hoverWhatToDo')}
          </span>
        </>
      )}
      {status && status.lostBatches.length > 0 && (
        <>
          <span className="sep" />
          <span
            className="lost has"
            data-testid="status-lost"
            title={status.lostBatches.map((b) => t('panels.lostBatch', { from: b.from, to: b.to, at: b.at !== null ? t('panels.lostNoticed', { time: formatFeedTime(b.at, tz) }) : '' })).join('\n')}
          >
            {t('panels.dataLost', { n: status.lostBatches.reduce((n, b) => n + (b.to - b.from + 1), 0) })}
          </span>
        </>
      )}
      {typesError && (
        <>
          <span className="sep" />
          <span className="error" data-testid="status-types-error">{typesError}</span>
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
