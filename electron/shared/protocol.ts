/**
 * CityDesk feed protocol, version 2 (version 1 still accepted; see PROTOCOL.md beside this file). Schemas for every
 * message that crosses the Socket.IO connection; the client, the feed servers and the JSON Schema of the messages
 * (protocol.schema.json, made by protocol-json-schema.ts) all come from them.
 */
import { z } from 'zod';
import type { Bbox } from './geojson-bbox';
import type { Reading, Sensor } from './model';
import type { SensorTypeRegistry } from './sensor-types/registry';
import { COLUMNS_ENCODING } from './reading-columns';
import { formatTime } from './zone-time';

/** The version this build speaks; it also accepts SUPPORTED_PROTOCOLS (a v1 feed or client keeps working). */
export const PROTOCOL_VERSION = 2;
export const SUPPORTED_PROTOCOLS = [1, 2] as const;
export type ProtocolVersion = (typeof SUPPORTED_PROTOCOLS)[number];

export function isSupportedProtocol(v: number): v is ProtocolVersion {
  return (SUPPORTED_PROTOCOLS as readonly number[]).includes(v);
}

/**
 * Protocol v1's three kinds and the registry types they are read as (their metric ids are unchanged). A v1 sensor keeps
 * its id (`parking:NORREPORT`), so a cache filled from a v1 feed still matches.
 */
export const V1_KIND_TYPES = { traffic: 'traffic', parking: 'car-park', air: 'citypulse-air-index' } as const;
export type V1Kind = keyof typeof V1_KIND_TYPES;
export const V1_KINDS = Object.keys(V1_KIND_TYPES) as V1Kind[];

/** The registry type of a v1 kind name, or the name itself when it is not one (already a type id). */
export function typeOfV1Kind(kind: string): string {
  return Object.hasOwn(V1_KIND_TYPES, kind) ? V1_KIND_TYPES[kind as V1Kind] : kind;
}

/** Socket.IO event names. */
export const EV = {
  hello: 'hello',
  subscribe: 'subscribe',
  catalogue: 'catalogue',
  batch: 'batch',
  action: 'action',
  /** Binary batches (negotiated, PROTOCOL.md "Binary batches"): the sensor-id dictionary, then frames that index it. */
  sensorIds: 'sensor-ids',
  batchColumns: 'batch-columns',
} as const;

// ---- batch encodings (PROTOCOL.md, "Binary batches") ----

/** The binary batch encodings this build speaks besides JSON (JSON is always spoken). */
export const BATCH_ENCODINGS = [COLUMNS_ENCODING] as const;
export type BatchEncoding = (typeof BATCH_ENCODINGS)[number];
/** A feed server's default: batches of fewer readings than this go as JSON even to a client that accepts binary. */
export const DEFAULT_COLUMNS_MIN_READINGS = 1000;
/** Most ids a connection's sensor-id dictionary may hold, and most ids in one sensor-ids message. */
export const MAX_DICTIONARY_IDS = 1_000_000;
export const MAX_SENSOR_IDS_PER_MESSAGE = 100_000;

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
/** Most points of one sensor's LineString, and of one Polygon (all its rings together). */
export const MAX_LINE_POINTS = 1000;
/** Most rings of one Polygon (the outer ring and its holes). */
export const MAX_POLYGON_RINGS = 100;
/** Most readings in one batch. */
export const MAX_BATCH_READINGS = 100_000;
/** Most sensor types one catalogue may send (v2); a catalogue with more is rejected whole (the previous one stays). */
export const MAX_TYPES = 200;
/** Most metrics of one sent type, raw and derived together; a type with more is rejected (and its sensors with it). */
export const MAX_TYPE_METRICS = 64;
/** Longest sent type document (its JSON, in characters); a bigger one is rejected before it is parsed (formulas, labels, bands). */
export const MAX_TYPE_JSON_CHARS = 64 * 1024;

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

// ---- catalogue ----

