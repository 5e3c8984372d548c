/** Recorded holes in the data (the feed could not supply them), shown in the status bar and in every chart they touch. */
import type Database from 'better-sqlite3';
import type { Gap } from '../api';

export class GapTable {
  private readonly insert: Database.Statement<[string | null, string, number, number, string, number]>;
  private readonly between: Database.Statement<[number, number], Gap>;

  constructor(
    db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO gaps (feed_id, scope, from_ts, to_ts, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.between = db.prepare('SELECT id, scope, from_ts AS "from", to_ts AS "to", reason FROM gaps WHERE to_ts >= ? AND from_ts <= ? ORDER BY from_ts');
  }

  add(g: { feedId: string | null; scope: string; from: number; to: number; reason: string }): Gap {
    const from = Math.min(g.from, g.to);
    const to = Math.max(g.from, g.to);
    const info = this.insert.run(g.feedId, g.scope, from, to, g.reason, this.now());
    return { id: Number(info.lastInsertRowid), scope: g.scope, from, to, reason: g.reason };
  }

  inRange(from: number, to: number): Gap[] {
    return this.between.all(from, to);
  }

  /** Gaps that concern one sensor (of type `kind`): its own, its type's, or the whole feed's. */
  forSensor(sensorId: string, kind: string | undefined, from: number, to: number): Gap[] {
    return this.between.all(from, to).filter((g) => g.scope === 'all' || g.scope === sensorId || (kind !== undefined && g.scope === `kind:${kind}`));
  }
}
