/**
 * The desk's own honesty about time (pure, tested without the DOM):
 * - the engine gone: the renderer lost its connection to the engine after having had a status; everything on screen
 *   is as of the last status (`frozenAt`, the feed clock then), and says so;
 * - the feed clock: while the feed is down the engine keeps extrapolating its clock (so that readings age), but the
 *   feed itself is not advancing: the clock shows the feed time when it went down and for how long it has not moved.
 * Never from the wall clock in replay: the replayed instant is what is shown (the caller passes replaying).
 */
import type { FeedStatus } from '../../electron/engine/api';
import type { TransportStatus } from '../store/feedSlice';
import { formatAge, formatFeedTime } from '../panels/format';

/** The engine is gone: the transport is not open and a status was had (not the first connection). */
export function engineGone(transport: TransportStatus, status: unknown): boolean {
  return transport !== 'open' && status !== null;
}

/** "frozen at 10:40:12 CET": what every count says while the engine is gone. */
export function frozenText(frozenAt: number | null, timeZone: string): string {
  return frozenAt === null ? 'frozen' : `frozen at ${formatFeedTime(frozenAt, timeZone)}`;
}

type ClockStatus = Pick<FeedStatus, 'connection' | 'downSince' | 'feedTime' | 'speed'>;

/**
 * The feed time when the feed went down: the status's clock taken back to `downSince` at the feed's speed (the
 * engine's clock runs on from the last batch). Null when the feed is not down or the clock is not known.
 */
export function feedTimeAtDown(status: ClockStatus | null, statusReceivedAt: number): number | null {
  if (!status || status.connection === 'connected' || status.downSince === null || status.feedTime === null) return null;
  const speed = Number.isFinite(status.speed) && status.speed > 0 ? status.speed : 1;
  return status.feedTime - Math.max(0, statusReceivedAt - status.downSince) * speed;
}

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
  statusReceivedAt: number;
  transport: TransportStatus;
  /** The feed clock now (feedNow): extrapolated while live, the last status's while the engine is gone. */
  now: number | null;
  wallNow: number;
  timeZone: string;
}): FeedClockView {
  const { status, timeZone } = input;
  const speed = status && status.speed !== 1 ? ` (×${status.speed})` : '';
  if (engineGone(input.transport, status)) return { text: `Feed time: ${formatFeedTime(input.now, timeZone)} — frozen, engine unreachable`, warn: 'frozen' };
  const atDown = feedTimeAtDown(status, input.statusReceivedAt);
  if (atDown !== null && status?.downSince != null) {
    return { text: `Feed time: ${formatFeedTime(atDown, timeZone)} — not advancing for ${formatAge(Math.max(0, input.wallNow - status.downSince))}`, warn: 'not-advancing' };
  }
  return { text: `Feed time: ${formatFeedTime(input.now, timeZone)}${speed}`, warn: null };
}
