/** Test helpers: small synthetic demo data, waiting for conditions, an engine sink that records. */
import type { DemoData } from '../../electron/demo-feed/data';
import type { Reading, Sensor } from '../../electron/shared/model';

export function tinyData(opts: { steps?: number; stepMs?: number; start?: number } = {}): DemoData {
  const steps = opts.steps ?? 48;
  const stepMs = opts.stepMs ?? 5 * 60_000;
  const start = opts.start ?? Date.UTC(2014, 7, 1, 0, 0);
  const sensors: Sensor[] = [
    { id: 'traffic:1', kind: 'traffic', name: 'A', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50 } },
    { id: 'parking:P1', kind: 'car-park', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } },
    { id: 'air:1', kind: 'citypulse-air-index', name: 'Air 1', geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 300, attributes: {} },
  ];
  const readings: Reading[] = [];
  for (let i = 0; i < steps; i++) {
    const ts = start + i * stepMs;
    readings.push({ sensorId: 'air:1', ts, values: { ozone: 40 + i, particulateMatter: 10, carbonMonoxide: 5, sulfurDioxide: 3, nitrogenDioxide: 20 } });
    readings.push({ sensorId: 'parking:P1', ts, values: { vehicleCount: 90 + i, totalSpaces: 100 } });
    readings.push({ sensorId: 'traffic:1', ts, values: { avgSpeedKmh: 30 + (i % 20), vehicleCount: i % 7, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } });
  }
  return { sensors, city: { name: 'Tiny town', timeZone: 'Europe/Copenhagen', home: [10.1, 56.1, 10.21, 56.2] }, readings, start, end: readings[readings.length - 1]!.ts, skipped: {} };
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const key = (r: Reading) => `${r.sensorId}@${r.ts}`;
