/**
 * `npm run export -- --db FILE --from ISO --to ISO [--sensor ID ...] --format csv|ndjson`: readings of a CityDesk
 * cache, in time order, to stdout. Opens the database read-only (a running recorder or app may keep writing to it).
 * What is exported comes from the sensor-type registry (the shipped types, with the types the feed sent over them, as
 * stored in the cache): see export-rows.ts.
 *
 * CSV is long format, one row per metric of a reading, raw metrics then derived ones (the type's order):
 *   sensor_id,kind,ts,metric,value,unit,source,flags
 *   ts ISO 8601 UTC; an empty value is a metric the feed reported empty (or a derived one that cannot be computed);
 *   unit the metric's unit symbol ('' for a count or an index); source 'raw' (as received) or 'derived' (computed by
 *   the type's formula); flags the reading's quality flag ids, ';'-separated (the same on each row of the reading).
 * NDJSON is one reading per line: {"sensor_id","kind","ts","values":{metric: number|null},"derived":{...},
 *   "units":{metric: unit},"flags":[...]}.
 * The range is inclusive at both ends; a date-time without an offset is read as UTC.
 */
import { openStore } from '../engine/store/store';
import { parseArgs, runCli, usage, UsageError } from './args';
import { CSV_HEADER, ExportRows } from '../engine/export/export-rows';

const spec = {
  db: { type: 'string', help: 'the CityDesk database (cache) file' },
  from: { type: 'string', help: 'start of the range, ISO 8601 (e.g. 2014-08-01 or 2014-08-01T06:00:00Z), inclusive' },
  to: { type: 'string', help: 'end of the range, ISO 8601, inclusive' },
  sensor: { type: 'strings', help: 'only this sensor (repeat for several), e.g. traffic:158324' },
  format: { type: 'string', help: `csv (long format: ${CSV_HEADER}) or ndjson` },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const FORMATS = ['csv', 'ndjson'] as const;
type Format = (typeof FORMATS)[number];

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Strict ISO 8601 (calendar date, optional time and offset; no offset = UTC). Rejects 2014-02-30 and friends. */
function parseIso(flag: string, s: string): number {
  const m = ISO_RE.exec(s);
  if (!m) throw new UsageError(`--${flag} must be an ISO 8601 date or date-time (e.g. 2014-08-01T06:00:00Z), got ${JSON.stringify(s)}`);
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const ms = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(base);
  const fieldsOk =
    check.getUTCFullYear() === Number(y) &&
    check.getUTCMonth() === Number(mo) - 1 &&
    check.getUTCDate() === Number(d) &&
    check.getUTCHours() === Number(h) &&
    check.getUTCMinutes() === Number(mi) &&
    check.getUTCSeconds() === Number(sec);
  if (!fieldsOk) throw new UsageError(`--${flag} is not a valid date: ${JSON.stringify(s)}`);
  let offsetMin = 0;
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const oh = Number(z[2]);
    const om = Number(z[3]);
    if (oh > 23 || om > 59) throw new UsageError(`--${flag} has an invalid UTC offset: ${JSON.stringify(s)}`);
    offsetMin = (z[1] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base - offsetMin * 60_000;
}

/** stdout with backpressure; resolves false once the reader went away (EPIPE: `| head`). */
class Out {
  private broken = false;
  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') this.broken = true;
      else {
        process.stderr.write(`error: cannot write the output: ${e.message}\n`);
        process.exit(1);
      }
    });
  }

  get closed(): boolean {
    return this.broken || this.stream.destroyed;
  }

  async write(chunk: string): Promise<boolean> {
    if (this.closed) return false;
    if (this.stream.write(chunk)) return !this.closed;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
    return !this.closed;
  }

  /** Resolves once everything written reached the OS (or the reader went away). */
  end(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.stream.write('', () => resolve()));
  }
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run export -- --db FILE --from ISO --to ISO [--sensor ID ...] --format csv|ndjson', spec));
  for (const k of ['db', 'from', 'to', 'format'] as const) if (args[k] === undefined) throw new UsageError(`--${k} is required`);
  const format = args.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be csv or ndjson, got ${JSON.stringify(args.format)}`);
  const from = parseIso('from', args.from!);
  const to = parseIso('to', args.to!);
  if (from > to) throw new UsageError(`--from (${args.from}) is after --to (${args.to})`);

  let store;
  try {
    store = openStore(args.db!, { readonly: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // A read-only open reports an SQLite file without a CityDesk schema version as needing an upgrade; CityDesk
    // writes the version with its tables, so version 0 means: not (yet) a CityDesk database.
    if (/needs a schema upgrade \(version 0 /.test(msg)) throw new Error(`${args.db} is not a CityDesk database`);
    throw e;
  }
  try {
    const sensors = args.sensor ?? [];
    const unknown = sensors.filter((id) => !store.knowsSensor(id));
    if (unknown.length) throw new UsageError(`unknown sensor ${unknown.join(', ')} (not in the catalogue of ${args.db})`);

    const out = new Out(process.stdout);
    const rows = new ExportRows(store.registry(), store.loadCatalogue());
    const row = format === 'csv' ? (r: Parameters<ExportRows['csv']>[0]) => rows.csv(r) : (r: Parameters<ExportRows['ndjson']>[0]) => rows.ndjson(r);
    let buf = format === 'csv' ? `${CSV_HEADER}\n` : '';
    for (const r of store.iterateReadings(from, to, sensors.length ? sensors : undefined)) {
      buf += row(r);
      if (buf.length >= 64 * 1024) {
        const ok = await out.write(buf);
        buf = '';
        if (!ok) break; // the reader is gone: stop quietly
      }
    }
    if (buf && !out.closed) await out.write(buf);
    await out.end();
  } finally {
    store.close();
  }
});
