/**
 * The local cache: SQLite through better-sqlite3, WAL, one file. Everything the engine receives goes through here.
 *
 * Writes are buffered and committed together with the feed cursor in one transaction, at most every
 * `commitIntervalMs` (<= 1 s): a crash loses at most that interval locally, and since the cursor was not advanced
 * either, the resume after restart fetches exactly that back from the feed.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import type { Gap, HistoryPoint, HistoryResolution, OperatorAction } from '../api';
import { METRICS, type Reading, type Sensor, type SensorKind } from '../../shared/model';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export class NewerSchemaError extends Error {}
export class StoreOpenError extends Error {}

export interface StoreOptions {
  readonly?: boolean;
  /** Raw readings are kept this many days (feed time), then only their rollups. */
  rawRetentionDays?: number;
  minuteRetentionDays?: number;
  hourRetentionDays?: number;
  /** Longest time buffered readings wait before they are committed (at most 1000). */
  commitIntervalMs?: number;
  /** Buffered readings that force a commit. */
  commitBatch?: number;
  /** Wall clock, for audit and housekeeping timestamps. */
  now?: () => number;
}

export interface Cursor {
  feedId: string;
  lastSeq: number | null;
  feedTime: number | null;
  name: string;
  url: string;
}

export interface StoredReading extends Reading {
  kind: SensorKind;
}

export interface FlushResult {
  inserted: number;
  duplicates: number;
}

