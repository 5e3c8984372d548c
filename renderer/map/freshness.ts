/**
 * Freshness on the renderer's side: the shared rule (electron/shared/model.ts `freshness()`: 'stale' when the latest
 * reading is older than expectedIntervalS × STALE_GRACE_FACTOR on the FEED clock), plus what the renderer knows and
 * the shared rule does not:
 * - no feed clock yet: a sensor with a reading counts as live;
 * - its source is down (renderer/health/sourceDown.ts): a reading is never live, however recent; it is drawn as stale
 *   (grey, not live colours) and the map adds the "source down" cue (renderer/health/sourceDownLayer.ts).
 */
import { freshness, type Freshness, type Sensor, type SensorState } from '../../electron/shared/model';
import type { SourceDown } from '../health/sourceDown';

export function freshnessOf(sensor: Pick<Sensor, 'expectedIntervalS'>, state: SensorState | undefined, nowMs: number | null, down: SourceDown | null = null): Freshness {
  if (down) return state?.last ? 'stale' : 'never';
  if (nowMs === null) return state?.last ? 'live' : 'never';
  return freshness(sensor, state, nowMs);
}

/** Age of the latest reading in ms on the feed clock, or null. */
export function ageMs(state: SensorState | undefined, nowMs: number | null): number | null {
  if (!state?.last || nowMs === null) return null;
  return Math.max(0, nowMs - state.last.ts);
}
