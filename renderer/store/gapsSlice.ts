/**
 * Recorded gaps (feed time intervals the feed could not supply), for the status bar's "Data gaps" indicator. Filled by
 * `gaps` calls (store/sync.ts) and the engine's `gap` event.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Gap } from '../../electron/engine/api';
import type { AppState } from './index';

/** The status bar counts gaps over this much feed time. */
export const GAP_WINDOW_MS = 24 * 3600_000;

export interface GapsSlice {
  gaps: ReadonlyMap<number, Gap>;
  /** Error of the last `gaps` call, if it failed. */
  gapsError: string | null;
  /** Merges a fetched list; gaps that ended before `pruneBefore` (feed ms) are dropped. */
  setGaps(gaps: readonly Gap[], pruneBefore: number): void;
  addGap(gap: Gap): void;
  setGapsError(error: string | null): void;
}

/** Pure: merge by id (an event may overtake a call), drop the ones ending before `pruneBefore`. */
export function mergeGaps(current: ReadonlyMap<number, Gap>, incoming: readonly Gap[], pruneBefore = -Infinity): ReadonlyMap<number, Gap> {
  const next = new Map<number, Gap>();
  for (const g of current.values()) if (g.to >= pruneBefore) next.set(g.id, g);
  for (const g of incoming) if (g.to >= pruneBefore) next.set(g.id, g);
  return next;
}

/** Gaps overlapping [from, to], oldest first. */
export function gapsBetween(gaps: ReadonlyMap<number, Gap>, from: number, to: number): Gap[] {
  return [...gaps.values()].filter((g) => g.to >= from && g.from <= to).sort((a, b) => a.from - b.from || a.id - b.id);
}

export const createGapsSlice: StateCreator<AppState, [], [], GapsSlice> = (set) => ({
  gaps: new Map(),
  gapsError: null,
  setGaps: (gaps, pruneBefore) => set((s) => ({ gaps: mergeGaps(s.gaps, gaps, pruneBefore), gapsError: null })),
  addGap: (gap) => set((s) => ({ gaps: mergeGaps(s.gaps, [gap]) })),
  setGapsError: (gapsError) => set((s) => (s.gapsError === gapsError ? s : { gapsError })),
});
