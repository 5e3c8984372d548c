/**
 * The feed client: one Socket.IO connection speaking protocol v2 (or v1 with a v1 feed). Validates every message on arrival, keeps the
 * valid readings of a batch and counts the rest by reason, resumes from the last sequence it holds after any
 * disconnect, and reconnects with backoff. It knows nothing of storage or the UI: it reports to a sink.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Reading, Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import {
  BATCH_ENCODINGS,
  EV,
  MAX_DICTIONARY_IDS,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  actionAckSchema,
  describeSpan,
  describeZodError,
  sensorIdsSchema,
  subscribeAckSchema,
  rawMetricSets,
  type ActionMessage,
  type BatchEncoding,
  type Hello,
  type ProtocolVersion,
  type RawMetricSets,
  type RejectReason,
} from '../../shared/protocol';
import { SOURCES_EVENT, sourcesMessageSchema, type SourcesMessage } from '../../shared/source-status';
import { PlausibleFeedClock } from './plausible-clock';
import { shippedRegistry } from './registry';
import { checkBatch, checkCatalogue, checkColumnsBatch, checkHello, type BatchCheck, type Reject, type ValidCatalogue } from './validation';

export type FeedConnection = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'incompatible';

export interface FeedSink {
  hello(h: Hello): void;
  /** A catalogue as accepted: its valid sensors, the feed's valid types and city, and the registry they make. */
  catalogue(catalogue: ValidCatalogue): void;
  /**
   * Valid readings of one batch (possibly empty), with the batch's sequence number and feed time; feedTime is null
   * when the batch's clock was rejected as implausible (its readings were checked against the plausible clock).
   * `withUnknownMetrics`: the readings that carried metrics their type lacks (left out, counted as rejects).
   */
  readings(readings: Reading[], seq: number, feedTime: number | null, withUnknownMetrics: ReadonlySet<Reading>): void;
  reject(reason: RejectReason, detail: string, count?: number): void;
  /** The server could no longer supply these sequence numbers (inclusive). */
  lost(range: { from: number; to: number }): void;
  connection(state: FeedConnection, error?: string): void;
  /** A reconnection attempt is starting (1, 2, ...). */
  reconnectAttempt?(attempt: number): void;
  /** A hub's `sources` message (its sources' states), validated. */
  sources?(message: SourcesMessage): void;
}

export interface FeedClientOptions {
  url: string;
  token?: string;
  /** What a cache holds of a feed: if the server's hello names this feed, the first subscribe resumes from lastSeq. */
  resumeFrom?: { feedId: string; lastSeq: number | null } | null;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
  /** Wall clock (tests), for the time sanity checks. */
  now?: () => number;
  /** The types the app knows before the feed sends its own (default: the shipped types). */
  types?: SensorTypeRegistry;
  /**
   * The binary batch encodings announced in subscribe (default: every one this build speaks; [] = JSON only, as a
   * client before binary batches). The server chooses; JSON always works.
   */
  batchEncodings?: readonly BatchEncoding[];
}

/** After refusing a hello (implausible clock), the client waits this long before it connects again. */
const REFUSED_RETRY_MS = 30_000;

export class FeedClient {
  private readonly socket: Socket;
  private catalogue = new Map<string, Sensor>();
  private readonly baseTypes: SensorTypeRegistry;
  private metrics: RawMetricSets;
  /** The protocol of the connected feed's hello (this client speaks it back). */
  private protocol: ProtocolVersion = PROTOCOL_VERSION;
  private lastSeqHeld: number | null;
  private feedId: string | null = null;
  private subscribed = false;
  private readonly log: NonNullable<FeedClientOptions['log']>;
  private readonly wallNow: () => number;
  private readonly plausible: PlausibleFeedClock;
  private retryTimer: NodeJS.Timeout | null = null;
  /** This connection's sensor-id dictionary (binary batches index it); emptied at every hello (a new connection). */
  private sensorIds: string[] = [];
  /** The encoding the server chose at the last subscribe, or null (JSON). */
  private chosenEncoding: string | null = null;

