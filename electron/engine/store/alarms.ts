/** Alarms (keyed by their deterministic id) and shelves, as the alarm book left them: they survive restarts. */
import type Database from 'better-sqlite3';
import type { Alarm, Shelf } from '../rules/alarms';

export class AlarmTable {
  private readonly upsert: Database.Statement<[string, string, string, string, string, number, number, string]>;
  private readonly open: Database.Statement<[number], { json: string }>;
  private readonly all: Database.Statement<[number], { json: string }>;
  private readonly shelves: Database.Statement<[], { json: string }>;
  private readonly deleteShelf: Database.Statement<[string]>;
  private readonly upsertShelf: Database.Statement<[string, number, string]>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO alarms (id, rule_id, subject, state, severity, raised_at, updated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, severity = excluded.severity, updated_at = excluded.updated_at, json = excluded.json`,
    );
    this.open = db.prepare("SELECT json FROM alarms WHERE state != 'resolved' ORDER BY raised_at DESC LIMIT ?");
    this.all = db.prepare('SELECT json FROM alarms ORDER BY raised_at DESC LIMIT ?');
    this.shelves = db.prepare('SELECT json FROM shelves');
    this.deleteShelf = db.prepare('DELETE FROM shelves WHERE key = ?');
    this.upsertShelf = db.prepare('INSERT INTO shelves (key, until, json) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET until = excluded.until, json = excluded.json');
  }

  saveAlarms(alarms: readonly Alarm[]): void {
    if (alarms.length === 0) return;
    this.db.transaction(() => {
      for (const a of alarms) this.upsert.run(a.id, a.ruleId, a.subject, a.state, a.severity, a.raisedAt, a.updatedAt, JSON.stringify(a));
    })();
  }

  /** Alarms not resolved, plus the most recent resolved ones when asked; newest first. */
  loadAlarms(opts: { includeResolved?: boolean; limit?: number } = {}): Alarm[] {
    const stmt = opts.includeResolved ? this.all : this.open;
    return stmt.all(opts.limit ?? 5000).map((r) => JSON.parse(r.json) as Alarm);
  }

  saveShelves(shelves: readonly Shelf[], removedKeys: readonly string[] = []): void {
    this.db.transaction(() => {
      for (const k of removedKeys) this.deleteShelf.run(k);
      for (const sh of shelves) this.upsertShelf.run(sh.key, sh.until, JSON.stringify(sh));
    })();
  }

  loadShelves(): Shelf[] {
    return this.shelves.all().map((r) => JSON.parse(r.json) as Shelf);
  }
}
