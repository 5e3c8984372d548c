/**
 * The renderer's copy of the freshness rule (electron/engine/model.ts `freshness()` is a runtime function and the
 * renderer may import the engine's types only): a sensor is 'never' without a reading, 'stale' when its latest reading
 * is older than expectedIntervalS × 1.5 on the FEED clock, else 'live'. Keep in step with STALE_GRACE_FACTOR.
 */
import type { Freshness, Sensor, SensorState } from '../../electron/shared/model';

export const RENDERER_STALE_GRACE_FACTOR = 1.5;

export function freshnessOf(sensor: Pick<Sensor, 'expectedIntervalS'>, state: SensorState | undefined, nowMs: number | null): Freshness {
  if (!state?.last) return 'never';
  if (nowMs === null) return 'live';
  const ageMs = nowMs - state.last.ts;
  return ageMs > sensor.expectedIntervalS * 1000 * RENDERER_STALE_GRACE_FACTOR ? 'stale' : 'live';
}

/** Age of the latest reading in ms on the feed clock, or null. */
export function ageMs(state: SensorState | undefined, nowMs: number | null): number | null {
  if (!state?.last || nowMs === null) return null;
  return Math.max(0, nowMs - state.last.ts);
}