  constructor(
    private readonly opts: FeedClientOptions,
    private readonly sink: FeedSink,
  ) {
    this.lastSeqHeld = null;
    this.log = opts.log ?? (() => {});
    this.wallNow = opts.now ?? Date.now;
    this.plausible = new PlausibleFeedClock(this.wallNow);
    this.baseTypes = opts.types ?? shippedRegistry();
    this.metrics = rawMetricSets(this.baseTypes);
    const options: Partial<ManagerOptions & SocketOptions> & { maxPayload: number } = {
      // A bigger WebSocket message is refused by ws before it is buffered (it closes the connection): memory stays
      // bounded whatever the server sends. The client reconnects and resumes; the reject is counted. engine.io-client
      // hands maxPayload to ws in Node (its types do not list it; tests/hostile/feed-size.test.ts proves it holds).
      maxPayload: MAX_MESSAGE_BYTES,
      auth: opts.token !== undefined ? { token: opts.token } : {},
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: opts.reconnectDelayMs ?? 1000,
      reconnectionDelayMax: opts.reconnectDelayMaxMs ?? 30_000,
      randomizationFactor: 0.5,
      timeout: 10_000,
    };
    this.socket = io(opts.url, options);
    sink.connection('connecting');
    this.socket.on('connect', () => this.log('info', `feed connected: ${opts.url}`));
    this.socket.on('disconnect', (reason, details) => {
      this.subscribed = false;
      if (this.closed) return; // closed on purpose (or refused as incompatible): keep that state
      if (isOversized(details)) this.reject('message-too-large', `the feed sent a message over ${describeBytes(MAX_MESSAGE_BYTES)}; the connection was closed before it was read (reconnecting)`);
      if (this.retryTimer) return; // refused (implausible clock): the refusal stays the status until the retry
      sink.connection('disconnected', `disconnected: ${reason}`);
      // A server-side disconnect does not reconnect by itself in Socket.IO: do it, unless we closed on purpose.
      if (reason === 'io server disconnect' && !this.closed) setTimeout(() => !this.closed && this.socket.connect(), opts.reconnectDelayMs ?? 1000);
    });
    this.socket.on('connect_error', (err) => {
      const msg = err.message || String(err);
      sink.connection(msg === 'unauthorized' ? 'unauthorized' : 'disconnected', msg === 'unauthorized' ? 'the feed refused the token' : `cannot reach the feed: ${msg}`);
      if (msg === 'unauthorized') this.socket.io.reconnectionDelay(30_000);
    });
    this.socket.io.on('reconnect_attempt', (n) => sink.reconnectAttempt?.(n));
    this.socket.on(EV.hello, (raw: unknown) => this.onHello(raw));
    this.socket.on(EV.catalogue, (raw: unknown) => this.onCatalogue(raw));
    this.socket.on(EV.batch, (raw: unknown) => this.onBatch(raw));
    this.socket.on(EV.sensorIds, (raw: unknown) => this.onSensorIds(raw));
    this.socket.on(EV.batchColumns, (raw: unknown) => this.onColumnsBatch(raw));
    this.socket.on(SOURCES_EVENT, (raw: unknown) => {
      const m = sourcesMessageSchema.safeParse(raw);
      if (m.success) this.sink.sources?.(m.data);
      else this.log('warn', `a sources message that is not valid was ignored: ${describeZodError(m.error)}`);
    });
  }

  private closed = false;

  get lastSeq(): number | null {
    return this.lastSeqHeld;
  }

