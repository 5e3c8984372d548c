/**
 * The audit log: who did what, when, to what. Append-only. Each row keeps two clocks: `at`, the wall clock when it was
 * recorded, and `feed_at`, the feed time of the event (an alarm raised from readings caught up after an outage is
 * raised at the readings' time): replay and the investigation view order by feed time.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from '../api';

export type AuditEntry = AuditRecord;
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
  private readonly insert: Database.Statement<[number, string, string, string | null, string, number]>;
  private readonly latest: Database.Statement<[number], AuditRow>;
  private readonly latestFor: Database.Statement<[string, number], AuditRow>;
  /** The feed clock (the engine sets it); without one the feed time of an entry is its wall time. */
  private feedNow: (() => number) | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO audit_log (at, user, action, subject, detail, feed_at) VALUES (?, ?, ?, ?, ?, ?)');
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
    this.insert.run(at, user, action, subject, JSON.stringify(detail ?? null), feedAt ?? this.feedNow?.() ?? at);
  }

  addMany(entries: readonly NewAuditEntry[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) this.add(e.user, e.action, e.subject, e.detail, e.at, e.feedAt);
    })();
  }

  /** The newest entries first, optionally about one subject. */
  list(limit = 100, subject?: string): AuditEntry[] {
    const rows = subject === undefined ? this.latest.all(limit) : this.latestFor.all(subject, limit);
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
  }
}
