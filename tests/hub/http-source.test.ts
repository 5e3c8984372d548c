/**
 * HTTP polling against a real local HTTP server: JSON with ETag (a 304 brings nothing twice), CSV and GeoJSON by
 * Content-Type, a bearer token from the environment; and a portal that answers 500, garbage, too much or too slowly:
 * each is a failing state with a clear reason and a retry time, the source recovers when the server does, and the
 * hub (with its other source) keeps running throughout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hub } from '../../electron/hub/hub';
import { hubConfig, hubFrom, scratch, type Scratch } from './harness';
import { waitFor } from '../helpers/feed';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let portal: Server;
let base: string;
let handler: Handler;
const requests: IncomingMessage[] = [];
let s: Scratch;

beforeAll(async () => {
  s = scratch();
  portal = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
});
afterAll(async () => {
  portal.closeAllConnections();
  await new Promise((r) => portal.close(r));
  s.remove();
});
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  requests.length = 0;
});

const now = Date.now();
const obs = (id: string, minutesAgo: number, v: unknown) => ({ station: id, lat: 57.15, lon: -2.1, at: new Date(now - minutesAgo * 60_000).toISOString(), no2: v });
const httpSource = (connection: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  id: 'portal',
  name: 'Open-data portal',
  type: 'http',
  connection: { url: `${base}/air.json`, everyS: 1, timeoutMs: 1000, ...connection },
  sensorType: 'air-quality',
  mapping: { id: 'station', position: { lon: 'lon', lat: 'lat' }, time: { field: 'at' }, metrics: { no2: { field: 'no2', unit: 'µg/m³' } } },
  ...over,
});

async function hubWith(sources: unknown[]): Promise<Hub> {
  const hub = await hubFrom(s, hubConfig(sources), { tickMs: 100, env: { PORTAL_TOKEN: 'sekrit' } });
  cleanups.push(() => hub.close());
  return hub;
}
const status = (hub: Hub, id = 'portal') => hub.sources().find((x) => x.id === id)!;

describe('HTTP polling', () => {
  it('reads JSON at recordsPath with a bearer token from the environment; an unchanged answer (304) brings nothing twice', async () => {
    handler = (req, res) => {
      if (req.headers.authorization !== 'Bearer sekrit') return void res.writeHead(401).end();
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end(JSON.stringify({ data: { items: [obs('s1', 5, 12.5), obs('s2', 5, '0'), obs('s3', 5, 'n/a')] } }));
    };
    const hub = await hubWith([httpSource({ recordsPath: 'data.items', auth: { type: 'bearer', token: { env: 'PORTAL_TOKEN' } } })]);
    await waitFor(() => requests.length >= 3, 10_000, 'three polls');
    expect(requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(status(hub)).toMatchObject({ state: 'ok', records: 3, readings: 2, sensors: 2, rejected: { 'bad-number': 1 } });
    expect(status(hub).examples[0]).toMatchObject({ reason: 'bad-number', detail: 'no2 is "n/a", not a number', origin: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/air\.json data\.items\[2\]$/) });
    await waitFor(() => hub.buffered().some((b) => b.readings.length > 0), 5000, 'a batch');
    expect(hub.buffered().flatMap((b) => b.readings).map((r) => [r.sensorId, r.values.no2])).toEqual([
      ['air-quality:s1', 12.5],
      ['air-quality:s2', 0],
    ]);
  });

  it('reads CSV and GeoJSON by their Content-Type; the same data polled again is skipped, not sent twice', async () => {
    handler = (req, res) => {
      if (req.url === '/air.csv') res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(`station,lat,lon,at,no2\ns1,57.1,-2.1,${new Date(now - 60_000).toISOString()},7\n`);
      else res.writeHead(200, { 'content-type': 'application/geo+json' }).end(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-2.1, 57.1] }, properties: { station: 'g1', at: new Date(now).toISOString(), no2: 3 } }] }));
    };
    const hub = await hubWith([
      httpSource({ url: `${base}/air.csv` }),
      httpSource({ url: `${base}/air` }, { id: 'geo', mapping: { id: 'properties.station', position: { geometry: 'geometry' }, time: { field: 'properties.at' }, metrics: { no2: { field: 'properties.no2', unit: 'µg/m³' } } } }),
    ]);
    await waitFor(() => status(hub).records >= 2 && status(hub, 'geo').records >= 2, 10_000, 'two polls each');
    expect(status(hub)).toMatchObject({ state: 'ok', readings: 1, rejected: {} });
    expect(status(hub).skipped).toBeGreaterThanOrEqual(1); // the same reading polled again: skipped, not an error
    expect(status(hub, 'geo')).toMatchObject({ state: 'ok', readings: 1, sensors: 1 });
  });

  it.each([
    ['a 500', (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(500, { 'content-type': 'text/plain' }).end('database is down'), 'http-status', 'HTTP 500 Internal Server Error: "database is down"'],
    ['garbage', (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(200, { 'content-type': 'application/json' }).end('<html>Maintenance</html>'), 'bad-payload', 'not JSON'],
    ['an object where records were expected', (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(200, { 'content-type': 'application/json' }).end('{"error":"quota"}'), 'bad-payload', 'expected an array of records, got {"error":"quota"}'],
    ['a slow answer', (_q: IncomingMessage, r: ServerResponse) => void setTimeout(() => r.writeHead(200).end('[]'), 3000).unref(), 'timeout', 'no complete answer within 1000 ms'],
    ['a body that trickles', (_q: IncomingMessage, r: ServerResponse) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.write('[');
      const t = setInterval(() => r.write(' '), 100);
      r.on('close', () => clearInterval(t));
    }, 'timeout', 'no complete answer'],
    ['too large', (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(200, { 'content-type': 'application/json' }).end(`[${'1,'.repeat(40_000)}1]`), 'too-large', 'over the limit of 50000'],
    ['a refused token', (_q: IncomingMessage, r: ServerResponse) => void r.writeHead(401).end(), 'http-status', 'HTTP 401'],
  ])('%s: fails with a counted reason and a retry time; recovers; the hub and its other source keep running', async (_what, bad, reason, detail) => {
    handler = bad;
    const hub = await hubWith([httpSource({ maxBytes: 50_000 }), httpSource({ url: `${base}/ok.json` }, { id: 'other' })]);
    // The other source on the same server is healthy throughout.
    const good = handler;
    handler = (req, res) => (req.url === '/ok.json' ? res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([obs('o1', 1, 1)])) : good(req, res));
    await waitFor(() => status(hub).state === 'failing', 10_000, 'failing');
    const st = status(hub);
    expect(st.failure).toMatchObject({ reason, detail: expect.stringContaining(detail), retryAt: expect.any(Number) });
    expect(st.failure!.retryAt! - Date.now()).toBeLessThan(2000); // first back-off: about a second
    const seq = hub.lastSeq();
    await waitFor(() => hub.lastSeq() > seq + 2, 5000, 'the hub keeps ticking');
    await waitFor(() => status(hub, 'other').state === 'ok' && status(hub, 'other').readings === 1, 5000, 'the other source');
    // The portal recovers: so does the source.
    handler = (q, r) => void r.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([obs(q.url === '/ok.json' ? 'o1' : 's1', 1, 4)]));
    await waitFor(() => status(hub).state === 'ok', 10_000, 'recovered');
    expect(status(hub)).toMatchObject({ failure: null, readings: 1 });
  });

  it('a source whose secret is missing fails with that reason, without the secret anywhere in its status', async () => {
    handler = (_q, r) => void r.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    const hub = await hubWith([httpSource({ auth: { type: 'header', name: 'x-api-key', value: { env: 'NOT_SET_ANYWHERE' } } })]);
    await waitFor(() => status(hub).state === 'failing', 5000, 'failing');
    expect(status(hub).failure).toMatchObject({ reason: 'credentials', detail: 'the environment variable NOT_SET_ANYWHERE is not set' });
    expect(requests.length).toBe(0);
  });

  it('an unreachable portal is "unreachable"', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const hub = await hubWith([httpSource({ url: `http://127.0.0.1:${port}/air.json` })]);
    await waitFor(() => status(hub).state === 'failing', 5000, 'failing');
    expect(status(hub).failure).toMatchObject({ reason: 'unreachable', detail: expect.stringContaining('ECONNREFUSED') });
  });
});
