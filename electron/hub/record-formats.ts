/**
 * Turning a file's or an HTTP response's text into source records: CSV (a header line, then one record per row, as
 * an object of strings), NDJSON (one JSON value per line), JSON (an array of records, at `recordsPath` or at the top)
 * and GeoJSON (each Feature of a FeatureCollection is a record: `properties.x`, `geometry`). A line that cannot be
 * read is reported by reason and the rest is read; a text that is not of its format at all is an error of the whole.
 */
import { parse } from 'csv-parse/sync';
import { describe } from './describe-value';
import { parseFieldPath, readPath } from './field-path';

export type RecordFormat = 'csv' | 'ndjson' | 'json' | 'geojson';
export const RECORD_FORMATS = ['csv', 'ndjson', 'json', 'geojson'] as const satisfies readonly RecordFormat[];

export interface ParsedRecords {
  /** Each record with where it was: `record 12` (CSV: the 12th after the header), `line 3`, `features[4]`. */
  records: { value: unknown; at: string }[];
  /** Lines that could not be read, with the reason (bad-csv, bad-json) and what was wrong. */
  unparsable: { reason: string; detail: string; at: string }[];
}

export class PayloadError extends Error {
  constructor(
    readonly reason: 'bad-payload',
    message: string,
  ) {
    super(message);
  }
}

/** The format a file name implies (`.csv`, `.csv.gz`, `.ndjson`, `.jsonl`, `.geojson`, `.json`), or null. */
export function formatOfName(name: string): RecordFormat | null {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv')) return 'csv';
  if (base.endsWith('.ndjson') || base.endsWith('.jsonl')) return 'ndjson';
  if (base.endsWith('.geojson')) return 'geojson';
  if (base.endsWith('.json')) return 'json';
  return null;
}

/** The format an HTTP Content-Type implies, or null. */
export function formatOfContentType(type: string | null): RecordFormat | null {
  const t = (type ?? '').toLowerCase();
  if (t.includes('geo+json')) return 'geojson';
  if (t.includes('ndjson') || t.includes('jsonl')) return 'ndjson';
  if (t.includes('json')) return 'json';
  if (t.includes('csv')) return 'csv';
  return null;
}

export function parseRecords(text: string, format: RecordFormat, opts: { recordsPath?: string; delimiter?: string } = {}): ParsedRecords {
  switch (format) {
    case 'csv':
      return parseCsvRecords(text, opts.delimiter ?? ',');
    case 'ndjson':
      return parseNdjson(text);
    case 'json':
      return parseJson(text, opts.recordsPath);
    case 'geojson':
      return parseGeojson(text);
  }
}

/**
 * CSV: parsed whole (fast); when a line breaks the parser (an unclosed or stray quote, after which csv-parse cannot
 * find its way back), read again line by line, so that one broken line costs that line only (a quoted field that
 * spans lines is then read as broken lines too).
 */
function parseCsvRecords(text: string, delimiter: string): ParsedRecords {
  let broken = false;
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: () => void (broken = true),
    }) as string[][];
  } catch {
    broken = true;
    rows = [];
  }
  if (broken) return parseCsvByLine(text, delimiter);
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length === 0) throw new PayloadError('bad-payload', 'no CSV header line');
  // (csv-parse's `info` option would give line numbers, at nearly twice the time: records are numbered instead.)
  return csvObjects(header, rows.slice(1).map((r, i) => ({ fields: r, at: `record ${i + 1}` })), delimiter);
}

function parseCsvByLine(text: string, delimiter: string): ParsedRecords {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const unparsable: ParsedRecords['unparsable'] = [];
  const rows: { fields: string[]; at: string }[] = [];
  let header: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let fields: string[];
    try {
      fields = (parse(line, { delimiter, relax_column_count: true }) as string[][])[0] ?? [];
    } catch (e) {
      if (header === null) throw new PayloadError('bad-payload', `not CSV: line ${i + 1}: ${(e as Error).message}`);
      unparsable.push({ reason: 'bad-csv', detail: `${(e as Error).message.replace(/ at line \d+.*$/, '')}: ${describe(line)}`, at: `line ${i + 1}` });
      continue;
    }
    if (header === null) header = fields.map((h) => h.trim());
    else rows.push({ fields, at: `line ${i + 1}` });
  }
  if (!header || header.length === 0) throw new PayloadError('bad-payload', 'no CSV header line');
  const out = csvObjects(header, rows, delimiter);
  return { records: out.records, unparsable: [...unparsable, ...out.unparsable] };
}

function csvObjects(header: string[], rows: { fields: string[]; at: string }[], delimiter: string): ParsedRecords {
  const unparsable: ParsedRecords['unparsable'] = [];
  const records: ParsedRecords['records'] = [];
  for (const { fields, at } of rows) {
    if (fields.length > header.length) {
      unparsable.push({ reason: 'bad-csv', detail: `${fields.length} fields where the header has ${header.length}: ${describe(fields.join(delimiter))}`, at });
      continue;
    }
    const row: Record<string, string> = {};
    for (let j = 0; j < fields.length; j++) row[header[j]!] = fields[j]!;
    records.push({ value: row, at });
  }
  return { records, unparsable };
}

function parseNdjson(text: string): ParsedRecords {
  const out: ParsedRecords = { records: [], unparsable: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      out.records.push({ value: JSON.parse(line) as unknown, at: `line ${i + 1}` });
    } catch (e) {
      out.unparsable.push({ reason: 'bad-json', detail: `${(e as Error).message}: ${describe(line)}`, at: `line ${i + 1}` });
    }
  }
  return out;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new PayloadError('bad-payload', `not JSON: ${(e as Error).message}: ${describe(text.slice(0, 80))}`);
  }
}

function parseJson(text: string, recordsPath: string | undefined): ParsedRecords {
  let value = json(text);
  if (recordsPath !== undefined && recordsPath !== '') {
    const p = parseFieldPath(recordsPath);
    if (!p.ok) throw new PayloadError('bad-payload', `recordsPath: ${p.message}`);
    value = readPath(value, p.segments);
    if (value === undefined) throw new PayloadError('bad-payload', `the JSON has nothing at ${recordsPath}`);
  }
  if (!Array.isArray(value)) throw new PayloadError('bad-payload', `expected an array of records${recordsPath ? ` at ${recordsPath}` : ''}, got ${describe(value)}`);
  return { records: value.map((v: unknown, i) => ({ value: v, at: `${recordsPath || ''}[${i}]` })), unparsable: [] };
}

function parseGeojson(text: string): ParsedRecords {
  const value = json(text) as { type?: unknown; features?: unknown };
  if (value === null || typeof value !== 'object' || value.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    throw new PayloadError('bad-payload', `not a GeoJSON FeatureCollection: ${describe(value)}`);
  }
  const out: ParsedRecords = { records: [], unparsable: [] };
  value.features.forEach((f: unknown, i) => {
    if (f === null || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') out.unparsable.push({ reason: 'bad-geojson', detail: `not a Feature: ${describe(f)}`, at: `features[${i}]` });
    else out.records.push({ value: f, at: `features[${i}]` });
  });
  return out;
}
