/**
 * The cache as of an instant, for replay (engine/replay/): each sensor's latest reading at or before a time (raw
 * readings; past raw retention the 1-minute, then the 1-hour rollup bucket covering it, its averages), readings per
 * time bucket (for the timeline's density strip), the alarms open at an instant or during a span, and what the cache
 * holds (its extent). Read-only; every lookup goes through a primary key or an index (never a scan of the readings).
 */
import type Database from 'better-sqlite3';
import type { CacheExtent, HistoryResolution } from '../api';
import type { Reading } from '../../shared/model';
import type { Alarm } from '../rules/alarms';
import type { MetricLayouts } from './metric-layouts';
import { HOUR, MINUTE, rollupUntilKey } from './rollup-meta';
import type { MetaTable } from './meta';
import type { SensorTable } from './sensors';
import { decodeValues } from './value-codec';

/** A sensor's reading as of an instant: a stored reading (raw), or a rollup bucket's averages stamped at its start. */
export interface ReadingAt {
  reading: Reading;
  resolution: HistoryResolution;
}

interface BucketRow {
  sid: number;
  bucket: number;
  m: number;
  sum: number | null;
  count: number;
}

type Level = '1m' | '1h';
type DensityParams = { base: number; from: number; to: number; size: number };

export class ReplayQueries {
  private readonly rawAt: Database.Statement<{ at: number; sids: string }, { sid: number; ts: number; v: string }>;
  private readonly bucketAt: Record<Level, Database.Statement<{ at: number; sids: string }, BucketRow>>;
  private readonly edges: Database.Statement<[], Record<'rawFrom' | 'rawTo' | 'minuteFrom' | 'minuteTo' | 'hourFrom' | 'hourTo' | 'alarmFrom' | 'alarmTo', number | null>>;
  private readonly openUnresolved: Database.Statement<{ at: number }, { json: string }>;
  private readonly openResolvedLater: Database.Statement<{ at: number }, { json: string }>;
  private readonly spanUnresolved: Database.Statement<{ to: number }, { json: string }>;
  private readonly spanResolved: Database.Statement<{ from: number; to: number }, { json: string }>;
  private readonly rawDensity: Database.Statement<DensityParams, { i: number; n: number }>;
  private readonly minuteDensity: Database.Statement<DensityParams, { i: number; n: number }>;
  private readonly hourRows: Database.Statement<{ from: number; to: number }, { bucket: number; n: number }>;

