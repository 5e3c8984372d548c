/**
 * A validated config resolved against the sensor-type registry and the files it names: the extra type documents
 * (parseSensorType), each source's type, its mapping compiled for that type, its sensor table. Every problem comes
 * back as a path error (`types[0]: metrics[1].unit: …`, `sources[1].mapping.metrics.pm1: the type … has no metric`),
 * all of them at once.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseSensorType } from '../shared/sensor-types/schema';
import { SensorTypeRegistry } from '../shared/sensor-types/registry';
import { SHIPPED_TYPES } from '../shared/sensor-types/shipped';
import type { SensorType } from '../shared/sensor-types/types';
import { MAX_CONFIG_BYTES, parseHubConfig, type ConfigIssue, type HubConfig, type SourceConfig } from './config';
import { parseFieldPath, readPath } from './field-path';
import { compileMapping, type CompiledMapping, type MappingSpec } from './mapping';
import { formatOfName, parseRecords } from './record-formats';

export interface ResolvedSource {
  config: SourceConfig;
  /** Mapped sources: the type and the compiled mapping; the demo: null. */
  type: SensorType | null;
  mapping: CompiledMapping | null;
}

export interface ResolvedHub {
  config: HubConfig;
  /** Folder of the config file (relative paths in it are resolved from there). */
  configDir: string;
  registry: SensorTypeRegistry;
  /** Types the catalogue carries: the config's extra types and the types given a provenance note by a source. */
  catalogueTypes: SensorType[];
  sources: ResolvedSource[];
}

export type Resolved = { ok: true; hub: ResolvedHub } | { ok: false; issues: ConfigIssue[] };

/** Largest sensor table or type document. */
const MAX_TABLE_BYTES = 64 * 1024 * 1024;

/** Reads, validates and resolves a config file. */
export function loadHubConfig(file: string): Resolved {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.byteLength > MAX_CONFIG_BYTES) return { ok: false, issues: [{ path: '(root)', message: `${file} is over ${MAX_CONFIG_BYTES} bytes` }] };
    text = buf.toString('utf8');
  } catch (e) {
    return { ok: false, issues: [{ path: '(root)', message: `cannot read ${file}: ${(e as Error).message}` }] };
  }
  const parsed = parseHubConfig(text);
  if (!parsed.ok) return parsed;
  return resolveHubConfig(parsed.config, dirname(resolve(file)));
}

export function resolveHubConfig(config: HubConfig, configDir: string): Resolved {
  const issues: ConfigIssue[] = [];
  const path = (f: string) => (isAbsolute(f) ? f : join(configDir, f));

  const extra: SensorType[] = [];
  config.types.forEach((f, i) => {
    let raw: unknown;
    try {
      raw = JSON.parse(readText(path(f)));
    } catch (e) {
      issues.push({ path: `types[${i}]`, message: `${f}: ${(e as Error).message}` });
      return;
    }
    const r = parseSensorType(raw);
    if (r.ok) extra.push(r.type);
    else for (const x of r.issues) issues.push({ path: `types[${i}]`, message: `${f}: ${x.path}: ${x.message}` });
  });
  let registry = SensorTypeRegistry.from(SHIPPED_TYPES).with(extra);

  // Provenance notes: one per type across the enabled sources.
  const notes = new Map<string, { note: string; i: number }>();
  config.sources.forEach((s, i) => {
    if (!s.enabled || !s.provenanceNote || !s.sensorType) return;
    const had = notes.get(s.sensorType);
    if (had && had.note !== s.provenanceNote) issues.push({ path: `sources[${i}].provenanceNote`, message: `differs from sources[${had.i}]'s note for the same type ${s.sensorType}: a type has one note` });
    else notes.set(s.sensorType, { note: s.provenanceNote, i });
  });
  const noted: SensorType[] = [];
  for (const [typeId, { note }] of notes) {
    const t = registry.get(typeId);
    if (t) noted.push({ ...t, provenanceNote: note });
  }
  registry = registry.with(noted);
  const catalogueTypes = [...extra.filter((t) => !notes.has(t.id)), ...noted];

  const sources: ResolvedSource[] = config.sources.map((s, i) => {
    if (s.type === 'demo' || !s.sensorType || !s.mapping) return { config: s, type: null, mapping: null };
    const type = registry.get(s.sensorType);
    if (!type) {
      issues.push({ path: `sources[${i}].sensorType`, message: `unknown type ${JSON.stringify(s.sensorType)} (known: ${registry.all().map((t) => t.id).join(', ')})` });
      return { config: s, type: null, mapping: null };
    }
    let table: Map<string, unknown> | undefined;
    if (s.sensorTable) {
      try {
        table = readSensorTable(path(s.sensorTable.file), s.sensorTable.idField);
      } catch (e) {
        issues.push({ path: `sources[${i}].sensorTable.file`, message: (e as Error).message });
      }
    }
    const c = compileMapping(s.mapping as MappingSpec, type, table);
    if (!c.ok) {
      for (const x of c.issues) issues.push({ path: `sources[${i}].mapping.${x.path}`, message: x.message });
      return { config: s, type, mapping: null };
    }
    return { config: s, type, mapping: c.mapping };
  });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, hub: { config, configDir, registry, catalogueTypes, sources } };
}

function readText(file: string): string {
  const buf = readFileSync(file);
  const data = file.endsWith('.gz') ? gunzipSync(buf, { maxOutputLength: MAX_TABLE_BYTES }) : buf;
  if (data.byteLength > MAX_TABLE_BYTES) throw new Error(`over ${MAX_TABLE_BYTES} bytes`);
  return data.toString('utf8');
}

/** A sensor table: its rows by the text of their id field. */
function readSensorTable(file: string, idField: string): Map<string, unknown> {
  const format = formatOfName(file);
  if (!format) throw new Error(`${basename(file)}: cannot tell the format from the name (.csv, .json, .ndjson, .geojson)`);
  const p = parseFieldPath(idField);
  if (!p.ok) throw new Error(`idField: ${p.message}`);
  const rows = parseRecords(readText(file), format);
  if (rows.unparsable.length > 0) throw new Error(`${basename(file)} ${rows.unparsable[0]!.at}: ${rows.unparsable[0]!.detail}`);
  const table = new Map<string, unknown>();
  for (const r of rows.records) {
    const v = readPath(r.value, p.segments);
    if (typeof v === 'string' || typeof v === 'number') table.set(String(v), r.value);
  }
  if (table.size === 0) throw new Error(`${basename(file)}: no row has an id at ${idField}`);
  return table;
}
