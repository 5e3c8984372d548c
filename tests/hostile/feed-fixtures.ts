/** Shared by the hostile-input tests: a fixed clock, the tiny catalogue, traffic readings, cleanups after each test. */
import { afterEach } from 'vitest';
import type { Reading } from '../../electron/shared/model';
import { tinyData } from '../helpers/feed';

export const T0 = Date.UTC(2026, 0, 5, 8, 0);
export const MIN = 60_000;
export const DAY = 24 * 3600_000;
export const { sensors } = tinyData();

export const trafficValues = (speed: number) => ({ avgSpeedKmh: speed, vehicleCount: 3, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 });
export const traffic = (ts: number, speed = 40): Reading => ({ sensorId: 'traffic:1', ts, values: trafficValues(speed) });

/** A list of cleanups run (last first) after each test of the calling file. */
export function cleanupsAfterEach(): (() => Promise<void> | void)[] {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}
