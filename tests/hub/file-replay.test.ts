/**
 * File replay through the whole hub: CSV (gzip), NDJSON and GeoJSON files, a sensor table, records shifted to now by
 * whole weeks (weekday and time of day kept), served over the feed protocol to a real Socket.IO client with the
 * catalogue (city, types, discovered sensors), the `sources` status and /health. Broken lines and records are counted
 * by reason with examples; a source whose file is missing fails and retries while the others run.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hubConfig, hubFrom, scratch, subscribe, type Client, type Scratch } from './harness';
import { waitFor } from '../helpers/feed';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2019, 4, 20, 0, 0, 0); // a Monday

let s: Scratch;
beforeAll(() => {
  s = scratch();
  const rows = ['sensor_id,timestamp_utc,pm10_ugm3,pm2_5_ugm3'];
  for (let i = 0; i < 7 * 24 * 12; i++) {
    const t = new Date(T0 + i * 5 * 60_000).toISOString();
    rows.push(`sc-1,${t},${i % 50},${(i % 50) / 2}`);
    rows.push(`sc-2,${t},0,999.9`);
  }
  rows.splice(5, 0, 'sc-1,2019-05-22T00:11:00Z,"broken,1', 'sc-1,not a time,1,1', 'sc-1,2019-05-22T00:12:00Z,lots,1', 'sc-9,2019-05-22T00:13:00Z,1,1');
  s.write('air.csv.gz', rows.join('\n') + '\n');
  s.write('sensors.csv', 'id,name,lat,lon,model\nsc-1,Union Street,57.146,-2.094,SDS011\nsc-2,King Street,57.16,-2.09,SDS011\n');
  const nd = [];
  for (let i = 0; i < 100; i++) nd.push(JSON.stringify({ station: { id: 'w1', pos: [-2.1, 57.1] }, time: (T0 + 2 * 86_400_000 + i * 600_000) / 1000, t: { value: 50 + i / 10, unit: '°F' } }));
  nd.splice(3, 0, '{"station": ', '[1,2,3]');
  s.write('weather.ndjson', nd.join('\n'));
  s.write(
    'bins.geojson',
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [-2.1, 57.15] }, properties: { bin: 'b1', when: '22/05/2019 00:30', fill: 55 } },
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { bin: 'b2', when: '22/05/2019 00:30', fill: 5 } },
        { type: 'NotAFeature' },
      ],
    }),
  );
});
afterAll(() => s.remove());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const airSource = {
  id: 'air',
  name: 'Air',
  type: 'file',
  connection: { files: ['air.csv.gz'], speed: 1 },
  sensorType: 'air-quality',
  sensorTable: { file: 'sensors.csv', idField: 'id' },
  mapping: { id: 'sensor_id', name: 'name', position: { lon: 'lon', lat: 'lat' }, time: { field: 'timestamp_utc' }, metrics: { pm10: { field: 'pm10_ugm3', unit: 'µg/m³' }, pm2_5: { field: 'pm2_5_ugm3', unit: 'µg/m³' } }, attributes: { model: 'model' } },
  provenanceNote: 'Sensor.Community low-cost citizen sensors (uncalibrated)',
};
const weatherSource = {
  id: 'weather',
  name: 'Weather',
  type: 'file',
  connection: { files: ['weather.ndjson'] },
  sensorType: 'weather',
  mapping: { id: 'station.id', position: { lon: 'station.pos[0]', lat: 'station.pos[1]' }, time: { field: 'time', format: 'epoch-s' }, metrics: { temperature: { field: 't.value', unit: { field: 't.unit' } } } },
};
const binSource = {
  id: 'bins',
  name: 'Bins',
  type: 'file',
  connection: { files: ['bins.geojson'] },
  sensorType: 'waste-bin',
  mapping: { id: 'properties.bin', position: { geometry: 'geometry' }, time: { field: 'properties.when', format: { pattern: 'DD/MM/YYYY HH:mm' }, zone: 'Europe/London' }, metrics: {} as Record<string, unknown> },
};

describe('file replay', () => {
  it('serves three formats over the protocol: catalogue with city and types, shifted readings, counted rejections', async () => {
    let wall = T0 + 10 * WEEK + 2 * 86_400_000 + 3_600_000; // a Wednesday, ten weeks later, 01:00
    const binMetric = (await import('../../electron/shared/sensor-types/shipped')).SHIPPED_TYPES.find((t) => t.id === 'waste-bin')!.metrics[0]!;
    const bins = { ...binSource, mapping: { ...binSource.mapping, metrics: { [binMetric.id]: { field: 'properties.fill', unit: binMetric.unit } } } };
    const hub = await hubFrom(s, hubConfig([airSource, weatherSource, bins, { ...airSource, id: 'gone', connection: { files: ['missing.csv'] }, provenanceNote: undefined }]), { now: () => wall, tickMs: 1e9, warmupMs: 3 * 3600_000, token: 'tok' });
    cleanups.push(() => hub.close());
    await waitFor(() => hub.sources().filter((x) => x.state !== 'starting').length === 4, 10_000, 'sources loaded');
    hub.tick();

    const st = Object.fromEntries(hub.sources().map((x) => [x.id, x]));
    expect(st.air).toMatchObject({ state: 'ok', type: 'file', sensorType: 'air-quality', sensors: 2, failure: null });
    expect(st.air!.rejected).toEqual({ 'bad-csv': 1, 'bad-time': 1, 'bad-number': 1, 'unknown-sensor': 1 });
    expect(st.air!.examples.map((e) => e.reason)).toEqual(expect.arrayContaining(['bad-time', 'bad-number', 'unknown-sensor']));
    expect(st.air!.examples.find((e) => e.reason === 'bad-number')).toMatchObject({ detail: 'pm10_ugm3 is "lots", not a number', origin: 'air.csv.gz line 8' }); // the broken quote on line 6 made the file be read line by line: exact lines
    expect(st.air!.examples.find((e) => e.reason === 'unknown-sensor')!.detail).toContain('air-quality:sc-9');
    expect(st.weather!.rejected).toEqual({ 'bad-json': 1, 'missing-field': 1 }); // an array is a record too (paths like [0]), without the fields this mapping needs
    expect(st.bins!.rejected).toEqual({ 'bad-geojson': 1, 'bad-position': 1 });
    expect(st.gone).toMatchObject({ state: 'failing', failure: { reason: 'unreadable', detail: expect.stringContaining('ENOENT'), retryAt: expect.any(Number) } });

    // Warm-up: the last 3 h before now, replayed at their weekday and time of day (a whole number of weeks later).
    const readings = hub.buffered().flatMap((b) => b.readings);
    const air = readings.filter((r) => r.sensorId === 'air-quality:sc-1');
    expect(air.length).toBe(3 * 12); // (now - 3 h, now]
    for (const r of air) {
      expect(r.ts).toBeGreaterThan(wall - 3 * 3600_000);
      expect(r.ts).toBeLessThanOrEqual(wall);
      expect((r.ts - T0) % WEEK).toBe((wall - T0) % WEEK - (wall - r.ts));
    }
    expect(readings.find((r) => r.sensorId === 'air-quality:sc-2')!.values).toEqual({ pm10: 0, pm2_5: 999.9 }); // zeros and the sensor maximum pass through

    const c: Client = await subscribe(hub.url, 'tok');
    cleanups.push(() => c.close());
    await waitFor(() => c.catalogues.length > 0 && c.sources.length > 0 && c.batches.length > 0, 5000, 'catalogue, sources, batches');
    expect(c.hello[0]).toMatchObject({ name: 'Test hub', speed: 1, demo: false });
    const cat = c.catalogues.at(-1)!;
    expect(cat.city).toEqual({ name: 'Testville', timeZone: 'Europe/London' });
    expect(cat.types!.map((t) => [t.id, t.provenanceNote])).toEqual([['air-quality', 'Sensor.Community low-cost citizen sensors (uncalibrated)']]);
    expect(cat.sensors.find((x) => x.id === 'air-quality:sc-1')).toEqual({
      id: 'air-quality:sc-1',
      kind: 'air-quality',
      name: 'Union Street',
      geometry: { type: 'Point', coordinates: [-2.094, 57.146] },
      expectedIntervalS: expect.any(Number),
      attributes: { model: 'SDS011', source: 'air' },
    });
    expect(c.sources[0]!.sources.map((x) => x.id)).toEqual(['air', 'weather', 'bins', 'gone']);

    // Time passes: the next tick brings the next readings, the weather source's °F as °C, and new sensors first.
    wall += 3600_000;
    hub.tick();
    await waitFor(() => c.batches.some((b) => b.readings.some((r) => r.ts > wall - 3600_000 && r.sensorId === 'air-quality:sc-1')), 5000, 'live batch');
    const all = c.batches.flatMap((b) => b.readings);
    const w = all.filter((r) => r.sensorId === 'weather:w1');
    expect(w.length).toBeGreaterThan(0);
    for (const r of w) expect(r.values.temperature).toBeCloseTo(((50 + ((r.ts - T0 - 2 * 86_400_000) % WEEK) / 600_000 / 10 - 32) * 5) / 9, 6);

    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(401);
    const ok = await fetch(`${hub.url}/health`, { headers: { authorization: 'Bearer tok' } });
    const body = (await ok.json()) as { clients: number; sources: { id: string; state: string }[]; sensors: number };
    expect(body.clients).toBe(1);
    expect(body.sensors).toBe(cat.sensors.length);
    expect(body.sources.map((x) => [x.id, x.state])).toEqual([['air', 'ok'], ['weather', 'ok'], ['bins', 'ok'], ['gone', 'failing']]);
  });

  it('a single play-through ends as stopped; a looping one goes on into the next week with increasing times', async () => {
    let wall = T0 + 3 * WEEK;
    const once = await hubFrom(s, hubConfig([{ ...weatherSource, connection: { files: ['weather.ndjson'], loop: false, speed: 600 } }]), { now: () => wall, tickMs: 1e9, warmupMs: 0 });
    cleanups.push(() => once.close());
    await waitFor(() => once.sources()[0]!.state === 'ok', 5000, 'loaded');
    once.tick();
    wall += 30_000; // 30 wall seconds at speed 600: 5 feed hours
    once.tick();
    const first = once.buffered().flatMap((b) => b.readings);
    expect(first.length).toBe(30);
    wall += 10 * 60_000;
    once.tick();
    expect(once.sources()[0]).toMatchObject({ state: 'stopped', readings: 100 });
    const ts = once.buffered().flatMap((b) => b.readings.map((r) => r.ts));
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
    expect(once.feedTime()).toBe(T0 + 3 * WEEK + (30_000 + 600_000) * 600);

    const looping = await hubFrom(s, hubConfig([{ ...weatherSource, connection: { files: ['weather.ndjson'], speed: 600 } }]), { now: () => wall, tickMs: 1e9, warmupMs: 0 });
    cleanups.push(() => looping.close());
    await waitFor(() => looping.sources()[0]!.state === 'ok', 5000, 'loaded');
    looping.tick();
    wall += (14 * 86_400_000) / 600; // two feed weeks
    looping.tick();
    const r = looping.buffered().flatMap((b) => b.readings);
    expect(r.length).toBe(200);
    expect(r.map((x) => x.ts)).toEqual(r.map((x) => x.ts).sort((a, b) => a - b));
    expect(r[100]!.ts - r[0]!.ts).toBe(WEEK); // the same record a week later
    expect(r[100]!.values).toEqual(r[0]!.values);
    expect(looping.sources()[0]!.state).toBe('ok');
  });
});