const MINUTE = 60_000;
/** Rows per multi-row INSERT (3 parameters each, well under SQLite's 32,766-parameter limit). */
const INSERT_ROWS = 200;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export class Store {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly opts: Required<Omit<StoreOptions, 'readonly' | 'now'>>;
  private readonly now: () => number;
  private readonly sidOf = new Map<string, { sid: number; kind: SensorKind }>();
  private readonly sensorOfSid = new Map<number, { id: string; kind: SensorKind }>();
  private pending: Reading[] = [];
  private pendingCursor: { feedId: string; lastSeq: number | null; feedTime: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private totals = { inserted: 0, duplicates: 0, unknownSensor: 0 };
  /** Raw readings stored: counted once at open, then kept up to date (count(*) is a full scan). */
  private rowCount = 0;
  /** Earliest reading ts inserted below the rollup watermark since the last maintenance (late readings). */
  private dirtyFrom: number | null = null;
  private closed = false;
  private readonly stmts: ReturnType<Store['prepare']>;
  private readonly insertMany: Database.Statement;

  constructor(file: string, options: StoreOptions = {}) {
    this.file = file;
    this.now = options.now ?? Date.now;
    this.opts = {
      rawRetentionDays: options.rawRetentionDays ?? 14,
      minuteRetentionDays: options.minuteRetentionDays ?? 90,
      hourRetentionDays: options.hourRetentionDays ?? 3650,
      commitIntervalMs: Math.min(1000, options.commitIntervalMs ?? 250),
      commitBatch: options.commitBatch ?? 50_000,
    };
    if (options.readonly && file !== ':memory:' && !existsSync(file)) throw new StoreOpenError(`no database at ${file}`);
    try {
      this.db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (e) {
      throw new StoreOpenError(`cannot open database ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      this.migrate(options.readonly ?? false);
    } catch (e) {
      this.db.close();
      throw e;
    }
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit is durable against a crash of the process (SIGKILL); only an OS crash or power
      // loss can lose the last commits, which the resume from the feed then fetches again.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('cache_size = -65536'); // 64 MiB page cache: sustained ingest touches many index pages
    }
    this.db.pragma('busy_timeout = 5000');
    this.stmts = this.prepare();
    this.insertMany = this.db.prepare(`INSERT OR IGNORE INTO readings (sid, ts, v) VALUES ${Array.from({ length: INSERT_ROWS }, () => '(?, ?, ?)').join(', ')}`);
    this.rowCount = (this.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
    for (const row of this.db.prepare('SELECT sid, id, kind FROM sensors').all() as { sid: number; id: string; kind: SensorKind }[]) {
      this.sidOf.set(row.id, { sid: row.sid, kind: row.kind });
      this.sensorOfSid.set(row.sid, { id: row.id, kind: row.kind });
    }
  }

  private migrate(readonly: boolean): void {
    let version: number;
    try {
      version = this.db.pragma('user_version', { simple: true }) as number;
    } catch (e) {
      throw new StoreOpenError(`${this.file} is not a CityDesk database: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (version > SCHEMA_VERSION) {
      throw new NewerSchemaError(
        `${this.file} was written by a newer CityDesk (schema version ${version}; this version understands up to ${SCHEMA_VERSION}). ` +
          'Update CityDesk, or use another database file. The file was not changed.',
      );
    }
    if (version === SCHEMA_VERSION) return;
    if (readonly && version === 0) throw new StoreOpenError(`${this.file} is not a CityDesk database`);
    if (readonly) throw new StoreOpenError(`${this.file} needs a schema upgrade (version ${version} -> ${SCHEMA_VERSION}); open it once read-write`);
    if (version === 0) {
      const tables = (this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
      if (tables > 0) throw new StoreOpenError(`${this.file} is an SQLite database, but not a CityDesk one (it has tables and no CityDesk schema version)`);
    }
    const apply = this.db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v]!);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
    apply();
  }

  private prepare() {
    const db = this.db;
    return {
      insertReading: db.prepare('INSERT OR IGNORE INTO readings (sid, ts, v) VALUES (?, ?, ?)'),
      upsertCursor: db.prepare(
        `INSERT INTO feeds (feed_id, name, url, last_seq, feed_time, updated_at) VALUES (@feedId, '', '', @lastSeq, @feedTime, @now)
         ON CONFLICT(feed_id) DO UPDATE SET last_seq = @lastSeq, feed_time = max(coalesce(feed_time, 0), @feedTime), updated_at = @now`,
      ),
      upsertFeed: db.prepare(
        `INSERT INTO feeds (feed_id, name, url, last_seq, feed_time, updated_at) VALUES (@feedId, @name, @url, NULL, NULL, @now)
         ON CONFLICT(feed_id) DO UPDATE SET name = @name, url = @url, updated_at = @now`,
      ),
      upsertSensor: db.prepare(
        `INSERT INTO sensors (id, kind, json, updated_at) VALUES (@id, @kind, @json, @now)
         ON CONFLICT(id) DO UPDATE SET kind = @kind, json = @json, updated_at = @now RETURNING sid`,
      ),
      lastReading: db.prepare('SELECT ts, v FROM readings WHERE sid = ? ORDER BY ts DESC LIMIT 1'),
      rawRange: db.prepare('SELECT ts, v FROM readings WHERE sid = ? AND ts >= ? AND ts <= ? ORDER BY ts'),
      rollupRange1m: db.prepare('SELECT bucket, m, min, max, sum, count FROM rollup_1m WHERE sid = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket, m'),
      rollupRange1h: db.prepare('SELECT bucket, m, min, max, sum, count FROM rollup_1h WHERE sid = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket, m'),
      insertGap: db.prepare('INSERT INTO gaps (feed_id, scope, from_ts, to_ts, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      gapsBetween: db.prepare('SELECT id, scope, from_ts AS "from", to_ts AS "to", reason FROM gaps WHERE to_ts >= ? AND from_ts <= ? ORDER BY from_ts'),
      metaGet: db.prepare('SELECT value FROM meta WHERE key = ?'),
      metaSet: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      insertAction: db.prepare(
        `INSERT INTO operator_actions (id, seq, kind, sensor_id, payload, user, created_at, status)
         VALUES (@id, (SELECT coalesce(max(seq), 0) + 1 FROM operator_actions), @kind, @sensorId, @payload, @user, @createdAt, 'queued')`,
      ),
      audit: db.prepare('INSERT INTO audit_log (at, user, action, subject, detail) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  // ---- catalogue and feeds ----

  saveFeed(feedId: string, name: string, url: string): void {
    this.stmts.upsertFeed.run({ feedId, name, url, now: this.now() });
  }

  saveCatalogue(sensors: readonly Sensor[]): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const s of sensors) {
        const row = this.stmts.upsertSensor.get({ id: s.id, kind: s.kind, json: JSON.stringify(s), now }) as { sid: number };
        this.sidOf.set(s.id, { sid: row.sid, kind: s.kind });
        this.sensorOfSid.set(row.sid, { id: s.id, kind: s.kind });
      }
    })();
  }

  loadCatalogue(): Sensor[] {
    return (this.db.prepare('SELECT json FROM sensors ORDER BY sid').all() as { json: string }[]).map((r) => JSON.parse(r.json) as Sensor);
  }

  /** The most recently updated feed cursor (the feed this cache last followed). */
  lastCursor(): Cursor | null {
    const row = this.db.prepare('SELECT feed_id, name, url, last_seq, feed_time FROM feeds ORDER BY updated_at DESC LIMIT 1').get() as
      | { feed_id: string; name: string; url: string; last_seq: number | null; feed_time: number | null }
      | undefined;
    return row ? { feedId: row.feed_id, lastSeq: row.last_seq, feedTime: row.feed_time, name: row.name, url: row.url } : null;
  }

  cursor(feedId: string): Cursor | null {
    const row = this.db.prepare('SELECT feed_id, name, url, last_seq, feed_time FROM feeds WHERE feed_id = ?').get(feedId) as
      | { feed_id: string; name: string; url: string; last_seq: number | null; feed_time: number | null }
      | undefined;
    return row ? { feedId: row.feed_id, lastSeq: row.last_seq, feedTime: row.feed_time, name: row.name, url: row.url } : null;
  }

  // ---- ingest ----

  /**
   * Buffers readings and the cursor that covers them; both are committed together. Readings of sensors not in the
   * stored catalogue are refused (the feed client validated them against the same catalogue).
   */
  ingest(feedId: string, readings: readonly Reading[], lastSeq: number | null, feedTime: number): void {
    if (this.closed) throw new Error('the store is closed');
    for (const r of readings) this.pending.push(r);
    this.pendingCursor = { feedId, lastSeq, feedTime };
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
    const watermark = this.rollupWatermark('1m');
    let inserted = 0;
    let unknown = 0;
    let minLate: number | null = null;
    const write = this.db.transaction(() => {
      // Rows go in INSERT_ROWS at a time (one statement, many rows: far fewer calls into SQLite), the rest one by one.
      // (Sorting them by key first was measured: slower, since each batch is already in time order.)
      const many = this.insertMany;
      const params: (number | string)[] = [];
      for (const r of readings) {
        const s = this.sidOf.get(r.sensorId);
        if (!s) {
          // Cannot happen through the engine (readings are validated against the catalogue saved before them);
          // counted and reported rather than failing the whole commit.
          unknown++;
          continue;
        }
        params.push(s.sid, r.ts, encodeValues(s.kind, r.values));
        // A late reading below the rollup watermark marks its bucket for re-folding (a duplicate one does no harm).
        if (watermark !== null && r.ts < watermark && (minLate === null || r.ts < minLate)) minLate = r.ts;
        if (params.length === INSERT_ROWS * 3) {
          inserted += many.run(params).changes;
          params.length = 0;
        }
      }
      const one = this.stmts.insertReading;
      for (let i = 0; i < params.length; i += 3) inserted += one.run(params[i], params[i + 1], params[i + 2]).changes;
      if (cursor) this.stmts.upsertCursor.run({ feedId: cursor.feedId, lastSeq: cursor.lastSeq, feedTime: cursor.feedTime, now: this.now() });
      if (minLate !== null) {
        const prev = this.metaNumber('rollup_dirty_from');
        this.stmts.metaSet.run('rollup_dirty_from', String(prev === null ? minLate : Math.min(prev, minLate)));
      }
    });
    try {
      write();
    } catch (e) {
      // Nothing of this commit was written (one transaction): keep it buffered for the next attempt, so that a
      // passing failure (disk full, a lock) loses nothing, and report it.
      this.pending = readings.concat(this.pending);
      this.pendingCursor ??= cursor;
      this.lastError = `cache write failed: ${e instanceof Error ? e.message : String(e)}`;
      if (!this.timer && !this.closed) this.timer = setTimeout(() => this.flushQuietly(), Math.max(this.opts.commitIntervalMs, 1000));
      throw e;
    }
    this.lastError = unknown ? `${unknown} reading(s) for sensors not in the stored catalogue were not stored` : null;
    this.totals.unknownSensor += unknown;
    this.rowCount += inserted;
    if (minLate !== null) this.dirtyFrom = this.dirtyFrom === null ? minLate : Math.min(this.dirtyFrom, minLate);
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

  /** The last commit problem, or null when the last commit went through cleanly. */
  lastError: string | null = null;

  get ingestTotals(): Readonly<FlushResult & { unknownSensor: number }> {
    return this.totals;
  }

  /** Latest stored reading of every sensor. */
  latestReadings(): Reading[] {
    const out: Reading[] = [];
    for (const [id, { sid, kind }] of this.sidOf) {
      const row = this.stmts.lastReading.get(sid) as { ts: number; v: string } | undefined;
      if (row) out.push({ sensorId: id, ts: row.ts, values: decodeValues(kind, row.v) });
    }
    return out;
  }

  // ---- history ----

  /**
   * History of one sensor in [from, to]. Raw readings when they are kept for the whole range and fit in maxPoints;
   * else 1-minute rollups when those fit; else 1-hour rollups.
   */
  history(sensorId: string, from: number, to: number, maxPoints = 3000, expectedIntervalS = 300): { resolution: HistoryResolution; points: HistoryPoint[] } {
    const s = this.sidOf.get(sensorId);
    if (!s) throw new Error(`unknown sensor ${sensorId}`);
    const span = Math.max(0, to - from);
    const rawKeptFrom = this.rawKeptFrom();
    const rawFits = span / (expectedIntervalS * 1000) <= maxPoints;
    if (rawFits && (rawKeptFrom === null || from >= rawKeptFrom)) {
      const rows = this.stmts.rawRange.all(s.sid, from, to) as { ts: number; v: string }[];
      return { resolution: 'raw', points: rows.map((r) => ({ ts: r.ts, values: decodeValues(s.kind, r.v) })) };
    }
    const level: '1m' | '1h' = span / MINUTE <= maxPoints ? '1m' : '1h';
    const bucket = level === '1m' ? MINUTE : HOUR;
    const stmt = level === '1m' ? this.stmts.rollupRange1m : this.stmts.rollupRange1h;
    const rows = stmt.all(s.sid, Math.floor(from / bucket) * bucket, to) as { bucket: number; m: number; min: number | null; max: number | null; sum: number | null; count: number }[];
    const metrics = METRICS[s.kind];
    // The tail not yet folded (the current minute or hour): folded here from raw, so the newest data is never missing.
    const until = this.rollupWatermark(level);
    const tailFrom = Math.max(until ?? -Infinity, Math.floor(from / bucket) * bucket);
    if (tailFrom <= to) {
      const tail = new Map<string, { bucket: number; m: number; min: number | null; max: number | null; sum: number | null; count: number }>();
      for (const raw of this.stmts.rawRange.all(s.sid, tailFrom, to) as { ts: number; v: string }[]) {
        const b = Math.floor(raw.ts / bucket) * bucket;
        (JSON.parse(raw.v) as (number | null)[]).forEach((v, m) => {
          if (v === null) return;
          const k = `${b}|${m}`;
          const cur = tail.get(k);
          if (!cur) tail.set(k, { bucket: b, m, min: v, max: v, sum: v, count: 1 });
          else {
            cur.min = Math.min(cur.min!, v);
            cur.max = Math.max(cur.max!, v);
            cur.sum = cur.sum! + v;
            cur.count++;
          }
        });
      }
      const folded = new Set(rows.map((r) => r.bucket));
      for (const t of [...tail.values()].sort((a, b) => a.bucket - b.bucket || a.m - b.m)) if (!folded.has(t.bucket)) rows.push(t);
    }
    const points: HistoryPoint[] = [];
    let cur: Required<HistoryPoint> | null = null;
    for (const r of rows) {
      if (!cur || cur.ts !== r.bucket) {
        cur = { ts: r.bucket, values: {}, min: {}, max: {}, count: 0 };
        points.push(cur);
      }
      const name = metrics[r.m];
      if (name === undefined) continue;
      cur.values[name] = r.count > 0 && r.sum !== null ? r.sum / r.count : null;
      cur.min[name] = r.min;
      cur.max[name] = r.max;
      cur.count = Math.max(cur.count, r.count);
    }
    return { resolution: level, points };
  }

  // ---- gaps ----

  addGap(g: { feedId: string | null; scope: string; from: number; to: number; reason: string }): Gap {
    const from = Math.min(g.from, g.to);
    const to = Math.max(g.from, g.to);
    const info = this.stmts.insertGap.run(g.feedId, g.scope, from, to, g.reason, this.now());
    return { id: Number(info.lastInsertRowid), scope: g.scope, from, to, reason: g.reason };
  }

  gaps(from: number, to: number): Gap[] {
    return this.stmts.gapsBetween.all(from, to) as Gap[];
  }

  /** Gaps that concern one sensor: its own, its kind's, or the whole feed's. */
  gapsFor(sensorId: string, from: number, to: number): Gap[] {
    const kind = sensorId.split(':')[0];
    return this.gaps(from, to).filter((g) => g.scope === 'all' || g.scope === sensorId || g.scope === `kind:${kind}`);
  }

  // ---- rollups and retention ----

  /** Buckets before this time are rolled up (null: nothing yet). */
  private rollupWatermark(level: '1m' | '1h'): number | null {
    return this.metaNumber(`rollup_${level}_until`);
  }

  private rawKeptFrom(): number | null {
    return this.metaNumber('raw_kept_from');
  }

  private metaNumber(key: string): number | null {
    const row = this.stmts.metaGet.get(key) as { value: string } | undefined;
    return row ? Number(row.value) : null;
  }

  /**
   * Folds complete minutes and hours (up to `feedNow`) into rollups, re-folds buckets that late readings touched,
   * then drops raw readings and rollups past their retention. Run periodically; idempotent.
   */
  maintain(feedNow: number, maxSpanMs = 6 * HOUR): { minutes: number; hours: number; rawDeleted: number; caughtUp: boolean } {
    this.flush();
    let minuteUntil = Math.floor(feedNow / MINUTE) * MINUTE;
    let caughtUp = true;
    let minutes = 0;
    let hours = 0;
    let rawDeleted = 0;
    this.db.transaction(() => {
      const dirty = this.metaNumber('rollup_dirty_from');
      const m0 = this.rollupWatermark('1m');
      const oldest = (this.db.prepare('SELECT min(ts) AS t FROM readings').get() as { t: number | null }).t;
      let mFrom = m0 ?? (oldest === null ? minuteUntil : Math.floor(oldest / MINUTE) * MINUTE);
      if (dirty !== null) mFrom = Math.min(mFrom, Math.floor(dirty / MINUTE) * MINUTE);
      // Fold at most maxSpanMs per run, so that catching up on a large cache never stalls the engine for long.
      if (minuteUntil - mFrom > maxSpanMs) {
        minuteUntil = mFrom + maxSpanMs;
        caughtUp = false;
      }
      if (mFrom < minuteUntil) {
        minutes = this.db
          .prepare(
            `INSERT OR REPLACE INTO rollup_1m (sid, bucket, m, min, max, sum, count)
             SELECT r.sid, (r.ts / 60000) * 60000 AS b, CAST(j.key AS INTEGER), min(j.value), max(j.value), sum(j.value), count(j.value)
             FROM sensors s JOIN readings r ON r.sid = s.sid AND r.ts >= ? AND r.ts < ?, json_each(r.v) j
             GROUP BY r.sid, b, j.key`,
          )
          .run(mFrom, minuteUntil).changes;
      }
      this.stmts.metaSet.run('rollup_1m_until', String(Math.max(minuteUntil, m0 ?? 0)));
      const hourUntil = Math.floor(Math.max(minuteUntil, m0 ?? 0) / HOUR) * HOUR; // hours fold from complete minutes
      const h0 = this.rollupWatermark('1h');
      let hFrom = h0 ?? Math.floor(mFrom / HOUR) * HOUR;
      if (dirty !== null) hFrom = Math.min(hFrom, Math.floor(dirty / HOUR) * HOUR);
      if (hFrom < hourUntil) {
        hours = this.db
          .prepare(
            `INSERT OR REPLACE INTO rollup_1h (sid, bucket, m, min, max, sum, count)
             SELECT sid, (bucket / 3600000) * 3600000 AS b, m, min(min), max(max), sum(sum), sum(count)
             FROM rollup_1m WHERE bucket >= ? AND bucket < ? GROUP BY sid, b, m`,
          )
          .run(hFrom, hourUntil).changes;
      }
      this.stmts.metaSet.run('rollup_1h_until', String(Math.max(hourUntil, h0 ?? 0)));
      if (caughtUp) this.db.prepare("DELETE FROM meta WHERE key = 'rollup_dirty_from'").run();

      // Retention: raw only once rolled up; rollups by their own horizons.
      const rawCut = Math.min(feedNow - this.opts.rawRetentionDays * DAY, minuteUntil);
      if (oldest !== null && oldest < rawCut) {
        const del = this.db.prepare('DELETE FROM readings WHERE sid = ? AND ts < ?');
        for (const { sid } of this.sidOf.values()) rawDeleted += del.run(sid, rawCut).changes;
        this.rowCount -= rawDeleted;
      }
      const keptFrom = this.rawKeptFrom();
      if (oldest !== null && oldest < rawCut) this.stmts.metaSet.run('raw_kept_from', String(Math.max(rawCut, keptFrom ?? rawCut)));
      this.db.prepare('DELETE FROM rollup_1m WHERE bucket < ?').run(feedNow - this.opts.minuteRetentionDays * DAY);
      this.db.prepare('DELETE FROM rollup_1h WHERE bucket < ?').run(feedNow - this.opts.hourRetentionDays * DAY);
    })();
    if (caughtUp) this.dirtyFrom = null;
    return { minutes, hours, rawDeleted, caughtUp };
  }

  // ---- export ----

  /** Readings in [from, to], in time order (then sensor id), optionally for some sensors only. */
  *iterateReadings(from: number, to: number, sensorIds?: readonly string[]): Generator<StoredReading> {
    this.flush();
    let sql = 'SELECT sid, ts, v FROM readings WHERE ts >= ? AND ts <= ?';
    const params: number[] = [from, to];
    if (sensorIds && sensorIds.length) {
      const sids = sensorIds.map((id) => this.sidOf.get(id)?.sid).filter((x): x is number => x !== undefined);
      if (sids.length === 0) return;
      sql += ` AND sid IN (${sids.map(() => '?').join(',')})`;
      params.push(...sids);
    }
    sql += ' ORDER BY ts, sid';
    for (const row of this.db.prepare(sql).iterate(...params) as IterableIterator<{ sid: number; ts: number; v: string }>) {
      const s = this.sensorOfSid.get(row.sid);
      if (!s) continue;
      yield { sensorId: s.id, kind: s.kind, ts: row.ts, values: decodeValues(s.kind, row.v) };
    }
  }

  knowsSensor(id: string): boolean {
    return this.sidOf.has(id);
  }

  // ---- operator actions and audit ----

  enqueueAction(a: { id: string; kind: OperatorAction['kind']; sensorId: string | null; alarmId?: string | null; text: string; user: string; createdAt: number }): OperatorAction {
    this.db.transaction(() => {
      this.stmts.insertAction.run({ id: a.id, kind: a.kind, sensorId: a.sensorId, payload: JSON.stringify({ text: a.text, alarmId: a.alarmId ?? null }), user: a.user, createdAt: a.createdAt });
      // A note is audited here; an acknowledgement is audited by the alarm book (alarm.acknowledge).
      if (a.kind === 'note') this.stmts.audit.run(a.createdAt, a.user, 'note.add', a.sensorId, JSON.stringify({ id: a.id, text: a.text }));
    })();
    return this.action(a.id)!;
  }

  action(id: string): OperatorAction | null {
    const row = this.db.prepare('SELECT * FROM operator_actions WHERE id = ?').get(id) as ActionRow | undefined;
    return row ? toAction(row) : null;
  }

  actions(opts: { sensorId?: string; status?: OperatorAction['status']; limit?: number; oldestFirst?: boolean } = {}): OperatorAction[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.sensorId) {
      where.push('sensor_id = ?');
      params.push(opts.sensorId);
    }
    if (opts.status) {
      where.push('status = ?');
      params.push(opts.status);
    }
    const sql = `SELECT * FROM operator_actions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq ${opts.oldestFirst ? 'ASC' : 'DESC'} LIMIT ?`;
    params.push(opts.limit ?? 200);
    return (this.db.prepare(sql).all(...params) as ActionRow[]).map(toAction);
  }

  markAction(id: string, status: 'sent' | 'rejected', error: string | null, user = 'system'): OperatorAction | null {
    const now = this.now();
    this.db.transaction(() => {
      this.db.prepare('UPDATE operator_actions SET status = ?, sent_at = ?, error = ?, attempts = attempts + 1 WHERE id = ?').run(status, status === 'sent' ? now : null, error, id);
      this.stmts.audit.run(now, user, `action.${status}`, id, JSON.stringify({ error }));
    })();
    return this.action(id);
  }

  audit(user: string, action: string, subject: string | null, detail: unknown): void {
    this.stmts.audit.run(this.now(), user, action, subject, JSON.stringify(detail ?? null));
  }

  auditLog(limit = 100, subject?: string): { id: number; at: number; user: string; action: string; subject: string | null; detail: unknown }[] {
    const rows = (
      subject === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?').all(subject, limit)
    ) as { id: number; at: number; user: string; action: string; subject: string | null; detail: string }[];
    return rows.map((r) => ({
      ...r,
      detail: JSON.parse(r.detail) as unknown,
    }));
  }

  // ---- rules, alarms, shelves ----

  /** Saves a new version of a rule (creating the rule on its first version); returns the version number. */
  saveRuleVersion(rule: unknown & { id: string; enabled: boolean }, author: string, at = this.now()): number {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT max(version) AS v FROM rule_versions WHERE rule_id = ?').get(rule.id) as { v: number | null };
      const version = (row.v ?? 0) + 1;
      this.db.prepare('INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES (?, ?, ?, ?, ?)').run(rule.id, version, JSON.stringify({ ...rule, version }), author, at);
      this.db
        .prepare(
          `INSERT INTO rules (id, enabled, current_version, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, current_version = excluded.current_version, updated_at = excluded.updated_at`,
        )
        .run(rule.id, rule.enabled ? 1 : 0, version, at);
      return version;
    })();
  }

  /** Current version of every rule: its JSON, author and time. */
  /** The current version of every rule; a row whose text is not JSON has json null and jsonError set (never throws). */
  currentRules(): { id: string; json: unknown; jsonError: string | null; version: number; author: string; createdAt: number; enabled: boolean }[] {
    return (
      this.db
        .prepare(
          `SELECT r.id, v.json, v.version, v.author, v.created_at, r.enabled FROM rules r
           JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version ORDER BY r.id`,
        )
        .all() as { id: string; json: string; version: number; author: string; created_at: number; enabled: number }[]
    ).map((r) => ({ id: r.id, ...parseStoredJson(r.json), version: r.version, author: r.author, createdAt: r.created_at, enabled: r.enabled === 1 }));
  }

  /** Every version of a rule, newest first; a row whose text is not JSON has json null and jsonError set. */
  ruleVersions(id: string): { json: unknown; jsonError: string | null; version: number; author: string; createdAt: number }[] {
    return (this.db.prepare('SELECT json, version, author, created_at FROM rule_versions WHERE rule_id = ? ORDER BY version DESC').all(id) as {
      json: string;
      version: number;
      author: string;
      created_at: number;
    }[]).map((r) => ({ ...parseStoredJson(r.json), version: r.version, author: r.author, createdAt: r.created_at }));
  }

  saveAlarms(alarms: readonly { id: string; ruleId: string; subject: string; state: string; severity: string; raisedAt: number; updatedAt: number }[]): void {
    if (alarms.length === 0) return;
    const up = this.db.prepare(
      `INSERT INTO alarms (id, rule_id, subject, state, severity, raised_at, updated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, severity = excluded.severity, updated_at = excluded.updated_at, json = excluded.json`,
    );
    this.db.transaction(() => {
      for (const a of alarms) up.run(a.id, a.ruleId, a.subject, a.state, a.severity, a.raisedAt, a.updatedAt, JSON.stringify(a));
    })();
  }

  /** Alarms not resolved, plus the most recent resolved ones when asked. */
  loadAlarms(opts: { includeResolved?: boolean; limit?: number } = {}): unknown[] {
    const sql = opts.includeResolved
      ? 'SELECT json FROM alarms ORDER BY raised_at DESC LIMIT ?'
      : "SELECT json FROM alarms WHERE state != 'resolved' ORDER BY raised_at DESC LIMIT ?";
    return (this.db.prepare(sql).all(opts.limit ?? 5000) as { json: string }[]).map((r) => JSON.parse(r.json) as unknown);
  }

  saveShelves(shelves: readonly { key: string; until: number }[], removedKeys: readonly string[] = []): void {
    this.db.transaction(() => {
      for (const k of removedKeys) this.db.prepare('DELETE FROM shelves WHERE key = ?').run(k);
      for (const sh of shelves) this.db.prepare('INSERT INTO shelves (key, until, json) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET until = excluded.until, json = excluded.json').run(sh.key, sh.until, JSON.stringify(sh));
    })();
  }

  loadShelves(): unknown[] {
    return (this.db.prepare('SELECT json FROM shelves').all() as { json: string }[]).map((r) => JSON.parse(r.json) as unknown);
  }

  auditMany(entries: readonly { at: number; user: string; action: string; subject: string | null; detail: unknown }[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) this.stmts.audit.run(e.at, e.user, e.action, e.subject, JSON.stringify(e.detail ?? null));
    })();
  }

  meta(key: string): string | null {
    return (this.stmts.metaGet.get(key) as { value: string } | undefined)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmts.metaSet.run(key, value);
  }

  // ---- status ----

  stats(): { readings: number; oldest: number | null; sizeBytes: number; queuedActions: number } {
    // min(ts) per sensor uses the (sid, ts) key: cheap, unlike a scan of the whole table.
    let oldest: number | null = null;
    const first = this.db.prepare('SELECT ts FROM readings WHERE sid = ? ORDER BY ts LIMIT 1');
    for (const { sid } of this.sidOf.values()) {
      const row = first.get(sid) as { ts: number } | undefined;
      if (row && (oldest === null || row.ts < oldest)) oldest = row.ts;
    }
    const q = this.db.prepare("SELECT count(*) AS n FROM operator_actions WHERE status = 'queued'").get() as { n: number };
    return { readings: this.rowCount + this.pending.length, oldest, sizeBytes: this.sizeBytes(), queuedActions: q.n };
  }

  sizeBytes(): number {
    if (this.file === ':memory:') {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      return pages * (this.db.pragma('page_size', { simple: true }) as number);
    }
    let size = 0;
    for (const f of [this.file, `${this.file}-wal`]) if (existsSync(f)) size += statSync(f).size;
    return size;
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Flushes and closes. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}

