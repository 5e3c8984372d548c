/**
 * Scale mode (electron/hub/scale.ts): copies of the real sensors with unique stable ids, marked names, positions on
 * tiles that never overlap, series delayed by a deterministic offset, values (gaps, nulls, impossible ones) exactly the
 * real ones, and no copy of the series ever materialised.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { sensorExtent, type Reading, type Sensor } from '../../electron/shared/model';
import { FeedClock } from '../../electron/hub/replay';
import { DemoReplay } from '../../electron/hub/sources/demo';
import { copyDelayMs, copyId, copyOffset, copyTile, MAX_SCALE, ScaledReplay, scaleProblem, scaleSensors, tileSize } from '../../electron/hub/scale';
import { tinyData, waitFor } from '../helpers/feed';
import { hubConfig, hubFrom, scratch, subscribe } from './harness';

const MIN = 60_000;

describe('copies of the sensors', () => {
  const data = tinyData({ steps: 12 });
  const tile = tileSize(sensorExtent(data.sensors));
  const scaled = scaleSensors(data.sensors, 5, tile);

  it('copy 0 is the real city unchanged; copies get unique, stable ids and names that say they are copies', () => {
    expect(scaled).toHaveLength(15);
    expect(scaled.slice(0, 3)).toEqual(data.sensors);
    const ids = scaled.map((s) => s.id);
    expect(new Set(ids).size).toBe(15);
    expect(ids).toContain('traffic:1#4');
    expect(ids).toContain('parking:P1#1');
    expect(scaled.find((s) => s.id === 'parking:P1#3')!.name).toBe('P1 (copy 3)');
    // Stable: the same scale gives the same copies.
    expect(scaleSensors(data.sensors, 5, tile)).toEqual(scaled);
    // Type, interval and attributes are the real sensor's.
    const copy = scaled.find((s) => s.id === 'traffic:1#2')!;
    expect({ ...copy, id: 'x', name: 'x', geometry: null }).toEqual({ ...data.sensors[0]!, id: 'x', name: 'x', geometry: null });
  });

  it('tiles: a square spiral around the real city, every copy on a tile of its own, extents never overlapping', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(copyTile)).toEqual([[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]]);
    const tiles = new Set(Array.from({ length: 2000 }, (_, k) => copyTile(k).join(',')));
    expect(tiles.size).toBe(2000);
    // 194 copies (about 100,000 demo sensors) stay a compact block: 15 x 15 tiles at most.
    const far = Math.max(...Array.from({ length: 194 }, (_, k) => Math.max(...copyTile(k).map(Math.abs))));
    expect(far).toBeLessThanOrEqual(7);
    // The extents of the copies do not intersect.
    const boxes = Array.from({ length: 5 }, (_, k) => sensorExtent(scaled.slice(k * 3, k * 3 + 3))!);
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) {
        const [w1, s1, e1, n1] = boxes[a]!;
        const [w2, s2, e2, n2] = boxes[b]!;
        expect(e1 < w2 || e2 < w1 || n1 < s2 || n2 < s1).toBe(true);
      }
    // Offsets are whole tiles: copy 1 is one tile east, same latitude.
    const [dx, dy] = copyOffset(1, tile);
    expect(dx).toBeCloseTo(tile[0], 12);
    expect(dy).toBe(0);
    const c1 = scaled.find((s) => s.id === 'parking:P1#1')!.geometry;
    expect(c1).toEqual({ type: 'Point', coordinates: [expect.closeTo(10.2 + tile[0], 6), 56.15] });
  });

  it('delays: 0 for the real city, whole seconds under 2 h, spread (no two of the first 100 copies within 20 s)', () => {
    expect(copyDelayMs(0)).toBe(0);
    const ds = Array.from({ length: 100 }, (_, k) => copyDelayMs(k + 1));
    for (const d of ds) {
      expect(d % 1000).toBe(0);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(2 * 3600_000);
    }
    const sorted = [...ds].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(20_000);
    expect(copyDelayMs(7)).toBe(copyDelayMs(7)); // deterministic
  });

  it('validates the scale: a whole number from 1 to MAX_SCALE', () => {
    expect(scaleProblem(1)).toBeNull();
    expect(scaleProblem(194)).toBeNull();
    expect(scaleProblem(MAX_SCALE)).toBeNull();
    for (const bad of [0, -3, 2.5, NaN, Infinity, MAX_SCALE + 1, '3']) expect(scaleProblem(bad)).toMatch(/--scale must be a whole number from 1 to 10,000/);
  });
});

describe('scaled replay', () => {
  /** A recording with a gap (no reading at step 3), a null value and an impossible one. */
  function recording() {
    const t0 = Date.UTC(2014, 7, 1);
    const items: Reading[] = [];
    for (let i = 0; i < 12; i++) {
      if (i === 3) continue; // a gap in the real data
      items.push({ sensorId: 'parking:P1', ts: t0 + i * 5 * MIN, values: { vehicleCount: i === 5 ? null : i === 7 ? -40 : 10 * i, totalSpaces: 100 } });
    }
    return { t0, items };
  }

  it('copy k plays the real series delayed by copyDelayMs(k): same values (the same objects), gaps and bad values kept', () => {
    const { t0, items } = recording();
    const scale = 4;
    const replay = new ScaledReplay({ items, timeOf: (r: Reading) => r.ts }, t0, false, scale);
    const got: { item: Reading; ts: number; k: number }[] = [];
    replay.due(t0 + 10 * 3600_000, (item, shift, k) => got.push({ item, ts: item.ts + shift, k }));
    expect(replay.finished).toBe(true);
    for (let k = 0; k < scale; k++) {
      const mine = got.filter((g) => g.k === k);
      expect(mine.map((g) => g.item)).toEqual(items); // every real reading once, in order, no more (the gap stays a gap)
      for (const g of mine) expect(items).toContain(g.item); // the real objects: values never copied nor cleaned
      const first = mine[0]!.ts;
      // Shifted as a whole: the copy's times are the real ones plus one constant.
      const shifts = new Set(mine.map((g) => g.ts - g.item.ts));
      expect(shifts.size).toBe(1);
      const realFirst = got.find((g) => g.k === 0)!.ts;
      expect(first - realFirst).toBe(copyDelayMs(k));
    }
    const c2 = got.filter((g) => g.k === 2).map((g) => g.item.values.vehicleCount);
    expect(c2).toEqual([0, 10, 20, 40, null, 60, -40, 80, 90, 100, 110]);
  });

  it('looping: each copy is the real week delayed, lined up with now, times increasing across the loop', () => {
    const { t0, items } = recording();
    const replay = new ScaledReplay({ items, timeOf: (r: Reading) => r.ts }, t0 + 7 * 86_400_000 + 30 * MIN, true, 3);
    const got: { ts: number; k: number; real: number }[] = [];
    replay.due(t0 + 7 * 86_400_000 + 4 * 3600_000, (item, shift, k) => got.push({ ts: item.ts + shift, k, real: item.ts }));
    for (let k = 0; k < 3; k++) {
      const mine = got.filter((g) => g.k === k);
      expect(mine.length).toBeGreaterThan(0);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.ts).toBeGreaterThan(mine[i - 1]!.ts);
      // Played time minus real time: a whole number of weeks plus the copy's delay.
      for (const g of mine) expect((g.ts - g.real - copyDelayMs(k)) % (7 * 86_400_000)).toBe(0);
    }
  });

  it('memory: K copies share the one recording; cursors cost bytes, not a copy of the series', () => {
    const t0 = Date.UTC(2014, 7, 1);
    const items: Reading[] = [];
    const values = { vehicleCount: 1, totalSpaces: 2 };
    for (let i = 0; i < 200_000; i++) items.push({ sensorId: `s${i % 500}`, ts: t0 + i * 1000, values });
    const rec = { items, timeOf: (r: Reading) => r.ts };
    const heap0 = process.memoryUsage().heapUsed;
    const replays = [1, 500].map((k) => new ScaledReplay(rec, t0, true, k));
    const grown = process.memoryUsage().heapUsed - heap0;
    // 500 materialised copies of 200,000 readings would be 100 million entries (gigabytes); cursors are a few kB.
    expect(grown).toBeLessThan(20 * 1024 * 1024);
    expect(replays[1]!.recording.items).toBe(items);
    // Walking a minute of 500 copies makes their readings on the fly, from the same items.
    let n = 0;
    replays[1]!.due(t0 + 7 * 86_400_000 + 60_000, (item) => {
      if (item !== items[items.indexOf(item)]) throw new Error('not a real item');
      n++;
    }, t0 + 7 * 86_400_000);
    expect(n).toBeGreaterThan(0);
  });

  it('the demo source at scale 3: catalogue of 3 x the sensors, readings for every copy with the real values', () => {
    const data = tinyData({ steps: 48 });
    const clock = new FeedClock(1, () => data.start + 7 * 86_400_000 + 3 * 3600_000);
    const demo = new DemoReplay(data, clock, true, 3);
    expect(demo.sensors.map((s: Sensor) => s.id)).toEqual(['traffic:1', 'parking:P1', 'air:1', 'traffic:1#1', 'parking:P1#1', 'air:1#1', 'traffic:1#2', 'parking:P1#2', 'air:1#2']);
    const out = demo.due(clock.start, clock.start - 3 * 3600_000);
    const bySensor = new Map<string, Reading[]>();
    for (const r of out) bySensor.set(r.sensorId, [...(bySensor.get(r.sensorId) ?? []), r]);
    expect([...bySensor.keys()].sort()).toEqual(demo.sensors.map((s) => s.id).sort());
    const realValues = new Set(data.readings.map((r) => r.values));
    for (const r of out) expect(realValues.has(r.values)).toBe(true);
    // At one instant the copies show different minutes of the real data (not lockstep).
    const last = (id: string) => bySensor.get(id)!.at(-1)!.values.vehicleCount;
    expect(new Set([last('parking:P1'), last('parking:P1#1'), last('parking:P1#2')]).size).toBe(3);
  });
});

