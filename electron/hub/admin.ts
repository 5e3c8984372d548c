/**
 * The hub's source admin (electron/shared/source-admin.ts): what a desk uses to connect a source without code.
 * A source document is validated with the hub config's own schema (as `sources[0]` of this hub's config, so every rule
 * of a config file applies) and resolved against the hub's registry plus the document's new type; a preview connects
 * the source for a moment with a sink that only collects, and maps what it got with the same compiled mapping the
 * running hub uses. Secrets arrive beside the document (by key) and live in memory only: the document's references
 * `{ "env": "CITYDESK_SECRET_<KEY>" }` are resolved from them, never from the process environment.
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseSensorType } from '../shared/sensor-types/schema';
import type { SensorType } from '../shared/sensor-types/types';
import { SECRET_REF_PREFIX, type AdminIssue, type AdminResult, type PreviewLimits, type PreviewResult, type PreviewRow, type SourceAdminPort, type SourceDocument } from '../shared/source-admin';
import { formatPath, hubConfigSchema, type SourceConfig } from './config';
import type { Hub } from './hub';
import { compileMapping, type CompiledMapping, type MappingSpec } from './mapping';
import { formatOfName, parseRecords, type RecordFormat } from './record-formats';
import { FeedClock } from './replay';
import type { ResolvedSource } from './resolve-config';
import { readSecret } from './secrets';
import { fileConnectionSchema } from './sources/file';
import { SOURCE_FACTORIES } from './sources/index';
import type { SourceRecord } from './sources/source';

/** Largest file a preview reads. */
const MAX_PREVIEW_FILE_BYTES = 64 * 1024 * 1024;
/** Field paths a preview lists at most, and how deep it flattens a record. */
const MAX_FIELD_PATHS = 200;
const MAX_DEPTH = 4;

type Checked = { ok: true; config: SourceConfig; newType: SensorType | null; type: SensorType | null; mapping: CompiledMapping | null } | { ok: false; issues: AdminIssue[] };

export function createSourceAdmin(hub: Hub): SourceAdminPort {
  const base = hub.resolved;
  const configDir = base.configDir;

  /** The document's shape (the config's source schema), its new type, its type and its mapping; `partial`: the mapping may be missing. */
  const check = (doc: SourceDocument, partial: boolean): Checked => {
    const issues: AdminIssue[] = [];
    let newType: SensorType | null = null;
    if (doc.newType !== undefined && doc.newType !== null) {
      const t = parseSensorType(doc.newType);
      if (t.ok) newType = t.type;
      else for (const i of t.issues) issues.push({ path: `newType.${i.path}`, message: i.message });
    }
    const source = { ...doc.source };
    // A preview before the mapping exists: the config's rule "map the records" does not apply yet (a stand-in passes it).
    const unmapped = partial && (source.mapping === undefined || source.sensorType === undefined);
    if (unmapped) Object.assign(source, { sensorType: 'unmapped', mapping: { id: 'id', time: { field: 'time' }, metrics: {} } });
    const parsed = hubConfigSchema.safeParse({ hub: { id: base.config.hub.id, name: base.config.hub.name, city: base.config.hub.city }, types: [], sources: [source] });
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const p = formatPath(i.path).replace(/^sources\[0\]\.?/, 'source.');
        if (unmapped && /^source\.(mapping|sensorType)/.test(p)) continue;
        issues.push({ path: p.replace(/\.$/, ''), message: i.message });
      }
    }
    if (issues.length > 0 || !parsed.success) return { ok: false, issues: issues.length > 0 ? issues : [{ path: 'source', message: 'not a valid source' }] };
    const parsedConfig = parsed.data.sources[0]!;
    const config: SourceConfig = unmapped ? { ...parsedConfig, sensorType: undefined, mapping: undefined } : parsedConfig;
    if (config.type === 'demo') return { ok: false, issues: [{ path: 'source.type', message: 'the demo is not connected from the desk' }] };
    if (config.sensorTable) return { ok: false, issues: [{ path: 'source.sensorTable', message: 'a sensor table is a hub config file feature: map the position from the records' }] };
    if (newType && config.sensorType !== undefined && newType.id !== config.sensorType) issues.push({ path: 'source.sensorType', message: `the new type's id is ${JSON.stringify(newType.id)}: the source's sensorType must name it` });
    if (newType && base.registry.has(newType.id)) issues.push({ path: 'newType.id', message: `${newType.id} is a type the hub already has: pick it, or give the new type another id` });
    if (config.sensorType === undefined || !config.mapping) return issues.length > 0 ? { ok: false, issues } : { ok: true, config, newType, type: null, mapping: null };
    const registry = newType ? hub.registry().with([newType]) : hub.registry();
    const type = registry.get(config.sensorType);
    if (!type) issues.push({ path: 'source.sensorType', message: `unknown type ${JSON.stringify(config.sensorType)}: pick one of ${registry.all().map((t) => t.id).join(', ')} or define a new type` });
    if (issues.length > 0 || !type) return { ok: false, issues };
    const c = compileMapping(config.mapping as MappingSpec, type);
    if (!c.ok) return { ok: false, issues: c.issues.map((i) => ({ path: `source.mapping.${i.path}`, message: i.message })) };
    return { ok: true, config, newType, type, mapping: c.mapping };
  };

  const envOf = (secrets: Readonly<Record<string, string>>): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(secrets)) env[SECRET_REF_PREFIX + k] = v;
    return env;
  };

  return {
    status: () => hub.sources(),
    types: () => [...hub.registry().all()],
    validate(doc) {
      const c = check(doc, false);
      return c.ok ? { ok: true } : c;
    },
    async preview(doc, secrets, limits) {
      const c = check(doc, true);
      if (!c.ok) return { failure: null, rows: [], unparsable: [], fieldPaths: [], issues: c.issues, stoppedBy: 'failure' };
      const got = await fetchFirst(c.config, envOf(secrets), configDir, c.mapping, limits);
      return previewOf(got, c.mapping);
    },
    async apply(doc, secrets): Promise<AdminResult> {
      const c = check(doc, false);
      if (!c.ok) return c;
      const resolved: ResolvedSource = { config: c.config, type: c.type, mapping: c.mapping };
      await hub.addSource(resolved, envOf(secrets), c.newType ? [c.newType] : []);
      return { ok: true };
    },
    remove: (id) => hub.removeSource(id),
  };
}

