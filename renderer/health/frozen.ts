/**
 * The desk's own honesty about time (pure, tested without the DOM):
 * - the engine gone: the renderer lost its connection to the engine after having had a status; everything on screen
 *   is as of the last status (`frozenAt`, the feed clock then), and says so;
 * - the feed clock: while the feed is down the engine keeps extrapolating its clock (so that readings age), but the
 *   feed itself is not advancing: the clock shows the feed time when it went down (store/feedSlice.ts feedDown, fixed
 *   once per outage) and for how long it has not moved.
 * Never from the wall clock in replay: the replayed instant is what is shown (the caller passes replaying).
 */
import type { FeedStatus } from '../../electron/engine/api';
import type { FeedDown, TransportStatus } from '../store/feedSlice';
import { formatAge, formatClock, formatFeedTime } from '../panels/format';
import { t } from '../i18n/i18n';

/** The engine is gone: the transport is not open and a status was had (not the first connection). */
export function engineGone(transport: TransportStatus, status: unknown): boolean {
  return transport !== 'open' && status !== null;
}

/** "frozen at 10:40 CET": what every count says while the engine is gone (the feed clock shows the full time). */
export function frozenText(frozenAt: number | null, timeZone: string): string {
  return frozenAt === null ? t('health.frozen') : t('health.frozenAt', { time: formatClock(frozenAt, timeZone) });
}

type ClockStatus = Pick<FeedStatus, 'speed'>;

export interface FeedClockView {
  text: string;
  /** Not advancing (feed down) or frozen (engine gone): styled as a warning. */
  warn: 'not-advancing' | 'frozen' | null;
}

/**
 * What the status bar's feed clock says live: "Feed time: … " ticking while the feed talks; "Feed time: 10:40:00 —
 * not advancing for 30 min" while the feed is down; "Feed time: … — frozen, engine unreachable" while the engine is gone.
 */
export function feedClockView(input: {
  status: ClockStatus | null;
  /** The feed outage (store FeedSlice.feedDown): since when (wall) and the feed time it stopped at. */
  feedDown: FeedDown | null;
  transport: TransportStatus;
  /** The feed clock now (feedNow): extrapolated while live, the last status's while the engine is gone. */
  now: number | null;
  wallNow: number;
  timeZone: string;
}): FeedClockView {
  const { status, timeZone } = input;
  const speed = status && status.speed !== 1 ? ` (×${status.speed})` : '';
  if (engineGone(input.transport, status)) return { text: t('health.clockFrozen', { time: formatFeedTime(input.now, timeZone) }), warn: 'frozen' };
  const down = input.feedDown;
  if (down) {
    return { text: t('health.clockNotAdvancing', { time: formatFeedTime(down.feedTime, timeZone), span: formatAge(Math.max(0, input.wallNow - down.since)) }), warn: 'not-advancing' };
  }
  return { text: t('health.clock', { time: formatFeedTime(input.now, timeZone), speed }), warn: null };
}
