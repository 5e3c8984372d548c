/**
 * The demo feed: a Socket.IO server speaking protocol v1 (PROTOCOL.md) that replays the shipped Aarhus week as if
 * live. Timestamps are shifted so that the replay starts at the same weekday and time of day as now (rush hour plays
 * at rush hour), at real speed by default and `speed` times faster on request, looping at the end of the week with
 * timestamps that keep increasing. Values are the data's own.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { Reading, Sensor } from '../shared/model';
import { loadDemoData, type DemoData } from './data';
import { EV, MAX_CLIENT_MESSAGE_BYTES, PROTOCOL_VERSION, actionSchema, subscribeSchema, describeZodError, type ActionAck, type ActionMessage, type Batch, type Hello, type SubscribeAck } from '../shared/protocol';

export interface DemoServerOptions {
  assetsDir?: string;
  /** Pre-loaded data (tests, several servers in one process). */
  data?: DemoData;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Feed-clock ms per wall ms. */
  speed?: number;
  /** When set, clients must present it as `auth.token` in the Socket.IO handshake. */
  token?: string;
  /** Wall-clock ms between batches. */
  tickMs?: number;
  /** Largest number of readings in one batch; bigger steps are split. */
  maxBatchReadings?: number;
  /** How many batches are kept for resume. */
  bufferBatches?: number;
  /** Feed-clock ms of history a fresh subscriber (lastSeq null) receives (default 6 h: a full chart at start). */
  warmupMs?: number;
  /** Wall clock (tests). */
  now?: () => number;
  /** Loop at the end of the week (default). When false, one week is played, then only heartbeats (benchmarks). */
  loop?: boolean;
  feedId?: string;
  name?: string;
  log?: (msg: string) => void;
}

export interface DemoServer {
  url: string;
  port: number;
  feedId: string;
  /** Feed clock now (epoch ms). */
  feedTime(): number;
  /** Sequence number of the last batch sent. */
  lastSeq(): number;
  /** Stop sending batches (clients stay connected) / resume. For tests of silence. */
  pause(): void;
  resume(): void;
  /** Emit one tick now, whatever the timer (tests). */
  tick(): void;
  /** Every batch still buffered, oldest first (tests). */
  buffered(): readonly Batch[];
  /** Operator actions received (accepted), in arrival order. */
  actions(): readonly ActionMessage[];
  io: Server;
  close(): Promise<void>;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

export async function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const data = opts.data ?? loadDemoData(requireAssets(opts.assetsDir));
  const now = opts.now ?? Date.now;
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  const tickMs = opts.tickMs ?? 500;
  const maxBatch = opts.maxBatchReadings ?? 20_000;
  const bufferMax = opts.bufferBatches ?? 20_000;
  const warmupMs = opts.warmupMs ?? 6 * 3600 * 1000;
  // Sequence numbers belong to one run of the server: a restarted demo feed is a new feed to its clients.
  const feedId = opts.feedId ?? `aarhus-demo-${now().toString(36)}`;
  const log = opts.log ?? (() => {});
  if (data.readings.length === 0) throw new Error('the demo data holds no readings');

  const replay = new Replay(data, now(), speed, now, opts.loop ?? true);
  const buffer: Batch[] = [];
  let seq = 0;
  let paused = false;
  const received: ActionMessage[] = [];
  const sensorIds = new Set(data.sensors.map((x) => x.id));

  const pushBatch = (readings: Reading[], feedTime: number) => {
    const batch: Batch = { feedId, seq: ++seq, feedTime, readings };
    buffer.push(batch);
    if (buffer.length > bufferMax) buffer.splice(0, buffer.length - bufferMax);
    return batch;
  };

  // Warm start: the last `warmupMs` of feed time before the replay's start, as if the server had been running. (The
  // start, not "now": time passing during the warm-up must not skip readings; the first tick sends them.)
  const t0 = replay.startFeedTime;
  for (let t = t0 - warmupMs; t < t0; ) {
    const step = Math.min(t0, t + 5 * 60_000);
    for (const chunk of chunks(replay.readingsUpTo(step, t), maxBatch)) pushBatch(chunk, step);
    t = step;
  }
  replay.markSent(t0);

