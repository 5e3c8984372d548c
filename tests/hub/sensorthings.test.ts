/**
 * The SensorThings API 1.1 source against a local server of hand-written responses (tests/fixtures/sensorthings):
 * Things paged and expanded, Observations after the cursor, joined records, the cursor across a restart, and failures
 * (HTTP 500, a broken body, no answer, a link to another server, nothing listening) reported with back-off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSensorThingsSource, type SensorThingsOptions, type SensorThingsSource } from '../../electron/hub/sources/sensorthings';
import { startStaServer, type StaServer } from '../fixtures/sensorthings/server';
import { freePort } from '../helpers/mosquitto';
import { waitFor } from '../helpers/feed';
import { recordingSink, type RecordingSink } from './recording-sink';

let server: StaServer;
const running: SensorThingsSource[] = [];

beforeEach(async () => {
  server = await startStaServer();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await server.close();
});

function start(opts: Partial<SensorThingsOptions> = {}): { source: SensorThingsSource; sink: RecordingSink } {
  const source = createSensorThingsSource({ baseUrl: server.root, pollIntervalMs: 100, top: 2, ...opts });
  const sink = recordingSink();
  running.push(source);
  source.start(sink);
  return { source, sink };
}

/** 5 + 3 + 2 + 2 + 2 + 2 Observations in the fixtures, one of them without a phenomenonTime. */
const GOOD_OBSERVATIONS = 15;
const value = (r: { value: unknown }) => r.value as Record<string, any>;
const results = (sink: RecordingSink, datastreamId: unknown) => sink.got.filter((r) => value(r).datastream.id === datastreamId).map((r) => value(r).result);

