/**
 * A small cache for the incident-pack tests: five sensors (two inside the test area, a line with one vertex inside,
 * two outside), readings every 5 minutes over two hours with a zero and a missing value kept, alarms inside and
 * outside the area and window, audit rows (acknowledgement, note, shelve), a note and a gap. Plus the checks every
 * pack must pass: GeoJSON validity, manifest hashes, NDJSON lines.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Alarm, IncidentArea } from '../../../electron/engine/api';
import { packManifestSchema, type PackManifest } from '../../../electron/engine/incident-pack/format';
import { openStore } from '../../../electron/engine/store/store';
import type { Reading, Sensor } from '../../../electron/shared/model';

export const T0 = Date.UTC(2014, 7, 4, 8, 0, 0);
export const MIN = 60_000;

export const SENSORS: Sensor[] = [
  { id: 'parking:IN1', kind: 'car-park', name: 'Inside car park', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } },
  { id: 'air:IN', kind: 'citypulse-air-index', name: 'Inside air', geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 300, attributes: {} },
  { id: 'traffic:EDGE', kind: 'traffic', name: 'Edge road', geometry: { type: 'LineString', coordinates: [[10.0, 56.0], [10.19, 56.14]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50 } },
  { id: 'parking:OUT', kind: 'car-park', name: 'Outside car park', geometry: { type: 'Point', coordinates: [10.5, 56.5] }, expectedIntervalS: 300, attributes: { capacity: 50 } },
  { id: 'traffic:OUT', kind: 'traffic', name: 'Outside road', geometry: { type: 'LineString', coordinates: [[10.4, 56.4], [10.45, 56.45]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50 } },
];

/** A square around the two inside sensors and the edge road's second vertex (its first is outside). */
export const AREA_RING: [number, number][] = [[10.15, 56.1], [10.25, 56.1], [10.25, 56.2], [10.15, 56.2]];
export const AREA: IncidentArea = { kind: 'drawn', polygon: AREA_RING };
export const INSIDE = ['parking:IN1', 'air:IN', 'traffic:EDGE'];

export function alarm(ruleId: string, subject: string, raisedAt: number, o: Partial<Alarm> = {}): Alarm {
  return {
    id: `${ruleId}|${subject}|${raisedAt}`,
    ruleId,
    subject,
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    raisedAt,
    message: `alarm on ${subject}, "quoted", with a comma`,
    lastMessage: 'x',
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: raisedAt,
    priority: 'medium',
    ...o,
  };
}

export const ALARMS = {
  inWindow: alarm('car-park-full', 'parking:IN1', T0 + 30 * MIN, { state: 'acknowledged', acknowledged: { by: 'Ana', at: T0 + 35 * MIN, comment: 'on it' } }),
  openBefore: alarm('air-poor', 'air:IN', T0 - 60 * MIN, { clearedAt: T0 + 10 * MIN, state: 'cleared' }),
  resolvedBefore: alarm('air-poor', 'air:IN', T0 - 120 * MIN, { clearedAt: T0 - 100 * MIN, state: 'resolved', resolved: { by: 'Bo', at: T0 - 90 * MIN } }),
  outside: alarm('car-park-full', 'parking:OUT', T0 + 40 * MIN),
  after: alarm('car-park-full', 'parking:IN1', T0 + 200 * MIN),
};

export function readings(): Reading[] {
  const out: Reading[] = [];
  for (let i = 0; i <= 24; i++) {
    const ts = T0 + i * 5 * MIN;
    out.push({ sensorId: 'parking:IN1', ts, values: { vehicleCount: i === 3 ? 0 : 80 + i, totalSpaces: 100 } });
    out.push({ sensorId: 'parking:OUT', ts, values: { vehicleCount: 10, totalSpaces: 50 } });
    out.push({ sensorId: 'air:IN', ts: ts + 1000, values: { ozone: 40, particulateMatter: i === 5 ? null : 10, carbonMonoxide: 1, sulfurDioxide: 3, nitrogenDioxide: 20 } });
    out.push({ sensorId: 'traffic:EDGE', ts: ts + 2000, values: { avgSpeedKmh: i === 7 ? 0 : 40, vehicleCount: 5, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } });
    out.push({ sensorId: 'traffic:OUT', ts: ts + 2000, values: { avgSpeedKmh: 30, vehicleCount: 5, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } });
  }
  return out;
}