  private onHello(raw: unknown): void {
    const check = checkHello(raw, this.wallNow());
    if (!check.ok) {
      this.rejectAll([check.reject]);
      if (check.refusal === 'protocol') {
        this.sink.connection('incompatible', `the feed speaks another protocol (${check.reject.detail})`);
        this.close();
      } else if (check.refusal === 'clock') this.refuse(`the feed's clock is implausible, nothing is taken from it: ${check.reject.detail}`);
      return;
    }
    const h = check.hello;
    this.protocol = h.protocol;
    // A hello opens every connection: the server's dictionary for it starts empty, so does ours.
    this.sensorIds = [];
    this.plausible.hello(h.feedTime, h.speed);
    if (this.feedId === null && this.opts.resumeFrom?.feedId === h.feedId) this.lastSeqHeld = this.opts.resumeFrom.lastSeq;
    if (this.feedId !== null && this.feedId !== h.feedId) {
      // A different feed behind the same address: its sequence numbers mean nothing to us.
      this.log('warn', `feed id changed from ${this.feedId} to ${h.feedId}; starting fresh`);
      this.lastSeqHeld = null;
    }
    this.feedId = h.feedId;
    this.sink.hello(h);
    this.subscribe();
  }

  private subscribe(): void {
    const encodings = this.opts.batchEncodings ?? BATCH_ENCODINGS;
    const msg = { protocol: this.protocol, lastSeq: this.lastSeqHeld, ...(encodings.length ? { encodings: [...encodings] } : {}) };
    this.socket.timeout(15_000).emit(EV.subscribe, msg, (err: Error | null, raw: unknown) => {
      if (err) {
        this.log('warn', 'subscribe not acknowledged; reconnecting');
        this.socket.disconnect().connect();
        return;
      }
      const ack = subscribeAckSchema.safeParse(raw);
      if (!ack.success) {
        this.reject('malformed-message', `subscribe ack: ${describeZodError(ack.error)}`);
        return;
      }
      if (!ack.data.ok) {
        this.sink.connection('incompatible', ack.data.error);
        return;
      }
      this.subscribed = true;
      this.chosenEncoding = ack.data.batchEncoding?.name ?? null;
      if (this.chosenEncoding) this.log('info', `batches of ${ack.data.batchEncoding!.minReadings.toLocaleString('en-US')} readings or more come as ${this.chosenEncoding}`);
      this.sink.connection('connected');
      if (ack.data.lost) {
        // Those batches are gone for good: report them (a gap, never hidden) and continue after them.
        this.sink.lost(ack.data.lost);
        this.lastSeqHeld = Math.max(this.lastSeqHeld ?? 0, ack.data.lost.to);
      }
    });
  }

  private onCatalogue(raw: unknown): void {
    const check = checkCatalogue(raw, this.protocol, this.baseTypes);
    this.rejectAll(check.rejects);
    for (const w of check.warnings) this.log('warn', w);
    const cat = check.catalogue;
    if (!cat) return;
    this.catalogue = new Map(cat.sensors.map((s) => [s.id, s]));
    this.metrics = rawMetricSets(cat.registry);
    this.sink.catalogue(cat);
  }

  private batchContext() {
    return { feedId: this.feedId, catalogue: this.catalogue, metrics: this.metrics, plausibleNow: this.plausible.now(), batchClockLimit: this.plausible.batchLimit() };
  }

  private onBatch(raw: unknown): void {
    this.accept(checkBatch(raw, this.batchContext()));
  }

  /** A binary batch: decoded and checked whole, then the same path as a JSON batch. */
  private onColumnsBatch(raw: unknown): void {
    this.accept(checkColumnsBatch(raw, this.sensorIds, this.batchContext()));
  }

  /** The connection's sensor-id dictionary grows. Out of step (a lost or repeated part): reconnect, which restarts it. */
  private onSensorIds(raw: unknown): void {
    const m = sensorIdsSchema.safeParse(raw);
    let problem: string | null = null;
    if (!m.success) problem = `sensor-ids: ${describeZodError(m.error)}`;
    else if (this.feedId !== null && m.data.feedId !== this.feedId) problem = `sensor-ids for feed ${m.data.feedId}, connected to ${this.feedId}`;
    else if (m.data.from !== this.sensorIds.length) problem = `sensor-ids from ${m.data.from}, this connection holds ${this.sensorIds.length}`;
    else if (this.sensorIds.length + m.data.ids.length > MAX_DICTIONARY_IDS) problem = `sensor-ids beyond ${MAX_DICTIONARY_IDS.toLocaleString('en-US')} ids`;
    if (problem === null && m.success) {
      for (const id of m.data.ids) this.sensorIds.push(id);
      return;
    }
    this.reject('malformed-message', `${problem}; reconnecting to start the dictionary again`);
    this.subscribed = false;
    this.socket.disconnect().connect();
  }

