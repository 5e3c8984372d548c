/**
 * A rotation for the wall: the index of what is shown among `count`, advancing every `periodMs` wall ms unless paused,
 * and the seconds left before the next step (shown on the wall, so that a change never surprises the room).
 */
import { useEffect, useState } from 'react';
import { nextIndex } from './wallPaging';

const STEP_MS = 1000;

export function useRotation(count: number, periodMs: number, paused: boolean): { index: number; secondsLeft: number } {
  const [state, setState] = useState({ index: 0, left: periodMs });
  useEffect(() => {
    if (paused) return;
    const t = setInterval(() => setState((s) => (s.left - STEP_MS > 0 ? { index: s.index, left: s.left - STEP_MS } : { index: nextIndex(s.index, count), left: periodMs })), STEP_MS);
    return () => clearInterval(t);
  }, [paused, periodMs, count]);
  return { index: count > 0 ? state.index % count : 0, secondsLeft: Math.ceil(state.left / 1000) };
}
