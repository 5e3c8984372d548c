import type { StateCreator } from 'zustand/vanilla';
import type { FeedStatus } from '../../electron/engine/api';
import type { AppState } from './index';

export type TransportStatus = 'connecting' | 'open' | 'closed';

export interface FeedSlice {
  status: FeedStatus | null;
  /** Wall-clock ms when `status` arrived; used to extrapolate the feed clock between deltas. */
  statusReceivedAt: number;
  transport: TransportStatus;
  transportError: string | null;
  /** Error of the last snapshot attempt, if it failed. */
  syncError: string | null;
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
  setStatus: (status, receivedAt = Date.now()) => set({ status, statusReceivedAt: receivedAt }),
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
