/**
 * Cache maintenance: folds complete minutes and hours into rollups, re-folds buckets that late readings touched, and
 * drops raw readings and rollups past their retention.
 *
 * Defence against clock jumps: retention and folding run on a *retention clock* that is the caller's feed clock but
 * never later than the newest raw reading stored. Readings only get in after the feed client checked their time
 * (PROTOCOL.md, "Time sanity"), so one implausible clock (a feed clock in microseconds, a wrong wall clock) can never
 * make maintenance delete data: the worst it can do is nothing. When the feed clock is far beyond the newest reading
 * (a jumped clock, or a feed silent for long), retention is held there and the status says so.
 */
import type Database from 'better-sqlite3';
import { describeTime } from '../../shared/protocol';
import type { MetaTable } from './meta';
import type { ReadingTable } from './readings';
import { DAY, HOUR, MINUTE, RAW_KEPT_FROM, ROLLUP_DIRTY_FROM, rollupUntilKey } from './rollup-meta';

export interface RetentionDays {
  rawRetentionDays: number;
  minuteRetentionDays: number;
  hourRetentionDays: number;
}

export interface MaintenanceResult {
  minutes: number;
  hours: number;
  rawDeleted: number;
  caughtUp: boolean;
  /** The clock maintenance ran on (the feed clock, held at the newest reading), or null with nothing stored. */
  retentionClock: number | null;
  /** Set when the feed clock was beyond the newest reading by more than a day: what was held back, and why. */
  held: string | null;
}

/** How far the feed clock may run past the newest reading before the status reports retention as held. */
const HELD_REPORT_MS = DAY;

export class Maintenance {
  private readonly fold1m: Database.Statement<[number, number]>;
  private readonly fold1h: Database.Statement<[number, number]>;
  private readonly deleteRaw: Database.Statement<[number, number]>;
  private readonly deleteRollup: Record<'1m' | '1h', Database.Statement<[number]>>;

  constructor(
    private readonly db: Database.Database,
    private readonly readings: ReadingTable,
    private readonly sids: () => Iterable<number>,
    private readonly meta: MetaTable,
    private readonly retention: RetentionDays,
  ) {
    this.fold1m = db.prepare(
      `INSERT OR REPLACE INTO rollup_1m (sid, bucket, m, min, max, sum, count)
       SELECT r.sid, (r.ts / 60000) * 60000 AS b, CAST(j.key AS INTEGER), min(j.value), max(j.value), sum(j.value), count(j.value)
       FROM sensors s JOIN readings r ON r.sid = s.sid AND r.ts >= ? AND r.ts < ?, json_each(r.v) j
       GROUP BY r.sid, b, j.key`,
    );
    this.fold1h = db.prepare(
      `INSERT OR REPLACE INTO rollup_1h (sid, bucket, m, min, max, sum, count)
       SELECT sid, (bucket / 3600000) * 3600000 AS b, m, min(min), max(max), sum(sum), sum(count)
       FROM rollup_1m WHERE bucket >= ? AND bucket < ? GROUP BY sid, b, m`,
    );
    this.deleteRaw = db.prepare('DELETE FROM readings WHERE sid = ? AND ts < ?');
    this.deleteRollup = { '1m': db.prepare('DELETE FROM rollup_1m WHERE bucket < ?'), '1h': db.prepare('DELETE FROM rollup_1h WHERE bucket < ?') };
  }

  /** Run periodically; idempotent. Folds at most `maxSpanMs` per run, so catching up never stalls the engine long. */
  run(feedNow: number, maxSpanMs = 6 * HOUR): MaintenanceResult {
    this.readings.flush();
    const { oldest, newest } = this.readings.span();
    if (newest === null) return { minutes: 0, hours: 0, rawDeleted: 0, caughtUp: true, retentionClock: null, held: null };
    const clock = Math.min(feedNow, newest);
    const held =
      feedNow - newest > HELD_REPORT_MS
        ? `retention held at the newest reading (${describeTime(newest)}): the feed clock (${describeTime(feedNow)}) is beyond it, so nothing was deleted for it`
        : null;
    let minuteUntil = Math.floor(clock / MINUTE) * MINUTE;
    let caughtUp = true;
    let minutes = 0;
    let hours = 0;
    let rawDeleted = 0;
    this.db.transaction(() => {
      const dirty = this.meta.number(ROLLUP_DIRTY_FROM);
      const m0 = this.meta.number(rollupUntilKey('1m'));
      let mFrom = m0 ?? (oldest === null ? minuteUntil : Math.floor(oldest / MINUTE) * MINUTE);
      if (dirty !== null) mFrom = Math.min(mFrom, Math.floor(dirty / MINUTE) * MINUTE);
      if (minuteUntil - mFrom > maxSpanMs) {
        minuteUntil = mFrom + maxSpanMs;
        caughtUp = false;
      }
      if (mFrom < minuteUntil) minutes = this.fold1m.run(mFrom, minuteUntil).changes;
      const minuteWatermark = Math.max(minuteUntil, m0 ?? 0);
      this.meta.set(rollupUntilKey('1m'), String(minuteWatermark));
      const hourUntil = Math.floor(minuteWatermark / HOUR) * HOUR; // hours fold from complete minutes
      const h0 = this.meta.number(rollupUntilKey('1h'));
      let hFrom = h0 ?? Math.floor(mFrom / HOUR) * HOUR;
      if (dirty !== null) hFrom = Math.min(hFrom, Math.floor(dirty / HOUR) * HOUR);
      if (hFrom < hourUntil) hours = this.fold1h.run(hFrom, hourUntil).changes;
      this.meta.set(rollupUntilKey('1h'), String(Math.max(hourUntil, h0 ?? 0)));
      // Late readings below the watermark: refolded span by span. The dirty mark moves past what this run refolded, so a
      // long dirty span is worked through, never refolded from its start again and again.
      if (dirty !== null) {
        if (caughtUp || minuteUntil >= minuteWatermark) this.meta.delete(ROLLUP_DIRTY_FROM);
        else this.meta.set(ROLLUP_DIRTY_FROM, String(minuteUntil));
      }

      // Retention: raw only once rolled up; rollups by their own horizons; all on the retention clock.
      const rawCut = Math.min(clock - this.retention.rawRetentionDays * DAY, minuteUntil);
      if (oldest !== null && oldest < rawCut) {
        for (const sid of this.sids()) rawDeleted += this.deleteRaw.run(sid, rawCut).changes;
        const keptFrom = this.meta.number(RAW_KEPT_FROM);
        this.meta.set(RAW_KEPT_FROM, String(Math.max(rawCut, keptFrom ?? rawCut)));
      }
      this.deleteRollup['1m'].run(clock - this.retention.minuteRetentionDays * DAY);
      this.deleteRollup['1h'].run(clock - this.retention.hourRetentionDays * DAY);
    })();
    this.readings.removed(rawDeleted);
    return { minutes, hours, rawDeleted, caughtUp, retentionClock: clock, held };
  }
}