describe('a file source (the Aberdeen kind) at scale 3 through the hub', () => {
  const s = scratch();
  afterAll(() => s.remove());
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('serves the mapped sensors and their copies, on tiles of the home view, delayed, values as recorded', async () => {
    const T0 = Date.UTC(2019, 4, 20);
    const rows = ['sensor_id,timestamp_utc,pm10_ugm3,pm2_5_ugm3'];
    for (let i = 0; i < 288; i++) {
      const t = new Date(T0 + i * 5 * MIN).toISOString();
      rows.push(`sc-1,${t},${i % 50},${i === 10 ? '' : (i % 50) / 2}`);
      if (i % 2 === 0) rows.push(`sc-2,${t},0,999.9`); // every other step: gaps kept, impossible value kept
    }
    s.write('air.csv.gz', rows.join('\n') + '\n');
    s.write('sensors.csv', 'id,name,lat,lon\nsc-1,Union Street,57.146,-2.094\nsc-2,King Street,57.16,-2.09\n');
    const source = {
      id: 'air',
      name: 'Air',
      type: 'file',
      connection: { files: ['air.csv.gz'], speed: 1 },
      sensorType: 'air-quality',
      sensorTable: { file: 'sensors.csv', idField: 'id' },
      mapping: { id: 'sensor_id', name: 'name', position: { lon: 'lon', lat: 'lat' }, time: { field: 'timestamp_utc' }, metrics: { pm10: { field: 'pm10_ugm3', unit: 'µg/m³' }, pm2_5: { field: 'pm2_5_ugm3', unit: 'µg/m³' } } },
    };
    const home = [-2.2, 57.08, -2.0, 57.22];
    const wall = T0 + 7 * 86_400_000 + 12 * 3600_000;
    const config = hubConfig([source]);
    const hub = await hubFrom(s, { ...config, hub: { ...config.hub, city: { name: 'Aberdeen', timeZone: 'Europe/London', home } } }, { now: () => wall, tickMs: 1e9, warmupMs: 3 * 3600_000, scale: 3 });
    cleanups.push(() => hub.close());
    await waitFor(() => hub.sources().every((x) => x.state !== 'starting'), 10_000, 'the file read');
    hub.tick();
    const sensors = hub.catalogue().sensors;
    expect(sensors.map((x) => x.id).sort()).toEqual(['air-quality:sc-1', 'air-quality:sc-1#1', 'air-quality:sc-1#2', 'air-quality:sc-2', 'air-quality:sc-2#1', 'air-quality:sc-2#2']);
    const tile = tileSize(home as [number, number, number, number]);
    const c2 = sensors.find((x) => x.id === 'air-quality:sc-1#2')!;
    expect(c2.name).toBe('Union Street (copy 2)');
    const [dx, dy] = copyOffset(2, tile);
    expect(c2.geometry).toEqual({ type: 'Point', coordinates: [expect.closeTo(-2.094 + dx, 6), expect.closeTo(57.146 + dy, 6)] });
    const readings = hub.buffered().flatMap((b) => b.readings);
    const of = (id: string) => readings.filter((r) => r.sensorId === id);
    for (const k of [0, 1, 2]) {
      const id = copyId('air-quality:sc-2', k);
      expect(of(id).length).toBeGreaterThan(10);
      for (const r of of(id)) expect(r.values).toEqual({ pm10: 0, pm2_5: 999.9 }); // impossible value as recorded
      // Gaps kept: sc-2 reports every 10 minutes in every copy.
      const ts = of(id).map((r) => r.ts);
      for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBe(10 * MIN);
    }
    // Copy 1's readings are the real ones delayed by its delay: their times are the real grid moved by it.
    const lastReal = of('air-quality:sc-2').at(-1)!.ts;
    for (const r of of('air-quality:sc-2#1')) expect((((lastReal - r.ts + copyDelayMs(1)) % (10 * MIN)) + 10 * MIN) % (10 * MIN)).toBe(0);
    expect(copyDelayMs(1) % (10 * MIN)).not.toBe(0); // (so the check above is not trivially true)
    // Over the wire: a client sees the six sensors.
    const c = await subscribe(hub.url);
    cleanups.push(() => c.close());
    await waitFor(() => c.catalogues.length > 0, 5000, 'the catalogue');
    expect(c.catalogues.at(-1)!.sensors).toHaveLength(6);
  });
});
