/**
 * The audit log: who did what, when, to what. Append-only. Each row keeps two clocks: `at`, the wall clock when it was
 * recorded, and `feed_at`, the feed time of the event (an alarm raised from readings caught up after an outage is
 * raised at the readings' time): replay and the investigation view order by feed time.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from '../api';

export type AuditEntry = AuditRecord;

/** A stored audit row with its feed time (migration 5). */
export interface StoredAuditRow extends AuditRecord {
  feedAt: number;
}

/**
 * One word (or quoted phrase) of a search, as audit/search.ts resolved it: a row matches when the text is in its user,
 * action, subject or detail, or its action's words contain it (`actions`), or it is about a rule (`ruleIds`: its
 * rule.* rows and its alarms' rows) or a place (`places`: rows about it and its alarms' rows) whose name contains it.
 * An alarm's rule and place are those of its row in the alarms table (every alarm is stored there before its audit).
 */
export interface AuditSearchTerm {
  /** Lower case. */
  text: string;
  actions: readonly string[];
  ruleIds: readonly string[];
  places: readonly string[];
}

/** Which rows: a feed-time range (inclusive), subjects (exact), search terms (all must match), oldest or newest first, a page. */
export interface AuditQuery {
  from?: number;
  to?: number;
  /** Rows about these subjects (an alarm id: every row of that alarm). */
  subjects?: readonly string[];
  /** Every term must match (see AuditSearchTerm). */
  terms?: readonly AuditSearchTerm[];
  /** Default: newest first. */
  oldestFirst?: boolean;
  offset?: number;
  /** Default: every row. */
  limit?: number;
}
/** `%text%` for LIKE (ASCII case-insensitive, as lower() is), with %, _ and \ taken literally. */
function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One search term in SQL: the text anywhere in the row's user, action, subject or detail (LIKE: one pass over the rows
 * the range and subjects leave), or the row's action or subject in sets made once per statement (json_each, and the
 * alarms of the term's rules and places); the set tests are left out when a list is empty.
 */
