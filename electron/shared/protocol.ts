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

export const sensorSchema = z.object({
  id: z.string().min(3).max(200).regex(/^(traffic|parking|air):[^\s]+$/, 'must look like kind:identifier'),
  kind: z.enum(SENSOR_KINDS),
  name: z.string().max(300),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: lngLat }),
    z.object({ type: z.literal('LineString'), coordinates: z.array(lngLat).min(2) }),
  ]),
  expectedIntervalS: finite.positive().max(7 * 24 * 3600),
  attributes: z.record(z.string(), z.union([z.string(), finite, z.null()])),
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
  readings: z.array(z.unknown()).max(100_000),
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
  | 'protocol-version';

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
    if (!Object.hasOwn(values, k)) continue;
    const v = (values as Record<string, unknown>)[k];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return false;
  }
  return true;
}

/** Validates one reading against the schema and the catalogue. */
export function validateReading(raw: unknown, catalogue: ReadonlyMap<string, Sensor>): ValidatedReading {
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
  return { ok: true, reading: r };
}

/** One line per issue, with the path: `readings[3].ts: expected number`. */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
