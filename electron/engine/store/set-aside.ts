/**
 * Readings set aside: raw readings whose timestamps are implausibly far ahead (written by an older CityDesk that did
 * not check reading times). Left among the readings they would freeze their sensor (every later, real reading would
 * look older) and drive retention; deleted they would be lost. So they are moved, unchanged, into a table of their
 * own, counted in the cache status, and left there for export or inspection.
 */
import type Database from 'better-sqlite3';

export class SetAsideTable {
  private readonly countStmt: Database.Statement<[], { n: number }>;
  private readonly copy: Database.Statement<[string, number, number]>;
  private readonly remove: Database.Statement<[number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.countStmt = db.prepare('SELECT count(*) AS n FROM readings_set_aside');
    this.copy = db.prepare('INSERT OR IGNORE INTO readings_set_aside (sid, ts, v, reason, set_aside_at) SELECT sid, ts, v, ?, ? FROM readings WHERE ts > ?');
    this.remove = db.prepare('DELETE FROM readings WHERE ts > ?');
  }

  count(): number {
    return this.countStmt.get()!.n;
  }

  /** Moves the raw readings later than `limit` here, in one transaction; returns how many moved. */
  setAsideAfter(limit: number, reason: string): number {
    return this.db.transaction(() => {
      this.copy.run(reason, this.now(), limit);
      return this.remove.run(limit).changes;
    })();
  }
}
