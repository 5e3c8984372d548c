import type { StateCreator } from 'zustand/vanilla';
import type { FeedStatus } from '../../electron/engine/api';
import type { AppState } from './index';

export type TransportStatus = 'connecting' | 'open' | 'closed';

export interface FeedDown {
  /** Wall-clock ms (FeedStatus.downSince). */
  since: number;
  /** The feed time when it went down, or null when not known. */
  feedTime: number | null;
}

export interface FeedSlice {
  status: FeedStatus | null;
  /** Wall-clock ms when `status` arrived; used to extrapolate the feed clock between deltas. */
  statusReceivedAt: number;
  transport: TransportStatus;
  transportError: string | null;
  /** Error of the last snapshot attempt, if it failed. */
  syncError: string | null;
  /** The feed clock of the last status while the feed was connected (null before one). */
  lastLiveFeedTime: number | null;
  /**
   * While the feed is down (status.downSince set): since when, and the feed time it stopped at, fixed once per outage
   * (the last connected status's clock, else the engine's clock taken back to downSince), so that the status bar's
   * clock stands still instead of following the engine's extrapolation.
   */
  feedDown: FeedDown | null;
  setStatus(status: FeedStatus, receivedAt?: number): void;
  setTransport(transport: TransportStatus, error: string | null): void;
  setSyncError(error: string | null): void;
}

export const createFeedSlice: StateCreator<AppState, [], [], FeedSlice> = (set) => ({
  status: null,
  statusReceivedAt: 0,
  transport: 'connecting',
  transportError: null,
  syncError: null,
  lastLiveFeedTime: null,
  feedDown: null,
  setStatus: (status, receivedAt = Date.now()) =>
    set((s) => ({
      status,
      statusReceivedAt: receivedAt,
      lastLiveFeedTime: status.connection === 'connected' && status.feedTime !== null ? status.feedTime : s.lastLiveFeedTime,
      feedDown: nextFeedDown(s.feedDown, status, receivedAt, s.lastLiveFeedTime),
    })),
  setTransport: (transport, error) => set((s) => (s.transport === transport && s.transportError === error ? s : { transport, transportError: error })),
  setSyncError: (syncError) => set({ syncError }),
});

/**
 * The feed clock now (epoch ms): the engine's feedTime extrapolated by the wall time since it arrived, at the feed's
 * speed. Null before the first hello.
 */
export function feedNow(state: Pick<FeedSlice, 'status' | 'statusReceivedAt'> & Partial<Pick<FeedSlice, 'transport'>>, wallNow: number = Date.now()): number | null {
  const st = state.status;
  if (!st || st.feedTime === null) return null;
  // Only extrapolate while the engine is reachable and its feed connected: otherwise the last known time stands.
  if (st.connection !== 'connected' || (state.transport !== undefined && state.transport !== 'open')) return st.feedTime;
  const elapsed = Math.max(0, wallNow - state.statusReceivedAt);
  return st.feedTime + elapsed * (Number.isFinite(st.speed) && st.speed > 0 ? st.speed : 1);
}

/**
 * The feed outage the clock shows (FeedSlice.feedDown): a new one when downSince appears or changes, kept as it was
 * for every further status of the same outage, none while connected.
 */
export function nextFeedDown(
  prev: FeedDown | null,
  status: Pick<FeedStatus, 'connection' | 'downSince' | 'feedTime' | 'speed'>,
  receivedAt: number,
  lastLiveFeedTime: number | null,
): FeedDown | null {
  if (status.connection === 'connected' || status.downSince === null) return null;
  if (prev && prev.since === status.downSince) return prev;
  const speed = Number.isFinite(status.speed) && status.speed > 0 ? status.speed : 1;
  const back = status.feedTime === null ? null : status.feedTime - Math.max(0, receivedAt - status.downSince) * speed;
  return { since: status.downSince, feedTime: lastLiveFeedTime ?? back };
}
