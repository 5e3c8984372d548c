/**
 * Validation of the feed's messages as they arrive: pure functions over the raw payload and what the client knows
 * (catalogue, feed id, plausible clock). They never throw; everything they refuse comes back as a reject with its
 * reason (PROTOCOL.md, "Validation and rejects") and a detail for the log.
 */
import type { Reading, Sensor } from '../../shared/model';
import {
  EARLIEST_PLAUSIBLE_TIME,
  MAX_FEED_AHEAD_OF_WALL_MS,
  MAX_SENSORS,
  MAX_TYPE_JSON_CHARS,
  MAX_TYPE_METRICS,
  MAX_TYPES,
  PROTOCOL_VERSION,
  SUPPORTED_PROTOCOLS,
  V1_KIND_TYPES,
  batchSchema,
  catalogueSchema,
  citySchema,
  describeSpan,
  describeTime,
  describeZodError,
  helloSchema,
  isSupportedProtocol,
  sensorSchema,
  sensorSchemaV1,
  validateReading,
  type CatalogueCity,
  type Hello,
  type ProtocolVersion,
  type RawMetricSets,
  type RejectReason,
} from '../../shared/protocol';
import { ColumnsFrameError, decodeColumns, frameReadings, type ReadingFrame } from '../../shared/reading-columns';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { parseSensorType } from '../../shared/sensor-types/schema';
import type { SensorType, TypeGeometry } from '../../shared/sensor-types/types';
import { describeTypeIssues, feedRegistry } from './registry';

export interface Reject {
  reason: RejectReason;
  detail: string;
  count: number;
}

const reject = (reason: RejectReason, detail: string, count = 1): Reject => ({ reason, detail, count });

export type HelloCheck = { ok: true; hello: Hello & { protocol: ProtocolVersion } } | { ok: false; reject: Reject; refusal: 'malformed' | 'protocol' | 'clock' };

/** A hello: its schema, its protocol version, and its clock against the wall clock. */
export function checkHello(raw: unknown, wallNow: number): HelloCheck {
  const parsed = helloSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, refusal: 'malformed', reject: reject('malformed-message', `hello: ${describeZodError(parsed.error)}`) };
  const h = parsed.data;
  const protocol = h.protocol;
  if (!isSupportedProtocol(protocol)) return { ok: false, refusal: 'protocol', reject: reject('protocol-version', `hello with protocol ${protocol} (this app speaks ${SUPPORTED_PROTOCOLS.join(' and ')}; ${PROTOCOL_VERSION} preferred)`) };
  const clockProblem = feedClockProblem(h.feedTime, wallNow);
  if (clockProblem) return { ok: false, refusal: 'clock', reject: reject('implausible-feed-time', `hello: ${clockProblem}`) };
  return { ok: true, hello: { ...h, protocol } };
}

/** Why a hello's feed clock is implausible against the wall clock, or null. */
export function feedClockProblem(feedTime: number, wallNow: number): string | null {
  if (feedTime < EARLIEST_PLAUSIBLE_TIME) return `feed clock ${describeTime(feedTime)} is before 2000-01-01 (seconds instead of milliseconds?)`;
  if (feedTime > wallNow + MAX_FEED_AHEAD_OF_WALL_MS) {
    return `feed clock ${describeTime(feedTime)} is ${describeSpan(feedTime - wallNow)} ahead of the wall clock (at most ${describeSpan(MAX_FEED_AHEAD_OF_WALL_MS)}; microseconds instead of milliseconds?)`;
  }
  return null;
}

/** A catalogue as the client accepted it. */
export interface ValidCatalogue {
  sensors: Sensor[];
  /** The feed's valid types (v2), each replacing a shipped type of the same id for this feed. */
  types: SensorType[];
  /** The feed's city (v2), or null when it sent none or an invalid one (rejected and counted). */
  city: CatalogueCity | null;
  /** The shipped types plus the feed's: what the sensors' kinds name. */
  registry: SensorTypeRegistry;
}

export interface CatalogueCheck {
  /** What was kept, or null when the catalogue was rejected whole (the previous one stays). */
  catalogue: ValidCatalogue | null;
  rejects: Reject[];
  /** Accepted, but worth a line in the log: a feed type that replaces a shipped one. */
  warnings: string[];
}