interface Fetched {
  records: SourceRecord[];
  unparsable: PreviewResult['unparsable'];
  failure: PreviewResult['failure'];
  stoppedBy: PreviewResult['stoppedBy'];
}

/** The source's first records: up to `maxRecords`, or what came within `maxMs`, or its failure. */
async function fetchFirst(sc: SourceConfig, env: Record<string, string>, configDir: string, mapping: CompiledMapping | null, limits: PreviewLimits): Promise<Fetched> {
  if (sc.type === 'file') return readFirstOfFiles(sc, configDir, limits);
  const factory = SOURCE_FACTORIES[sc.type as Exclude<SourceConfig['type'], 'demo'>];
  if (!factory) return { records: [], unparsable: [], failure: { reason: 'not-available', detail: `the ${sc.type} connector is not in this build` }, stoppedBy: 'failure' };
  const records: SourceRecord[] = [];
  const unparsable: PreviewResult['unparsable'] = [];
  let failure: PreviewResult['failure'] = null;
  let stoppedBy: PreviewResult['stoppedBy'] = 'time';
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  const timer = setTimeout(done, limits.maxMs);
  let source;
  try {
    source = factory.create(factory.connection.parse(sc.connection), {
      id: sc.id,
      configDir,
      secret: (ref) => readSecret(ref, configDir, env),
      timeOf: (v) => mapping?.timeOf(v) ?? null,
      clock: new FeedClock(1, Date.now),
      warmupMs: 0,
      now: Date.now,
      log: () => {},
    });
    source.start({
      records: (rs) => {
        for (const r of rs) if (records.length < limits.maxRecords) records.push(r);
        if (records.length >= limits.maxRecords) {
          stoppedBy = 'records';
          done();
        } else if (sc.type === 'http') {
          stoppedBy = 'end';
          done(); // one poll is the whole answer
        }
      },
      unparsable: (reason, detail, origin) => void (unparsable.length < limits.maxRecords && unparsable.push({ reason, detail, origin })),
      ok: () => {},
      failing: (reason, detail) => {
        failure = { reason, detail };
        stoppedBy = 'failure';
        done();
      },
      finished: () => {
        stoppedBy = 'end';
        done();
      },
    });
  } catch (e) {
    clearTimeout(timer);
    return { records, unparsable, failure: { reason: 'start-failed', detail: (e as Error).message }, stoppedBy: 'failure' };
  }
  await finished;
  clearTimeout(timer);
  await source.stop().catch(() => {});
  // An HTTP answer of only unparsable lines or an empty array is not a failure, but says so.
  return { records, unparsable, failure, stoppedBy };
}

