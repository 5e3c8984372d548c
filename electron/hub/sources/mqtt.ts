/**
 * The MQTT source (mqtt.js 5): subscribes to topics on a broker and delivers each message as a record
 * `{ topic, payload }` (payload parsed as JSON, text or CSV), so that a mapping can read both. Payloads that cannot be
 * read, or that are over the size limit, are counted by reason and skipped. When the broker cannot be reached, refuses
 * the credentials or refuses a subscription, or when the connection drops, the source reports it as failing and
 * connects again with back-off (a fresh client each time, so no state of a broken connection is carried over).
 */
import type { Socket } from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { backoffMs, type Source, type SourceRecord, type SourceSink } from './source';
import { decodePayload, type PayloadFormat } from './mqtt-payload';

export interface MqttSourceOptions {
  /** mqtt://host:port or mqtts://host:port (credentials go in username/password, never in the URL). */
  url: string;
  /** Topic filters, with + and # wildcards. */
  topics: readonly string[];
  qos?: 0 | 1 | 2;
  clientId?: string;
  username?: string;
  password?: string;
  payload: PayloadFormat;
  /** csv-line: column names for the fields of each line. */
  csvColumns?: readonly string[];
  /** Payloads above this size are refused (counted as 'payload-too-large'). Default 256 KiB. */
  maxPayloadBytes?: number;
  /** Time allowed for the broker's CONNACK. Default 10 s. */
  connectTimeoutMs?: number;
  /** Longest wait between reconnects. Default 60 s. */
  backoffCapMs?: number;
}

export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

/** Why the source is failing, as reported to sink.failing. */
export type MqttFailure = 'broker-unreachable' | 'auth-refused' | 'connect-refused' | 'subscribe-refused';

/** CONNACK codes that mean "these credentials are not accepted": MQTT 3.1.1 (4, 5) and MQTT 5 (134, 135). */
const AUTH_CODES = new Set([4, 5, 134, 135]);

/** The URL without any user:password part, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Sorts a connection error into a failure reason. */
function classify(err: Error & { code?: unknown }): MqttFailure {
  if (typeof err.code === 'number') return AUTH_CODES.has(err.code) ? 'auth-refused' : 'connect-refused';
  return 'broker-unreachable';
}

/** What is wrong with an MQTT topic filter (MQTT 3.1.1 section 4.7), or null if it is valid. */
export function topicFilterProblem(filter: string): string | null {
  if (filter.length === 0) return 'a topic filter cannot be empty';
  if (filter.includes('\0')) return 'a topic filter cannot contain the null character';
  if (Buffer.byteLength(filter) > 65_535) return 'a topic filter is at most 65,535 bytes';
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return "'#' must be a whole level, and the last one";
    if (level.includes('+') && level !== '+') return "'+' must be a whole level";
  }
  return null;
}

export function createMqttSource(opts: MqttSourceOptions): Source {
  if (!/^mqtts?:\/\//i.test(opts.url)) throw new Error(`MQTT source: url must start with mqtt:// or mqtts://, not ${JSON.stringify(safeUrl(opts.url))}`);
  if (!URL.canParse(opts.url)) throw new Error(`MQTT source: url ${JSON.stringify(safeUrl(opts.url))} is not a URL`);
  if (opts.topics.length === 0) throw new Error('MQTT source: at least one topic is needed');
  for (const t of opts.topics) {
    const problem = topicFilterProblem(t);
    if (problem) throw new Error(`MQTT source: topic ${JSON.stringify(t)}: ${problem}`);
  }
  const where = safeUrl(opts.url);
  const decode = { format: opts.payload, maxPayloadBytes: opts.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES, csvColumns: opts.csvColumns };
  const qos = opts.qos ?? 0;

  let sink: SourceSink | null = null;
  let client: MqttClient | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let stopped = false;
  let stopping: Promise<void> | null = null;

  const clientOptions = (): IClientOptions => ({
    reconnectPeriod: 0, // this source reconnects itself, with back-off
    resubscribe: false, // and subscribes on every connect itself, to see each SUBACK
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    clean: true,
    ...(opts.clientId !== undefined && { clientId: opts.clientId }),
    ...(opts.username !== undefined && { username: opts.username }),
    ...(opts.password !== undefined && { password: opts.password }),
  });

  const onMessage = (topic: string, payload: Buffer) => {
    const s = sink;
    if (!s || stopped) return;
    const decoded = decodePayload(payload, decode);
    if (!decoded.ok) {
      s.unparsable(decoded.reason, decoded.detail, topic);
      return;
    }
    const receivedAt = Date.now();
    const records: SourceRecord[] = decoded.values.map((payload) => ({ value: { topic, payload }, origin: topic, receivedAt }));
    s.records(records);
  };

  const connect = () => {
    retryTimer = null;
    if (stopped) return;
    const c = mqtt.connect(opts.url, clientOptions());
    client = c;
    let lastError: (Error & { code?: unknown }) | null = null;
    let failed = false;

    /** Reports the failure once for this client, drops the client and schedules the next attempt. */
    const fail = (reason: MqttFailure, detail: string) => {
      if (failed || stopped || client !== c) return;
      failed = true;
      client = null;
      c.removeAllListeners('message');
      c.end(true);
      const wait = backoffMs(attempt++, opts.backoffCapMs ?? 60_000);
      sink?.failing(reason, detail, wait);
      retryTimer = setTimeout(connect, wait);
    };

    c.on('message', onMessage);
    c.on('error', (err) => {
      lastError = err;
      // A refused CONNACK closes the stream too; report the refusal now, with its reason, not as a lost connection.
      if (typeof (err as { code?: unknown }).code === 'number') fail(classify(err), `${where}: ${err.message}`);
    });
    c.on('close', () => {
      const why = lastError ? lastError.message : 'connection closed';
      fail(lastError ? classify(lastError) : 'broker-unreachable', `${where}: ${why}`);
    });
    c.on('connect', () => {
      // Acknowledgements (QoS 1 and 2) and SUBSCRIBE go out at once, not held back by Nagle's algorithm for up to 40 ms.
      (c.stream as Partial<Socket>).setNoDelay?.(true);
      c.subscribe([...opts.topics], { qos }, (err, granted) => {
        if (failed || stopped || client !== c) return;
        const refused = (granted ?? []).filter((g) => (g.qos & 0x80) !== 0).map((g) => g.topic);
        if (err || refused.length) {
          fail('subscribe-refused', `${where}: ${refused.length ? `${refused.join(', ')}: ` : ''}${err?.message ?? 'refused by the broker'}`);
          return;
        }
        attempt = 0;
        sink?.ok();
      });
    });
  };

  return {
    start(s) {
      if (sink) return;
      sink = s;
      connect();
    },
    stop() {
      if (stopping) return stopping;
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const c = client;
      client = null;
      stopping = c ? endClient(c) : Promise.resolve();
      return stopping;
    },
  };
}

/** Disconnects cleanly (DISCONNECT sent) when connected, else closes the socket; never hangs on a dead broker. */
async function endClient(c: MqttClient): Promise<void> {
  c.removeAllListeners('message');
  if (!c.connected) {
    await c.endAsync(true);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const clean = c.endAsync(false);
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 2000)));
  if ((await Promise.race([clean, timeout])) === 'timeout') await c.endAsync(true);
  clearTimeout(timer);
}
