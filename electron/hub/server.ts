/**
 * The hub's feed server: Socket.IO speaking the feed protocol (electron/shared/PROTOCOL.md) to desks. It does not know
 * where readings come from: on every tick it asks `produce(feedTime)` for the readings due, sends them as numbered
 * batches (a heartbeat when there are none), keeps the last `bufferBatches` for resume, sends the catalogue again
 * when it changed, and pushes the `sources` status message (electron/hub/README.md) when it changes, at most once a
 * second. Clients present the token (when one is set) in the handshake; their messages are capped in size and
 * validated. GET /health answers with the sources and the number of clients, as JSON.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { Server, type Socket } from 'socket.io';
import type { Reading, Sensor } from '../shared/model';
import { encodeColumns } from '../shared/reading-columns';
import { BATCH_ENCODINGS, DEFAULT_COLUMNS_MIN_READINGS, EV, MAX_CLIENT_MESSAGE_BYTES, MAX_DICTIONARY_IDS, MAX_SENSOR_IDS_PER_MESSAGE, PROTOCOL_VERSION, SUPPORTED_PROTOCOLS, actionSchema, type BatchEncoding, catalogueForProtocol, isSupportedProtocol, subscribeSchema, describeZodError, type ActionAck, type ActionMessage, type Batch, type Hello, type ProtocolVersion, type SubscribeAck } from '../shared/protocol';
import type { CatalogueCity } from '../shared/protocol';
import type { SensorType } from '../shared/sensor-types/types';
import { SOURCES_EVENT, type SourceStatus, type SourcesMessage } from '../shared/source-status';
import type { FeedClock } from './replay';

/** The city a hub serves (catalogue v2). */
export type CityInfo = CatalogueCity;

/** What the catalogue message carries besides feedId. */
export interface CatalogueContent {
  city?: CityInfo;
  types?: SensorType[];
  sensors: Sensor[];
}

export interface FeedServerOptions {
  feedId: string;
  name: string;
  demo: boolean;
  clock: FeedClock;
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** When set, clients must present it as `auth.token` in the Socket.IO handshake (and /health as a Bearer token). */
  token?: string;
  /** Wall-clock ms between batches (default 500). */
  tickMs?: number;
  /** Largest number of readings in one batch; more are split (default 20,000). */
  maxBatchReadings?: number;
  /** How many batches are kept for resume (default 20,000). */
  bufferBatches?: number;
  /** Feed-clock ms of history a fresh subscriber (lastSeq null) receives (default 6 h: a full chart at start). */
  warmupMs?: number;
  /**
   * Binary batches (PROTOCOL.md, "Binary batches"): the encodings this server offers (default all this build speaks;
   * [] = JSON only, as a v1 server), and the fewest readings a batch needs to go binary (default 1,000).
   */
  batchEncodings?: readonly BatchEncoding[];
  columnsMinReadings?: number;
  /** Readings due at this feed time (called once per tick). */
  produce(feedTime: number): Reading[];
  /** The catalogue now, and a number that changes whenever it does. */
  catalogue(): CatalogueContent;
  catalogueVersion(): number;
  /** The sources' states, for the `sources` message and /health; absent: no such message. */
  sources?(): SourceStatus[];
  /** Fills the resume buffer before the server listens (replays: the history before "now"). */
  warmUp?(push: (readings: Reading[], feedTime: number) => void): void;
  log?(msg: string): void;
}

export interface FeedServer {
  url: string;
  port: number;
  feedId: string;
  io: Server;
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
  /** Connected Socket.IO clients. */
  clients(): number;
  close(): Promise<void>;
}