async function readFirstOfFiles(sc: SourceConfig, configDir: string, limits: PreviewLimits): Promise<Fetched> {
  const parsed = fileConnectionSchema.safeParse(sc.connection);
  if (!parsed.success) return { records: [], unparsable: [], failure: { reason: 'bad-connection', detail: parsed.error.issues.map((i) => i.message).join('; ') }, stoppedBy: 'failure' };
  const conn = parsed.data;
  const records: SourceRecord[] = [];
  const unparsable: PreviewResult['unparsable'] = [];
  try {
    for (const f of conn.files) {
      const file = isAbsolute(f) ? f : join(configDir, f);
      const format: RecordFormat | null = conn.format ?? formatOfName(f);
      if (!format) return { records, unparsable, failure: { reason: 'bad-payload', detail: `${f}: cannot tell the format from the name; pick the format` }, stoppedBy: 'failure' };
      const buf = await readFile(file);
      const text = (file.endsWith('.gz') ? gunzipSync(buf, { maxOutputLength: MAX_PREVIEW_FILE_BYTES }) : buf).toString('utf8');
      const out = parseRecords(text, format, { ...(conn.recordsPath !== undefined ? { recordsPath: conn.recordsPath } : {}), ...(conn.delimiter ? { delimiter: conn.delimiter } : {}) });
      for (const u of out.unparsable.slice(0, limits.maxRecords)) unparsable.push({ ...u, origin: `${basename(f)} ${u.at}` });
      for (const r of out.records) {
        if (records.length >= limits.maxRecords) return { records, unparsable, failure: null, stoppedBy: 'records' };
        records.push({ value: r.value, origin: `${basename(f)} ${r.at}`, receivedAt: Date.now() });
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { records, unparsable, failure: { reason: err.code === 'ENOENT' ? 'no-such-file' : 'unreadable', detail: err.message }, stoppedBy: 'failure' };
  }
  return { records, unparsable, failure: null, stoppedBy: 'end' };
}

function previewOf(got: Fetched, mapping: CompiledMapping | null): PreviewResult {
  const paths = new Set<string>();
  const rows: PreviewRow[] = got.records.map((r) => {
    const fields: Record<string, unknown> = {};
    flatten(r.value, '', 0, fields);
    for (const p of Object.keys(fields)) if (paths.size < MAX_FIELD_PATHS) paths.add(p);
    let result: PreviewRow['result'] = null;
    if (mapping) {
      try {
        const m = mapping.map(r.value);
        if (m.ok) {
          const g = m.sensor.geometry;
          result = { ok: true, sensorId: m.sensor.id, name: m.sensor.name, position: g && g.type === 'Point' ? g.coordinates : g && g.type === 'LineString' ? (g.coordinates[0] ?? null) : null, ts: m.reading.ts, values: m.reading.values };
        } else result = { ok: false, reason: m.reason, detail: m.detail };
      } catch (e) {
        result = { ok: false, reason: 'internal', detail: (e as Error).message };
      }
    }
    return { origin: r.origin, fields, result };
  });
  return { failure: got.failure, rows, unparsable: got.unparsable, fieldPaths: [...paths], issues: [], stoppedBy: got.stoppedBy };
}

const NAME = /^[A-Za-z_$][\w$-]*$/;

/** A record's fields by field path (`properties.name`, `values["PM2.5"]`); a GeoJSON geometry and arrays stay whole. */
function flatten(v: unknown, at: string, depth: number, out: Record<string, unknown>): void {
  const isGeometry = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string' && 'coordinates' in v;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isGeometry || depth >= MAX_DEPTH) {
    out[at] = v;
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = NAME.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`;
    flatten(x, p, depth + 1, out);
  }
}