  const http: HttpServer = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('CityDesk demo feed: connect with Socket.IO, protocol v1\n');
  });
  // A client sends operator actions only (a few kB): a bigger message closes that client's connection (PROTOCOL.md).
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES, cors: { origin: false } });

  if (opts.token) {
    const token = opts.token;
    io.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const given = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
      if (given !== token) next(new Error('unauthorized'));
      else next();
    });
  }

  const helloFor = (): Hello => ({
    protocol: PROTOCOL_VERSION,
    feedId,
    name: opts.name ?? 'Aarhus demo feed (CityPulse week of 1–7 August 2014, replayed as live)',
    demo: true,
    feedTime: replay.feedTime(),
    speed,
    oldestSeq: buffer[0]?.seq ?? seq + 1,
    nextSeq: seq + 1,
  });

  io.on('connection', (socket: Socket) => {
    socket.emit(EV.hello, helloFor());
    socket.on(EV.subscribe, (raw: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: SubscribeAck) => void) : () => {};
      const parsed = subscribeSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: `bad subscribe: ${describeZodError(parsed.error)}` });
      if (parsed.data.protocol !== PROTOCOL_VERSION) {
        return reply({ ok: false, error: `protocol ${parsed.data.protocol} not supported; this feed speaks ${PROTOCOL_VERSION}` });
      }
      const { lastSeq } = parsed.data;
      const oldest = buffer[0]?.seq ?? seq + 1;
      let resendFrom: number;
      let lost: { from: number; to: number } | null = null;
      if (lastSeq === null) {
        const warmFrom = replay.feedTime() - warmupMs;
        resendFrom = buffer.find((b) => b.feedTime >= warmFrom)?.seq ?? seq + 1;
      } else if (lastSeq >= seq) {
        resendFrom = seq + 1; // up to date (or ahead, after a server restart: nothing to resend)
      } else if (lastSeq + 1 >= oldest) {
        resendFrom = lastSeq + 1;
      } else {
        lost = { from: lastSeq + 1, to: oldest - 1 };
        resendFrom = oldest;
      }
      reply({ ok: true, resend: resendFrom <= seq ? { from: resendFrom, to: seq } : null, lost, nextSeq: seq + 1 });
      socket.emit(EV.catalogue, { feedId, sensors: data.sensors satisfies Sensor[] });
      for (const b of buffer) if (b.seq >= resendFrom) socket.emit(EV.batch, b);
      void socket.join('live');
    });
    socket.on(EV.action, (raw: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: ActionAck) => void) : () => {};
      const parsed = actionSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: `invalid action: ${describeZodError(parsed.error)}` });
      if (parsed.data.sensorId !== null && !sensorIds.has(parsed.data.sensorId)) return reply({ ok: false, error: `unknown sensor ${parsed.data.sensorId}` });
      if (!received.some((a) => a.id === parsed.data.id)) received.push(parsed.data); // idempotent by id
      reply({ ok: true });
    });
  });

  const tick = () => {
    if (paused) return;
    const t = replay.feedTime();
    const due = replay.readingsUpTo(t);
    const parts = chunks(due, maxBatch);
    if (parts.length === 0) parts.push([]); // heartbeat: keeps seq and the feed clock moving
    for (const part of parts) io.to('live').emit(EV.batch, pushBatch(part, t));
  };
  const timer = setInterval(tick, tickMs);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  log(`demo feed on ${url} at speed ${speed}, ${data.sensors.length} sensors, ${data.readings.length} readings a week`);

  return {
    url,
    port,
    feedId,
    io,
    feedTime: () => replay.feedTime(),
    lastSeq: () => seq,
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    tick,
    buffered: () => buffer,
    actions: () => received,
    close: async () => {
      clearInterval(timer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve, reject) => {
        io.close(() => resolve()).catch(reject);
      });
      http.closeAllConnections?.();
    },
  };
}

function requireAssets(dir: string | undefined): string {
  if (!dir) throw new Error('startDemoServer needs assetsDir or data');
  return dir;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Maps the wall clock to the feed clock and the feed clock to the data week. The data week starts at `data.start`;
 * the replay begins at the offset into the week that matches now's weekday and time of day (UTC-based, so the data's
 * Aarhus local rhythm lines up with Aarhus local time), and each loop adds one week to the shift.
 */
class Replay {
  private readonly wall0: number;
  private readonly feed0: number;
  private readonly span: number;
  private cursor = 0;
  private loop = 0;
  /** Feed time = data time + shift + loop * span. */
  private readonly shift: number;

  constructor(
    private readonly data: DemoData,
    wallNow: number,
    private readonly speed: number,
    private readonly now: () => number,
    private readonly looping: boolean,
  ) {
    this.wall0 = wallNow;
    this.feed0 = wallNow;
    // The data is one week; loop on a week boundary so weekdays keep lining up.
    this.span = Math.max(WEEK_MS, data.end - data.start + 1);
    // How far into the data week "now" falls, by weekday and time of day; a single play-through starts at the top.
    const offset = looping ? mod(wallNow - data.start, WEEK_MS) : 0;
    // (A single play-through begins 1 ms after now, so that its very first readings are live, not warm-up.)
    this.shift = wallNow - (data.start + offset) + (looping ? 0 : 1);
    // Position the cursor at the first reading after (now - shift) in data time; warm-up reads before it.
    this.cursor = 0;
  }

  feedTime(): number {
    return this.feed0 + (this.now() - this.wall0) * this.speed;
  }

  /** The feed clock when the replay was created. */
  get startFeedTime(): number {
    return this.feed0;
  }

  /** Readings with feed time in (sent, upTo], advancing the cursor; `from` re-positions first (warm-up only). */
  readingsUpTo(upTo: number, from?: number): Reading[] {
    if (from !== undefined) this.seek(from);
    const out: Reading[] = [];
    const rs = this.data.readings;
    for (;;) {
      const base = this.shift + this.loop * this.span;
      while (this.cursor < rs.length && rs[this.cursor]!.ts + base <= upTo) {
        const r = rs[this.cursor++]!;
        out.push({ sensorId: r.sensorId, ts: r.ts + base, values: r.values });
      }
      if (this.cursor < rs.length) break;
      if (!this.looping && this.loop >= 0) break; // played once: nothing more
      // End of the week: loop, and keep going if the next loop already has due readings.
      this.cursor = 0;
      this.loop++;
      if (rs[0]!.ts + this.shift + this.loop * this.span > upTo) break;
    }
    return out;
  }

  markSent(t: number): void {
    this.seek(t);
  }

  /** Places the cursor at the first reading with feed time > t. */
  private seek(t: number): void {
    const rs = this.data.readings;
    this.loop = Math.floor((t - this.shift - this.data.start) / this.span);
    const base = this.shift + this.loop * this.span;
    let lo = 0;
    let hi = rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rs[mid]!.ts + base <= t) lo = mid + 1;
      else hi = mid;
    }
    this.cursor = lo;
  }
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
