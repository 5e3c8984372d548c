/**
 * Raw readings: the ingest buffer and its commits (readings and the feed cursor in one transaction), the latest
 * reading per sensor, and reading back in time order.
 *
 * Writes are buffered and committed together with the feed cursor in one transaction, at most every
 * `commitIntervalMs` (<= 1 s): a crash loses at most that interval locally, and since the cursor was not advanced
 * either, the resume after restart fetches exactly that back from the feed.
 */
import type Database from 'better-sqlite3';
import type { Reading } from '../../shared/model';
import type { FeedTable } from './feeds';
import { isCorruption } from './integrity';
import type { MetaTable } from './meta';
import type { MetricLayouts } from './metric-layouts';
import { ROLLUP_DIRTY_FROM, rollupUntilKey } from './rollup-meta';
import type { SensorTable } from './sensors';
import { decodeValues, encodeValues, hasUnplacedMetric } from './value-codec';

export interface StoredReading extends Reading {
  /** The sensor's type id (registry). */
  kind: string;
}

export interface FlushResult {
  inserted: number;
  duplicates: number;
}

/**
 * Raw readings stored. A damaged file (opened read-only for export: the integrity check has already said so) may
 * not be countable; it still opens, with a count of 0, so that what can be read can be exported.
 */
function countRows(db: Database.Database): number {
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM readings').get()!.n;
  } catch (e) {
    if (isCorruption(e)) return 0;
    throw e;
  }
}

/** Rows per multi-row INSERT (3 parameters each, well under SQLite's 32,766-parameter limit). */
const INSERT_ROWS = 200;


