/**
 * Opening an incident pack (FORMAT.md) in another CityDesk, read-only, without the cache it came from: the manifest is
 * validated, every listed file's SHA-256 recomputed (a mismatch, a missing or an unlisted file is a problem the desk
 * shows on screen, never silently), and the pack's files are read back into an in-memory cache (catalogue, types,
 * city, rules, readings, alarms, audit rows with their feed times, notes, gaps) on which the engine runs in
 * incident mode (index.ts): replay only, no feed, no rule evaluation, every write refused.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'csv-parse';
import { z } from 'zod';
import type { Alarm, AuditRow, DeskMode, Gap, OperatorAction } from '../api';
import { CACHE_KEYS } from '../feed/registry';
import { validateRule, type Rule } from '../rules/schema';
import type { Store } from '../store/store';
import { citySchema, sensorSchema } from '../../shared/protocol';
import type { Reading, Sensor } from '../../shared/model';
import { PACK_FILES, packManifestSchema, type PackManifest } from './format';

/** The pack cannot be opened at all (no manifest, not a pack, a file that cannot be read): the message says why. */
export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackError';
  }
}

/** The feed id under which a pack's readings are stored in the in-memory cache. */
export const PACK_FEED_ID = 'incident-pack';

/** An actions.ndjson line: the row in words, and the detail as the audit log stored it. */
export type PackAuditRow = AuditRow & { detail?: unknown };

export interface PackContents {
  dir: string;
  manifest: PackManifest;
  sensors: Sensor[];
  /** The types as the pack holds them (validated again when the engine reads them from the cache). */
  types: unknown[];
  city: unknown;
  rules: Rule[];
  readings: Reading[];
  alarms: Alarm[];
  actions: PackAuditRow[];
  notes: OperatorAction[];
  gaps: Gap[];
  /** Hash mismatches, missing and unlisted files, unreadable lines: shown on the desk. Empty when verified. */
  problems: string[];
}

const issuesText = (error: z.ZodError, file: string): string =>
  error.issues
    .slice(0, 5)
    .map((i) => `${file}${i.path.length ? ` ${i.path.join('.')}` : ''}: ${i.message}`)
    .join('; ');

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out;
}