export async function startFeedServer(opts: FeedServerOptions): Promise<FeedServer> {
  const { feedId, clock } = opts;
  const tickMs = opts.tickMs ?? 500;
  const maxBatch = opts.maxBatchReadings ?? 20_000;
  const bufferMax = opts.bufferBatches ?? 20_000;
  const warmupMs = opts.warmupMs ?? 6 * 3600 * 1000;
  const log = opts.log ?? (() => {});
  const buffer: Batch[] = [];
  let seq = 0;
  let paused = false;
  const received: ActionMessage[] = [];

  const pushBatch = (readings: Reading[], feedTime: number) => {
    const batch: Batch = { feedId, seq: ++seq, feedTime, readings };
    buffer.push(batch);
    if (buffer.length > bufferMax) buffer.splice(0, buffer.length - bufferMax);
    return batch;
  };
  opts.warmUp?.((readings, feedTime) => {
    for (const chunk of chunks(readings, maxBatch)) pushBatch(chunk, feedTime);
  });

  // ---- binary batches: an append-only sensor-id dictionary per feed id, sent to each connection as it grows ----
  const offered = opts.batchEncodings ?? BATCH_ENCODINGS;
  const columnsMin = opts.columnsMinReadings ?? DEFAULT_COLUMNS_MIN_READINGS;
  const dictIds: string[] = [];
  const dictAt = new Map<string, number>();
  const indexOf = (id: string) => {
    let i = dictAt.get(id);
    if (i === undefined) {
      i = dictIds.push(id) - 1;
      dictAt.set(id, i);
    }
    return i;
  };
  /** Each batch's frame, encoded once for every client and resend (null: it goes as JSON). Freed with the batch. */
  const frames = new WeakMap<Batch, Uint8Array | null>();
  const frameOf = (b: Batch): Uint8Array | null => {
    let f = frames.get(b);
    if (f !== undefined) return f;
    f = null;
    // Past the dictionary's cap (ids churning without end) batches go as JSON.
    if (dictIds.length + b.readings.length <= MAX_DICTIONARY_IDS) {
      try {
        f = encodeColumns(b, indexOf);
      } catch (e) {
        // Cannot be framed (a lone surrogate in a field name, say): it goes as JSON, as sent. Ids it added stay valid.
        log(`batch ${b.seq} goes as JSON: ${(e as Error).message}`);
      }
    }
    frames.set(b, f);
    return f;
  };
  type ConnData = { protocol?: ProtocolVersion; columns?: boolean; idsSent?: number };
  /** One batch to one client: as a binary frame when it chose binary and the batch is big enough, else as JSON. */
  const sendBatch = (socket: Socket, b: Batch) => {
    const d = socket.data as ConnData;
    const frame = d.columns && b.readings.length >= columnsMin ? frameOf(b) : null;
    if (!frame) return void socket.emit(EV.batch, b);
    let sent = d.idsSent ?? 0;
    while (sent < dictIds.length) {
      const ids = dictIds.slice(sent, sent + MAX_SENSOR_IDS_PER_MESSAGE);
      socket.emit(EV.sensorIds, { feedId, from: sent, ids });
      sent += ids.length;
    }
    d.idsSent = sent;
    socket.emit(EV.batchColumns, frame);
  };
  const broadcast = (b: Batch) => {
    if (b.readings.length < columnsMin) return void io.to('live').emit(EV.batch, b);
    io.to('live').except('columns').emit(EV.batch, b);
    for (const socket of io.sockets.sockets.values()) if (socket.rooms.has('live') && socket.rooms.has('columns')) sendBatch(socket, b);
  };

  const catalogueMessage = () => ({ feedId, ...opts.catalogue() });
  const sourcesMessage = (): SourcesMessage | null => (opts.sources ? { feedId, at: Date.now(), sources: opts.sources() } : null);

  const http: HttpServer = createServer((req, res) => {
    if (req.url === '/health' || req.url?.startsWith('/health?')) return health(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`CityDesk feed: connect with Socket.IO, protocol v${PROTOCOL_VERSION}; status at /health\n`);
  });
  const health = (req: IncomingMessage, res: ServerResponse) => {
    if (opts.token !== undefined && !sameSecret(bearer(req.headers.authorization), opts.token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end('{"error":"this hub needs its token as Authorization: Bearer TOKEN"}\n');
      return;
    }
    const body = { feedId, name: opts.name, feedTime: clock.feedTime(), lastSeq: seq, clients: io.engine.clientsCount, sensors: opts.catalogue().sensors.length, sources: opts.sources?.() ?? [] };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  // A client sends operator actions only (a few kB): a bigger message closes that client's connection (PROTOCOL.md).
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES, cors: { origin: false } });

  if (opts.token !== undefined) {
    const token = opts.token;
    io.use((socket, next) => {
      const auth: unknown = socket.handshake.auth;
      const given = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).token : undefined;
      if (typeof given !== 'string' || !sameSecret(given, token)) next(new Error('unauthorized'));
      else next();
    });
  }

  const helloFor = (): Hello => ({
    protocol: PROTOCOL_VERSION,
    feedId,
    name: opts.name,
    demo: opts.demo,
    feedTime: clock.feedTime(),
    speed: clock.speed,
    oldestSeq: buffer[0]?.seq ?? seq + 1,
    nextSeq: seq + 1,
  });

  io.on('connection', (socket: Socket) => {
    socket.emit(EV.hello, helloFor());
    socket.on(EV.subscribe, (raw: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: SubscribeAck) => void) : () => {};
      const parsed = subscribeSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: `bad subscribe: ${describeZodError(parsed.error)}` });
      const version = parsed.data.protocol;
      if (!isSupportedProtocol(version)) {
        return reply({ ok: false, error: `protocol ${version} not supported; this feed speaks ${SUPPORTED_PROTOCOLS.join(' and ')}` });
      }
      const conn = socket.data as ConnData;
      conn.protocol = version;
      // The server's choice among the client's encodings (JSON when none is shared: v1 clients, v1-only servers).
      const encoding = offered.find((e) => parsed.data.encodings?.includes(e));
      conn.columns = encoding !== undefined;
      if (conn.columns) void socket.join('columns');
      else void socket.leave('columns');
      const { lastSeq } = parsed.data;
      const oldest = buffer[0]?.seq ?? seq + 1;
      let resendFrom: number;
      let lost: { from: number; to: number } | null = null;
      if (lastSeq === null) {
        const warmFrom = clock.feedTime() - warmupMs;
        resendFrom = buffer.find((b) => b.feedTime >= warmFrom)?.seq ?? seq + 1;
      } else if (lastSeq >= seq) {
        resendFrom = seq + 1; // up to date (or ahead, after a server restart: nothing to resend)
      } else if (lastSeq + 1 >= oldest) {
        resendFrom = lastSeq + 1;
      } else {
        lost = { from: lastSeq + 1, to: oldest - 1 };
        resendFrom = oldest;
      }
      reply({ ok: true, resend: resendFrom <= seq ? { from: resendFrom, to: seq } : null, lost, nextSeq: seq + 1, ...(encoding ? { batchEncoding: { name: encoding, minReadings: columnsMin } } : {}) });
      socket.emit(EV.catalogue, catalogueForProtocol(catalogueMessage(), version));
      const status = sourcesMessage();
      if (status) socket.emit(SOURCES_EVENT, status);
      for (const b of buffer) if (b.seq >= resendFrom) sendBatch(socket, b);
      void socket.join('live');
    });
    socket.on(EV.action, (raw: unknown, ack: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (a: ActionAck) => void) : () => {};
      const parsed = actionSchema.safeParse(raw);
      if (!parsed.success) return reply({ ok: false, error: `invalid action: ${describeZodError(parsed.error)}` });
      if (parsed.data.sensorId !== null && !opts.catalogue().sensors.some((s) => s.id === parsed.data.sensorId)) return reply({ ok: false, error: `unknown sensor ${parsed.data.sensorId}` });
      if (!received.some((a) => a.id === parsed.data.id)) received.push(parsed.data); // idempotent by id
      reply({ ok: true });
    });
  });

  let sentCatalogue = opts.catalogueVersion();
  const tick = () => {
    if (paused) return;
    const t = clock.feedTime();
    const due = opts.produce(t);
    // New sensors reach the clients before their first readings.
    const version = opts.catalogueVersion();
    if (version !== sentCatalogue) {
      sentCatalogue = version;
      // Each subscribed client in its own version (a v1 client gets the v1 part of it).
      const msg = catalogueMessage();
      for (const socket of io.sockets.sockets.values()) {
        const v = (socket.data as { protocol?: ProtocolVersion }).protocol;
        if (v !== undefined && socket.rooms.has('live')) socket.emit(EV.catalogue, catalogueForProtocol(msg, v));
      }
    }
    const parts = chunks(due, maxBatch);
    if (parts.length === 0) parts.push([]); // heartbeat: keeps seq and the feed clock moving
    for (const part of parts) broadcast(pushBatch(part, t));
  };
  const timer = setInterval(tick, tickMs);

  let lastStatus = '';
  const pushStatus = () => {
    const msg = sourcesMessage();
    if (!msg) return;
    const key = JSON.stringify(msg.sources);
    if (key === lastStatus) return;
    lastStatus = key;
    io.to('live').emit(SOURCES_EVENT, msg);
  };
  const statusTimer = opts.sources ? setInterval(pushStatus, 1000) : null;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`feed ${feedId} on ${url} (protocol v${PROTOCOL_VERSION}, speed ${clock.speed})`);

  return {
    url,
    port,
    feedId,
    io,
    feedTime: () => clock.feedTime(),
    lastSeq: () => seq,
    pause: () => void (paused = true),
    resume: () => void (paused = false),
    tick,
    buffered: () => buffer,
    actions: () => received,
    clients: () => io.engine.clientsCount,
    close: async () => {
      clearInterval(timer);
      if (statusTimer) clearInterval(statusTimer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve, reject) => {
        io.close(() => resolve()).catch(reject);
      });
      http.closeAllConnections?.();
    },
  };
}

function bearer(header: string | undefined): string {
  const m = /^Bearer (\S+)$/i.exec(header ?? '');
  return m ? m[1]! : '';
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
