/**
 * Loads the shipped Aarhus week (assets/city) into a protocol v2 catalogue's content (sensors of the shipped types
 * traffic, car-park and citypulse-air-index, and the city) and one time-ordered list of readings.
 * Values are the data's own; nothing is cleaned away. Rows that cannot be read at all (unparseable timestamps,
 * unknown sensors) are counted in `skipped` with a reason so that the demo server can report them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Temporal } from 'temporal-polyfill';
import { sensorExtent, type Reading, type Sensor } from '../shared/model';
import type { CatalogueCity } from '../shared/protocol';
import { loadSegmentRoutes } from './segment-routes';

export interface DemoData {
  /** Sensor ids keep their v1 form (`parking:…`, `air:…`), so that caches filled by earlier versions still match. */
  sensors: Sensor[];
  /** The catalogue's city (protocol v2); a feed without one is shown under its name, in UTC. */
  city?: CatalogueCity;
  /** Sorted by ts (data time, epoch ms UTC), then sensor id. */
  readings: Reading[];
  start: number;
  end: number;
  /** Rows left out, by reason (e.g. 'traffic: unparseable timestamp'). */
  skipped: Record<string, number>;
}

/** The demo week, in data time (Aarhus local dates). Parking data spans months; the demo plays this week. */
export const DEMO_WEEK = { from: '2014-08-01', to: '2014-08-07' } as const;

export const FILES = {
  trafficMeta: 'city/trafficMetaData.csv.gz',
  traffic: 'city/traffic_2014-08-01_to_2014-08-07.csv.gz',
  parkingAddress: 'city/aarhus_parking_address.csv',
  parking: 'city/AarhusParkingData.csv.gz',
  air: 'city/pollution_generated_2014-08-01_to_2014-08-07.csv.gz',
} as const;

