/**
 * The mapping: how one raw record of a source (a CSV row, a JSON object, an MQTT message, a GeoJSON feature) becomes a
 * sensor and a reading of a registry type, or a rejection with a reason and a detail that names the field and value.
 * Pure: no I/O, no clock; compiled once per source (paths parsed, units checked), then applied to every record.
 *
 * Values are the source's own: a zero, a negative or an impossible value passes through (the engine flags it); an
 * empty field becomes null ("reported empty", flagged by the engine); a field the record does not hold is left out of
 * the reading. Units are converted to the type's unit with the registry's convertUnit. Nothing is ever rounded.
 */
import type { Reading, SensorGeometry } from '../shared/model';
import type { SensorType } from '../shared/sensor-types/types';
import { convertUnit, isKnownUnit } from '../shared/sensor-types/units';
import { parseFieldPath, readPath, type PathSegment } from './field-path';
import { describe } from './describe-value';
import { compilePattern, isIanaTimeZone, timeReader, type TimeFormat } from './time-field';

export interface MetricMapping {
  /** Field path of the value. */
  field: string;
  /** The unit the source reports in: a unit symbol, or `{ field }` when each record names its unit. */
  unit: string | { field: string };
}

export interface MappingSpec {
  /** Field path of the sensor's own identifier. */
  id: string;
  /** Field path of the sensor's name (default: its identifier). */
  name?: string;
  /** Where the sensor is: longitude and latitude fields (WGS84 degrees), or a GeoJSON geometry field. */
  position?: { lon: string; lat: string } | { geometry: string };
  time: { field: string; format?: TimeFormat; zone?: string };
  /** The type's raw metric id -> where its value is and in which unit. */
  metrics: Record<string, MetricMapping>;
  /** Static attributes of the sensor: attribute name -> field path (strings and numbers are kept as they are). */
  attributes?: Record<string, string>;
  /**
   * Only records whose field (or their sensor-table row's) is one of these values; the others are skipped (counted,
   * not rejected): e.g. two sources over one file, one per sensor model.
   */
  where?: { field: string; in: (string | number)[] };
}

export const MAPPING_REJECT_REASONS = {
  'missing-field': 'A field the mapping needs is not in the record',
  'bad-id': 'The sensor identifier is not a usable text or number',
  'bad-time': 'The time could not be read',
  'bad-number': 'A metric value is not a number',
  'unknown-unit': 'The record names a unit the registry does not know',
  'incompatible-unit': "The record's unit cannot be converted to the type's unit",
  'bad-position': 'The position is not a valid longitude/latitude or geometry for this type',
  'not-an-object': 'The record is not an object with fields',
  'not-selected': "Left out by the mapping's `where` (another source's records): counted as skipped, not rejected",
} as const;
export type MappingRejectReason = keyof typeof MAPPING_REJECT_REASONS;

/** What a record says about its sensor; name and geometry may be missing when the sensor is already known. */
export interface SensorDraft {
  /** `${typeId}:${the source's identifier}` (whitespace and % percent-encoded). */
  id: string;
  rawId: string;
  name: string | null;
  geometry: SensorGeometry | null;
  attributes: Record<string, string | number | null>;
}

export type MapResult = { ok: true; sensor: SensorDraft; reading: Reading } | { ok: false; reason: MappingRejectReason; detail: string };

export interface MappingIssue {
  /** Path inside the mapping, e.g. `metrics.pm10.unit`. */
  path: string;
  message: string;
}

export interface CompiledMapping {
  typeId: string;
  /** Maps one record; `shiftMs` is added to its time (a replay's shift, see SourceRecord.replayShiftMs). */
  map(value: unknown, shiftMs?: number): MapResult;
  /** The record's own time (epoch ms) without any shift, or null: what a replay orders records by. */
  timeOf(value: unknown): number | null;
}

/** Longest sensor id on the wire (protocol.ts). */
const MAX_ID = 200;

/**
 * Compiles a mapping for records of `type`. `table` holds rows of a sensor table by the source's identifier: a
 * record without name, position or attribute fields takes them from its sensor's row (e.g. readings files that carry
 * only a sensor id, beside a sensors file with positions).
 */
