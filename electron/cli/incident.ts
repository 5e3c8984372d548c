/**
 * `npm run incident -- --db FILE --from ISO --to ISO [--area GEOJSON] --out DIR [--name TEXT] [--instant ISO ...]
 * [--zip]`: an incident pack (electron/engine/incident-pack/FORMAT.md) written headless from a CityDesk cache, by the
 * same code as the desk's "Export pack" (incident-pack/writer.ts), so the files are the same. The cache is opened
 * read-only (a running desk or recorder may keep writing to it). DIR must not exist: the pack is written beside it
 * and renamed to it once complete (Ctrl-C leaves nothing). Progress goes to stderr, the folder and its files to
 * stdout. Bad input (flags, dates, an area that is not one GeoJSON polygon, a window with nothing in it) is one line
 * on stderr and exit code 2.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiError } from '../engine/api';
import { areaFromGeoJson } from '../engine/incident-pack/area';
import { packPictures } from '../engine/incident-pack/pictures';
import { packSourceFromStore } from '../engine/incident-pack/source';
import { osUser, PackCancelled, writePack } from '../engine/incident-pack/writer';
import { loadDistricts, type Zone } from '../engine/rules/geo';
import { parseArgs, runCli, usage, UsageError } from './args';
import { parseIso } from './iso-arg';
import { openCacheReadonly } from './open-cache';
import { ASSETS_DIR } from './paths';

const spec = {
  db: { type: 'string', help: 'the CityDesk database (cache) file' },
  from: { type: 'string', help: 'start of the incident, ISO 8601 (e.g. 2014-08-04T06:00:00Z), inclusive' },
  to: { type: 'string', help: 'end of the incident, ISO 8601, inclusive' },
  area: { type: 'string', help: 'a GeoJSON file with the area: one Polygon (or a Feature / FeatureCollection of one); default: the whole city' },
  out: { type: 'string', help: 'the pack folder to write (must not exist)' },
  name: { type: 'string', help: 'the incident\u2019s name (default: "Incident" and its start)' },
  notes: { type: 'string', help: 'notes to put in the pack' },
  instant: { type: 'strings', help: 'an instant for a map snapshot, ISO 8601 (repeat; default: start, first alarm, end)' },
  zip: { type: 'boolean', help: 'also write DIR.zip' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const CMD = 'npm run incident -- --db FILE --from ISO --to ISO [--area GEOJSON] --out DIR [--name TEXT] [--instant ISO ...] [--zip]';

function readArea(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--area ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--area ${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = areaFromGeoJson(doc);
  if (!r.ok) throw new UsageError(`--area ${file}: ${r.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  return r.area;
}

function districts(): Zone[] {
  try {
    return loadDistricts(ASSETS_DIR);
  } catch {
    return []; // zone alarms are then named by their id
  }
}

/** Progress lines on stderr: at each new stage kind, and every 10 %. */
function progressPrinter(): (done: number, stage: string) => void {
  let lastKind = '';
  let lastTenth = -1;
  return (done, stage) => {
    const kind = stage.split(' ')[0]!;
    const tenth = Math.floor(done * 10);
    if (kind === lastKind && tenth === lastTenth && done < 1) return;
    lastKind = kind;
    lastTenth = tenth;
    process.stderr.write(`incident pack: ${Math.round(done * 100)}% ${stage}\n`);
  };
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage(CMD, spec));
  for (const k of ['db', 'from', 'to', 'out'] as const) if (args[k] === undefined) throw new UsageError(`--${k} is required`);
  const from = parseIso('from', args.from!);
  const to = parseIso('to', args.to!);
  if (!(from < to)) throw new UsageError(`--from (${args.from}) must be before --to (${args.to})`);
  const instants = (args.instant ?? []).map((s) => parseIso('instant', s));
  const area = args.area !== undefined ? readArea(args.area) : null;
  if (!existsSync(args.db!) || !statSync(args.db!).isFile()) throw new UsageError(`--db ${args.db}: no such file`);
  const out = resolve(args.out!);
  if (existsSync(out)) throw new UsageError(`--out ${args.out}: already exists (a pack never overwrites a folder): give a new folder`);

  const store = openCacheReadonly(args.db!);
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const name = args.name ?? `Incident ${new Date(from).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    const source = packSourceFromStore(store, districts());
    const result = await writePack(
      source,
      { id: 'cli', name, from, to, area, notes: args.notes ?? '', alarmIds: [], instants, incident: null, createdBy: osUser(), tool: 'cli', zip: args.zip === true },
      out,
      { onProgress: progressPrinter(), signal: abort.signal, pictures: packPictures(source, ASSETS_DIR) },
    );
    const lines = [result.dir, ...result.files.map((f) => `  ${f.path}  ${f.bytes} bytes`), ...(result.zip ? [result.zip] : [])];
    process.stdout.write(lines.join('\n') + '\n');
  } catch (e) {
    if (e instanceof PackCancelled) {
      process.stderr.write(`${e.message}\n`);
      process.exit(130);
    }
    // The window, the area or the folder: the caller's to change.
    if (e instanceof ApiError && ['invalid-params', 'not-found', 'conflict'].includes(e.code)) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    store.close();
  }
});
