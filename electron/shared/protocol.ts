/**
 * CityDesk feed protocol, version 1 (see PROTOCOL.md beside this file). Schemas for every message that crosses the
 * Socket.IO connection; both the client and the demo server validate with them.
 */
import { z } from 'zod';
import { METRICS, SENSOR_KINDS, type Reading, type Sensor, type SensorKind } from './model';

export const PROTOCOL_VERSION = 1;

/** Socket.IO event names. */
export const EV = {
  hello: 'hello',
  subscribe: 'subscribe',
  catalogue: 'catalogue',
  batch: 'batch',
  action: 'action',
} as const;

const finite = z.number().finite();
const lngLat = z.tuple([finite.min(-180).max(180), finite.min(-90).max(90)]);

// ---- size caps (PROTOCOL.md, "Size caps") ----

/** Largest Socket.IO message the client accepts (bytes of one WebSocket message); a bigger one closes the connection. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Largest message a feed server accepts from a client (operator actions are a few kB). */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/** Most sensors in one catalogue; a bigger catalogue is rejected whole (the previous one stays). */
export const MAX_SENSORS = 20_000;
/** Most attributes of one sensor, and the longest attribute name and string value. */
export const MAX_ATTRIBUTES = 64;
export const MAX_ATTRIBUTE_NAME = 100;
export const MAX_ATTRIBUTE_TEXT = 1000;
/** Most points of one sensor's LineString. */
export const MAX_LINE_POINTS = 1000;
/** Most readings in one batch. */
export const MAX_BATCH_READINGS = 100_000;

// ---- time sanity (PROTOCOL.md, "Time sanity") ----

/** No feed clock or reading time before this is plausible (2000-01-01T00:00:00Z): e.g. seconds sent as milliseconds. */
export const EARLIEST_PLAUSIBLE_TIME = Date.UTC(2000, 0, 1);
/** A hello's feed clock may be at most this far ahead of the wall clock (a replay may run ahead; not by years). */
export const MAX_FEED_AHEAD_OF_WALL_MS = 366 * 24 * 3600_000;
/**
 * A batch's feed clock may be ahead of the plausible feed clock (hello's clock + speed x wall time since hello) by at
 * most this much feed time, plus BATCH_CLOCK_SLACK_WALL_MS of wall time at the feed's speed (delays, jitter).
 */
export const BATCH_CLOCK_TOLERANCE_MS = 60 * 60_000;
export const BATCH_CLOCK_SLACK_WALL_MS = 60_000;
/** A reading may be ahead of its feed clock (the batch's, or the plausible one when the batch's was rejected) by at most this. */
export const READING_AHEAD_TOLERANCE_MS = 5 * 60_000;

export const sensorSchema = z.object({
  id: z.string().min(3).max(200).regex(/^(traffic|parking|air):[^\s]+$/, 'must look like kind:identifier'),
  kind: z.enum(SENSOR_KINDS),
  name: z.string().max(300),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: lngLat }),
    z.object({ type: z.literal('LineString'), coordinates: z.array(lngLat).min(2).max(MAX_LINE_POINTS) }),
  ]),
  expectedIntervalS: finite.positive().max(7 * 24 * 3600),
  attributes: z
    .record(z.string().max(MAX_ATTRIBUTE_NAME), z.union([z.string().max(MAX_ATTRIBUTE_TEXT), finite, z.null()]))
    .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, { message: `at most ${MAX_ATTRIBUTES} attributes` }),
}).refine((s) => s.id.startsWith(`${s.kind}:`), { message: 'id must start with its kind', path: ['id'] });

export const helloSchema = z.object({
  protocol: z.number().int().positive(),
  feedId: z.string().min(1).max(200),
  name: z.string().max(300),
  demo: z.boolean(),
  /** Feed clock at the moment hello was sent (epoch ms). */
  feedTime: finite,
  /** Feed-clock milliseconds per wall-clock millisecond (1 for a live feed). */
  speed: finite.positive(),
  /** Oldest sequence number the server can still resend. */
  oldestSeq: z.number().int().nonnegative(),
  /** Sequence number the next live batch will carry. */
  nextSeq: z.number().int().nonnegative(),
});
export type Hello = z.infer<typeof helloSchema>;

export const subscribeSchema = z.object({
  protocol: z.number().int().positive(),
  /** Last sequence number the client holds for this feed, or null for a fresh start. */
  lastSeq: z.number().int().nonnegative().nullable(),
});
export type Subscribe = z.infer<typeof subscribeSchema>;

