/**
 * Readings set aside: raw readings whose timestamps are implausibly far ahead (written by an older CityDesk that did
 * not check reading times). Left among the readings they would freeze their sensor (every later, real reading would
 * look older) and drive retention; deleted they would be lost. So they are moved, unchanged, into a table of their
 * own, counted in the cache status, and left there for export or inspection.
 */
import type Database from 'better-sqlite3';
import { MAX_FEED_AHEAD_OF_WALL_MS, READING_AHEAD_TOLERANCE_MS, describeTime } from '../../shared/protocol';
import type { AuditLog } from './audit-log';
import type { FeedTable } from './feeds';

export class SetAsideTable {
  private readonly countStmt: Database.Statement<[], { n: number }>;
  private readonly anyAfter: Database.Statement<[number, number], { one: number }>;
  private readonly copy: Database.Statement<[string, number, number, number]>;
  private readonly remove: Database.Statement<[number, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.countStmt = db.prepare('SELECT count(*) AS n FROM readings_set_aside');
    // Per sensor, on the (sid, ts) key: a look at each sensor's newest row, not a scan of the table, at every open.
    this.anyAfter = db.prepare('SELECT 1 AS one FROM readings WHERE sid = ? AND ts > ? LIMIT 1');
    this.copy = db.prepare('INSERT OR IGNORE INTO readings_set_aside (sid, ts, v, reason, set_aside_at) SELECT sid, ts, v, ?, ? FROM readings WHERE sid = ? AND ts > ?');
    this.remove = db.prepare('DELETE FROM readings WHERE sid = ? AND ts > ?');
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  /** Moves the raw readings of these sensors later than `limit` here, in one transaction; returns how many moved. */
  setAsideAfter(sids: Iterable<number>, limit: number, reason: string): number {
    const affected = [...sids].filter((sid) => this.anyAfter.get(sid, limit) !== undefined);
    if (affected.length === 0) return 0;
    const at = this.now();
    return this.db.transaction(() => {
      let moved = 0;
      for (const sid of affected) {
        this.copy.run(reason, at, sid, limit);
        moved += this.remove.run(sid, limit).changes;
      }
      return moved;
    })();
  }
}

/**
 * At open: a stored feed clock more than MAX_FEED_AHEAD_OF_WALL_MS ahead of the wall clock is forgotten (the sequence
 * number stays, so resume works); readings stamped more than READING_AHEAD_TOLERANCE_MS after the later of the wall
 * clock and the stored feed clocks are set aside. Both are logged and audited; the results go to the cache status.
 */
export function setAsideImplausibleTimes(d: {
  feeds: FeedTable;
  setAside: SetAsideTable;
  sids: Iterable<number>;
  audit: AuditLog;
  log: (level: 'info' | 'warn' | 'error', msg: string) => void;
  now: number;
}): { forgottenClock: string | null; setAside: number } {
  let forgottenClock: string | null = null;
  for (const f of d.feeds.forgetClocksAfter(d.now + MAX_FEED_AHEAD_OF_WALL_MS)) {
    forgottenClock = `the stored clock of feed ${f.feedId} (${describeTime(f.feedTime)}) was implausible and is no longer used`;
    d.log('warn', forgottenClock);
    d.audit.add('system', 'cache.clock-forgotten', f.feedId, { feedTime: f.feedTime });
  }
  const limit = Math.max(d.now, d.feeds.latestClock() ?? 0) + READING_AHEAD_TOLERANCE_MS;
  const moved = d.setAside.setAsideAfter(d.sids, limit, `later than ${describeTime(limit)} (the wall and feed clocks at open, plus the reading tolerance)`);
  if (moved > 0) {
    d.log('warn', `${moved} reading(s) stamped after ${describeTime(limit)} were set aside (kept in readings_set_aside, not used)`);
    d.audit.add('system', 'cache.readings-set-aside', null, { count: moved, after: limit });
  }
  return { forgottenClock, setAside: moved };
}