function termSql(t: AuditSearchTerm): { sql: string; params: unknown[] } {
  const like = likeAnywhere(t.text.toLowerCase());
  const parts = ["user LIKE ? ESCAPE '\\'", "action LIKE ? ESCAPE '\\'", "subject LIKE ? ESCAPE '\\'", "detail LIKE ? ESCAPE '\\'"];
  const params: unknown[] = [like, like, like, like];
  if (t.actions.length > 0) {
    parts.push('action IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(t.actions));
  }
  if (t.ruleIds.length > 0 || t.places.length > 0) {
    // Rows about the rules or places themselves, and every row of their alarms (the alarms table knows each alarm's
    // rule and place: one small scan, then a set the audit rows are probed against).
    const ruleIds = JSON.stringify(t.ruleIds);
    const places = JSON.stringify(t.places);
    parts.push('subject IN (SELECT value FROM json_each(?)) OR subject IN (SELECT value FROM json_each(?))');
    parts.push('subject IN (SELECT id FROM alarms WHERE rule_id IN (SELECT value FROM json_each(?)) OR subject IN (SELECT value FROM json_each(?)))');
    params.push(ruleIds, places, ruleIds, places);
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** An entry to add: `feedAt` defaults to the audit clock (the feed clock, see setFeedClock), else `at`. */
export type NewAuditEntry = Omit<AuditEntry, 'id'> & { feedAt?: number };

interface AuditRow {
  id: number;
  at: number;
  user: string;
  action: string;
  subject: string | null;
  detail: string;
}

export class AuditLog {
  private insertStmt: Database.Statement<[number, string, string, string | null, string, number]> | null = null;
  /**
   * The feed-time column: `feed_at`, or `at` in a cache from before it (opened read-only for export or a pack, never
   * migrated): its rows are then ordered and ranged by the time they were recorded.
   */
  private readonly feedCol: 'feed_at' | 'at';
  private readonly latest: Database.Statement<[number], AuditRow>;
  private readonly latestFor: Database.Statement<[string, number], AuditRow>;
  /** The feed clock (the engine sets it); without one the feed time of an entry is its wall time. */
  private feedNow: (() => number) | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.feedCol = db.prepare("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'feed_at'").get() !== undefined ? 'feed_at' : 'at';
    this.latest = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
    this.latestFor = db.prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?');
  }

  /** The clock that stamps `feed_at` on entries that do not give their feed time. */
  setFeedClock(feedNow: () => number): void {
    this.feedNow = feedNow;
  }

  /**
   * One entry, at `at` (default: now), of an event at feed time `feedAt` (default: the feed clock, else `at`). Joins
   * the caller's transaction when there is one.
   */
  add(user: string, action: string, subject: string | null, detail: unknown, at = this.now(), feedAt?: number): void {
    this.insertStmt ??= this.db.prepare('INSERT INTO audit_log (at, user, action, subject, detail, feed_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertStmt.run(at, user, action, subject, JSON.stringify(detail ?? null), feedAt ?? this.feedNow?.() ?? at);
  }

  addMany(entries: readonly NewAuditEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) this.add(e.user, e.action, e.subject, e.detail, e.at, e.feedAt);
    })();
  }

  /** Rows by feed time (the investigation's order), with the total matching before paging. */
  query(q: AuditQuery): { rows: StoredAuditRow[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.from !== undefined) {
      where.push(`${this.feedCol} >= ?`);
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push(`${this.feedCol} <= ?`);
      params.push(q.to);
    }
    if (q.subjects !== undefined) {
      if (q.subjects.length === 0) return { rows: [], total: 0 };
      where.push(`subject IN (${q.subjects.map(() => '?').join(', ')})`);
      params.push(...q.subjects);
    }
    for (const t of q.terms ?? []) {
      const term = termSql(t);
      where.push(term.sql);
      params.push(...term.params);
    }
    const cond = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const order = q.oldestFirst === true ? 'ASC' : 'DESC';
    const offset = q.offset ?? 0;
    let total: number;
    let rows: (AuditRow & { feed_at: number | null })[];
    if (q.terms !== undefined && q.terms.length > 0) {
      // A search scans the rows once: the matching ids in order (the total is their count), then the page's rows by id.
      const ids = this.db.prepare<unknown[], { id: number }>(`SELECT id FROM audit_log ${cond} ORDER BY ${this.feedCol} ${order}, id ${order}`).pluck().all(...params) as unknown as number[];
      total = ids.length;
      const pageIds = ids.slice(offset, q.limit === undefined ? undefined : offset + q.limit);
      const byId = new Map<number, AuditRow & { feed_at: number | null }>();
      for (let i = 0; i < pageIds.length; i += 500) {
        const chunk = pageIds.slice(i, i + 500);
        for (const r of this.db.prepare<unknown[], AuditRow & { feed_at: number | null }>(`SELECT * FROM audit_log WHERE id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk)) byId.set(r.id, r);
      }
      rows = pageIds.map((id) => byId.get(id)!);
    } else {
      total = this.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM audit_log ${cond}`).get(...params)!.n;
      rows = this.db.prepare<unknown[], AuditRow & { feed_at: number | null }>(`SELECT * FROM audit_log ${cond} ORDER BY ${this.feedCol} ${order}, id ${order} LIMIT ? OFFSET ?`).all(...params, q.limit ?? -1, offset);
    }
    return { rows: rows.map(({ feed_at, ...r }) => ({ ...r, feedAt: feed_at ?? r.at, detail: parseDetail(r.detail) })), total };
  }

  /** The newest entries first, optionally about one subject. */
  list(limit = 100, subject?: string): AuditEntry[] {
    const rows = subject === undefined ? this.latest.all(limit) : this.latestFor.all(subject, limit);
    return rows.map((r) => ({ ...r, detail: parseDetail(r.detail) }));
  }
}

/** A stored detail (JSON); a damaged one is shown as the text it holds, never dropped and never a failed listing. */
function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