interface ActionRow {
  id: string;
  kind: string;
  sensor_id: string | null;
  payload: string;
  user: string;
  created_at: number;
  status: OperatorAction['status'];
  sent_at: number | null;
  error: string | null;
}

function toAction(r: ActionRow): OperatorAction {
  const payload = JSON.parse(r.payload) as { text?: string; alarmId?: string | null };
  const kind: OperatorAction['kind'] = r.kind === 'alarm-ack' ? 'alarm-ack' : 'note';
  return { id: r.id, kind, sensorId: r.sensor_id, alarmId: payload.alarmId ?? null, text: payload.text ?? '', user: r.user, createdAt: r.created_at, status: r.status, sentAt: r.sent_at, error: r.error };
}

/** A stored JSON document, or why it is not one (a damaged row must not make a whole listing throw). */
function parseStoredJson(text: string): { json: unknown; jsonError: string | null } {
  try {
    return { json: JSON.parse(text) as unknown, jsonError: null };
  } catch (e) {
    return { json: null, jsonError: `the stored text is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

export function encodeValues(kind: SensorKind, values: Readonly<Record<string, number | null>>): string {
  const metrics = METRICS[kind];
  let s = '[';
  for (let i = 0; i < metrics.length; i++) {
    const v = values[metrics[i]!];
    s += (i ? ',' : '') + (v === undefined || v === null ? 'null' : String(v));
  }
  return s + ']';
}

export function decodeValues(kind: SensorKind, v: string): Record<string, number | null> {
  const arr = JSON.parse(v) as (number | null)[];
  const metrics = METRICS[kind];
  const out: Record<string, number | null> = {};
  for (let i = 0; i < metrics.length; i++) out[metrics[i]!] = arr[i] ?? null;
  return out;
}

export function openStore(file: string, options: StoreOptions = {}): Store {
  return new Store(file, options);
}
