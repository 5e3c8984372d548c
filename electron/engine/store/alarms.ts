/** Alarms (keyed by their deterministic id) and shelves, as the alarm book left them: they survive restarts. */
import type Database from 'better-sqlite3';
import type { Alarm, Shelf } from '../rules/alarms';

/** A search of the resolved alarms: a needle, and the rules and subjects whose names contain it. */
export interface ResolvedSearch {
  needle: string;
  ruleIds: readonly string[];
  subjects: readonly string[];
}

type ResolvedFilterParams = { needle: string; ruleIds: string; subjects: string };

export class AlarmTable {
  private readonly upsert: Database.Statement<[string, string, string, string, string, number, number, string]>;
  private readonly open: Database.Statement<[number], { json: string }>;
  private readonly all: Database.Statement<[number], { json: string }>;
  private readonly shelves: Database.Statement<[], { json: string }>;
  private readonly deleteShelf: Database.Statement<[string]>;
  private readonly upsertShelf: Database.Statement<[string, number, string]>;
  private readonly resolvedCount: Database.Statement<ResolvedFilterParams, { n: number }>;
  private readonly resolvedRows: Database.Statement<ResolvedFilterParams & { limit: number; offset: number }, { json: string }>;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO alarms (id, rule_id, subject, state, severity, raised_at, updated_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, severity = excluded.severity, updated_at = excluded.updated_at, json = excluded.json`,
    );
    this.open = db.prepare("SELECT json FROM alarms WHERE state != 'resolved' ORDER BY raised_at DESC LIMIT ?");
    this.all = db.prepare('SELECT json FROM alarms ORDER BY raised_at DESC LIMIT ?');
    this.shelves = db.prepare('SELECT json FROM shelves');
    this.deleteShelf = db.prepare('DELETE FROM shelves WHERE key = ?');
    // Resolved alarms, newest raised first, through the (state, raised_at) index; a search narrows them to the rules and
    // subjects whose names match (the caller knows the names) or to alarms whose stored text contains the needle.
    const where = `state = 'resolved' AND (@needle = '' OR rule_id IN (SELECT value FROM json_each(@ruleIds)) OR subject IN (SELECT value FROM json_each(@subjects)) OR instr(lower(json), @needle) > 0)`;
    this.resolvedCount = db.prepare(`SELECT COUNT(*) AS n FROM alarms WHERE ${where}`);
    this.resolvedRows = db.prepare(`SELECT json FROM alarms WHERE ${where} ORDER BY raised_at DESC, id LIMIT @limit OFFSET @offset`);
    this.upsertShelf = db.prepare('INSERT INTO shelves (key, until, json) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET until = excluded.until, json = excluded.json');
  }

  saveAlarms(alarms: readonly Alarm[]): void {
    if (alarms.length === 0) return;
    this.db.transaction(() => {
      for (const a of alarms) this.upsert.run(a.id, a.ruleId, a.subject, a.state, a.severity, a.raisedAt, a.updatedAt, JSON.stringify(a));
    })();
  }

  /** One alarm by id (any state), or null. */
  byId(id: string): Alarm | null {
    const row = this.db.prepare<[string], { json: string }>('SELECT json FROM alarms WHERE id = ?').get(id);
    return row ? (JSON.parse(row.json) as Alarm) : null;
  }

  /**
   * Alarms not resolved, plus the most recent resolved ones when asked; newest first. Without a limit, every open
   * alarm (the alarm book starts from all of them: a limit here would make the engine forget alarms and miscount);
   * with includeResolved, 5000 at most unless told.
   */
  loadAlarms(opts: { includeResolved?: boolean; limit?: number } = {}): Alarm[] {
    const stmt = opts.includeResolved ? this.all : this.open;
    return stmt.all(opts.limit ?? (opts.includeResolved ? 5000 : -1)).map((r) => JSON.parse(r.json) as Alarm);
  }

  /**
   * One page of the resolved alarms (newest raised first) and how many there are, read with LIMIT/OFFSET (never the
   * whole table). With a search: alarms of `ruleIds`, of `subjects`, or whose stored JSON contains `needle` (lower case).
   */
  resolvedPage(offset: number, limit: number, search?: ResolvedSearch): { alarms: Alarm[]; total: number } {
    const params: ResolvedFilterParams = search && search.needle
      ? { needle: search.needle.toLowerCase(), ruleIds: JSON.stringify(search.ruleIds), subjects: JSON.stringify(search.subjects) }
      : { needle: '', ruleIds: '[]', subjects: '[]' };
    const total = this.resolvedCount.get(params)?.n ?? 0;
    const alarms = total > offset ? this.resolvedRows.all({ ...params, limit, offset }).map((r) => JSON.parse(r.json) as Alarm) : [];
    return { alarms, total };
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