export function buildPackDb(file: string): void {
  const store = openStore(file);
  store.saveFeed('f', 'test feed', 'http://x');
  store.saveCatalogue(SENSORS);
  store.ingest('f', readings(), 1, T0 + 130 * MIN);
  store.flush();
  store.saveAlarms(Object.values(ALARMS));
  store.audit('Ana', 'alarm.acknowledge', ALARMS.inWindow.id, 'on it', T0 + 35 * MIN);
  store.audit('Bo', 'alarm.acknowledge', ALARMS.outside.id, 'elsewhere', T0 + 45 * MIN);
  store.audit('Ana', 'session.unlock', null, 'supervisor', T0 + 20 * MIN);
  store.enqueueAction({ id: 'n1', kind: 'note', sensorId: 'parking:IN1', alarmId: null, text: 'queue at the gate', user: 'Ana', createdAt: T0 + 50 * MIN });
  store.enqueueAction({ id: 'n2', kind: 'note', sensorId: 'parking:OUT', alarmId: null, text: 'not ours', user: 'Ana', createdAt: T0 + 50 * MIN });
  store.addGap({ feedId: 'f', scope: 'all', from: T0 + 60 * MIN, to: T0 + 62 * MIN, reason: 'feed down' });
  store.addGap({ feedId: 'f', scope: 'parking:OUT', from: T0 + 60 * MIN, to: T0 + 62 * MIN, reason: 'not ours' });
  store.close();
}

type Position = number[];
function checkPosition(p: Position, where: string): void {
  expect(p.length, where).toBeGreaterThanOrEqual(2);
  expect(p[0]!, where).toBeGreaterThanOrEqual(-180);
  expect(p[0]!, where).toBeLessThanOrEqual(180);
  expect(p[1]!, where).toBeGreaterThanOrEqual(-90);
  expect(p[1]!, where).toBeLessThanOrEqual(90);
}
function checkRing(r: Position[], where: string): void {
  expect(r.length, `${where}: a ring has at least 4 positions`).toBeGreaterThanOrEqual(4);
  expect(r[r.length - 1], `${where}: a ring is closed`).toEqual(r[0]);
  r.forEach((p, i) => checkPosition(p, `${where}[${i}]`));
}

/** RFC 7946 basics: a FeatureCollection of Features with known geometry types, closed rings, coordinates in range. */
export function checkGeoJson(text: string): { features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] } {
  const fc = JSON.parse(text) as { type: string; features: { type: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };
  expect(fc.type).toBe('FeatureCollection');
  for (const [i, f] of fc.features.entries()) {
    expect(f.type).toBe('Feature');
    const g = f.geometry;
    const where = `features[${i}]`;
    if (g.type === 'Point') checkPosition(g.coordinates as Position, where);
    else if (g.type === 'LineString') {
      expect((g.coordinates as Position[]).length).toBeGreaterThanOrEqual(2);
      (g.coordinates as Position[]).forEach((p, j) => checkPosition(p, `${where}[${j}]`));
    } else if (g.type === 'Polygon') (g.coordinates as Position[][]).forEach((r, j) => checkRing(r, `${where}[${j}]`));
    else if (g.type === 'MultiPolygon') (g.coordinates as Position[][][]).forEach((p, j) => p.forEach((r, k) => checkRing(r, `${where}[${j}][${k}]`)));
    else throw new Error(`${where}: unexpected geometry ${g.type}`);
  }
  return fc;
}

/** The manifest validates, lists every file but itself, and each hash and size matches the file on disk. */
export function checkManifest(dir: string, files: string[]): PackManifest {
  const m = packManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  expect(m.files.map((f) => f.path).sort()).toEqual(files.filter((f) => f !== 'manifest.json').sort());
  for (const f of m.files) {
    const data = readFileSync(join(dir, f.path));
    expect(f.bytes, f.path).toBe(data.length);
    expect(f.sha256, f.path).toBe(createHash('sha256').update(data).digest('hex'));
  }
  return m;
}

export function ndjson(dir: string, file: string): unknown[] {
  const text = readFileSync(join(dir, file), 'utf8');
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((l) => JSON.parse(l) as unknown);
}