  constructor(
    db: Database.Database,
    private readonly sensors: SensorTable,
    private readonly layouts: MetricLayouts,
    private readonly meta: MetaTable,
  ) {
    // One statement for all the sensors asked (one key seek each inside SQLite, not one call each from here).
    this.rawAt = db.prepare(
      `SELECT r.sid AS sid, r.ts AS ts, r.v AS v FROM json_each(:sids) j
         JOIN readings r ON r.sid = j.value AND r.ts = (SELECT ts FROM readings WHERE sid = j.value AND ts <= :at ORDER BY ts DESC LIMIT 1)`,
    );
    const bucketAt = (table: string) =>
      db.prepare<{ at: number; sids: string }, BucketRow>(
        `SELECT x.sid AS sid, x.bucket AS bucket, x.m AS m, x.sum AS sum, x.count AS count FROM json_each(:sids) j
           JOIN ${table} x ON x.sid = j.value AND x.bucket = (SELECT bucket FROM ${table} WHERE sid = j.value AND bucket <= :at ORDER BY bucket DESC LIMIT 1)`,
      );
    this.bucketAt = { '1m': bucketAt('rollup_1m'), '1h': bucketAt('rollup_1h') };
    const edge = (fn: 'min' | 'max', table: string, col: string) => `(SELECT ${col} FROM ${table} WHERE sid = s.sid ORDER BY ${col} ${fn === 'min' ? 'ASC' : 'DESC'} LIMIT 1)`;
    this.edges = db.prepare(
      `SELECT min(rf) AS rawFrom, max(rl) AS rawTo, min(mf) AS minuteFrom, max(ml) AS minuteTo, min(hf) AS hourFrom, max(hl) AS hourTo,
              (SELECT min(raised_at) FROM alarms) AS alarmFrom, (SELECT max(raised_at) FROM alarms) AS alarmTo
         FROM (SELECT ${edge('min', 'readings', 'ts')} AS rf, ${edge('max', 'readings', 'ts')} AS rl, ${edge('min', 'rollup_1m', 'bucket')} AS mf,
                      ${edge('max', 'rollup_1m', 'bucket')} AS ml, ${edge('min', 'rollup_1h', 'bucket')} AS hf, ${edge('max', 'rollup_1h', 'bucket')} AS hl
                 FROM sensors s)`,
    );
    // Open at an instant: raised by then and not resolved by then. Unresolved ones through alarms_open (state,
    // raised_at); resolved ones through alarms_resolved_at (migration 6): resolved after the instant.
    this.openUnresolved = db.prepare("SELECT json FROM alarms WHERE state IN ('active', 'acknowledged', 'cleared') AND raised_at <= :at");
    this.openResolvedLater = db.prepare("SELECT json FROM alarms WHERE json_extract(json, '$.resolved.at') > :at AND raised_at <= :at");
    this.spanUnresolved = db.prepare("SELECT json FROM alarms WHERE state IN ('active', 'acknowledged', 'cleared') AND raised_at <= :to");
    this.spanResolved = db.prepare("SELECT json FROM alarms WHERE json_extract(json, '$.resolved.at') >= :from AND raised_at <= :to");
    this.rawDensity = db.prepare(
      'SELECT CAST((ts - :base) / :size AS INTEGER) AS i, count(*) AS n FROM readings WHERE sid IN (SELECT sid FROM sensors) AND ts >= :from AND ts < :to GROUP BY i',
    );
    // A rollup bucket's readings: its fullest metric's count (a metric a reading left empty is not counted in its slot).
    this.minuteDensity = db.prepare(
      `SELECT CAST((bucket - :base) / :size AS INTEGER) AS i, sum(n) AS n
         FROM (SELECT bucket, max(count) AS n FROM rollup_1m WHERE sid IN (SELECT sid FROM sensors) AND bucket >= :from AND bucket < :to GROUP BY sid, bucket) GROUP BY i`,
    );
    this.hourRows = db.prepare(
      'SELECT bucket, sum(n) AS n FROM (SELECT bucket, max(count) AS n FROM rollup_1h WHERE sid IN (SELECT sid FROM sensors) AND bucket >= :from AND bucket < :to GROUP BY sid, bucket) GROUP BY bucket',
    );
  }

  /**
   * Each sensor's latest reading at or before `at`: the stored reading when raw readings hold one; else the 1-minute
   * rollup bucket covering `at` or the latest before it; else the 1-hour one. A bucket's reading is its averages (null
   * where no value was stored), stamped at the bucket's start, as history charts show them. Sensors with nothing at or
   * before `at` are left out, and so are ids the cache does not know.
   */
  readingsAt(at: number, ids: readonly string[]): Map<string, ReadingAt> {
    const out = new Map<string, ReadingAt>();
    const keys = new Map<number, { id: string; kind: string }>();
    for (const id of ids) {
      const key = this.sensors.key(id);
      if (key) keys.set(key.sid, { id, kind: key.kind });
    }
    for (const row of this.rawAt.all({ at, sids: JSON.stringify([...keys.keys()]) })) {
      const s = keys.get(row.sid)!;
      out.set(s.id, { reading: { sensorId: s.id, ts: row.ts, values: decodeValues(this.layouts.of(s.kind), row.v) }, resolution: 'raw' });
      keys.delete(row.sid);
    }
    for (const level of ['1m', '1h'] as const) {
      if (keys.size === 0) break;
      const bySid = new Map<number, BucketRow[]>();
      for (const row of this.bucketAt[level].all({ at, sids: JSON.stringify([...keys.keys()]) })) {
        const list = bySid.get(row.sid);
        if (list) list.push(row);
        else bySid.set(row.sid, [row]);
      }
      for (const [sid, rows] of bySid) {
        const s = keys.get(sid)!;
        out.set(s.id, { reading: { sensorId: s.id, ts: rows[0]!.bucket, values: bucketAverages(this.layouts.of(s.kind), rows) }, resolution: level });
        keys.delete(sid);
      }
    }
    return out;
  }