export function compileMapping(spec: MappingSpec, type: SensorType, table?: ReadonlyMap<string, unknown>): { ok: true; mapping: CompiledMapping } | { ok: false; issues: MappingIssue[] } {
  const issues: MappingIssue[] = [];
  const path = (p: string, at: string): PathSegment[] => {
    const parsed = parseFieldPath(p);
    if (parsed.ok) return parsed.segments;
    issues.push({ path: at, message: parsed.message });
    return [];
  };
  const idPath = path(spec.id, 'id');
  const namePath = spec.name !== undefined ? path(spec.name, 'name') : null;
  type PositionPaths = { kind: 'geometry'; geometry: PathSegment[] } | { kind: 'lonlat'; lon: PathSegment[]; lat: PathSegment[] };
  const position: PositionPaths | null =
    spec.position === undefined ? null : 'geometry' in spec.position ? { kind: 'geometry', geometry: path(spec.position.geometry, 'position.geometry') } : { kind: 'lonlat', lon: path(spec.position.lon, 'position.lon'), lat: path(spec.position.lat, 'position.lat') };
  const timePath = path(spec.time.field, 'time.field');
  const format = spec.time.format ?? 'iso';
  if (typeof format === 'object') {
    const c = compilePattern(format.pattern);
    if (!c.ok) issues.push({ path: 'time.format.pattern', message: c.message });
  }
  if (spec.time.zone !== undefined && !isIanaTimeZone(spec.time.zone)) issues.push({ path: 'time.zone', message: 'must be an IANA time zone' });
  if (typeof format === 'object' && spec.time.zone === undefined) issues.push({ path: 'time.zone', message: 'a time pattern has no zone: give the IANA zone its times are in' });

  const metrics: { id: string; path: PathSegment[]; unit: string | PathSegment[]; to: string }[] = [];
  const metricIds = Object.keys(spec.metrics);
  if (metricIds.length === 0) issues.push({ path: 'metrics', message: 'map at least one metric' });
  for (const id of metricIds) {
    const m = spec.metrics[id]!;
    const def = type.metrics.find((x) => x.id === id);
    if (!def) {
      const derived = type.derived.some((x) => x.id === id);
      issues.push({ path: `metrics.${id}`, message: derived ? `${id} is derived by the type ${type.id} from other metrics: map those` : `the type ${type.id} has no metric ${id} (it has ${type.metrics.map((x) => x.id).join(', ')})` });
      continue;
    }
    let unit: string | PathSegment[];
    if (typeof m.unit === 'string') {
      unit = m.unit;
      if (!isKnownUnit(m.unit)) issues.push({ path: `metrics.${id}.unit`, message: `unknown unit ${JSON.stringify(m.unit)}` });
      else if (!convertible(m.unit, def.unit)) issues.push({ path: `metrics.${id}.unit`, message: `${JSON.stringify(m.unit)} cannot be converted to ${JSON.stringify(def.unit)}, the unit of ${type.id}.${id}` });
    } else unit = path(m.unit.field, `metrics.${id}.unit.field`);
    metrics.push({ id, path: path(m.field, `metrics.${id}.field`), unit, to: def.unit });
  }
  const where = spec.where ? { path: path(spec.where.field, 'where.field'), values: new Set(spec.where.in.map(String)) } : null;
  const attributes = Object.entries(spec.attributes ?? {}).map(([name, p]) => ({ name, path: path(p, `attributes.${name}`) }));
  if (type.geometry === 'line' && position?.kind === 'lonlat') issues.push({ path: 'position', message: `the type ${type.id} is drawn as a line: map a GeoJSON LineString (position.geometry)` });
  if (issues.length > 0) return { ok: false, issues };

  const readTime = timeReader({ format, ...(spec.time.zone !== undefined ? { zone: spec.time.zone } : {}) });
  const typeId = type.id;
  const wantLine = type.geometry === 'line';

  const map = (value: unknown, shiftMs = 0): MapResult => {
    if (value === null || typeof value !== 'object') return { ok: false, reason: 'not-an-object', detail: `the record is ${describe(value)}, not an object with fields` };
    const rawIdValue = readPath(value, idPath);
    if (rawIdValue === undefined || rawIdValue === null || rawIdValue === '') return { ok: false, reason: 'missing-field', detail: `no sensor id at ${spec.id}` };
    if (!(typeof rawIdValue === 'string' || (typeof rawIdValue === 'number' && Number.isFinite(rawIdValue)))) return { ok: false, reason: 'bad-id', detail: `${spec.id} is ${describe(rawIdValue)}: a sensor id is a text or a number` };
    const rawId = String(rawIdValue);
    const id = `${typeId}:${rawId.replace(/[\s%]/gu, (c) => encodeURIComponent(c))}`;
    if (id.length > MAX_ID || /[\x00-\x1f\x7f]/.test(rawId)) return { ok: false, reason: 'bad-id', detail: `${spec.id} is ${describe(rawIdValue)}: too long or with control characters` };
    const row = table?.get(rawId);
    /** A field from the record, else from the sensor's table row. */
    const field = (segments: PathSegment[]): unknown => {
      const v = readPath(value, segments);
      return v === undefined && row !== undefined ? readPath(row, segments) : v;
    };

    if (where) {
      const w = field(where.path);
      if (!((typeof w === 'string' || typeof w === 'number') && where.values.has(String(w)))) return { ok: false, reason: 'not-selected', detail: `${spec.where!.field} is ${describe(w)}` };
    }

    const rawTime = readPath(value, timePath);
    if (rawTime === undefined || rawTime === null || rawTime === '') return { ok: false, reason: 'missing-field', detail: `no time at ${spec.time.field}` };
    const t = readTime(rawTime);
    if (!t.ok) return { ok: false, reason: 'bad-time', detail: `${spec.time.field}: ${t.detail}` };

    const values: Record<string, number | null> = {};
    let present = 0;
    for (const m of metrics) {
      const raw = readPath(value, m.path);
      if (raw === undefined) continue;
      present++;
      const v = toNumber(raw);
      if (v === undefined) return { ok: false, reason: 'bad-number', detail: `${spec.metrics[m.id]!.field} is ${describe(raw)}, not a number` };
      if (v === null) {
        values[m.id] = null;
        continue;
      }
      let from: string;
      if (typeof m.unit === 'string') from = m.unit;
      else {
        const u = readPath(value, m.unit);
        const unitField = (spec.metrics[m.id]!.unit as { field: string }).field;
        if (typeof u !== 'string') return { ok: false, reason: u === undefined ? 'missing-field' : 'unknown-unit', detail: `no unit text at ${unitField} (${describe(u)})` };
        if (!isKnownUnit(u)) return { ok: false, reason: 'unknown-unit', detail: `${unitField} is ${JSON.stringify(u)}, a unit the registry does not know` };
        if (!convertible(u, m.to)) return { ok: false, reason: 'incompatible-unit', detail: `${unitField} is ${JSON.stringify(u)}, which cannot be converted to ${JSON.stringify(m.to)} (${typeId}.${m.id})` };
        from = u;
      }
      values[m.id] = from === m.to ? v : convertUnit(v, from, m.to);
    }
    if (present === 0) return { ok: false, reason: 'missing-field', detail: `none of the metric fields is in the record (${metrics.map((m) => spec.metrics[m.id]!.field).join(', ')})` };

    let geometry: SensorGeometry | null = null;
    if (position) {
      const g = position.kind === 'geometry' ? readGeometry(field(position.geometry), spec.position as { geometry: string }, wantLine) : readLonLat(field(position.lon), field(position.lat), spec.position as { lon: string; lat: string });
      if (g !== null && 'reason' in g) return { ok: false, reason: 'bad-position', detail: g.detail };
      geometry = g;
    }
    let name: string | null = null;
    if (namePath) {
      const n = field(namePath);
      if (typeof n === 'string' || typeof n === 'number') name = String(n).slice(0, 300);
    }
    const attrs: Record<string, string | number | null> = {};
    for (const a of attributes) {
      const v = field(a.path);
      attrs[a.name] = typeof v === 'string' ? v.slice(0, 1000) : typeof v === 'number' && Number.isFinite(v) ? v : null;
    }
    return { ok: true, sensor: { id, rawId, name, geometry, attributes: attrs }, reading: { sensorId: id, ts: t.ts + shiftMs, values } };
  };

  const timeOf = (value: unknown): number | null => {
    const raw = readPath(value, timePath);
    if (raw === undefined || raw === null) return null;
    const t = readTime(raw);
    return t.ok ? t.ts : null;
  };

  return { ok: true, mapping: { typeId, map, timeOf } };
}

