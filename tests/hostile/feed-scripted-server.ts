/**
 * A scripted feed for hostile-input tests: a real Socket.IO server speaking the feed protocol (the version this build prefers) whose every message the test
 * writes. It says hello (the test's clock and speed), answers subscribe, sends the test's catalogue, and then sends
 * exactly what the test emits. It counts subscribes (a resubscribe loop would show there).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { Sensor } from '../../electron/shared/model';
import { PROTOCOL_VERSION } from '../../electron/shared/protocol';

export interface ScriptedFeed {
  url: string;
  /** Subscribes answered so far. */
  subscribes: number;
  /** Connections made so far. */
  connections: number;
  /** Sends to every subscribed client. */
  emit(event: string, payload: unknown): void;
  /** Sets what the next hello says (feed clock, speed). */
  setHello(h: { feedTime?: number; speed?: number }): void;
  close(): Promise<void>;
}

export async function scriptedFeed(opts: { feedId?: string; feedTime: () => number; speed?: number; sensors: Sensor[] }): Promise<ScriptedFeed> {
  const feedId = opts.feedId ?? 'hostile';
  const hello: { feedTime: (() => number) | number; speed: number } = { feedTime: opts.feedTime, speed: opts.speed ?? 1 };
  const http = createServer();
  const io = new Server(http);
  const subscribed = new Set<Socket>();
  const feed: ScriptedFeed = {
    url: '',
    subscribes: 0,
    connections: 0,
    emit: (event, payload) => {
      for (const s of subscribed) s.emit(event, payload);
    },
    setHello: (h) => {
      if (h.feedTime !== undefined) hello.feedTime = h.feedTime;
      if (h.speed !== undefined) hello.speed = h.speed;
    },
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((r, reject) => {
        io.close(() => r()).catch(reject);
      });
    },
  };
  io.on('connection', (socket) => {
    feed.connections++;
    socket.on('disconnect', () => subscribed.delete(socket));
    const feedTime = typeof hello.feedTime === 'number' ? hello.feedTime : hello.feedTime();
    socket.emit('hello', { protocol: PROTOCOL_VERSION, feedId, name: 'scripted feed', demo: false, feedTime, speed: hello.speed, oldestSeq: 1, nextSeq: 1 });
    socket.on('subscribe', (_m: unknown, ack: (a: unknown) => void) => {
      feed.subscribes++;
      ack({ ok: true, resend: null, lost: null, nextSeq: 1 });
      socket.emit('catalogue', { feedId, sensors: opts.sensors });
      subscribed.add(socket);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  feed.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return feed;
}