  /**
   * Readings per bucket: `buckets` equal buckets of `size` ms from `from` (the last one closed), counted from `level`: raw readings, or the
   * rollups' counts (a rollup bucket's readings: its fullest metric's count). A 1-minute bucket counts where it starts;
   * a 1-hour bucket longer than ours is spread over the buckets it overlaps, in proportion. The tail not rolled up yet
   * (after the level's watermark) is counted from raw readings.
   */
  density(from: number, size: number, buckets: number, level: HistoryResolution): number[] {
    const counts = new Array<number>(buckets).fill(0);
    const to = from + size * buckets;
    // The span is closed: a reading at `to` itself (the newest one, when the span ends there) is in the last bucket.
    const end = Math.floor(to) + 1;
    const until = level === 'raw' ? from : Math.min(end, Math.max(from, this.meta.number(rollupUntilKey(level)) ?? from));
    const add = (rows: { i: number; n: number }[]) => {
      for (const r of rows) if (r.i >= 0) counts[Math.min(r.i, buckets - 1)]! += r.n;
    };
    if (level === '1m' && until > from) add(this.minuteDensity.all({ base: from, from, to: until, size }));
    if (level === '1h' && until > from) for (const r of this.hourRows.all({ from: from - HOUR + 1, to: until })) spread(counts, from, size, r.bucket, r.bucket + HOUR, r.n);
    if (until < end) add(this.rawDensity.all({ base: from, from: until, to: end, size }));
    return counts.map((n) => Math.round(n));
  }


  /** The oldest 1-minute rollup bucket held, or null. */
  oldestMinuteBucket(): number | null {
    return this.edges.get()?.minuteFrom ?? null;
  }

  /**
   * What the cache holds: from its oldest raw reading, rollup bucket or alarm to its newest raw reading (or the end of
   * its newest rollup bucket when no raw reading is left) or alarm.
   */
  extent(): CacheExtent {
    const e = this.edges.get()!;
    const lower = (...xs: (number | null)[]) => xs.reduce<number | null>((a, b) => (a === null ? b : b === null ? a : Math.min(a, b)), null);
    const upper = (...xs: (number | null)[]) => xs.reduce<number | null>((a, b) => (a === null ? b : b === null ? a : Math.max(a, b)), null);
    const dataTo = e.rawTo ?? upper(e.minuteTo === null ? null : e.minuteTo + MINUTE - 1, e.hourTo === null ? null : e.hourTo + HOUR - 1);
    return { from: lower(e.rawFrom, e.minuteFrom, e.hourFrom, e.alarmFrom), to: upper(dataTo, e.alarmTo), rawFrom: e.rawFrom };
  }

  /**
   * Parsed alarm records by their stored text: a seek reads the same few hundred records again and again (playback
   * asks several times a second), and parsing them (group alarms carry long member lists) was most of a frame's cost.
   * A record whose text changed is parsed again; callers never change what they get (replay builds new objects).
   */
  private readonly parsed = new Map<string, Alarm>();

  private parse(json: string): Alarm {
    let a = this.parsed.get(json);
    if (a === undefined) {
      a = JSON.parse(json) as Alarm;
      if (this.parsed.size >= PARSED_ALARMS_MAX) this.parsed.clear();
      this.parsed.set(json, a);
    }
    return a;
  }

  /** Alarms open at `at`: raised at or before it and not resolved by then, as stored (their final record). */
  alarmsOpenAt(at: number): Alarm[] {
    return [...this.openUnresolved.all({ at }), ...this.openResolvedLater.all({ at })].map((r) => this.parse(r.json));
  }

  /** Alarms raised in [from, to] or open during it (raised before `to`, not resolved before `from`), as stored. */
  alarmsDuring(from: number, to: number): Alarm[] {
    return [...this.spanUnresolved.all({ to }), ...this.spanResolved.all({ from, to })].map((r) => JSON.parse(r.json) as Alarm);
  }
}

/** Parsed alarm records kept for seeks (cleared when full: a new window refills it). */
const PARSED_ALARMS_MAX = 20_000;

/** Adds `n` readings of [start, end) to the buckets it overlaps, in proportion to the overlap. */
function spread(counts: number[], from: number, size: number, start: number, end: number, n: number): void {
  const first = Math.max(0, Math.floor((start - from) / size));
  const last = Math.min(counts.length - 1, Math.floor((end - 1 - from) / size));
  for (let i = first; i <= last; i++) {
    const overlap = Math.min(end, from + (i + 1) * size) - Math.max(start, from + i * size);
    if (overlap > 0) counts[i]! += (n * overlap) / (end - start);
  }
}

/** A rollup bucket's rows (one per stored metric slot) as the layout's metrics: averages, null where nothing was stored. */
function bucketAverages(layout: readonly string[], rows: readonly BucketRow[]): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const name of layout) values[name] = null;
  for (const r of rows) {
    const name = layout[r.m];
    if (name !== undefined) values[name] = r.count > 0 && r.sum !== null ? r.sum / r.count : null;
  }
  return values;
}