const attributesSchema = z
  .record(z.string().max(MAX_ATTRIBUTE_NAME), z.union([z.string().max(MAX_ATTRIBUTE_TEXT), finite, z.null()]))
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, { message: `at most ${MAX_ATTRIBUTES} attributes` });
const pointSchema = z.object({ type: z.literal('Point'), coordinates: lngLat });
const lineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(lngLat).min(2).max(MAX_LINE_POINTS) });
const ringSchema = z
  .array(lngLat)
  .min(4)
  .max(MAX_LINE_POINTS)
  // zod runs refinements after a failed length check too: an empty ring must not throw here.
  .refine((r) => r.length === 0 || (r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1]), { message: 'a ring ends where it starts' });
const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(ringSchema)
    .min(1)
    .max(MAX_POLYGON_RINGS)
    .refine((rings) => rings.reduce((n, r) => n + r.length, 0) <= MAX_LINE_POINTS, { message: `at most ${MAX_LINE_POINTS} points in all rings` }),
});
const commonSensorFields = {
  name: z.string().max(300),
  expectedIntervalS: finite.positive().max(7 * 24 * 3600),
  attributes: attributesSchema,
};

/** A sensor id in v2: 1 to 200 characters, none of them whitespace or control characters. */
export const sensorIdSchema = z.string().min(1).max(200).regex(/^[^\s\p{Cc}]+$/u, 'must be 1 to 200 characters without whitespace or control characters');

/**
 * A v2 catalogue entry's shape. `kind` names a registry type (shipped, or sent in the same catalogue's `types`); that
 * it exists and that the geometry fits it (point and moving-point: Point; line: LineString; area: Polygon) is checked
 * against the registry by the client (engine/feed/validation.ts).
 */
export const sensorSchema = z.object({
  id: sensorIdSchema,
  kind: z.string().min(1).max(100),
  geometry: z.discriminatedUnion('type', [pointSchema, lineStringSchema, polygonSchema]),
  ...commonSensorFields,
});

/** A v1 catalogue entry: kind traffic | parking | air, id `kind:identifier`; read as the type V1_KIND_TYPES names. */
export const sensorSchemaV1 = z
  .object({
    id: z.string().min(3).max(200).regex(/^(traffic|parking|air):[^\s]+$/, 'must look like kind:identifier'),
    kind: z.enum(V1_KINDS as [V1Kind, ...V1Kind[]]),
    geometry: z.discriminatedUnion('type', [pointSchema, lineStringSchema]),
    ...commonSensorFields,
  })
  .refine((s) => s.id.startsWith(`${s.kind}:`), { message: 'id must start with its kind', path: ['id'] });

/** Whether the runtime knows this IANA zone name (Intl: pure ECMAScript). Offsets such as '+01:00' are not zones. */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,3})$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A bounding box [west, south, east, north] in WGS84 degrees (not across the antimeridian). */
export const bboxSchema = z
  .tuple([finite.min(-180).max(180), finite.min(-90).max(90), finite.min(-180).max(180), finite.min(-90).max(90)])
  .refine(([w, s, e, n]) => w <= e && s <= n, { message: 'must be [west, south, east, north] with west <= east and south <= north' });
export type { Bbox };