  private accept(check: BatchCheck): void {
    this.rejectAll(check.rejects);
    const b = check.batch;
    if (!b) return;
    // A batch whose clock was rejected still counts in the sequence (its valid readings are kept): resume stays
    // sound, and a feed with a broken clock cannot cause a resubscribe loop.
    const held = this.lastSeqHeld;
    const jumped = held !== null && b.seq > held + 1;
    if (held === null || b.seq === held + 1) this.lastSeqHeld = b.seq;
    this.sink.readings(b.readings, b.seq, b.feedTime, b.withUnknownMetrics);
    if (jumped && this.subscribed) {
      // A hole in the sequence on a live connection: ask again from what we hold (duplicates are harmless).
      this.log('warn', `sequence jumped from ${held} to ${b.seq}; resubscribing`);
      this.subscribed = false;
      this.subscribe();
    }
  }

  /**
   * Refuses this connection (an implausible hello): disconnects, says why, and tries again after REFUSED_RETRY_MS
   * (the feed may have been fixed meanwhile).
   */
  private refuse(why: string): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.socket.connect();
    }, REFUSED_RETRY_MS);
    this.socket.disconnect();
    this.sink.connection('disconnected', `${why} (trying again in ${describeSpan(REFUSED_RETRY_MS)})`);
  }

  get connected(): boolean {
    return this.subscribed && this.socket.connected;
  }

  /** The binary batch encoding the server chose at the last subscribe, or null (JSON only). */
  get batchEncoding(): string | null {
    return this.chosenEncoding;
  }

  get currentFeedId(): string | null {
    return this.feedId;
  }

  /**
   * Sends an operator action and waits for the feed's answer: 'accepted', 'rejected' (the feed refused it: do not
   * retry) or 'unsent' (no answer: keep it queued).
   */
  async sendAction(a: ActionMessage, timeoutMs = 10_000): Promise<{ result: 'accepted' } | { result: 'rejected'; error: string } | { result: 'unsent'; error: string }> {
    if (!this.connected) return { result: 'unsent', error: 'not connected' };
    try {
      const raw: unknown = await this.socket.timeout(timeoutMs).emitWithAck(EV.action, a);
      const ack = actionAckSchema.safeParse(raw);
      if (!ack.success) return { result: 'unsent', error: `malformed action ack: ${describeZodError(ack.error)}` };
      return ack.data.ok ? { result: 'accepted' } : { result: 'rejected', error: ack.data.error };
    } catch (e) {
      return { result: 'unsent', error: e instanceof Error ? e.message : String(e) };
    }
  }

  private rejectAll(rejects: readonly Reject[]): void {
    for (const r of rejects) this.reject(r.reason, r.detail, r.count);
  }

  private reject(reason: RejectReason, detail: string, count = 1): void {
    this.log('warn', `rejected (${reason}${count > 1 ? ` x${count}` : ''}): ${detail}`);
    this.sink.reject(reason, detail, count);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket.close();
  }
}

/** Whether a disconnect's details say ws refused a message over maxPayload (ws: "Max payload size exceeded", close code 1009). */
function isOversized(details: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number): boolean => {
    if (x === null || typeof x !== 'object' || depth > 4 || seen.has(x)) return false;
    seen.add(x);
    const o = x as Record<string, unknown>;
    if (o.code === 1009 || o.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return true;
    if (typeof o.message === 'string' && /max payload size exceeded/i.test(o.message)) return true;
    return ['description', 'error', 'context', 'cause'].some((k) => walk(o[k], depth + 1));
  };
  return walk(details, 0);
}

function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