/** The GeoJSON geometry a sensor of a type of this geometry has. */
const GEOJSON_OF: Record<TypeGeometry, Sensor['geometry']['type']> = { point: 'Point', 'moving-point': 'Point', line: 'LineString', area: 'Polygon' };

/**
 * A catalogue: its envelope and sizes; then (v2) its city and each type (a bad one is rejected with its path errors,
 * and the sensors of that type with it); then each sensor (an invalid or oversized one, or one whose type is unknown or
 * whose geometry does not fit its type, is dropped; the rest are kept). A v1 catalogue's kinds are read as the types
 * V1_KIND_TYPES names; a v1 catalogue's city and types, if any, are ignored like any field v1 does not define.
 */
export function checkCatalogue(raw: unknown, protocol: ProtocolVersion, base: SensorTypeRegistry): CatalogueCheck {
  const env = catalogueSchema.safeParse(raw);
  if (!env.success) return { catalogue: null, rejects: [reject('malformed-message', `catalogue: ${describeZodError(env.error)}`)], warnings: [] };
  const list = env.data.sensors;
  const rawTypes = protocol === 2 ? (env.data.types ?? []) : [];
  const whole = (detail: string) => ({ catalogue: null, rejects: [reject('catalogue-too-large', `${detail}; the previous catalogue stays`)], warnings: [] });
  if (list.length > MAX_SENSORS) return whole(`catalogue of ${list.length.toLocaleString('en-US')} sensors (at most ${MAX_SENSORS.toLocaleString('en-US')})`);
  if (rawTypes.length > MAX_TYPES) return whole(`catalogue of ${rawTypes.length.toLocaleString('en-US')} types (at most ${MAX_TYPES})`);
  const bad = new Tally();
  const warnings: string[] = [];

  let city: CatalogueCity | null = null;
  if (protocol === 2 && env.data.city !== undefined) {
    const c = citySchema.safeParse(env.data.city);
    if (c.success) city = c.data;
    else bad.add('malformed-message', `catalogue.city: ${describeZodError(c.error)}; the city is ignored, the sensors are kept`);
  }

  const { types, rejected, registry } = checkTypes(rawTypes, base, bad);
  for (const t of types) if (base.has(t.id)) warnings.push(`the feed's type ${t.id} replaces the shipped type of that id for this feed`);

  const sensors: Sensor[] = [];
  const seen = new Set<string>();
  list.forEach((s, i) => {
    const at = `catalogue.sensors[${i}]`;
    const p = protocol === 1 ? sensorSchemaV1.safeParse(s) : sensorSchema.safeParse(s);
    if (!p.success) {
      const tooLarge = p.error.issues.some((issue) => issue.code === 'too_big' || (issue.code === 'custom' && /at most/.test(issue.message)));
      bad.add(tooLarge ? 'sensor-too-large' : 'malformed-message', `${at}: ${describeZodError(p.error)}`);
      return;
    }
    const sensor: Sensor = protocol === 1 ? { ...p.data, kind: V1_KIND_TYPES[p.data.kind as keyof typeof V1_KIND_TYPES] } : p.data;
    const type = registry.get(sensor.kind);
    if (seen.has(sensor.id)) bad.add('malformed-message', `${at}: ${sensor.id} is listed twice`);
    else if (!type) {
      const why = rejected.has(sensor.kind) ? `its type ${sensor.kind} was rejected (invalid-type)` : `no type ${sensor.kind} is shipped or sent in this catalogue`;
      bad.add('unknown-type', `${at} (${sensor.id}): ${why}`);
    } else if (GEOJSON_OF[type.geometry] !== sensor.geometry.type) {
      bad.add('malformed-message', `${at}.geometry: a ${type.id} sensor (${type.geometry}) has a ${GEOJSON_OF[type.geometry]} geometry, not a ${sensor.geometry.type}`);
    } else {
      seen.add(sensor.id);
      sensors.push(sensor);
    }
  });
  return { catalogue: { sensors, types, city, registry }, rejects: bad.rejects(), warnings };
}

/**
 * The catalogue's type documents: the valid ones, the ids of those rejected (counted in `bad`), and the registry of
 * `base` plus the valid ones.
 */