export function loadDemoData(assetsDir: string): DemoData {
  const skipped: Record<string, number> = {};
  const skip = (why: string) => (skipped[why] = (skipped[why] ?? 0) + 1);
  const read = (rel: string) => {
    const buf = readFileSync(join(assetsDir, rel));
    return (rel.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  };

  const sensors: Sensor[] = [];
  const readings: Reading[] = [];
  const known = new Set<string>();
  // One string object per sensor id, shared by all its readings (not one per row): a week is 909k readings.
  const ids = new Map<string, string>();
  const intern = (id: string) => {
    const have = ids.get(id);
    if (have !== undefined) return have;
    ids.set(id, id);
    return id;
  };

  // Traffic segments: along their road where the build routed them (segment-routes.ts), else from their end points.
  const routes = loadSegmentRoutes(assetsDir);
  for (const row of parseCsv(read(FILES.trafficMeta))) {
    const id = intern(`traffic:${row.REPORT_ID}`);
    const p1 = [num(row.POINT_1_LNG), num(row.POINT_1_LAT)] as const;
    const p2 = [num(row.POINT_2_LNG), num(row.POINT_2_LAT)] as const;
    if (p1.some((v) => v === null) || p2.some((v) => v === null)) {
      skip('traffic segment: missing coordinates');
      continue;
    }
    const street1 = row.POINT_1_STREET ?? '';
    const street2 = row.POINT_2_STREET ?? '';
    sensors.push({
      id,
      kind: 'traffic',
      name: street1 === street2 ? street1 : `${street1} – ${street2}`,
      geometry: { type: 'LineString', coordinates: routes.get(row.REPORT_ID ?? '') ?? [[p1[0]!, p1[1]!], [p2[0]!, p2[1]!]] },
      expectedIntervalS: 300,
      attributes: {
        normalSpeedKmh: num(row.NDT_IN_KMH),
        distanceM: num(row.DISTANCE_IN_METERS),
        normalDurationS: num(row.DURATION_IN_SEC),
        roadType: row.ROAD_TYPE ?? null,
        reportName: row.REPORT_NAME ?? null,
        fromStreet: street1,
        toStreet: street2,
        postalCode: row.POINT_1_POSTAL_CODE ?? null,
        organisation: row.ORGANISATION ?? null,
      },
    });
    known.add(id);
  }
  for (const row of parseCsv(read(FILES.traffic))) {
    const sensorId = intern(`traffic:${row.REPORT_ID}`);
    if (!known.has(sensorId)) {
      skip('traffic: reading for a segment not in the metadata');
      continue;
    }
    const ts = aarhusLocalToUtc(row.TIMESTAMP ?? '');
    if (ts === null) {
      skip('traffic: unparseable timestamp');
      continue;
    }
    readings.push({
      sensorId,
      ts,
      values: {
        avgSpeedKmh: num(row.avgSpeed),
        vehicleCount: num(row.vehicleCount),
        avgMeasuredTimeS: num(row.avgMeasuredTime),
        medianMeasuredTimeS: num(row.medianMeasuredTime),
      },
    });
  }

  // Car parks: capacity comes from the readings' totalspaces (the address file has none).
  const capacity = new Map<string, number>();
  const parkingRows = parseCsv(read(FILES.parking));
  const weekFrom = aarhusLocalToUtc(`${DEMO_WEEK.from} 00:00:00`)!;
  const weekTo = aarhusLocalToUtc(`${DEMO_WEEK.to} 23:59:59.999`)!;
  for (const row of parkingRows) {
    const spaces = num(row.totalspaces);
    if (row.garagecode && spaces !== null) capacity.set(row.garagecode, Math.max(capacity.get(row.garagecode) ?? 0, spaces));
  }
  for (const row of parseCsv(read(FILES.parkingAddress))) {
    const code = row.garagecode ?? '';
    const lng = num(row.longitude);
    const lat = num(row.latitude);
    if (!code || lng === null || lat === null) {
      skip('parking address: missing code or coordinates');
      continue;
    }
    const id = intern(`parking:${code}`);
    sensors.push({
      id,
      kind: 'car-park',
      name: `${titleCase(code)} (${row.street ?? ''}${row.housenumber ? ' ' + row.housenumber : ''})`,
      geometry: { type: 'Point', coordinates: [lng, lat] },
      expectedIntervalS: 1800,
      attributes: { capacity: capacity.get(code) ?? null, garageCode: code, street: row.street ?? null, postalCode: row.postalcode ?? null },
    });
    known.add(id);
  }
  for (const row of parkingRows) {
    const ts = aarhusLocalToUtc(row.updatetime ?? '');
    if (ts === null) {
      skip('parking: unparseable timestamp');
      continue;
    }
    if (ts < weekFrom || ts > weekTo) continue; // outside the demo week: not part of the replay
    const sensorId = intern(`parking:${row.garagecode}`);
    if (!known.has(sensorId)) {
      skip('parking: reading for a car park not in the address list');
      continue;
    }
    readings.push({ sensorId, ts, values: { vehicleCount: num(row.vehiclecount), totalSpaces: num(row.totalspaces) } });
  }

  // Air quality (CityPulse generated values), one monitoring point per REPORT_ID.
  for (const row of parseCsv(read(FILES.air))) {
    const sensorId = intern(`air:${row.REPORT_ID}`);
    if (!known.has(sensorId)) {
      const lng = num(row.longitude);
      const lat = num(row.latitude);
      if (lng === null || lat === null) {
        skip('air: missing coordinates');
        continue;
      }
      sensors.push({
        id: sensorId,
        kind: 'citypulse-air-index',
        name: `Air quality point ${row.REPORT_ID}`,
        geometry: { type: 'Point', coordinates: [lng, lat] },
        expectedIntervalS: 300,
        attributes: { source: 'CityPulse simulated air quality (generated, not measured)', reportId: row.REPORT_ID ?? null },
      });
      known.add(sensorId);
    }
    const ts = aarhusLocalToUtc(row.timestamp ?? '');
    if (ts === null) {
      skip('air: unparseable timestamp');
      continue;
    }
    readings.push({
      sensorId,
      ts,
      values: {
        ozone: num(row.ozone),
        particulateMatter: num(row.particullate_matter),
        carbonMonoxide: num(row.carbon_monoxide),
        sulfurDioxide: num(row.sulfure_dioxide),
        nitrogenDioxide: num(row.nitrogen_dioxide),
      },
    });
  }

  readings.sort((a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : 0));
  const start = readings[0]?.ts ?? 0;
  const end = readings[readings.length - 1]?.ts ?? 0;
  return { sensors, city: demoCity(sensors), readings, start, end, skipped };
}

/** The city of the demo feed's catalogue: Aarhus, in its zone, at home on the data's extent, with the data's credits. */
export function demoCity(sensors: readonly Sensor[]): CatalogueCity {
  const home = sensorExtent(sensors);
  return {
    name: 'Aarhus',
    timeZone: AARHUS_ZONE,
    ...(home ? { home } : {}),
    attribution: 'Traffic, parking and simulated air quality: CityPulse Dataset Collection (CC BY 4.0), Aarhus Kommune / Open Data Aarhus. Roads: © OpenStreetMap contributors (ODbL).',
  };
}

/**
 * CSV (RFC 4180 quoting, csv-parse) -> objects keyed by the trimmed header. Records end at LF or CRLF; a lone CR is
 * data. Quirk of the pollution file: its rows carry a CR *inside* the line (before the REPORT_ID column that was
 * appended to CRLF lines), so header names are trimmed and consumers trim the fields they parse. A short row lacks
 * the keys of its missing fields; fields beyond the header are dropped. (csv-parse returns arrays here and the
 * objects are built in one loop: its own `columns` option takes half as long again on the 786k traffic rows.)
 */
export function parseCsv(text: string): Record<string, string>[] {
  const records = parse(text, { bom: true, record_delimiter: ['\r\n', '\n'], skip_empty_lines: true, relax_column_count: true }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const out: Record<string, string>[] = new Array(Math.max(0, records.length - 1));
  for (let i = 1; i < records.length; i++) {
    const fields = records[i]!;
    const row: Record<string, string> = {};
    for (let j = 0; j < fields.length && j < header.length; j++) row[header[j]!] = fields[j]!;
    out[i - 1] = row;
  }
  return out;
}

/** A number, or null for an empty or non-numeric field (never 0 for a missing value). */
function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

function titleCase(code: string): string {
  return code.charAt(0) + code.slice(1).toLowerCase();
}

/** The zone of the data's local timestamps. */
export const AARHUS_ZONE = 'Europe/Copenhagen';

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/**
 * The data's timestamps carry no zone; they are Aarhus local time (Europe/Copenhagen: CET, CEST in summer).
 * Returns epoch ms UTC, or null when the text is not a valid local date-time (2014-02-30, 24:00 and the like).
 * Converted exactly by Temporal with the 'compatible' rule at the DST edges: a time skipped when the clocks go
 * forward (02:30 on the last Sunday of March) is read as the same instant one hour later (03:30 CEST), a time that
 * happens twice when they go back (02:30 on the last Sunday of October) as the first of the two (CEST).
 */
export function aarhusLocalToUtc(text: string): number | null {
  const key = text.trim();
  const cached = tsCache.get(key);
  if (cached !== undefined) return cached;
  const v = parseAarhusLocal(key);
  if (tsCache.size > 100_000) tsCache.clear();
  tsCache.set(key, v);
  return v;
}
const tsCache = new Map<string, number | null>();

function parseAarhusLocal(text: string): number | null {
  const m = LOCAL_RE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  try {
    const local = Temporal.PlainDateTime.from(
      { year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: s ? +s : 0, millisecond: ms ? +ms.padEnd(3, '0') : 0 },
      { overflow: 'reject' },
    );
    return local.toZonedDateTime(AARHUS_ZONE, { disambiguation: 'compatible' }).epochMilliseconds;
  } catch {
    return null; // a field out of range
  }
}