export class ReadingTable {
  private pending: Reading[] = [];
  private pendingCursor: { feedId: string; lastSeq: number | null; feedTime: number | null } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly totals = { inserted: 0, duplicates: 0, unknownSensor: 0 };
  /** Raw readings stored: counted once at open, then kept up to date (count(*) is a full scan). */
  private rowCount: number;
  private readonly insertOne: Database.Statement<[number, number, string]>;
  private readonly insertMany: Database.Statement<unknown[]>;
  private readonly lastOf: Database.Statement<[number], { ts: number; v: string }>;
  private readonly firstOf: Database.Statement<[number], { ts: number }>;
  /** The last commit problem, or null when the last commit went through cleanly. */
  lastError: string | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly sensors: SensorTable,
    private readonly feeds: FeedTable,
    private readonly meta: MetaTable,
    private readonly layouts: MetricLayouts,
    /** A type's raw metrics in the registry's order: a layout that must grow takes them first, in that order. */
    private readonly rawMetricsOf: (kind: string) => readonly string[],
    private readonly opts: { commitIntervalMs: number; commitBatch: number },
  ) {
    this.insertOne = db.prepare('INSERT OR IGNORE INTO readings (sid, ts, v) VALUES (?, ?, ?)');
    this.insertMany = db.prepare(`INSERT OR IGNORE INTO readings (sid, ts, v) VALUES ${Array.from({ length: INSERT_ROWS }, () => '(?, ?, ?)').join(', ')}`);
    this.lastOf = db.prepare('SELECT ts, v FROM readings WHERE sid = ? ORDER BY ts DESC LIMIT 1');
    this.firstOf = db.prepare('SELECT ts FROM readings WHERE sid = ? ORDER BY ts LIMIT 1');
    this.rowCount = countRows(db);
  }

  /**
   * Buffers readings and the cursor that covers them; both are committed together. `feedTime` null: the batch's
   * clock was rejected, so only its sequence number advances the cursor.
   */
  ingest(feedId: string, readings: readonly Reading[], lastSeq: number | null, feedTime: number | null): void {
    if (this.closed) throw new Error('the store is closed');
    for (const r of readings) this.pending.push(r);
    this.pendingCursor = { feedId, lastSeq, feedTime: feedTime ?? (this.pendingCursor?.feedId === feedId ? this.pendingCursor.feedTime : null) };
    if (this.pending.length >= this.opts.commitBatch) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flushQuietly(), this.opts.commitIntervalMs);
  }

  /** Commits what is buffered, in one transaction. */
  flush(): FlushResult {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.closed || (this.pending.length === 0 && !this.pendingCursor)) return { inserted: 0, duplicates: 0 };
    const readings = this.pending;
    const cursor = this.pendingCursor;
    this.pending = [];
    this.pendingCursor = null;
    const watermark = this.meta.number(rollupUntilKey('1m'));
    let inserted = 0;
    let unknown = 0;
    let minLate: number | null = null;
    const write = this.db.transaction(() => {
      // Rows go in INSERT_ROWS at a time (one statement, many rows: far fewer calls into SQLite), the rest one by one.
      // (Sorting them by key first was measured: slower, since each batch is already in time order.)
      const params: (number | string)[] = [];
      for (const r of readings) {
        const s = this.sensors.key(r.sensorId);
        if (!s) {
          // Cannot happen through the engine (readings are validated against the catalogue saved before them);
          // counted and reported rather than failing the whole commit.
          unknown++;
          continue;
        }
        // A metric the type's stored layout lacks (a type that gained one, or a type first seen here) is appended to the
        // layout first, the registry's metrics in its order before any other: a value is never dropped here.
        if (hasUnplacedMetric(this.layouts.setOf(s.kind), r.values)) this.layouts.ensure(s.kind, [...this.rawMetricsOf(s.kind), ...Object.keys(r.values)]);
        params.push(s.sid, r.ts, encodeValues(this.layouts.of(s.kind), r.values));
        // A late reading below the rollup watermark marks its bucket for re-folding (a duplicate one does no harm).
        if (watermark !== null && r.ts < watermark && (minLate === null || r.ts < minLate)) minLate = r.ts;
        if (params.length === INSERT_ROWS * 3) {
          inserted += this.insertMany.run(params).changes;
          params.length = 0;
        }
      }
      for (let i = 0; i < params.length; i += 3) inserted += this.insertOne.run(params[i] as number, params[i + 1] as number, params[i + 2] as string).changes;
      if (cursor) this.feeds.saveCursor(cursor);
      if (minLate !== null) {
        const prev = this.meta.number(ROLLUP_DIRTY_FROM);
        this.meta.set(ROLLUP_DIRTY_FROM, String(prev === null ? minLate : Math.min(prev, minLate)));
      }
    });
    try {
      write();
    } catch (e) {
      // Nothing of this commit was written (one transaction): keep it buffered for the next attempt, so that a
      // passing failure (disk full, a lock) loses nothing, and report it.
      this.pending = readings.concat(this.pending);
      this.layouts.reload(); // a layout extended in the failed transaction was not stored either
      this.pendingCursor ??= cursor;
      this.lastError = `cache write failed: ${e instanceof Error ? e.message : String(e)}`;
      if (!this.timer && !this.closed) this.timer = setTimeout(() => this.flushQuietly(), Math.max(this.opts.commitIntervalMs, 1000));
      throw e;
    }
    this.lastError = unknown ? `${unknown} reading(s) for sensors not in the stored catalogue were not stored` : null;
    this.totals.unknownSensor += unknown;
    this.rowCount += inserted;
    const res = { inserted, duplicates: readings.length - inserted - unknown };
    this.totals.inserted += res.inserted;
    this.totals.duplicates += res.duplicates;
    return res;
  }

  /** A flush from the commit timer: a failure is kept in lastError (and retried), never thrown into a timer. */
  private flushQuietly(): void {
    try {
      this.flush();
    } catch {
      // recorded in lastError by flush(); the readings stay buffered
    }
  }

  get ingestTotals(): Readonly<FlushResult & { unknownSensor: number }> {
    return this.totals;
  }

  /** Raw readings stored, plus those buffered. */
  get count(): number {
    return this.rowCount + this.pending.length;
  }

  /** Maintenance deleted (or set aside) rows. */
  removed(n: number): void {
    this.rowCount -= n;
  }

  /** Latest stored reading of every sensor. */
  latest(): Reading[] {
    const out: Reading[] = [];
    for (const [id, { sid, kind }] of this.sensors.entries()) {
      const row = this.lastOf.get(sid);
      if (row) out.push({ sensorId: id, ts: row.ts, values: decodeValues(this.layouts.of(kind), row.v) });
    }
    return out;
  }

  /** Oldest and newest raw reading held (per-sensor lookups on the (sid, ts) key: cheap, unlike a table scan). */
  span(): { oldest: number | null; newest: number | null } {
    let oldest: number | null = null;
    let newest: number | null = null;
    for (const [, { sid }] of this.sensors.entries()) {
      const first = this.firstOf.get(sid);
      if (first && (oldest === null || first.ts < oldest)) oldest = first.ts;
      const last = this.lastOf.get(sid);
      if (last && (newest === null || last.ts > newest)) newest = last.ts;
    }
    return { oldest, newest };
  }

  /** Readings in [from, to], in time order (then sensor id), optionally for some sensors only. */
  *iterate(from: number, to: number, sensorIds?: readonly string[]): Generator<StoredReading> {
    this.flush();
    let sql = 'SELECT sid, ts, v FROM readings WHERE ts >= ? AND ts <= ?';
    const params: number[] = [from, to];
    if (sensorIds && sensorIds.length) {
      const sids = sensorIds.map((id) => this.sensors.key(id)?.sid).filter((x): x is number => x !== undefined);
      if (sids.length === 0) return;
      sql += ` AND sid IN (${sids.map(() => '?').join(',')})`;
      params.push(...sids);
    }
    sql += ' ORDER BY ts, sid';
    for (const row of this.db.prepare<number[], { sid: number; ts: number; v: string }>(sql).iterate(...params)) {
      const s = this.sensors.sensorOf(row.sid);
      if (!s) continue;
      yield { sensorId: s.id, kind: s.kind, ts: row.ts, values: decodeValues(this.layouts.of(s.kind), row.v) };
    }
  }

  /** Flushes and refuses further ingest. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }
}
