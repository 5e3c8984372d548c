/**
 * Size caps over real Socket.IO connections: an oversized message from the feed is refused before it is read (the
 * client stays up, keeps its data and resumes), an oversized catalogue or sensor entry is rejected with its reason,
 * and the demo feed closes a client that sends an oversized message while it keeps serving the others.
 */
import { describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { startDemoServer } from '../../electron/demo-feed/server';
import { startEngine } from '../../electron/engine/index';
import type { Sensor } from '../../electron/shared/model';
import { MAX_ATTRIBUTES, MAX_CLIENT_MESSAGE_BYTES, MAX_LINE_POINTS, MAX_MESSAGE_BYTES, MAX_SENSORS } from '../../electron/shared/protocol';
import { tinyData, waitFor } from '../helpers/feed';
import { cleanupsAfterEach, sensors, T0, traffic } from './feed-fixtures';
import { scriptedFeed } from './feed-scripted-server';

const cleanups = cleanupsAfterEach();


async function engineOn(url: string, now: () => number) {
  const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: url, now, deltaIntervalMs: 20, reconnectDelayMs: 50, reconnectDelayMaxMs: 200 });
  cleanups.push(() => engine.close());
  await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
  return engine;
}

describe('size caps', () => {
  it('a message over the cap is refused before it is read: counted, the client reconnects and keeps its data', async () => {
    const wall = T0;
    const feed = await scriptedFeed({ feedTime: () => wall, sensors });
    cleanups.push(() => feed.close());
    const engine = await engineOn(feed.url, () => wall);
    feed.emit('batch', { feedId: 'hostile', seq: 1, feedTime: wall, readings: [traffic(wall - 60_000)] });
    await waitFor(() => engine.status().lastSeq === 1, 5000, 'batch 1');
    // Over the cap: a batch whose padding alone is MAX_MESSAGE_BYTES. ws refuses it on the frame's length header,
    // before buffering the payload: memory stays bounded whatever size a feed announces.
    feed.emit('batch', { feedId: 'hostile', seq: 2, feedTime: wall, readings: [], padding: 'x'.repeat(MAX_MESSAGE_BYTES) });
    await waitFor(() => (engine.status().rejects['message-too-large'] ?? 0) === 1, 10_000, 'oversized message refused');
    expect(engine.status().lastReject?.detail).toMatch(/over 16 MiB/);
    await waitFor(() => engine.status().connection === 'connected' && feed.connections === 2, 10_000, 'reconnected');
    feed.emit('batch', { feedId: 'hostile', seq: 2, feedTime: wall, readings: [traffic(wall)] });
    await waitFor(() => engine.status().lastSeq === 2, 5000, 'the feed goes on');
    expect(engine.status().acceptedTotal).toBe(2);
    expect((await engine.handle('snapshot', {})).states.find((s) => s.sensorId === 'traffic:1')!.last).toEqual(traffic(wall));
  });

  it(`a catalogue of more than ${MAX_SENSORS} sensors is rejected whole; the previous catalogue stays`, async () => {
    const wall = T0;
    const feed = await scriptedFeed({ feedTime: () => wall, sensors });
    cleanups.push(() => feed.close());
    const engine = await engineOn(feed.url, () => wall);
    await waitFor(() => engine.status().sensors.never === 3, 5000, 'first catalogue');
    const huge: Sensor[] = Array.from({ length: MAX_SENSORS + 1 }, (_, i) => ({ ...sensors[1]!, id: `parking:P${i}`, name: `P${i}` }));
    feed.emit('catalogue', { feedId: 'hostile', sensors: huge });
    await waitFor(() => (engine.status().rejects['catalogue-too-large'] ?? 0) === 1, 10_000, 'catalogue rejected');
    expect(engine.status().lastReject?.detail).toMatch(/catalogue of 20,001 sensors \(at most 20,000\); the previous catalogue stays/);
    expect((await engine.handle('snapshot', {})).catalogue.map((s) => s.id).sort()).toEqual(['air:1', 'parking:P1', 'traffic:1']);
  });

  it('a sensor entry over its caps (attributes, line points, text) is rejected with its reason; the rest is kept', async () => {
    const wall = T0;
    const feed = await scriptedFeed({ feedTime: () => wall, sensors });
    cleanups.push(() => feed.close());
    const engine = await engineOn(feed.url, () => wall);
    const many = Object.fromEntries(Array.from({ length: MAX_ATTRIBUTES + 1 }, (_, i) => [`a${i}`, i]));
    const line = Array.from({ length: MAX_LINE_POINTS + 1 }, (_, i) => [10 + i / 1e4, 56]);
    feed.emit('catalogue', {
      feedId: 'hostile',
      sensors: [
        ...sensors,
        { ...sensors[1]!, id: 'parking:MANY', attributes: many },
        { ...sensors[0]!, id: 'traffic:LONG', geometry: { type: 'LineString', coordinates: line } },
        { ...sensors[1]!, id: 'parking:TEXT', attributes: { note: 'x'.repeat(1001) } },
      ],
    });
    await waitFor(() => (engine.status().rejects['sensor-too-large'] ?? 0) === 3, 5000, 'three sensors rejected');
    expect(engine.status().rejects).toEqual({ 'sensor-too-large': 3 });
    expect((await engine.handle('snapshot', {})).catalogue).toHaveLength(3);
  });
});

describe('the demo feed caps what clients send', () => {
  it(`closes a client that sends more than ${MAX_CLIENT_MESSAGE_BYTES} bytes in one message, and keeps serving the others`, async () => {
    const data = tinyData({ steps: 20 });
    let wall = data.start + 30 * 60_000;
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 10 * 60_000 });
    cleanups.push(() => server.close());
    const engine = await engineOn(server.url, () => wall);
    const rogue = connect(server.url, { transports: ['websocket'], reconnection: false });
    cleanups.push(() => void rogue.close());
    await new Promise<void>((r) => rogue.on('connect', () => r()));
    const closed = new Promise<string>((r) => rogue.on('disconnect', (reason) => r(reason)));
    rogue.emit('action', { id: 'x'.repeat(MAX_CLIENT_MESSAGE_BYTES) });
    expect(await closed).toBe('transport close');
    wall += 5 * 60_000;
    server.tick();
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'the engine still served');
    expect(engine.status().connection).toBe('connected');
  });
});