describe('SensorThings source', () => {
  it('reads every Thing page, then every Datastream\'s Observations, as joined records', async () => {
    const { sink } = start();
    await waitFor(() => sink.got.length >= GOOD_OBSERVATIONS && sink.oks() === 1, 10_000, 'all observations');
    expect(sink.got).toHaveLength(GOOD_OBSERVATIONS);
    const pm10 = sink.got.find((r) => value(r).observationId === 1103)!;
    expect(pm10.value).toEqual({
      thing: { id: 1, name: 'SDS011 #5331', properties: { network: 'Sensor.Community', sensorType: 'SDS011', locationId: 3121 } },
      location: { type: 'Point', coordinates: [-2.078, 57.138] },
      datastream: { id: 11, name: 'PM10 at location 3121', unitOfMeasurement: { name: 'microgram per cubic metre', symbol: 'µg/m³', definition: 'http://unitsofmeasure.org/ucum.html#ug/m3' } },
      observedProperty: { name: 'PM10', definition: 'http://vocabs.lter-europe.net/EnvThes/22062' },
      observationId: 1103,
      phenomenonTime: '2019-05-20T00:05:58Z',
      resultTime: '2019-05-20T00:05:58Z',
      result: 999.9,
    });
    expect(pm10.origin).toBe(`${server.root}/Datastreams(11)/Observations(1103)`);
    // The quirks come through as they are.
    expect(results(sink, 11)).toEqual([53.73, 60.63, 999.9, 57.5]);
    expect(results(sink, 12)).toEqual([30.53, 0, 30]);
    expect(results(sink, 22)).toEqual([99.9, 99.9]);
    expect(results(sink, 'sc-16423-humidity')).toEqual([100, 100]);
    // String ids, a second page of Things, a vnd.geo+json Location, interval phenomenonTimes.
    const pressure = sink.got.find((r) => value(r).datastream.id === 'sc-16423-pressure')!;
    expect(value(pressure).thing.id).toBe('sc-16423');
    expect(value(pressure).location).toEqual({ type: 'Point', coordinates: [-2.378, 57.456] });
    expect(value(pressure).phenomenonTime).toBe('2019-05-20T00:00:38.000Z/2019-05-20T00:03:06.000Z');
    expect(pressure.origin).toBe(`${server.root}/Datastreams('sc-16423-pressure')/Observations('o-16423-p-1')`);
    // The broken Observation is counted, not delivered.
    expect(sink.unparsables()).toEqual([
      { kind: 'unparsable', reason: 'bad-observation', detail: 'phenomenonTime null is not an ISO 8601 time or interval', origin: `${server.root}/Datastreams(11)/Observations(1104)` },
    ]);
    expect(sink.failures()).toEqual([]);
    // The requests: both Thing pages, then Observations oldest first, $top at a time, following next links.
    expect(server.requests[0]).toBe('/v1.1/Things?$expand=Locations,Datastreams($expand=ObservedProperty)');
    expect(server.requests[1]).toBe('/v1.1/Things?$expand=Locations,Datastreams($expand=ObservedProperty)&$skip=2');
    expect(server.requests[2]).toBe('/v1.1/Datastreams(11)/Observations?$orderby=phenomenonTime asc&$top=2');
    expect(server.requests[3]).toBe('/v1.1/Datastreams(11)/Observations?$orderby=phenomenonTime asc&$top=2&$skip=2');
    expect(server.requests).toContain("/v1.1/Datastreams('sc-16423-pressure')/Observations?$orderby=phenomenonTime asc&$top=2");
  });

  it('polls only Observations newer than the cursor, and moves the cursor', async () => {
    const cursors: unknown[] = [];
    const { source, sink } = start({ onCursor: (c) => cursors.push(c) });
    await waitFor(() => sink.got.length >= GOOD_OBSERVATIONS, 10_000, 'the first poll');
    expect(source.cursor().datastreams).toEqual({
      '11': '2019-05-20T00:08:26Z',
      '12': '2019-05-20T00:05:58Z',
      '21': '2019-05-20T00:02:34Z',
      '22': '2019-05-20T00:02:34Z',
      'sc-16423-humidity': '2019-05-20T00:03:06Z',
      'sc-16423-pressure': '2019-05-20T00:03:06.000Z',
    });
    expect(cursors.at(-1)).toEqual(source.cursor());
    const n = server.requests.length;
    await waitFor(() => server.requests.length > n + 6, 10_000, 'a second poll');
    expect(server.requests).toContain('/v1.1/Datastreams(21)/Observations?$filter=phenomenonTime gt 2019-05-20T00:02:34Z&$orderby=phenomenonTime asc&$top=2');
    expect(sink.got).toHaveLength(GOOD_OBSERVATIONS);

    server.observations.get('21')!.push({ '@iot.id': 2103, phenomenonTime: '2019-05-20T00:05:04Z', resultTime: '2019-05-20T00:05:04Z', result: 13.3 });
    await waitFor(() => sink.got.length === GOOD_OBSERVATIONS + 1, 10_000, 'the new observation');
    expect(value(sink.got.at(-1)!)).toMatchObject({ observationId: 2103, result: 13.3, datastream: { id: 21 } });
    expect(source.cursor().datastreams['21']).toBe('2019-05-20T00:05:04Z');
  });

  it('the cursor survives a restart: a new source given it neither repeats nor skips', async () => {
    const first = start();
    await waitFor(() => first.sink.got.length >= GOOD_OBSERVATIONS, 10_000, 'the first run');
    await first.source.stop();
    const cursor = JSON.parse(JSON.stringify(first.source.cursor())) as ReturnType<SensorThingsSource['cursor']>;
    server.observations.get('12')!.push({ '@iot.id': 1204, phenomenonTime: '2019-05-20T00:08:26Z', result: 31.93 });
    server.observations.get('sc-16423-pressure')!.push({ '@iot.id': 'o-16423-p-3', phenomenonTime: '2019-05-20T00:05:33.000Z/2019-05-20T00:08:00.000Z', result: 100605.74 });

    const second = start({ cursor });
    await waitFor(() => second.sink.got.length >= 2 && second.sink.oks() === 1, 10_000, 'the second run');
    await new Promise((r) => setTimeout(r, 300));
    expect(second.sink.got.map((r) => value(r).observationId).sort()).toEqual([1204, 'o-16423-p-3']);
    expect(second.sink.unparsables()).toEqual([]);
  });

  it('starts at `since` for Datastreams the cursor does not know', async () => {
    const { sink } = start({ since: '2019-05-20T00:03:00Z', cursor: { datastreams: { '11': '2019-05-20T00:06:00Z' } } });
    await waitFor(() => sink.oks() === 1, 10_000, 'a poll');
    expect(results(sink, 11)).toEqual([57.5]);
    expect(results(sink, 12)).toEqual([0, 30]);
    expect(results(sink, 'sc-16423-pressure')).toEqual([100607.05]);
  });

  it('follows at most maxPages pages per listing and per poll, and catches up over later polls', async () => {
    const { sink } = start({ maxPages: 1, top: 1 });
    await waitFor(() => results(sink, 11).length === 4 && results(sink, 12).length === 3, 10_000, 'catching up');
    // Only the first page of Things: Datastreams 11, 12, 21 and 22.
    expect(new Set(sink.got.map((r) => value(r).datastream.id))).toEqual(new Set([11, 12, 21, 22]));
    expect(server.requests.filter((r) => r.includes('$skip=2') && r.startsWith('/v1.1/Things'))).toEqual([]);
    expect(results(sink, 11)).toEqual([53.73, 60.63, 999.9, 57.5]);
  });

  it('an HTTP 500 is failing with back-off, then ok again and the records flow', async () => {
    server.failNext(500);
    const { sink } = start();
    await waitFor(() => sink.failures().length === 1, 10_000, 'failing');
    const f = sink.failures()[0]!;
    expect(f.reason).toBe('http-error');
    expect(f.detail).toBe(`HTTP 500 Internal Server Error from ${server.root}/Things?$expand=Locations,Datastreams($expand=ObservedProperty)`);
    expect(f.retryInMs).toBeGreaterThanOrEqual(750);
    expect(f.retryInMs).toBeLessThanOrEqual(1250);
    await waitFor(() => sink.state() === 'ok' && sink.got.length === GOOD_OBSERVATIONS, 10_000, 'ok again');
  });

  it('a broken body in the middle of a poll is bad-json; what was delivered before stays, nothing is repeated', async () => {
    const { sink } = start();
    await waitFor(() => sink.got.length >= GOOD_OBSERVATIONS, 10_000, 'the first poll');
    server.observations.get('22')!.push({ '@iot.id': 2203, phenomenonTime: '2019-05-20T00:05:04Z', result: 99.9 });
    server.observations.get('11')!.push({ '@iot.id': 1106, phenomenonTime: '2019-05-20T00:10:53Z', result: 60.2 });
    // Once the next poll has begun, one of its requests gets half a body.
    const n = server.requests.length;
    await waitFor(() => server.requests.length > n, 10_000, 'the next poll');
    server.failNext('bad-json');
    await waitFor(() => sink.failures().length === 1, 10_000, 'failing');
    expect(sink.failures()[0]!.reason).toBe('bad-json');
    expect(sink.failures()[0]!.detail).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.1\/.*: .*JSON/);
    await waitFor(() => sink.state() === 'ok' && sink.got.length === GOOD_OBSERVATIONS + 2, 10_000, 'ok again');
    const ids = sink.got.map((r) => value(r).observationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('no answer within the time limit is a timeout', async () => {
    server.failNext('hang');
    const { sink } = start({ requestTimeoutMs: 300 });
    await waitFor(() => sink.failures().length === 1, 10_000, 'failing');
    expect(sink.failures()[0]).toMatchObject({ reason: 'timeout' });
    expect(sink.failures()[0]!.detail).toContain('no complete answer within 300 ms');
    await waitFor(() => sink.state() === 'ok', 10_000, 'ok again');
  });

  it('a next link to another server is not followed', async () => {
    server.failNext('foreign-next-link');
    const { sink } = start();
    await waitFor(() => sink.failures().length === 1, 10_000, 'failing');
    expect(sink.failures()[0]).toMatchObject({ reason: 'bad-response' });
    expect(sink.failures()[0]!.detail).toContain('leads to another server (http://elsewhere.example)');
    expect(server.requests.every((r) => r.startsWith('/v1.1/'))).toBe(true);
  });

  it('nothing listening is unreachable; a response over the size limit is refused', async () => {
    const port = await freePort();
    const down = createSensorThingsSource({ baseUrl: `http://127.0.0.1:${port}/v1.1` });
    running.push(down);
    const sink = recordingSink();
    down.start(sink);
    await waitFor(() => sink.failures().length === 1, 10_000, 'failing');
    expect(sink.failures()[0]).toMatchObject({ reason: 'unreachable' });
    expect(sink.failures()[0]!.detail).toContain('ECONNREFUSED');

    const small = start({ maxResponseBytes: 1000 }).sink;
    await waitFor(() => small.failures().length === 1, 10_000, 'failing');
    expect(small.failures()[0]).toMatchObject({ reason: 'response-too-large' });
  });

  it('stops cleanly, even in the middle of a request', async () => {
    server.failNext('hang');
    const { source, sink } = start({ requestTimeoutMs: 60_000 });
    await waitFor(() => server.requests.length === 1, 10_000, 'the request');
    const t0 = Date.now();
    await Promise.all([source.stop(), source.stop()]);
    expect(Date.now() - t0).toBeLessThan(2000);
    const n = server.requests.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests.length).toBe(n);
    expect(sink.failures()).toEqual([]);
  });

  it('rejects a base URL that is not http(s) and a `since` that is not a time', () => {
    expect(() => createSensorThingsSource({ baseUrl: 'ftp://x/v1.1' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => createSensorThingsSource({ baseUrl: 'not a url' })).toThrow(/is not a URL/);
    expect(() => createSensorThingsSource({ baseUrl: server.root, since: '2019 or 1 eq 1' })).toThrow(/is not an ISO 8601 time/);
    expect(() => createSensorThingsSource({ baseUrl: server.root, cursor: { datastreams: { '11': 'May 20, 2019' } } })).toThrow(/the cursor's time for Datastream "11", "May 20, 2019", is not an ISO 8601 time/);
  });
});
