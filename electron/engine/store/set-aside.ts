/**
 * Readings set aside: raw readings whose timestamps are implausibly far ahead (written by an older CityDesk that did
 * not check reading times). Left among the readings they would freeze their sensor (every later, real reading would
 * look older) and drive retention; deleted they would be lost. So they are moved, unchanged, into a table of their
 * own, counted in the cache status, and left there for export or inspection.
 */
import type Database from 'better-sqlite3';

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
