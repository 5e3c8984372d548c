/**
 * File replay: CSV, NDJSON, JSON or GeoJSON files (plain or gzip), read at start, ordered by each record's own time
 * (by the source's mapping) and replayed along the hub's feed clock, shifted to now like the demo (../replay.ts),
 * looping or played once. The first pull also delivers the last `warmupMs` before now, so a desk starts with history.
 * A line that cannot be read is counted; a file that cannot be read makes the source fail and retry with back-off.
 */
import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { ScaledReplay } from '../scale';
import { formatOfName, parseRecords, PayloadError, RECORD_FORMATS, type RecordFormat } from '../record-formats';
import { defineSource, type SourceContext } from './context';
import { backoffMs, type Source, type SourceRecord, type SourceSink } from './source';

/** Largest file, after decompression. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export const fileConnectionSchema = z
  .object({
    /** Paths relative to the config file. */
    files: z.array(z.string().min(1).max(1000)).min(1).max(100),
    /** Default: from each file's name (.csv, .ndjson/.jsonl, .json, .geojson, each optionally .gz). */
    format: z.enum(RECORD_FORMATS).optional(),
    /** For JSON: where the array of records is (a field path); default the top level. */
    recordsPath: z.string().max(500).optional(),
    delimiter: z.string().length(1).optional(),
    /** Feed seconds per wall second; every replay of a hub runs on the hub's one clock (see the config check). */
    speed: z.number().positive().max(100_000).default(1),
    /** Start again at the end (default), with times that keep increasing; false: play once. */
    loop: z.boolean().default(true),
  })
  .strict();
export type FileConnection = z.infer<typeof fileConnectionSchema>;

interface Item {
  value: unknown;
  origin: string;
  t: number;
}

export class FileReplaySource implements Source {
  private sink: SourceSink | null = null;
  private replay: ScaledReplay<Item> | null = null;
  /** Records whose time cannot be read: handed over once, so that the mapping counts them. */
  private untimed: SourceRecord[] = [];
  private warm = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private done = false;

  constructor(
    private readonly conn: FileConnection,
    private readonly ctx: SourceContext,
  ) {}

  start(sink: SourceSink): void {
    this.sink = sink;
    void this.load();
  }

  private async load(): Promise<void> {
    const sink = this.sink!;
    const items: Item[] = [];
    try {
      for (const f of this.conn.files) {
        const file = isAbsolute(f) ? f : join(this.ctx.configDir, f);
        const format: RecordFormat | null = this.conn.format ?? formatOfName(f);
        if (!format) throw new PayloadError('bad-payload', `${f}: cannot tell the format from the name; set connection.format`);
        const buf = await readFile(file);
        const text = (file.endsWith('.gz') ? gunzipSync(buf, { maxOutputLength: MAX_FILE_BYTES }) : buf).toString('utf8');
        const parsed = parseRecords(text, format, { ...(this.conn.recordsPath !== undefined ? { recordsPath: this.conn.recordsPath } : {}), ...(this.conn.delimiter ? { delimiter: this.conn.delimiter } : {}) });
        const name = basename(f);
        for (const u of parsed.unparsable) sink.unparsable(u.reason, u.detail, `${name} ${u.at}`);
        for (const r of parsed.records) {
          const t = this.ctx.timeOf(r.value);
          if (t === null) this.untimed.push({ value: r.value, origin: `${name} ${r.at}`, receivedAt: 0 });
          else items.push({ value: r.value, origin: `${name} ${r.at}`, t });
        }
      }
    } catch (e) {
      if (this.stopped) return;
      const wait = backoffMs(this.attempt++);
      const reason = e instanceof PayloadError ? e.reason : 'unreadable';
      sink.failing(reason, (e as Error).message, wait);
      this.retry = setTimeout(() => void this.load(), wait);
      return;
    }
    if (this.stopped) return;
    if (items.length === 0) {
      sink.failing('no-records', `no record with a readable time in ${this.conn.files.join(', ')}`, null);
      return;
    }
    items.sort((a, b) => a.t - b.t); // stable: records of one time keep their file order
    this.replay = new ScaledReplay({ items, timeOf: (i) => i.t }, this.ctx.clock.start, this.conn.loop, this.ctx.scale ?? 1);
    sink.ok();
  }

  pull(feedTime: number): void {
    const sink = this.sink;
    if (!sink || !this.replay || this.stopped) return;
    const now = this.ctx.now();
    const out: SourceRecord[] = [];
    if (this.untimed.length > 0) {
      for (const r of this.untimed) out.push({ ...r, receivedAt: now });
      this.untimed = [];
    }
    const emit = (i: Item, shift: number, copy: number) => void out.push({ value: i.value, origin: i.origin, receivedAt: now, replayShiftMs: shift, ...(copy !== 0 ? { copy } : {}) });
    if (!this.warm) {
      this.warm = true;
      this.replay.due(feedTime, emit, this.ctx.clock.start - this.ctx.warmupMs);
    } else this.replay.due(feedTime, emit);
    if (out.length > 0) sink.records(out);
    if (this.replay.finished && !this.done) {
      this.done = true;
      sink.finished?.('played once to the end (loop: false)');
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    return Promise.resolve();
  }
}

export const fileSource = defineSource({ connection: fileConnectionSchema, create: (conn, ctx) => new FileReplaySource(conn, ctx) });
