/**
 * The one ticking clock for relative times ("raised 20 min ago", ages, countdowns): one shared timer for the whole
 * window, running only while something listens, that re-renders each listener once a second (so 200 alarm rows showing
 * an age re-render themselves, not the list). useNow gives the desk's instant: the feed clock live (extrapolated), the
 * replayed instant in replay (relative texts as they read then); useWallNow gives the machine's wall clock, for what
 * the hub stamps on arrival (a source's last record).
 */
import { useSyncExternalStore } from 'react';
import { appStore, shownNow } from '../store';

/** How often relative texts move: each second (they never lag a minute behind). */
export const TICK_MS = 1000;

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let tick = 0;

/** Subscribes a listener to the shared tick (exported for tests); returns its unsubscribe. */
export function subscribeTick(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    tick++;
    for (const l of listeners) l();
  }, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Whether the shared timer runs (it stops when the last listener leaves). */
export function tickRunning(): boolean {
  return timer !== null;
}

/** Re-renders the caller on every shared tick; returns the tick count. */
export function useTick(): number {
  return useSyncExternalStore(subscribeTick, () => tick);
}

/**
 * Re-renders the caller every second; returns the desk's instant: the feed clock now (null before the first hello),
 * or in replay the replayed instant.
 */
export function useNow(): number | null {
  useTick();
  return shownNow(appStore.getState());
}

/** Re-renders the caller every second; returns the machine's wall clock (Date.now()). */
export function useWallNow(): number {
  useTick();
  return Date.now();
}
