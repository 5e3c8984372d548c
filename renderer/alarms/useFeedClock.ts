/**
 * The feed clock, ticking once a second, for ages and shelf countdowns. One shared timer for the whole window (only
 * while something listens), so that 200 rows showing an age re-render themselves, not the list.
 */
import { useSyncExternalStore } from 'react';
import { appStore, shownNow } from '../store';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let tick = 0;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(() => {
    tick++;
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * Re-renders the caller every second; returns the feed clock now (null before the first hello), or in replay the
 * replayed instant (ages and shelf countdowns as they were then).
 */
export function useFeedClock(): number | null {
  useSyncExternalStore(subscribe, () => tick);
  return shownNow(appStore.getState());
}
