/**
 * Writes one incident pack (FORMAT.md) from a cache: the desk's `exportIncidentPack` and `npm run incident` call this,
 * so both write the same files. Everything is written into a temporary folder beside the target and renamed to it
 * once complete (the zip likewise): a cancelled or failed pack leaves nothing behind. Progress (0 to 1, with what is
 * being written in words) goes to `onProgress`; `signal` cancels between steps.
 *
 * Readings are read in slices of feed time, each slice read whole and then written (a query is never held open
 * across an await: the desk's store keeps ingesting on the same connection meanwhile), and written through a
 * chunked file sink: the biggest file is never one string.
 */
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { ApiError, type AuditRow, type Incident, type OperatorAction, type PackResult } from '../api';
import { auditRowInWords } from '../audit/words';
import { CSV_HEADER, ExportRows } from '../export/export-rows';
import { ACTIONS_CSV_HEADER, ALARMS_CSV_HEADER, PACK_FILES, PACK_FORMAT, PACK_VERSION, snapshotFileName, type PackManifest } from './format';
import { sensorsGeoJson, zoneGeoJson } from './geojson';
import { listPackFiles, manifestJson } from './manifest';
import type { PackPictures } from './pictures';
import { actionCsvRow, alarmCsvRow, nameAlarm, ndjsonLine, type NamedAlarm } from './rows';
import { affectedSensors, packAlarms, packGaps } from './select';
import type { PackSource } from './source';
import { TextSink } from './text-sink';
import { writeZip } from './zip';
import type { StoredReading } from '../store/store';
import type { Sensor } from '../../shared/model';
import { formatTime } from '../../shared/zone-time';

declare const __CITYDESK_VERSION__: string | undefined;
const VERSION = typeof __CITYDESK_VERSION__ === 'string' ? __CITYDESK_VERSION__ : '0.0.0-dev';

/**
 * What to pack: the incident's window, area, notes and linked alarms (as a bookmark holds them); `instants` are the
 * map snapshots' (feed time; none given: the start, the first alarm raised in the window, the end).
 */
export interface PackRequest extends Pick<Incident, 'name' | 'from' | 'to' | 'area' | 'notes' | 'alarmIds' | 'instants'> {
  id: string;
  /** The saved bookmark (incident.json), or null for a window and area given directly. */
  incident: Incident | null;
  createdBy: string;
  tool: 'desk' | 'cli';
  /** Also write `<dir>.zip`. */
  zip: boolean;
}

export interface PackOptions {
  onProgress?: (done: number, stage: string) => void;
  signal?: AbortSignal;
  /** Map snapshots and the report; null: left out, the manifest says why (`picturesUnavailable`). */
  pictures?: PackPictures | null;
  picturesUnavailable?: string;
  /** Feed-time span of one slice of readings (default 10 minutes). */
  sliceMs?: number;
  /** Wall clock (tests). */
  now?: () => number;
}

/** Thrown when the pack was cancelled; nothing of it was kept. */
export class PackCancelled extends ApiError {
  constructor() {
    super('cancelled', 'the incident pack was cancelled; nothing of it was kept');
  }
}

// Shares of the progress bar.
const READINGS_SHARE = 0.75;
const PICTURES_SHARE = 0.1;

/** The OS user, for packs written on the command line. */
export function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A folder name from the incident's name and start: `Car-park-overflow-20140804T0800Z`. */
export function packFolderName(name: string, from: number): string {
  const safe = name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'incident';
  return `${safe}-${new Date(from).toISOString().replace(/[-:]/g, '').replace(/\d\d\.\d{3}Z$/, 'Z')}`;
}


/**
 * Writes the pack into the folder `dir` (which must not exist) and `dir.zip` when asked. Refuses a window in which
 * the area has no readings, alarms or operator actions.
 */
