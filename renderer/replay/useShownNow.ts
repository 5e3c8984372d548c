/**
 * The clock the desk judges ages and freshness by: the feed clock live (extrapolated, re-rendering every `everyMs`),
 * the replayed frame's instant in replay (store/replaySlice.ts shownNow), re-rendering when it moves.
 */
import { shownNow, useAppStore } from '../store';
import { useFeedNow } from '../panels/useFeedClock';

export function useShownNow(everyMs = 1000): number | null {
  const replayNow = useAppStore((s) => (s.replay ? shownNow(s) : null));
  const live = useFeedNow(everyMs);
  return replayNow ?? live;
}
