/**
 * The hub's feed server on its own: the `sources` message goes out once after subscribe, then only when the status
 * changed and at most once a second; a client without the token is refused; a catalogue that grows is sent again
 * before the batch that needs it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { FeedClock } from '../../electron/hub/replay';
import { startFeedServer, type FeedServer } from '../../electron/hub/server';
import type { Reading, Sensor } from '../../electron/shared/model';
import type { SourceStatus } from '../../electron/shared/source-status';
import { subscribe } from './harness';
import { waitFor } from '../helpers/feed';

const status = (records: number): SourceStatus => ({
  id: 's',
  name: 'S',
  type: 'http',
  sensorType: 'weather',
  state: 'ok',
  failure: null,
  lastRecordAt: null,
  lastReadingTs: null,
  recordsPerMinute: 0,
  records,
  readings: 0,
  sensors: 0,
  skipped: 0,
  rejected: {},
  examples: [],
});
const sensor = (id: string): Sensor => ({ id, kind: 'weather' as Sensor['kind'], name: id, geometry: { type: 'Point', coordinates: [-2.1, 57.1] }, expectedIntervalS: 300, attributes: {} });

let server: FeedServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the feed server', () => {
  it('pushes the sources status on change only, at most once a second', async () => {
    let records = 0;
    let changing = true;
    server = await startFeedServer({ feedId: 'f', name: 'F', demo: false, clock: new FeedClock(1, Date.now), tickMs: 1e9, produce: () => [], catalogue: () => ({ sensors: [] }), catalogueVersion: () => 0, sources: () => [status(changing ? ++records : records)] });
    const c = await subscribe(server.url);
    await waitFor(() => c.sources.length >= 1, 2000, 'first sources message');
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 3200));
    const during = c.sources.length - 1;
    expect(during).toBeGreaterThanOrEqual(2);
    expect(during).toBeLessThanOrEqual(Math.ceil((Date.now() - t0) / 1000) + 1);
    changing = false;
    await new Promise((r) => setTimeout(r, 1200)); // one more push with the last change at most
    const settled = c.sources.length;
    await new Promise((r) => setTimeout(r, 2200));
    expect(c.sources.length).toBe(settled); // nothing changed: nothing sent
    expect(c.sources.at(-1)!.sources[0]!.records).toBe(records);
    c.close();
  });

  it('refuses a client without the token, and sends a grown catalogue before the batch that needs it', async () => {
    const sensors: Sensor[] = [sensor('weather:a')];
    let version = 1;
    let pending: Reading[] = [];
    server = await startFeedServer({ feedId: 'f', name: 'F', demo: false, clock: new FeedClock(1, Date.now), token: 't0k', tickMs: 1e9, produce: () => pending.splice(0), catalogue: () => ({ sensors: [...sensors] }), catalogueVersion: () => version });
    const refused = io(server.url, { transports: ['websocket'], reconnection: false, auth: { token: 'wrong' } });
    const err = await new Promise<Error>((r) => refused.once('connect_error', r));
    expect(err.message).toBe('unauthorized');
    refused.close();

    const c = await subscribe(server.url, 't0k');
    await waitFor(() => c.catalogues.length === 1, 2000, 'catalogue');
    sensors.push(sensor('weather:b'));
    version++;
    pending = [{ sensorId: 'weather:b', ts: Date.now(), values: { temperature: 1 } }];
    const order: string[] = [];
    c.socket.onAny((ev: string) => order.push(ev));
    server.tick();
    await waitFor(() => order.includes('batch'), 2000, 'batch');
    expect(order.slice(0, 2)).toEqual(['catalogue', 'batch']);
    expect(c.catalogues.at(-1)!.sensors.map((x) => x.id)).toEqual(['weather:a', 'weather:b']);
    c.close();
  });
});