export async function writePack(src: PackSource, req: PackRequest, dir: string, opts: PackOptions = {}): Promise<PackResult> {
  const started = Date.now();
  const now = opts.now ?? Date.now;
  const progress = opts.onProgress ?? (() => {});
  const checkCancel = () => {
    if (opts.signal?.aborted) throw new PackCancelled();
  };
  if (!(req.from < req.to)) throw new ApiError('invalid-params', 'the incident must end after it starts', [{ path: 'to', message: 'must be after from' }]);
  if (await exists(dir)) throw new ApiError('conflict', `${dir} already exists: choose another folder (a pack never overwrites one)`);
  const zipPath = req.zip ? `${dir}.zip` : null;
  if (zipPath && (await exists(zipPath))) throw new ApiError('conflict', `${zipPath} already exists: choose another folder (a pack never overwrites one)`);

  const whole = req.area === null;
  const sensors = affectedSensors(src.catalogue, req.area);
  if (sensors.length === 0) throw new ApiError('not-found', 'no sensor of the catalogue lies in this area: nothing to pack (draw a larger area, or pick a district with sensors)');
  const sensorIds = whole ? undefined : sensors.map((s) => s.id);
  const alarms = packAlarms(src.store.replay().alarmsDuring(req.from, req.to), { from: req.from, to: req.to, sensors, whole, zones: src.zones, linked: req.alarmIds }).map((a) => nameAlarm(a, src.names));
  const actions = packActions(src, req, sensors, alarms);
  const notes = actions.noteIds.map((id) => src.store.action(id)).filter((a): a is OperatorAction => a !== null);
  const gaps = packGaps(src.store.gaps(req.from, req.to), sensors);
  const instants = req.instants.length > 0 ? [...req.instants] : defaultInstants(req, alarms);
  if (!hasReadings(src, req, sensorIds) && alarms.length === 0 && actions.rows.length === 0) {
    throw new ApiError('not-found', `no readings, alarms or operator actions between ${formatTime(req.from, src.city.timeZone, 'dateTime')} and ${formatTime(req.to, src.city.timeZone, 'dateTime')}${whole ? '' : ' in this area'}: nothing to pack (the cache holds raw readings for its last 14 days; choose another window)`);
  }

  progress(0.01, `${sensors.length} sensors, ${alarms.length} alarms, ${actions.rows.length} operator actions`);
  await mkdir(dirname(dir), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(dir), `.${basename(dir)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(tmp, { mode: 0o700 });
  const tmpZip = zipPath ? `${tmp}.zip` : null;
  try {
    const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
    const put = (path: string, text: string | Uint8Array) => writeFile(join(tmp, path), text, { flag: 'wx', mode: 0o600 });
    await put(PACK_FILES.incident, json(req.incident ?? { name: req.name, from: req.from, to: req.to, area: req.area, notes: req.notes, alarmIds: req.alarmIds, instants }));
    const kinds = new Set(sensors.map((s) => s.kind));
    await put(PACK_FILES.catalogue, json({ sensors, types: [...src.registry.all()].filter((t) => kinds.has(t.id)), city: src.city }));
    // The rules as they stand (names, rationale, priorities of the alarms): a desk opening the pack evaluates none.
    await put(PACK_FILES.rules, json({ rules: src.store.currentRules().filter((r) => r.jsonError === null).map((r) => r.json) }));
    await put(PACK_FILES.sensorsGeojson, json(sensorsGeoJson(sensors, alarmsPerSensor(alarms))));
    await put(PACK_FILES.zoneGeojson, json(zoneGeoJson(req.area, sensors)));

    const readings = await writeReadings(src, req, sensors, sensorIds, join(tmp, PACK_FILES.readingsCsv), opts.sliceMs ?? 600_000, (done, n, at) => {
      checkCancel();
      progress(0.02 + READINGS_SHARE * done, `readings ${n.toLocaleString('en')} (to ${formatTime(at, src.city.timeZone, 'clock')})`);
    });
    checkCancel();
    progress(0.02 + READINGS_SHARE, 'alarms and operator actions');
    await writeLines(join(tmp, PACK_FILES.alarmsCsv), ALARMS_CSV_HEADER + '\n', alarms, alarmCsvRow);
    await writeLines(join(tmp, PACK_FILES.alarmsNdjson), '', alarms, (a) => ndjsonLine(a.alarm));
    await writeLines(join(tmp, PACK_FILES.actionsCsv), ACTIONS_CSV_HEADER + '\n', actions.rows, actionCsvRow);
    await writeLines(join(tmp, PACK_FILES.actionsNdjson), '', actions.rows, ndjsonLine);
    await writeLines(join(tmp, PACK_FILES.notesNdjson), '', notes, ndjsonLine);
    await writeLines(join(tmp, PACK_FILES.gapsNdjson), '', gaps, ndjsonLine);
    checkCancel();

    const counts = { sensors: sensors.length, readings, alarms: alarms.length, actions: actions.rows.length, notes: notes.length, gaps: gaps.length };
    const createdAt = now();
    let snapshots = 0;
    const omitted: { path: string; reason: string }[] = [];
    if (opts.pictures) {
      const pictures = opts.pictures;
      const pngs: { at: number; png: Uint8Array }[] = [];
      await mkdir(join(tmp, PACK_FILES.snapshotsDir), { mode: 0o700 });
      for (const [i, at] of instants.entries()) {
        checkCancel();
        progress(0.02 + READINGS_SHARE + (PICTURES_SHARE * i) / Math.max(1, instants.length), `map at ${formatTime(at, src.city.timeZone, 'clock')}`);
        const png = await pictures.snapshot(at, { sensors, area: req.area, alarms: alarms.map((a) => a.alarm) });
        await put(snapshotFileName(at), png);
        pngs.push({ at, png });
      }
      snapshots = pngs.length;
      checkCancel();
      progress(0.02 + READINGS_SHARE + PICTURES_SHARE, 'the report');
      await put(PACK_FILES.report, await pictures.report({ req, sensors, alarms, actions: actions.rows, gaps, counts, snapshots: pngs, createdAt }));
    } else {
      const reason = opts.picturesUnavailable ?? 'no renderer was given';
      omitted.push({ path: `${PACK_FILES.snapshotsDir}/`, reason: `pictures not available: ${reason}` }, { path: PACK_FILES.report, reason: `report not available: ${reason}` });
    }
    checkCancel();

    progress(0.9, 'hashing the files');
    const files = await listPackFiles(tmp, () => checkCancel());
    const manifest: PackManifest = {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      createdAt: new Date(createdAt).toISOString(),
      createdBy: req.createdBy,
      createdWith: { tool: req.tool, version: VERSION },
      incident: {
        id: req.incident?.id ?? null,
        name: req.name,
        from: new Date(req.from).toISOString(),
        to: new Date(req.to).toISOString(),
        area: req.area,
        notes: req.notes,
        alarmIds: [...req.alarmIds],
        instants: instants.map((t) => new Date(t).toISOString()),
      },
      city: { ...src.city },
      counts: { ...counts, snapshots },
      files,
      ...(omitted.length ? { omitted } : {}),
    };
    await put(PACK_FILES.manifest, manifestJson(manifest));
    if (tmpZip) {
      const paths = [PACK_FILES.manifest, ...files.map((f) => f.path)];
      await writeZip(tmp, paths, tmpZip, {
        onFile: (path, i) => progress(0.92 + (0.08 * i) / paths.length, `zip: ${path}`),
        aborted: () => opts.signal?.aborted === true,
      });
    }
    checkCancel();
    await rename(tmp, dir);
    if (tmpZip && zipPath) await rename(tmpZip, zipPath);
    progress(1, 'done');
    const manifestBytes = (await stat(join(dir, PACK_FILES.manifest))).size;
    return {
      id: req.id,
      dir,
      zip: zipPath,
      downloadPath: null,
      files,
      bytes: files.reduce((s, f) => s + f.bytes, manifestBytes),
      ms: Date.now() - started,
    };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    if (tmpZip) await rm(tmpZip, { force: true });
    if (e instanceof Error && e.name === 'AbortError') throw new PackCancelled();
    throw e;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function hasReadings(src: PackSource, req: PackRequest, sensorIds: readonly string[] | undefined): boolean {
  const it = src.store.iterateReadings(req.from, req.to, sensorIds);
  try {
    return !it.next().done;
  } finally {
    it.return(undefined);
  }
}

function defaultInstants(req: PackRequest, alarms: readonly NamedAlarm[]): number[] {
  const first = alarms.find((a) => a.alarm.raisedAt >= req.from && a.alarm.raisedAt <= req.to)?.alarm.raisedAt;
  return [...new Set([req.from, ...(first !== undefined ? [first] : []), req.to])];
}

function alarmsPerSensor(alarms: readonly NamedAlarm[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const { alarm } of alarms) {
    const subjects = new Set([alarm.subject, ...(alarm.group?.members.map((m) => m.subject) ?? [])]);
    for (const s of subjects) n.set(s, (n.get(s) ?? 0) + 1);
  }
  return n;
}

/**
 * The audit rows of the pack's alarms and sensors in the window (feed time), oldest first, in words; and the ids of
 * the notes among them. Read a page at a time.
 */
function packActions(src: PackSource, req: PackRequest, sensors: readonly Sensor[], alarms: readonly NamedAlarm[]): { rows: AuditRow[]; noteIds: string[] } {
  const subjects = new Set<string>([...sensors.map((s) => s.id), ...alarms.map((a) => a.alarm.id)]);
  const rows: AuditRow[] = [];
  const noteIds: string[] = [];
  const PAGE = 5000;
  for (let offset = 0; ; offset += PAGE) {
    const page = src.store.auditQuery({ from: req.from, to: req.to, oldestFirst: true, offset, limit: PAGE }).rows;
    for (const r of page) {
      const feedNote = r.action === 'note.add' && r.subject === null;
      if (!feedNote && (r.subject === null || !subjects.has(r.subject))) continue;
      // The row in words, and the detail as stored (a desk opening the pack reads shelving back from it).
      rows.push({ ...auditRowInWords(r, src.names, src.city.timeZone), detail: r.detail } as AuditRow);
      const id = r.action === 'note.add' ? (r.detail as { id?: unknown } | null)?.id : undefined;
      if (typeof id === 'string') noteIds.push(id);
    }
    if (page.length < PAGE) break;
  }
  return { rows, noteIds };
}

async function writeLines<T>(path: string, head: string, items: readonly T[], line: (item: T) => string): Promise<void> {
  const sink = new TextSink(path);
  try {
    await sink.write(head);
    for (const item of items) await sink.write(line(item));
    await sink.close();
  } catch (e) {
    sink.destroy();
    throw e;
  }
}

/**
 * readings.csv: the rows of `npm run export` (export-rows.ts) for the affected sensors in [from, to], time order.
 * `onSlice(done, readings, at)` after each slice (may throw to cancel). Returns the number of readings written.
 */
async function writeReadings(src: PackSource, req: PackRequest, sensors: readonly Sensor[], sensorIds: readonly string[] | undefined, path: string, sliceMs: number, onSlice: (done: number, readings: number, at: number) => void): Promise<number> {
  const rows = new ExportRows(src.registry, src.catalogue);
  const sink = new TextSink(path);
  let n = 0;
  try {
    await sink.write(CSV_HEADER + '\n');
    if (sensors.length > 0) {
      // Stored times are whole milliseconds: [from, to] holds the same readings as [ceil(from), floor(to)].
      const first = Math.ceil(req.from);
      const last = Math.floor(req.to);
      for (let a = first; a <= last; a += sliceMs) {
        const b = Math.min(a + sliceMs - 1, last);
        // The slice is read whole before anything is awaited (see the file's comment).
        const slice: StoredReading[] = [...src.store.iterateReadings(a, b, sensorIds)];
        for (const r of slice) await sink.write(rows.csv(r));
        n += slice.length;
        onSlice(last > first ? (b - first) / (last - first) : 1, n, b);
        // Let the engine answer (ingest, the cancel request) between slices.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await sink.close();
    return n;
  } catch (e) {
    sink.destroy();
    throw e;
  }
}