/** v2: the city a feed covers. The desk shows its name, shows times in its zone and opens its map on `home`. */
export const citySchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** IANA time zone for display, e.g. 'Europe/London'. */
  timeZone: z.string().max(100).refine(isIanaTimeZone, { message: 'must be an IANA time zone such as Europe/London or UTC' }),
  /** The map's home view; without it the desk opens on the sensors' extent. */
  home: bboxSchema.optional(),
  /** Credit for the data, shown on the map. */
  attribution: z.string().max(2000).optional(),
});
export type CatalogueCity = z.infer<typeof citySchema>;

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
  /**
   * The binary batch encodings the client accepts besides JSON (e.g. ["columns-1"]); absent (a v1 or older client):
   * JSON only. Unknown names are ignored.
   */
  encodings: z.array(z.string().max(50)).max(16).optional(),
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
    /**
     * The server's choice among the client's encodings: batches of at least `minReadings` readings come as binary
     * frames of this encoding (events sensor-ids and batch-columns), smaller ones as JSON. Absent: JSON only.
     */
    batchEncoding: z.object({ name: z.string().max(50), minReadings: z.number().int().nonnegative() }).optional(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SubscribeAck = z.infer<typeof subscribeAckSchema>;

/**
 * The catalogue envelope; the parts are validated one by one (a bad sensor or type costs itself, a bad city only the
 * city): `city` by citySchema, each of `types` by the registry's parseSensorType, each sensor by sensorSchema (v2) or
 * sensorSchemaV1.
 */
export const catalogueSchema = z.object({
  feedId: z.string(),
  city: z.unknown().optional(),
  types: z.array(z.unknown()).optional(),
  sensors: z.array(z.unknown()),
});

/** A catalogue as a v2 feed sends it (the engine's own shape for it; the JSON Schema shows its parts in full). */
export interface Catalogue {
  feedId: string;
  city?: CatalogueCity;
  /** Full type documents (sensor-types/types.ts): the feed's own types, or its versions of shipped ones. */
  types?: unknown[];
  sensors: Sensor[];
}

/**
 * The catalogue to send to a client that subscribed with `protocol`: as is for v2; for v1 only the sensors of the three
 * v1 types, with their v1 kind names, and no city or types (a v1 client knows neither).
 */
export function catalogueForProtocol(cat: Catalogue, protocol: ProtocolVersion): Catalogue {
  if (protocol === 2) return cat;
  const v1Of = new Map<string, V1Kind>(V1_KINDS.map((k) => [V1_KIND_TYPES[k], k]));
  const sensors: Sensor[] = [];
  for (const s of cat.sensors) {
    const kind = v1Of.get(s.kind);
    if (kind && s.id.startsWith(`${kind}:`) && s.geometry.type !== 'Polygon') sensors.push({ ...s, kind });
  }
  return { feedId: cat.feedId, sensors };
}

/** An operator action sent to the feed (client -> server, acknowledged). Idempotent by id. */
export const actionSchema = z
  .object({
    id: z.string().min(8).max(100),
    kind: z.enum(['note', 'alarm-ack']),
    sensorId: z.string().min(1).max(200).nullable(),
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

/**
 * The connection's sensor-id dictionary grows (server -> client, before the first binary frame that needs the new ids):
 * `ids` take the indices `from`, `from + 1`, ... A connection starts with an empty dictionary; indices never change for
 * a feed id, so a frame means the same whenever it is (re)sent.
 */
export const sensorIdsSchema = z.object({
  feedId: z.string(),
  from: z.number().int().nonnegative().max(MAX_DICTIONARY_IDS),
  ids: z.array(z.string().min(1).max(200)).max(MAX_SENSOR_IDS_PER_MESSAGE),
});
export type SensorIdsMessage = z.infer<typeof sensorIdsSchema>;

export interface Batch {
  feedId: string;
  seq: number;
  feedTime: number;
  readings: Reading[];
}

export const readingSchema = z.object({
  sensorId: z.string().min(1).max(200),
  ts: z.number().int().min(0).max(8.64e15),
  values: z.record(z.string(), finite.nullable()),
  /** v2: where a moving point was when it was read, [lng, lat]. */
  position: lngLat.optional(),
});

export type RejectReason =
  | 'malformed-message'
  | 'malformed-reading'
  | 'unknown-sensor'
  | 'unknown-metric'
  | 'invalid-type'
  | 'unknown-type'
  | 'wrong-feed'
  | 'protocol-version'
  | 'implausible-feed-time'
  | 'implausible-reading-time'
  | 'message-too-large'
  | 'catalogue-too-large'
  | 'sensor-too-large';

/** Per type id, the raw metric ids its readings may carry (built once per catalogue by rawMetricSets). */
export type RawMetricSets = ReadonlyMap<string, ReadonlySet<string>>;

/** The raw metric ids of every type in the registry. */
export function rawMetricSets(registry: SensorTypeRegistry): RawMetricSets {
  return new Map(registry.all().map((t) => [t.id, new Set(t.metrics.map((m) => m.id))]));
}

export type ValidatedReading =
  | {
      ok: true;
      reading: Reading;
      /**
       * Metrics the reading carried that its type lacks, or null: they are left out of `reading.values` (the other
       * metrics are kept), counted as 'unknown-metric' and flagged on the sensor's state.
       */
      unknownMetrics: string[] | null;
    }
  | { ok: false; reason: RejectReason; detail: string };

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
  if (typeof id !== 'string' || id.length < 1 || id.length > 200) return false;
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || ts > 8.64e15) return false;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return false;
  for (const k in values) {
    // zod's record skips a "__proto__" key (JSON.parse makes it an own property), so the shape check does too; the
    // metric check then counts it as an unknown metric (tests/hostile/feed-validators.test.ts found this).
    if (!Object.hasOwn(values, k) || k === '__proto__') continue;
    const v = (values as Record<string, unknown>)[k];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return false;
  }
  const pos = r.position;
  if (pos !== undefined && !isLngLat(pos)) return false;
  return true;
}

function isLngLat(p: unknown): boolean {
  if (!Array.isArray(p) || p.length !== 2) return false;
  const [lng, lat] = p as unknown[];
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng) <= 180 && Math.abs(lat) <= 90;
}