function checkTypes(rawTypes: readonly unknown[], base: SensorTypeRegistry, bad: Tally): { types: SensorType[]; rejected: Set<string>; registry: SensorTypeRegistry } {
  const types: SensorType[] = [];
  const ids = new Set<string>();
  const rejected = new Set<string>();
  rawTypes.forEach((t, i) => {
    const rawId = typeof t === 'object' && t !== null && typeof (t as { id?: unknown }).id === 'string' ? (t as { id: string }).id : null;
    const at = `catalogue.types[${i}]${rawId !== null ? ` (${rawId.slice(0, 100)})` : ''}`;
    const read = readType(t);
    if (!read.ok) {
      bad.add('invalid-type', `${at}: ${read.problem}`);
      if (rawId !== null) rejected.add(rawId);
    } else {
      const type = read.type;
      if (ids.has(type.id)) {
        bad.add('invalid-type', `${at}: type ${type.id} is listed twice (the first is kept)`);
      } else {
        ids.add(type.id);
        types.push(type);
      }
    }
  });
  for (const id of ids) rejected.delete(id);
  // parseSensorType compiled every formula and check, and ids are unique here: the registry cannot refuse them.
  return { types, rejected, registry: feedRegistry(base, types) };
}

/** A sent type document, or why it is refused (size, metric count, the registry's path errors). */
function readType(t: unknown): { ok: true; type: SensorType } | { ok: false; problem: string } {
  const refuse = (problem: string) => ({ ok: false as const, problem });
  let json: string;
  try {
    json = JSON.stringify(t) ?? '';
  } catch {
    return refuse('not a JSON document');
  }
  if (json.length > MAX_TYPE_JSON_CHARS) return refuse(`a type document of ${json.length.toLocaleString('en-US')} characters (at most ${MAX_TYPE_JSON_CHARS.toLocaleString('en-US')})`);
  const o = (typeof t === 'object' && t !== null ? t : {}) as { metrics?: unknown; derived?: unknown };
  const n = (Array.isArray(o.metrics) ? o.metrics.length : 0) + (Array.isArray(o.derived) ? o.derived.length : 0);
  if (n > MAX_TYPE_METRICS) return refuse(`metrics: ${n} metrics and derived metrics (at most ${MAX_TYPE_METRICS})`);
  try {
    const p = parseSensorType(t);
    return p.ok ? p : refuse(describeTypeIssues(p.issues));
  } catch (e) {
    // A parser that gives up (a formula nested beyond the stack) costs this type only.
    return refuse(`cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface BatchContext {
  /** The connected feed's id (null before hello). */
  feedId: string | null;
  catalogue: ReadonlyMap<string, Sensor>;
  /** Raw metric ids per type (rawMetricSets of the catalogue's registry). */
  metrics: RawMetricSets;
  /** The plausible feed clock now, and the latest batch clock accepted now (plausible-clock.ts). */
  plausibleNow: number;
  batchClockLimit: number;
}

export interface BatchCheck {
  /**
   * The batch's sequence number, its clock (null when the clock was rejected: the readings are still checked and
   * kept, against the plausible clock), and its valid readings; null when the batch was rejected whole.
   */
  batch: {
    seq: number;
    feedTime: number | null;
    readings: Reading[];
    /** The kept readings that carried metrics their type lacks (left out of their values, counted as unknown-metric). */
    withUnknownMetrics: ReadonlySet<Reading>;
  } | null;
  rejects: Reject[];
}

/** A batch: envelope, feed id, clock, then every reading (one bad reading never costs the batch). */
export function checkBatch(raw: unknown, ctx: BatchContext): BatchCheck {
  const env = batchSchema.safeParse(raw);
  if (!env.success) return { batch: null, rejects: [reject('malformed-message', `batch: ${describeZodError(env.error)}`)] };
  const b = env.data;
  return checkBatchReadings(b.feedId, b.seq, b.feedTime, b.readings.length, (i) => b.readings[i], (i, id) => `batch ${b.seq} readings[${i}]${id === undefined ? '' : ` (${id})`}`, ctx);
}

/**
 * A binary batch (PROTOCOL.md, "Binary batches"): the frame is decoded and checked whole first (a truncated or corrupt
 * frame, or one whose sensor indices go beyond the ids this connection was sent, is rejected whole: nothing of it is
 * applied); then feed id, clock and every row exactly as a JSON batch's readings, each row rebuilt as the reading it
 * encodes and put through the same checks. Errors name the row and its sensor: `batch 12 row 3 (traffic:195339): …`.
 */
export function checkColumnsBatch(raw: unknown, sensorIds: readonly string[], ctx: BatchContext): BatchCheck {
  let frame: ReadingFrame;
  try {
    frame = decodeColumns(raw);
  } catch (e) {
    return { batch: null, rejects: [reject('malformed-message', e instanceof ColumnsFrameError ? e.message : `binary batch frame: ${String(e)}`)] };
  }
  const { seq } = frame;
  if (!Number.isSafeInteger(seq) || seq < 0) return { batch: null, rejects: [reject('malformed-message', `binary batch frame: seq ${seq} is not a sequence number`)] };
  if (!Number.isFinite(frame.feedTime)) return { batch: null, rejects: [reject('malformed-message', `binary batch frame ${seq}: feed time ${frame.feedTime} is not a number`)] };
  if (frame.dictionarySize > sensorIds.length) {
    return {
      batch: null,
      rejects: [reject('malformed-message', `batch ${seq}: its sensor indices need ${frame.dictionarySize.toLocaleString('en-US')} sensor ids, this connection was sent ${sensorIds.length.toLocaleString('en-US')}; rejected whole`)],
    };
  }
  const rows = frameReadings(frame, sensorIds);
  return checkBatchReadings(frame.feedId, seq, frame.feedTime, frame.rows, (i) => rows[i], (i, id) => `batch ${seq} row ${i} (${id ?? sensorIds[frame.sensorIndex[i]!]})`, ctx);
}

/** What every batch goes through, whatever its encoding: feed id, clock, then each reading (one bad reading never costs the batch). */
function checkBatchReadings(feedId: string, seq: number, batchTime: number, count: number, readingAt: (i: number) => unknown, where: (i: number, sensorId?: string) => string, ctx: BatchContext): BatchCheck {
  if (ctx.feedId !== null && feedId !== ctx.feedId) return { batch: null, rejects: [reject('wrong-feed', `batch for feed ${feedId}, connected to ${ctx.feedId}`)] };
  const bad = new Tally();
  let feedTime: number | null = batchTime;
  if (batchTime < EARLIEST_PLAUSIBLE_TIME || batchTime > ctx.batchClockLimit) {
    const why =
      batchTime < EARLIEST_PLAUSIBLE_TIME
        ? 'is before 2000-01-01'
        : `is ${describeSpan(batchTime - ctx.plausibleNow)} ahead of the plausible feed clock ${describeTime(ctx.plausibleNow)} (tolerance ${describeSpan(ctx.batchClockLimit - ctx.plausibleNow)})`;
    bad.add('implausible-feed-time', `batch ${seq}: feed clock ${describeTime(batchTime)} ${why}; its readings are checked against the plausible clock, its clock is not used`);
    feedTime = null;
  }
  const time = { feedClock: feedTime ?? ctx.plausibleNow };
  const readings: Reading[] = [];
  const withUnknownMetrics = new Set<Reading>();
  for (let i = 0; i < count; i++) {
    const v = validateReading(readingAt(i), ctx.catalogue, ctx.metrics, time);
    if (!v.ok) {
      bad.add(v.reason, `${where(i)}: ${v.detail}`);
      continue;
    }
    readings.push(v.reading);
    if (v.unknownMetrics) {
      withUnknownMetrics.add(v.reading);
      const kind = ctx.catalogue.get(v.reading.sensorId)!.kind;
      const names = v.unknownMetrics.slice(0, 5).map((m) => m.slice(0, 100)).join(', ') + (v.unknownMetrics.length > 5 ? ` and ${v.unknownMetrics.length - 5} more` : '');
      const verb = v.unknownMetrics.length === 1 ? 'is not a metric' : 'are not metrics';
      bad.add('unknown-metric', `${where(i, v.reading.sensorId)}: ${names} ${verb} of type ${kind}; left out, the reading's other metrics are kept`, v.unknownMetrics.length);
    }
  }
  return { batch: { seq, feedTime, readings, withUnknownMetrics }, rejects: bad.rejects() };
}

/** Rejects counted by reason, each with the detail of its first occurrence. */
class Tally {
  private readonly byReason = new Map<RejectReason, Reject>();

  add(reason: RejectReason, detail: string, count = 1): void {
    const r = this.byReason.get(reason);
    if (r) r.count += count;
    else this.byReason.set(reason, reject(reason, detail, count));
  }

  rejects(): Reject[] {
    return [...this.byReason.values()];
  }
}
