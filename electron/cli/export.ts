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
import { parseArgs, runCli, usage, UsageError } from './args';
import { parseIso } from './iso-arg';
import { openCacheReadonly } from './open-cache';
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

  const store = openCacheReadonly(args.db!);
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
