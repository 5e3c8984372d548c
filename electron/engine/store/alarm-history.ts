/**
 * Alarm history for the KPIs (rules/kpis.ts): the alarms of a period from the `alarms` table, whether each was
 * presented (the audit log's raise entry says "(shelved until …)" when it was not), and the shelvings of the audit
 * log with their feed times. Read-only.
 *
 * The audit log keeps the wall clock in `at`; a transition at another feed time says so at the end of its detail
 * ("(feed time 2014-08-04T08:00:00.000Z)"), and that is the time used here.
 */
import type Database from 'better-sqlite3';
import type { Alarm } from '../rules/alarms';
import type { KpiAlarm, ShelfAction } from '../rules/kpis';

/** The raise detail of an alarm raised while its (rule, subject) was shelved (rules/alarms.ts). */
const SHELVED_RAISE = '%(shelved until ____-__-__T__:__:__.___Z)%';
const FEED_TIME = / \(feed time (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\)$/;
const SHELVED_UNTIL = /^shelved until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z): ([\s\S]*)$/;

interface AuditRow {
  at: number;
  user: string;
  action: string;
  subject: string | null;
  detail: string;
}

export class AlarmHistory {
  private readonly inPeriod: Database.Statement<{ from: number; to: number; standingBefore: number; shelved: string }, { json: string; shelved: number }>;
  private readonly shelfRows: Database.Statement<[], AuditRow>;

  constructor(db: Database.Database) {
    // Raised in the period; acknowledged in it; or raised long enough before its end and not cleared by then (standing).
    this.inPeriod = db.prepare(
      `SELECT a.json AS json,
              EXISTS (SELECT 1 FROM audit_log l WHERE l.subject = a.id AND l.action = 'alarm.raise' AND l.detail LIKE :shelved) AS shelved
         FROM alarms a
        WHERE a.raised_at BETWEEN :from AND :to
           OR (a.raised_at < :from AND json_extract(a.json, '$.acknowledged.at') BETWEEN :from AND :to)
           OR (a.raised_at <= :standingBefore AND (json_extract(a.json, '$.clearedAt') IS NULL OR json_extract(a.json, '$.clearedAt') > :to))
        ORDER BY a.raised_at, a.id`,
    );
    this.shelfRows = db.prepare("SELECT at, user, action, subject, detail FROM audit_log WHERE action IN ('alarm.shelve', 'alarm.unshelve') ORDER BY id");
  }

  /**
   * Alarms raised in [from, to], acknowledged in it, or raised at or before `standingBefore` and not cleared by `to`,
   * oldest first, each with whether it was presented.
   */
  alarms(from: number, to: number, standingBefore: number): KpiAlarm[] {
    return this.inPeriod.all({ from, to, standingBefore, shelved: SHELVED_RAISE }).map((r) => ({ alarm: JSON.parse(r.json) as Alarm, presented: r.shelved === 0 }));
  }

  /** Every shelving and unshelving in the audit log, at its feed time. Entries that cannot be read are skipped. */
  shelfActions(): ShelfAction[] {
    const out: ShelfAction[] = [];
    for (const row of this.shelfRows.all()) {
      const parsed = shelfAction(row);
      if (parsed) out.push(parsed);
    }
    return out;
  }
}

/** A shelve / unshelve audit row as a ShelfAction, or null when it is not one (no alarm id, unreadable detail). */
export function shelfAction(row: AuditRow): ShelfAction | null {
  if (row.subject === null) return null;
  let detail: unknown;
  try {
    detail = JSON.parse(row.detail);
  } catch {
    return null;
  }
  if (typeof detail !== 'string') return null;
  const feedTime = FEED_TIME.exec(detail);
  const at = feedTime ? Date.parse(feedTime[1]!) : row.at;
  const text = feedTime ? detail.slice(0, feedTime.index) : detail;
  // The alarm id is `${ruleId}|${subject}|${raisedAt}`; the shelf covers `${ruleId}|${subject}`.
  const cut = row.subject.lastIndexOf('|');
  if (cut <= 0) return null;
  const key = row.subject.slice(0, cut);
  if (row.action === 'alarm.unshelve') return { type: 'unshelve', key, alarmId: row.subject, by: row.user, at };
  const m = SHELVED_UNTIL.exec(text);
  if (!m) return null;
  return { type: 'shelve', key, alarmId: row.subject, by: row.user, at, until: Date.parse(m[1]!), reason: m[2]! };
}
