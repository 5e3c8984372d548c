/** The audit log: who did what, when, to what. Append-only. */
import type Database from 'better-sqlite3';
import type { AuditRecord } from '../api';

export type AuditEntry = AuditRecord;

interface AuditRow {
  id: number;
  at: number;
  user: string;
  action: string;
  subject: string | null;
  detail: string;
}

export class AuditLog {
  private readonly insert: Database.Statement<[number, string, string, string | null, string]>;
  private readonly latest: Database.Statement<[number], AuditRow>;
  private readonly latestFor: Database.Statement<[string, number], AuditRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare('INSERT INTO audit_log (at, user, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
    this.latest = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?');
    this.latestFor = db.prepare('SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?');
  }

  /** One entry, at `at` (default: now). Joins the caller's transaction when there is one. */
  add(user: string, action: string, subject: string | null, detail: unknown, at = this.now()): void {
    this.insert.run(at, user, action, subject, JSON.stringify(detail ?? null));
  }

  addMany(entries: readonly Omit<AuditEntry, 'id'>[]): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const e of entries) this.add(e.user, e.action, e.subject, e.detail, e.at);
    })();
  }

  /** The newest entries first, optionally about one subject. */
  list(limit = 100, subject?: string): AuditEntry[] {
    const rows = subject === undefined ? this.latest.all(limit) : this.latestFor.all(subject, limit);
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
  }
}