/**
 * Validates one reading against the schema and the catalogue (its sensor, its type's raw metrics); with `time`, also
 * its timestamp: not before EARLIEST_PLAUSIBLE_TIME and not more than READING_AHEAD_TOLERANCE_MS ahead of
 * `time.feedClock`. A metric the sensor's type lacks does not cost the reading: see ValidatedReading.
 */
export function validateReading(raw: unknown, catalogue: ReadonlyMap<string, Sensor>, metrics: RawMetricSets, time?: { feedClock: number }): ValidatedReading {
  if (!isReadingShape(raw)) {
    const parsed = readingSchema.safeParse(raw);
    return { ok: false, reason: 'malformed-reading', detail: parsed.success ? 'malformed reading' : describeZodError(parsed.error) };
  }
  const sensor = catalogue.get(raw.sensorId);
  if (!sensor) return { ok: false, reason: 'unknown-sensor', detail: `no sensor ${raw.sensorId} in the catalogue` };
  if (time) {
    if (raw.ts < EARLIEST_PLAUSIBLE_TIME) return { ok: false, reason: 'implausible-reading-time', detail: `${sensor.id}: ts ${raw.ts} is before 2000-01-01 (seconds instead of milliseconds?)` };
    const ahead = raw.ts - time.feedClock;
    if (ahead > READING_AHEAD_TOLERANCE_MS) {
      return { ok: false, reason: 'implausible-reading-time', detail: `${sensor.id}: ts ${describeTime(raw.ts)} is ${describeSpan(ahead)} ahead of the feed clock (tolerance ${describeSpan(READING_AHEAD_TOLERANCE_MS)})` };
    }
  }
  const allowed = metrics.get(sensor.kind);
  let unknown: string[] | null = null;
  for (const k in raw.values) {
    if (Object.hasOwn(raw.values, k) && (k === '__proto__' || !allowed?.has(k))) (unknown ??= []).push(k);
  }
  let values = raw.values;
  if (unknown) {
    values = {};
    for (const k in raw.values) if (Object.hasOwn(raw.values, k) && k !== '__proto__' && allowed?.has(k)) values[k] = raw.values[k]!;
  }
  // The catalogue's own id string, not the one just parsed: every later lookup (live state, rules, cache) then meets
  // one shared string per sensor instead of a fresh one per reading.
  const reading: Reading = raw.position ? { sensorId: sensor.id, ts: raw.ts, values, position: [raw.position[0], raw.position[1]] } : { sensorId: sensor.id, ts: raw.ts, values };
  return { ok: true, reading, unknownMetrics: unknown };
}

/** A time in words, in UTC with the zone named ("30 Nov 2026 10:15:42 UTC"), or the raw number when it is beyond what a Date can show (a clock in microseconds). */
export function describeTime(ms: number): string {
  return Number.isNaN(new Date(ms).getTime()) ? `${ms} (epoch ms)` : formatTime(ms, 'UTC', 'stamp');
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
