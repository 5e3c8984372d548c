/**
 * Replay frames against the shipped demo files (assets/city), read here on their own: csv-parse and a fixed CEST
 * offset (the demo days are in August), not the demo loader. The store is filled the way a desk fills it (the demo
 * week's readings, shifted by whole weeks as the demo feed shifts them); at a sample of instants every sensor's state
 * in the frame must be the files' latest row at or before that instant: the same values (zeros and empty fields
 * included), nothing for a sensor that had not reported yet, an old reading (stale) across a hole in the data. Past
 * raw retention the frame says it answered from rollups, and its values are the files' averages over the bucket.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { loadDemoData } from '../../../electron/demo-feed/data';
import { replayFrame, type ReplaySources } from '../../../electron/engine/replay/frame';
import { openStore, type Store } from '../../../electron/engine/store/store';
import { freshness, type Sensor } from '../../../electron/shared/model';

const ASSETS = join(__dirname, '..', '..', '..', 'assets');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The demo feed shifts the week by whole weeks (same weekday and time of day): 600 weeks here. */
const SHIFT = 600 * 7 * DAY;
/** The two demo days replayed: 2014-08-01 and 02, Aarhus time (CEST, UTC+2). */
const FROM = Date.parse('2014-08-01T00:00:00+02:00');
const TO = FROM + 2 * DAY;

const cleanups: (() => void)[] = [];
afterAll(() => {
  while (cleanups.length) cleanups.pop()!();
});

type Values = Record<string, number | null>;
interface Row {
  ts: number;
  values: Values;
}

/** The files' rows per sensor id (as the demo names them: traffic:<REPORT_ID>, parking:<garagecode>, air:<REPORT_ID>). */
function readFiles(): Map<string, Row[]> {
  const rows = new Map<string, Row[]>();
  const csv = (file: string) => {
    const buf = readFileSync(join(ASSETS, 'city', file));
    const text = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
    const records = parse(text, { record_delimiter: '\n', relax_column_count: true, skip_empty_lines: true }) as string[][];
    const header = records[0]!.map((h) => h.trim());
    return records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
  };
  const num = (s: string | undefined): number | null => (s === undefined || s === '' || !Number.isFinite(Number(s)) ? null : Number(s));
  // The files' local times are Aarhus summer time in August: UTC+2.
  const local = (s: string) => Date.parse(`${s.replace(' ', 'T')}+02:00`);
  const add = (id: string, ts: number, values: Values) => {
    if (ts >= TO) return;
    const list = rows.get(id);
    if (list) list.push({ ts, values });
    else rows.set(id, [{ ts, values }]);
  };
  for (const r of csv('traffic_2014-08-01_to_2014-08-07.csv.gz')) {
    add(`traffic:${r.REPORT_ID}`, local(r.TIMESTAMP!), { avgSpeedKmh: num(r.avgSpeed), vehicleCount: num(r.vehicleCount), avgMeasuredTimeS: num(r.avgMeasuredTime), medianMeasuredTimeS: num(r.medianMeasuredTime) });
  }
  for (const r of csv('AarhusParkingData.csv.gz')) {
    const ts = local(r.updatetime!);
    if (ts >= FROM) add(`parking:${r.garagecode}`, ts, { vehicleCount: num(r.vehiclecount), totalSpaces: num(r.totalspaces) }); // the demo plays its week only
  }
  for (const r of csv('pollution_generated_2014-08-01_to_2014-08-07.csv.gz')) {
    add(`air:${r.REPORT_ID}`, local(r.timestamp!), {
      ozone: num(r.ozone),
      particulateMatter: num(r.particullate_matter),
      carbonMonoxide: num(r.carbon_monoxide),
      sulfurDioxide: num(r.sulfure_dioxide),
      nitrogenDioxide: num(r.nitrogen_dioxide),
    });
  }
  for (const list of rows.values()) list.sort((a, b) => a.ts - b.ts);
  return rows;
}

/** The files' latest row at or before `t` (data time), or null. */
function latestAt(list: readonly Row[] | undefined, t: number): Row | null {
  if (!list) return null;
  let lo = 0;
  let hi = list.length - 1;
  let best: Row | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ts <= t) {
      best = list[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** The average of each metric over the rows in [start, start + size) (null where no row had a value). */
function bucketAverage(list: readonly Row[], start: number, size: number): Values {
  const sums: Record<string, { sum: number; n: number }> = {};
  for (const r of list) {
    if (r.ts < start || r.ts >= start + size) continue;
    for (const [k, v] of Object.entries(r.values)) {
      sums[k] ??= { sum: 0, n: 0 };
      if (v !== null) {
        sums[k].sum += v;
        sums[k].n++;
      }
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, s]) => [k, s.n ? s.sum / s.n : null]));
}

const files = readFiles();
const demo = loadDemoData(ASSETS);
const catalogue: Sensor[] = demo.sensors;

function filled(options: Parameters<typeof openStore>[1] = {}): { store: Store; src: ReplaySources } {
  const store = openStore(':memory:', options);
  cleanups.push(() => store.close());
  store.saveCatalogue(catalogue);
  const readings = demo.readings.filter((r) => r.ts < TO).map((r) => ({ ...r, ts: r.ts + SHIFT }));
  for (let i = 0; i < readings.length; i += 20_000) store.ingest('demo', readings.slice(i, i + 20_000), i, readings[Math.min(i + 20_000, readings.length) - 1]!.ts);
  store.flush();
  const names = { rule: (id: string) => id, subject: (id: string) => id };
  return { store, src: { store, catalogue, registry: store.registry(), priorityFor: () => 'low', names } };
}