function convertible(from: string, to: string): boolean {
  if (from === to) return true;
  try {
    return Number.isFinite(convertUnit(1, from, to));
  } catch {
    return false;
  }
}

/** A number; null for an empty field (null, '', whitespace); undefined when it is not a number at all. */
function toNumber(raw: unknown): number | null | undefined {
  if (raw === null) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return null;
    const n = Number(s);
    return Number.isFinite(n) && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? n : undefined;
  }
  return undefined;
}

type Position = SensorGeometry | { reason: 'bad-position'; detail: string } | null;

function readLonLat(lonRaw: unknown, latRaw: unknown, paths: { lon: string; lat: string }): Position {
  if (lonRaw === undefined && latRaw === undefined) return null;
  const lon = toNumber(lonRaw);
  const lat = toNumber(latRaw);
  if (lon == null || lon < -180 || lon > 180) return { reason: 'bad-position', detail: `${paths.lon} is ${describe(lonRaw)}: a longitude is a number from -180 to 180` };
  if (lat == null || lat < -90 || lat > 90) return { reason: 'bad-position', detail: `${paths.lat} is ${describe(latRaw)}: a latitude is a number from -90 to 90` };
  return { type: 'Point', coordinates: [lon, lat] };
}

function readGeometry(raw: unknown, paths: { geometry: string }, wantLine: boolean): Position {
  if (raw === undefined || raw === null) return null;
  const bad = (why: string): Position => ({ reason: 'bad-position', detail: `${paths.geometry}: ${why} (${describe(raw)})` });
  if (typeof raw !== 'object') return bad('not a GeoJSON geometry');
  const g = raw as { type?: unknown; coordinates?: unknown };
  const point = (c: unknown): [number, number] | null =>
    Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number' && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90 ? [c[0], c[1]] : null;
  if (g.type === 'Point') {
    if (wantLine) return bad('this type is drawn as a line and needs a LineString');
    const p = point(g.coordinates);
    return p ? { type: 'Point', coordinates: p } : bad('a Point needs [longitude, latitude] within range');
  }
  if (g.type === 'LineString') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length < 2 || g.coordinates.length > 1000) return bad('a LineString needs 2 to 1000 positions');
    const pts = g.coordinates.map(point);
    if (pts.some((p) => p === null)) return bad('a LineString position is not [longitude, latitude] within range');
    return { type: 'LineString', coordinates: pts as [number, number][] };
  }
  return bad(`geometry type ${describe(g.type)} is not supported (Point or LineString)`);
}