/** Recomputes every listed file's size and hash; lists missing and unlisted files. */
export async function verifyPack(dir: string, manifest: PackManifest): Promise<string[]> {
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    if (f.path.includes('..') || f.path.startsWith('/')) {
      problems.push(`${f.path}: not a path inside the pack`);
      continue;
    }
    const full = join(dir, f.path);
    let size: number;
    try {
      size = statSync(full).size;
    } catch {
      problems.push(`${f.path}: listed in the manifest but missing`);
      continue;
    }
    if (size !== f.bytes) problems.push(`${f.path}: ${size} bytes, the manifest says ${f.bytes}`);
    else if ((await sha256(full)) !== f.sha256) problems.push(`${f.path}: its SHA-256 does not match the manifest (changed since the pack was made)`);
  }
  for (const path of listFiles(dir)) if (path !== PACK_FILES.manifest && !listed.has(path)) problems.push(`${path}: not listed in the manifest (not read)`);
  return problems;
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (e) {
    throw new PackError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new PackError(`${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** NDJSON lines that parse; a line that does not is a problem (named by its line number), not a failure. */
function readNdjson<T>(dir: string, file: string, problems: string[], check: (v: unknown) => v is T): T[] {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch {
    problems.push(`${file}: missing`);
    return [];
  }
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as unknown;
      if (check(v)) out.push(v);
      else problems.push(`${file} line ${i + 1}: not the expected record`);
    } catch {
      problems.push(`${file} line ${i + 1}: not JSON`);
    }
  });
  return out;
}

/** The pack's city is the desk's CityInfo (home and attribution null when absent): read back as the feed's city. */
const packCitySchema = z
  .object({ name: z.string(), timeZone: z.string(), home: z.unknown().optional(), attribution: z.string().nullable().optional() })
  .passthrough()
  .transform((c) => ({ name: c.name, timeZone: c.timeZone, ...(c.home !== null && c.home !== undefined ? { home: c.home } : {}), ...(typeof c.attribution === 'string' ? { attribution: c.attribution } : {}) }))
  .pipe(citySchema);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAlarm = (v: unknown): v is Alarm => isObject(v) && typeof v.id === 'string' && typeof v.ruleId === 'string' && typeof v.subject === 'string' && typeof v.raisedAt === 'number' && typeof v.state === 'string';
const isAuditRow = (v: unknown): v is PackAuditRow => isObject(v) && typeof v.feedAt === 'number' && typeof v.at === 'number' && typeof v.user === 'string' && typeof v.action === 'string';
const isNote = (v: unknown): v is OperatorAction => isObject(v) && typeof v.id === 'string' && typeof v.kind === 'string' && typeof v.text === 'string' && typeof v.createdAt === 'number';
const isGap = (v: unknown): v is Gap => isObject(v) && typeof v.scope === 'string' && typeof v.from === 'number' && typeof v.to === 'number' && typeof v.reason === 'string';

/**
 * readings.csv (the export's columns) back into readings: the raw metrics of each (sensor, time); derived rows are
 * computed again from the raw ones by the registry, as they were. An empty value is a null (the source sent it empty).
 */
async function readReadings(dir: string, problems: string[]): Promise<Reading[]> {
  const byKey = new Map<string, Reading>();
  const parser = createReadStream(join(dir, PACK_FILES.readingsCsv)).pipe(parse({ columns: true, relax_column_count: false }));
  let line = 1;
  try {
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      line++;
      if (rec.source !== 'raw') continue;
      const ts = Date.parse(rec.ts ?? '');
      const sensorId = rec.sensor_id ?? '';
      const metric = rec.metric ?? '';
      if (!Number.isFinite(ts) || sensorId === '' || metric === '') {
        problems.push(`${PACK_FILES.readingsCsv} line ${line}: no sensor, time or metric`);
        continue;
      }
      const value = rec.value === '' || rec.value === undefined ? null : Number(rec.value);
      if (value !== null && !Number.isFinite(value)) {
        problems.push(`${PACK_FILES.readingsCsv} line ${line}: value ${rec.value} is not a number`);
        continue;
      }
      const key = `${sensorId}\u0000${ts}`;
      let r = byKey.get(key);
      if (!r) byKey.set(key, (r = { sensorId, ts, values: {} }));
      r.values[metric] = value;
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PackError(`${PACK_FILES.readingsCsv}: missing: the pack has no readings`);
    throw new PackError(`${PACK_FILES.readingsCsv}: cannot be read as CSV near line ${line} (${e instanceof Error ? e.message : String(e)})`);
  }
  return [...byKey.values()].sort((a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : 1));
}

/** Reads and checks a pack folder. Throws PackError when it cannot be opened at all. */
export async function readIncidentPack(dir: string): Promise<PackContents> {
  try {
    if (!statSync(dir).isDirectory()) throw new PackError(`${dir} is not a folder: an incident pack is a folder with a ${PACK_FILES.manifest}`);
  } catch (e) {
    if (e instanceof PackError) throw e;
    throw new PackError(`${dir}: no such folder`);
  }
  const parsed = packManifestSchema.safeParse(readJson(dir, PACK_FILES.manifest));
  if (!parsed.success) throw new PackError(`not a CityDesk incident pack (format 1): ${issuesText(parsed.error, PACK_FILES.manifest)}`);
  const manifest = parsed.data;
  const problems = await verifyPack(dir, manifest);

  const cat = z
    .object({ sensors: z.array(sensorSchema), types: z.array(z.unknown()), city: packCitySchema.nullable() })
    .passthrough()
    .safeParse(readJson(dir, PACK_FILES.catalogue));
  if (!cat.success) throw new PackError(`the pack's catalogue is not valid: ${issuesText(cat.error, PACK_FILES.catalogue)}`);

  const rules: Rule[] = [];
  let rawRules: unknown = [];
  try {
    rawRules = (readJson(dir, PACK_FILES.rules) as { rules?: unknown }).rules ?? [];
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  if (Array.isArray(rawRules)) {
    rawRules.forEach((r, i) => {
      const ok = validateRule(r);
      if (ok.ok) rules.push(ok.rule);
      else problems.push(`${PACK_FILES.rules} rule ${i + 1} is not valid: ${ok.errors.slice(0, 3).join('; ')}`);
    });
  } else problems.push(`${PACK_FILES.rules}: no list of rules`);

  return {
    dir,
    manifest,
    sensors: cat.data.sensors as Sensor[],
    types: cat.data.types,
    city: cat.data.city,
    rules,
    readings: await readReadings(dir, problems),
    alarms: readNdjson(dir, PACK_FILES.alarmsNdjson, problems, isAlarm),
    actions: readNdjson(dir, PACK_FILES.actionsNdjson, problems, isAuditRow),
    notes: readNdjson(dir, PACK_FILES.notesNdjson, problems, isNote),
    gaps: readNdjson(dir, PACK_FILES.gapsNdjson, problems, isGap),
    problems,
  };
}

/** Fills an empty (in-memory) cache with a pack's contents; rule versions keep the pack's author. */
export function importIncidentPack(store: Store, pack: PackContents): void {
  const m = pack.manifest;
  store.saveFeed(PACK_FEED_ID, `Incident pack: ${m.incident.name}`, pack.dir);
  store.setMeta(CACHE_KEYS.types, JSON.stringify(pack.types));
  if (pack.city !== null) store.setMeta(CACHE_KEYS.city, JSON.stringify(pack.city));
  store.saveCatalogue(pack.sensors);
  for (const rule of pack.rules) store.saveRuleVersion(rule, m.createdBy, Date.parse(m.createdAt));
  const feedTime = Date.parse(m.incident.to);
  const BATCH = 5000;
  for (let i = 0; i < pack.readings.length; i += BATCH) store.ingest(PACK_FEED_ID, pack.readings.slice(i, i + BATCH), null, feedTime);
  store.flush();
  store.saveAlarms(pack.alarms);
  // The detail as recorded (shelving is read back from it), else its words.
  store.auditMany(pack.actions.map((a) => ({ at: a.at, feedAt: a.feedAt, user: a.user, action: a.action, subject: a.subject, detail: 'detail' in a ? a.detail : a.detailText })));
  store.importActions(pack.notes);
  for (const g of pack.gaps) store.addGap({ feedId: PACK_FEED_ID, scope: g.scope, from: g.from, to: g.to, reason: g.reason });
}

/** What the desk says about the pack it shows (the deskMode command). */
export function packDeskMode(pack: PackContents): DeskMode {
  const m = pack.manifest;
  return {
    mode: 'incident',
    name: m.incident.name,
    from: Date.parse(m.incident.from),
    to: Date.parse(m.incident.to),
    dir: pack.dir,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
    verified: pack.problems.length === 0,
    problems: pack.problems.slice(0, 50),
  };
}