export const subscribeAckSchema = z.union([
  z.object({
    ok: z.literal(true),
    /** Range of batches that will be resent before live batches (inclusive), or null when nothing was missed. */
    resend: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
    /** Range the client asked for that the server no longer buffers (inclusive), or null. */
    lost: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
    nextSeq: z.number().int().nonnegative(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

export const catalogueSchema = z.object({
  feedId: z.string(),
  sensors: z.array(z.unknown()),
});

/** An operator action sent to the feed (client -> server, acknowledged). Idempotent by id. */
export const actionSchema = z
  .object({
    id: z.string().min(8).max(100),
    kind: z.enum(['note', 'alarm-ack']),
    sensorId: z.string().min(3).max(200).nullable(),
    /** For 'alarm-ack': the alarm's id on this desk. */
    alarmId: z.string().min(1).max(500).nullable().optional(),
    /** A note's text, or an acknowledgement's comment (may be empty). */
    text: z.string().max(2000),
    user: z.string().min(1).max(200),
    createdAt: z.number().int().nonnegative(),
  })
  .strict()
  .refine((a) => a.kind !== 'note' || a.text.trim().length > 0, { message: 'a note cannot be empty', path: ['text'] })
  .refine((a) => a.kind !== 'alarm-ack' || !!a.alarmId, { message: 'an acknowledgement names its alarm', path: ['alarmId'] });
export type ActionMessage = z.infer<typeof actionSchema>;

export const actionAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: z.string().max(2000) })]);
export type ActionAck = z.infer<typeof actionAckSchema>;

/** The batch envelope; readings are validated one by one so that one bad reading does not cost the batch. */
export const batchSchema = z.object({
  feedId: z.string(),
  seq: z.number().int().nonnegative(),
  /** Feed clock when the batch was sent (epoch ms). */
  feedTime: finite,
  readings: z.array(z.unknown()).max(MAX_BATCH_READINGS),
});
export type BatchEnvelope = z.infer<typeof batchSchema>;

export interface Batch {
  feedId: string;
  seq: number;
  feedTime: number;
  readings: Reading[];
}

export const readingSchema = z.object({
  sensorId: z.string().min(3).max(200),
  ts: z.number().int().min(0).max(8.64e15),
  values: z.record(z.string(), finite.nullable()),
});

export type RejectReason =
  | 'malformed-message'
  | 'malformed-reading'
  | 'unknown-sensor'
  | 'unknown-metric'
  | 'wrong-feed'
  | 'protocol-version'
  | 'implausible-feed-time'
  | 'implausible-reading-time'
  | 'message-too-large'
  | 'catalogue-too-large'
  | 'sensor-too-large';

const METRIC_SETS: Record<SensorKind, ReadonlySet<string>> = {
  traffic: new Set(METRICS.traffic),
  parking: new Set(METRICS.parking),
  air: new Set(METRICS.air),
};

export type ValidatedReading = { ok: true; reading: Reading } | { ok: false; reason: RejectReason; detail: string };

/**
 * The hot path's shape check: exactly what `readingSchema` accepts (a test holds them equal), without zod's per-call
 * allocations. zod still describes what is wrong with a reading that fails it.
 */
export function isReadingShape(raw: unknown): raw is Reading {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const r = raw as Record<string, unknown>;
  const id = r.sensorId;
  const ts = r.ts;
  const values = r.values;
  if (typeof id !== 'string' || id.length < 3 || id.length > 200) return false;
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || ts > 8.64e15) return false;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return false;
  for (const k in values) {
    // zod's record skips a "__proto__" key (JSON.parse makes it an own property), so the shape check does too; the
    // metric check then rejects it as an unknown metric (tests/hostile/feed-validators.test.ts found this).
    if (!Object.hasOwn(values, k) || k === '__proto__') continue;
    const v = (values as Record<string, unknown>)[k];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return false;
  }
  return true;
}

/**
 * Validates one reading against the schema and the catalogue; with `time`, also its timestamp: not before
 * EARLIEST_PLAUSIBLE_TIME and not more than READING_AHEAD_TOLERANCE_MS ahead of `time.feedClock`.
 */
export function validateReading(raw: unknown, catalogue: ReadonlyMap<string, Sensor>, time?: { feedClock: number }): ValidatedReading {
  if (!isReadingShape(raw)) {
    const parsed = readingSchema.safeParse(raw);
    return { ok: false, reason: 'malformed-reading', detail: parsed.success ? 'malformed reading' : describeZodError(parsed.error) };
  }
  const sensor = catalogue.get(raw.sensorId);
  if (!sensor) return { ok: false, reason: 'unknown-sensor', detail: `no sensor ${raw.sensorId} in the catalogue` };
  // The catalogue's own id string, not the one just parsed: every later lookup (live state, rules, cache) then meets
  // one shared string per sensor instead of a fresh one per reading.
  const r: Reading = { sensorId: sensor.id, ts: raw.ts, values: raw.values };
  const allowed = METRIC_SETS[sensor.kind];
  for (const k in r.values) {
    if (Object.hasOwn(r.values, k) && !allowed.has(k)) return { ok: false, reason: 'unknown-metric', detail: `${k} is not a ${sensor.kind} metric` };
  }
  if (time) {
    if (r.ts < EARLIEST_PLAUSIBLE_TIME) return { ok: false, reason: 'implausible-reading-time', detail: `${r.sensorId}: ts ${r.ts} is before 2000-01-01 (seconds instead of milliseconds?)` };
    const ahead = r.ts - time.feedClock;
    if (ahead > READING_AHEAD_TOLERANCE_MS) {
      return { ok: false, reason: 'implausible-reading-time', detail: `${r.sensorId}: ts ${describeTime(r.ts)} is ${describeSpan(ahead)} ahead of the feed clock (tolerance ${describeSpan(READING_AHEAD_TOLERANCE_MS)})` };
    }
  }
  return { ok: true, reading: r };
}

/** An ISO time, or the raw number when it is beyond what a Date can show (a clock in microseconds). */
export function describeTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} (epoch ms)` : d.toISOString();
}

/** A duration for humans: "7 min", "3.5 h", "412 days". */
export function describeSpan(ms: number): string {
  const a = Math.abs(ms);
  if (a < 120_000) return `${Math.round(a / 1000)} s`;
  if (a < 2 * 3600_000) return `${Math.round(a / 60_000)} min`;
  if (a < 2 * 86_400_000) return `${Math.round(a / 360_000) / 10} h`;
  return `${Math.round(a / 86_400_000).toLocaleString('en-US')} days`;
}

/** One line per issue, with the path: `readings[3].ts: expected number`. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