/** Instants over the two days, some on a reading's time exactly, one before any traffic reading. */
const INSTANTS = [FROM + 3 * HOUR, FROM + 7 * HOUR + 50 * 60_000, FROM + 8 * HOUR + 13 * 60_000 + 7_000, FROM + 12 * HOUR, FROM + 17 * HOUR + 29 * 60_000 + 59_999, FROM + 23 * HOUR + 55 * 60_000, FROM + 31 * HOUR + 2 * 60_000, FROM + 40 * HOUR + 45 * 60_000, TO - 1];

describe('replay frames equal what the demo files say', () => {
  const { src } = filled();

  it('every sensor at every sampled instant: the files\u2019 latest row at or before it (zeros, empty fields, nothing yet, stale)', () => {
    const seen = { readings: 0, zeros: 0, empty: 0, never: 0, stale: 0 };
    for (const t of INSTANTS) {
      const frame = replayFrame(src, t + SHIFT);
      expect(frame.states.map((s) => s.sensorId)).toEqual(catalogue.map((s) => s.id));
      expect(frame.resolution).toBe('raw');
      expect(frame.approximate).toEqual([]);
      catalogue.forEach((sensor, i) => {
        const want = latestAt(files.get(sensor.id), t);
        const got = frame.states[i]!;
        if (want === null) {
          expect(got.last, `${sensor.id} at ${new Date(t).toISOString()}`).toBeNull();
          seen.never++;
          return;
        }
        expect(got.last, `${sensor.id} at ${new Date(t).toISOString()}`).toEqual({ sensorId: sensor.id, ts: want.ts + SHIFT, values: want.values });
        expect(got.derived).toEqual(src.registry.derive(sensor.kind, sensor.attributes, want.values));
        seen.readings++;
        if (Object.values(want.values).some((v) => v === 0)) seen.zeros++;
        if (Object.values(want.values).some((v) => v === null)) seen.empty++;
        if (freshness(sensor, got, t + SHIFT) === 'stale') seen.stale++;
      });
      const count = { live: 0, stale: 0, never: 0 };
      for (const [i, s] of catalogue.entries()) count[freshness(s, frame.states[i], t + SHIFT)]++;
      expect(frame.sensors).toEqual(count);
    }
    // The sample covers what it claims to cover.
    expect(seen.readings).toBeGreaterThan(3000);
    expect(seen.zeros).toBeGreaterThan(50);
    expect(seen.never).toBeGreaterThan(400);
    expect(seen.stale).toBeGreaterThan(0);
  });

  it('a frame of some sensors only is the same as theirs in the whole frame', () => {
    const t = INSTANTS[5]! + SHIFT;
    const ids = ['parking:NORREPORT', 'traffic:158324', 'air:190047'];
    const whole = replayFrame(src, t);
    const part = replayFrame(src, t, catalogue.filter((s) => ids.includes(s.id)));
    expect(part.states).toEqual(whole.states.filter((s) => ids.includes(s.sensorId)));
  });
});

describe('past raw retention, frames answer from rollups and say so', () => {
  // Raw readings kept for the last day, 1-minute rollups for the last 36 hours: the first 12 hours only in 1-hour ones.
  const { store, src } = filled({ rawRetentionDays: 1, minuteRetentionDays: 1.5 });
  let done = store.maintain(TO + SHIFT);
  while (!done.caughtUp) done = store.maintain(TO + SHIFT);
  const newest = Math.max(...[...files.values()].map((l) => l[l.length - 1]!.ts));

  it.each([
    ['1h', FROM + 9 * HOUR + 20 * 60_000, HOUR],
    ['1m', FROM + 20 * HOUR + 7 * 60_000 + 30_000, 60_000],
  ] as const)('at an instant with %s rollups only: bucket averages of the files, stamped at the bucket start', (level, t, size) => {
    expect(newest - t).toBeGreaterThan(DAY); // raw readings of t are gone
    const frame = replayFrame(src, t + SHIFT);
    expect(frame.resolution).toBe(level);
    let compared = 0;
    catalogue.forEach((sensor, i) => {
      const want = latestAt(files.get(sensor.id), t);
      const got = frame.states[i]!;
      if (want === null) return expect(got.last).toBeNull();
      const start = Math.floor(want.ts / size) * size;
      expect(frame.approximate).toContain(sensor.id);
      expect(got.last, sensor.id).toEqual({ sensorId: sensor.id, ts: start + SHIFT, values: bucketAverage(files.get(sensor.id)!, start, size) });
      compared++;
    });
    expect(compared).toBeGreaterThan(60);
  });

  it('the extent says where raw readings begin', () => {
    const frame = replayFrame(src, TO + SHIFT);
    expect(frame.resolution).toBe('raw');
    expect(frame.extent.rawFrom).toBeGreaterThan(FROM + SHIFT);
    expect(frame.extent.from).toBe(Math.floor((FROM + SHIFT) / HOUR) * HOUR);
  });
});
