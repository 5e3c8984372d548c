/**
 * Freshness on the renderer's side: the shared rule (electron/shared/model.ts `freshness()`: 'stale' when the latest
 * reading is older than expectedIntervalS × STALE_GRACE_FACTOR on the FEED clock), plus the case the renderer has and
 * the engine does not: no feed clock yet, when a sensor with a reading counts as live.
 */
import { freshness, type Freshness, type Sensor, type SensorState } from '../../electron/shared/model';

export function freshnessOf(sensor: Pick<Sensor, 'expectedIntervalS'>, state: SensorState | undefined, nowMs: number | null): Freshness {
  if (nowMs === null) return state?.last ? 'live' : 'never';
  return freshness(sensor, state, nowMs);
}

/** Age of the latest reading in ms on the feed clock, or null. */
export function ageMs(state: SensorState | undefined, nowMs: number | null): number | null {
  if (!state?.last || nowMs === null) return null;
  return Math.max(0, nowMs - state.last.ts);
}
