/**
 * The feed client: one Socket.IO connection speaking protocol v1. Validates every message on arrival, keeps the
 * valid readings of a batch and counts the rest by reason, resumes from the last sequence it holds after any
 * disconnect, and reconnects with backoff. It knows nothing of storage or the UI: it reports to a sink.
 */
import { io, type Socket } from 'socket.io-client';
import type { Reading, Sensor } from '../../shared/model';
import {
  EV,
  actionAckSchema,
  type ActionMessage,
  PROTOCOL_VERSION,
  batchSchema,
  catalogueSchema,
  describeZodError,
  helloSchema,
  sensorSchema,
  subscribeAckSchema,
  validateReading,
  type Hello,
  type RejectReason,
} from '../../shared/protocol';

export type FeedConnection = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'incompatible';

export interface FeedSink {
  hello(h: Hello): void;
  catalogue(sensors: Sensor[]): void;
  /** Valid readings of one batch (possibly empty), with the batch's sequence number and feed time. */
  readings(readings: Reading[], seq: number, feedTime: number): void;
  reject(reason: RejectReason, detail: string, count?: number): void;
  /** The server could no longer supply these sequence numbers (inclusive). */
  lost(range: { from: number; to: number }): void;
  connection(state: FeedConnection, error?: string): void;
  /** A reconnection attempt is starting (1, 2, ...). */
  reconnectAttempt?(attempt: number): void;
}

export interface FeedClientOptions {
  url: string;
  token?: string;
  /** What a cache holds of a feed: if the server's hello names this feed, the first subscribe resumes from lastSeq. */
  resumeFrom?: { feedId: string; lastSeq: number | null } | null;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

export class FeedClient {
  private readonly socket: Socket;
  private catalogue = new Map<string, Sensor>();
  private lastSeqHeld: number | null;
  private feedId: string | null = null;
  private subscribed = false;
  private readonly log: NonNullable<FeedClientOptions['log']>;

  constructor(
    private readonly opts: FeedClientOptions,
    private readonly sink: FeedSink,
  ) {
    this.lastSeqHeld = null;
    this.log = opts.log ?? (() => {});
    this.socket = io(opts.url, {
      auth: opts.token !== undefined ? { token: opts.token } : {},
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: opts.reconnectDelayMs ?? 1000,
      reconnectionDelayMax: opts.reconnectDelayMaxMs ?? 30_000,
      randomizationFactor: 0.5,
      timeout: 10_000,
    });
    sink.connection('connecting');
    this.socket.on('connect', () => this.log('info', `feed connected: ${opts.url}`));
    this.socket.on('disconnect', (reason) => {
      this.subscribed = false;
      if (this.closed) return; // closed on purpose (or refused as incompatible): keep that state
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
  }

  private closed = false;

  get lastSeq(): number | null {
    return this.lastSeqHeld;
  }

  private onHello(raw: unknown): void {
    const parsed = helloSchema.safeParse(raw);
    if (!parsed.success) {
      this.reject('malformed-message', `hello: ${describeZodError(parsed.error)}`);
      return;
    }
    const h = parsed.data;
    if (h.protocol !== PROTOCOL_VERSION) {
      this.sink.connection('incompatible', `the feed speaks protocol ${h.protocol}; this app speaks ${PROTOCOL_VERSION}`);
      this.reject('protocol-version', `hello with protocol ${h.protocol}`);
      this.close();
      return;
    }
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
    this.socket.timeout(15_000).emit(EV.subscribe, { protocol: PROTOCOL_VERSION, lastSeq: this.lastSeqHeld }, (err: Error | null, raw: unknown) => {
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
      this.sink.connection('connected');
      if (ack.data.lost) {
        // Those batches are gone for good: report them (a gap, never hidden) and continue after them.
        this.sink.lost(ack.data.lost);
        this.lastSeqHeld = Math.max(this.lastSeqHeld ?? 0, ack.data.lost.to);
      }
    });
  }

  private onCatalogue(raw: unknown): void {
    const env = catalogueSchema.safeParse(raw);
    if (!env.success) {
      this.reject('malformed-message', `catalogue: ${describeZodError(env.error)}`);
      return;
    }
    const sensors: Sensor[] = [];
    env.data.sensors.forEach((s, i) => {
      const p = sensorSchema.safeParse(s);
      if (p.success) sensors.push(p.data);
      else this.reject('malformed-message', `catalogue.sensors[${i}]: ${describeZodError(p.error)}`);
    });
    this.catalogue = new Map(sensors.map((s) => [s.id, s]));
    this.sink.catalogue(sensors);
  }

  private onBatch(raw: unknown): void {
    const env = batchSchema.safeParse(raw);
    if (!env.success) {
      this.reject('malformed-message', `batch: ${describeZodError(env.error)}`);
      return;
    }
    const b = env.data;
    if (this.feedId !== null && b.feedId !== this.feedId) {
      this.reject('wrong-feed', `batch for feed ${b.feedId}, connected to ${this.feedId}`);
      return;
    }
    const valid: Reading[] = [];
    const bad = new Map<RejectReason, { n: number; detail: string }>();
    for (let i = 0; i < b.readings.length; i++) {
      const v = validateReading(b.readings[i], this.catalogue);
      if (v.ok) valid.push(v.reading);
      else {
        const e = bad.get(v.reason);
        if (e) e.n++;
        else bad.set(v.reason, { n: 1, detail: `batch ${b.seq} readings[${i}]: ${v.detail}` });
      }
    }
    for (const [reason, { n, detail }] of bad) this.reject(reason, detail, n);
    const held = this.lastSeqHeld;
    const jumped = held !== null && b.seq > held + 1;
    if (held === null || b.seq === held + 1) this.lastSeqHeld = b.seq;
    this.sink.readings(valid, b.seq, b.feedTime);
    if (jumped && this.subscribed) {
      // A hole in the sequence on a live connection: ask again from what we hold (duplicates are harmless).
      this.log('warn', `sequence jumped from ${held} to ${b.seq}; resubscribing`);
      this.subscribed = false;
      this.subscribe();
    }
  }

  get connected(): boolean {
    return this.subscribed && this.socket.connected;
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

  private reject(reason: RejectReason, detail: string, count = 1): void {
    this.log('warn', `rejected (${reason}${count > 1 ? ` x${count}` : ''}): ${detail}`);
    this.sink.reject(reason, detail, count);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }
}
