/**
 * Aberdeen's week of citizen sensor readings (sensors.csv, readings_air_quality.csv.gz, readings_weather.csv.gz; see
 * ../shared/data/aberdeen/README.md) as the MQTT messages a device network would send: one JSON message per row on
 * `<prefix>/<kind>/<sensor_id>` (a `/`, `+` or `#` in an id becomes `_`), in time order. A message carries the row's
 * own fields with its values as numbers exactly as written (999.90 stays 999.9, 0 stays 0, humidity 100.00 stays
 * 100), an empty value as null, and the sensor's name, place and type from sensors.csv. Nothing is cleaned: the
 * quirks are the point.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { weekAlignedShiftMs } from '../hub/replay';

export const ABERDEEN_KINDS = ['air_quality', 'weather'] as const;
export type AberdeenKind = (typeof ABERDEEN_KINDS)[number];

export const ABERDEEN_FILES: Record<AberdeenKind, string> = {
  air_quality: 'readings_air_quality.csv.gz',
  weather: 'readings_weather.csv.gz',
};

export interface AberdeenMessage {
  topic: string;
  /** The row's time, epoch ms (timestamp_utc). */
  ts: number;
  payload: Record<string, string | number | null>;
}

type Col = (row: readonly string[]) => string;

interface SensorMeta {
  lat: number | null;
  lon: number | null;
  sensor_type: string;
  name: string;
}

/** A CSV value as JSON: a number when it is one, null when empty, else the string as written. */
function jsonValue(s: string): string | number | null {
  if (s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

/** A CSV file (gzipped or not) as its header and rows of strings (csv-parse's arrays: several times faster than objects). */
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const buf = readFileSync(file);
  const [header = [], ...rows] = parse(file.endsWith('.gz') ? gunzipSync(buf) : buf, { skip_empty_lines: true, relax_column_count: true }) as string[][];
  return { header, rows };
}

/** Column positions by name; a missing column reads as empty. */
const column = (header: readonly string[], name: string) => {
  const i = header.indexOf(name);
  return (row: readonly string[]) => (i < 0 ? '' : (row[i] ?? ''));
};

export interface LoadOptions {
  kinds?: readonly AberdeenKind[];
  /** Topic prefix, default `aberdeen`. */
  prefix?: string;
  /** Only rows at or after / before these epoch ms (the shifted times when `shiftTo` is given). */
  from?: number;
  to?: number;
  /**
   * Shift every message by whole weeks so that the chosen kinds' data plays at this time's weekday and time of day
   * (epoch ms; the file replay's rule, replay.ts weekAlignedShiftMs): `ts` and the payload's `timestamp_utc` move,
   * nothing else does.
   */
  shiftTo?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * A timestamp as written, moved by a whole number of days: only its leading date changes (a whole-day shift leaves
 * the time of day, its precision and any offset as they were). Unchanged if it does not start with a date.
 */
export function shiftTimestampText(text: string, shiftMs: number): string {
  if (shiftMs % DAY_MS !== 0) throw new Error(`a timestamp is shifted by whole days only, got ${shiftMs} ms`);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return text;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + shiftMs).toISOString().slice(0, 10);
  return day + text.slice(10);
}

/** The messages moved by whole weeks so that their span plays at `now`'s weekday and time of day; unreadable times stay. */
export function shiftMessagesToNow(messages: readonly AberdeenMessage[], now: number): { messages: AberdeenMessage[]; shiftMs: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const m of messages) if (Number.isFinite(m.ts)) [first, last] = [Math.min(first, m.ts), Math.max(last, m.ts)];
  if (first > last) return { messages: [...messages], shiftMs: 0 };
  const shiftMs = weekAlignedShiftMs(first, last, now);
  const shifted = messages.map((m) =>
    Number.isFinite(m.ts) ? { ...m, ts: m.ts + shiftMs, payload: { ...m.payload, timestamp_utc: shiftTimestampText(String(m.payload.timestamp_utc), shiftMs) } } : m,
  );
  return { messages: shifted, shiftMs };
}

/** The sensor table of a data folder: sensors.csv, or sensors.csv.gz as shipped under assets/cities/aberdeen; null if neither. */
export function sensorTableOf(dataDir: string): string | null {
  return ['sensors.csv', 'sensors.csv.gz'].map((f) => join(dataDir, f)).find((f) => existsSync(f)) ?? null;
}

/** The messages of the chosen kinds, merged in time order (ties by kind, then file order), shifted if asked. */
export function loadAberdeenMessages(dataDir: string, opts: LoadOptions = {}): AberdeenMessage[] {
  if (opts.shiftTo !== undefined) {
    const { from, to, shiftTo, ...rest } = opts;
    return shiftMessagesToNow(loadAberdeenMessages(dataDir, rest), shiftTo).messages.filter((m) => (from === undefined || m.ts >= from) && (to === undefined || m.ts < to));
  }
  const prefix = opts.prefix ?? 'aberdeen';
  const sensors = new Map<string, SensorMeta>();
  const table = sensorTableOf(dataDir);
  if (!table) throw new Error(`no sensors.csv or sensors.csv.gz in ${dataDir}`);
  const meta = readCsv(table);
  const [id, lat, lon, type, name] = ['id', 'lat', 'lon', 'sensor_type', 'name'].map((c) => column(meta.header, c)) as [Col, Col, Col, Col, Col];
  for (const r of meta.rows) sensors.set(id(r), { lat: jsonValue(lat(r)) as number | null, lon: jsonValue(lon(r)) as number | null, sensor_type: type(r), name: name(r) });

  const out: AberdeenMessage[] = [];
  for (const kind of opts.kinds ?? ABERDEEN_KINDS) {
    const { header, rows } = readCsv(join(dataDir, ABERDEEN_FILES[kind]));
    const sensorId = column(header, 'sensor_id');
    const time = column(header, 'timestamp_utc');
    const metrics = header.map((h, i) => [h, i] as const).filter(([h]) => h !== 'sensor_id' && h !== 'timestamp_utc');
    for (const row of rows) {
      const ts = Date.parse(time(row));
      if (opts.from !== undefined && !(ts >= opts.from)) continue;
      if (opts.to !== undefined && !(ts < opts.to)) continue;
      const sid = sensorId(row);
      const s = sensors.get(sid);
      const payload: AberdeenMessage['payload'] = { sensor_id: sid, kind, timestamp_utc: time(row) };
      if (s) Object.assign(payload, { name: s.name, sensor_type: s.sensor_type, lat: s.lat, lon: s.lon });
      for (const [h, i] of metrics) payload[h] = jsonValue(row[i] ?? '');
      out.push({ topic: `${prefix}/${kind}/${sid.replace(/[/+#]/g, '_')}`, ts, payload });
    }
  }
  // Stable: rows of one file keep their order; NaN times (an unreadable timestamp) go last, still published.
  return out.sort((a, b) => (Number.isNaN(a.ts) ? 1 : 0) - (Number.isNaN(b.ts) ? 1 : 0) || a.ts - b.ts || 0);
}
