/**
 * The timeline across the bottom of the window (issue 10): what the cache holds, from the oldest data to the live
 * edge, with the replay controls above it. Live, it can be collapsed (and its view follows the live edge when it
 * shows it); in replay it is always open and its view follows the instant as it plays or steps.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { useT } from '../i18n/i18n';
import { appStore, feedNow, useAppStore, useTimeZone } from '../store';
import { formatFeedRange, formatInt } from '../panels/format';
import { ReplayControls } from './ReplayControls';
import { Timeline, liveEdgeNow } from './Timeline';
import { TimelineLoader, type TimelineLoadState } from './timelineData';
import { clampView, defaultView, followInstant, type TimelineBounds } from './timelineScale';
import './timeline.css';

/** How often a view showing the live edge is asked to follow it and fetch what was recorded since (wall ms). */
const LIVE_TICK_MS = 2000;

export function TimelineStrip({ client }: { client: EngineClient }) {
  const replaying = useAppStore((s) => s.replay !== null);
  const timelineOpen = useAppStore((s) => s.timelineOpen);
  const view = useAppStore((s) => s.timelineView);
  const diff = useAppStore((s) => s.replay?.diff ?? null);
  const timeZone = useTimeZone();
  const { t } = useT();
  const open = replaying || timelineOpen;
  const [load, setLoad] = useState<TimelineLoadState>({ data: null, loading: false, error: null });
  const [width, setWidth] = useState(0);
  const loaderRef = useRef<TimelineLoader | null>(null);

  useEffect(() => {
    const loader = new TimelineLoader(client, setLoad);
    loaderRef.current = loader;
    return () => {
      loader.dispose();
      loaderRef.current = null;
    };
  }, [client]);

  const data = load.data;
  const extentFrom = data?.extent.from ?? null;
  const extentTo = data?.extent.to ?? null;
  // The live edge, read every LIVE_TICK_MS (not on every render: the feed clock moves between any two renders).
  const [feedClock, setFeedClock] = useState<number | null>(() => feedNow(appStore.getState()));
  useEffect(() => {
    const timer = setInterval(() => setFeedClock(feedNow(appStore.getState())), LIVE_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const liveTo = feedClock !== null && extentTo !== null ? Math.max(feedClock, extentTo) : (feedClock ?? extentTo);
  const bounds: TimelineBounds = useMemo(() => ({ from: extentFrom, to: liveTo }), [extentFrom, liveTo]);
  const boundsRef = useRef(bounds);
  boundsRef.current = bounds;

  // The first load (what the cache holds) gives the first view; later views are fetched as they change.
  useEffect(() => {
    if (!open || width <= 0 || !loaderRef.current) return;
    if (view === null) {
      // Without the engine's timeline (an error), the view still starts at the live edge: clicking it replays.
      if (data || (load.error && bounds.to !== null)) appStore.getState().setTimelineView(defaultView(bounds, Date.now()));
      else loaderRef.current.loadAll(width);
      return;
    }
    loaderRef.current.request(view, width);
  }, [open, width, view, data === null, load.error === null, bounds.from]);

  // Live: a view showing the live edge moves with it; either way, one reaching past the newest data is refreshed.
  const lastLive = useRef<number | null>(null);
  useEffect(() => {
    if (!open || width <= 0) return;
    const s = appStore.getState();
    const v = s.timelineView;
    const prev = lastLive.current;
    lastLive.current = liveTo;
    if (v && !s.replay && prev !== null && liveTo !== null && liveTo > prev && prev <= v.to && prev >= v.to - (v.to - v.from) * 0.1) {
      s.setTimelineView(clampView({ from: v.from + (liveTo - prev), to: v.to + (liveTo - prev) }, bounds));
    } else if (v) loaderRef.current?.request(v, width);
  }, [liveTo, open, width]);

  // Replay: the view follows the instant when it leaves it (playing, stepping, typed).
  useEffect(() => {
    let last = appStore.getState().replay?.at;
    return appStore.subscribe((s) => {
      const at = s.replay?.at;
      if (at === last) return;
      last = at;
      if (at === undefined || !s.timelineView) return;
      const next = followInstant(s.timelineView, at, boundsRef.current);
      if (next !== s.timelineView) s.setTimelineView(next);
    });
  }, []);

  const onWidth = useCallback((w: number) => setWidth(w), []);
  const liveEdge = useCallback(() => liveEdgeNow(load.data), [load.data]);

  const capped = data && data.alarmsTotal > data.alarms.length;
  return (
    <section className={`timeline-strip${open ? ' open' : ''}${replaying ? ' replaying' : ''}`} data-testid="timeline-strip" aria-label={t('replay.timeline.label')}>
      <header className="timeline-head">
        {!replaying && (
          <button type="button" className="timeline-toggle" onClick={() => appStore.getState().setTimelineOpen(!timelineOpen)} aria-expanded={open} data-testid="timeline-toggle" title={open ? t('replay.timeline.hide') : t('replay.timeline.show')}>
            {open ? '▾' : '▸'} {t('replay.timeline.toggle')}
          </button>
        )}
        <ReplayControls bounds={bounds} timeZone={timeZone} liveEdge={liveEdge} />
        {open && view && <span className="timeline-span muted" data-testid="timeline-span">{formatFeedRange(view.from, view.to, timeZone)}</span>}
        {open && data && (
          <span className="timeline-count muted" data-testid="timeline-count">
            {[
              capped
                ? t('replay.timeline.mostSevere', { shown: formatInt(data.alarms.length), total: formatInt(data.alarmsTotal) })
                : t('replay.timeline.alarms', { count: data.alarmsTotal, n: formatInt(data.alarmsTotal) }),
              t('replay.timeline.actions', { count: data.actions.length, n: formatInt(data.actions.length) }),
              t('replay.timeline.gaps', { count: data.gaps.length, n: formatInt(data.gaps.length) }),
            ].join(', ')}
          </span>
        )}
        {open && load.loading && <span className="timeline-loading muted">{t('replay.timeline.loading')}</span>}
        {open && load.error && (
          <span className="timeline-error" role="status" data-testid="timeline-error">
            {load.error}
          </span>
        )}
        {diff && (
          <span className="timeline-diff-legend" title={diff.rules.map((r) => `${r.name} (${r.source})`).join('\n')}>
            <span className="added">{t('replay.timeline.diffAdded', { n: diff.added.length })}</span> <span className="missed">{t('replay.timeline.diffMissed', { n: diff.missed.length })}</span>
          </span>
        )}
      </header>
      {open && (view ? <Timeline data={data} view={view} bounds={bounds} diff={diff} timeZone={timeZone} onWidth={onWidth} /> : <TimelineSizer onWidth={onWidth} />)}
    </section>
  );
}

/** Measures the strip's width before the first view exists (the first load asks for a bucket per pixel). */
function TimelineSizer({ onWidth }: { onWidth(w: number): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) onWidth(Math.floor(ref.current.clientWidth));
  }, [onWidth]);
  return <div ref={ref} className="timeline-canvas timeline-empty" />;
}
