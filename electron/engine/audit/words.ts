/**
 * Audit rows in words (issue 10 item 8): the rule and the place named, never raw ids; the detail without JSON or ISO
 * times. Used by the investigation view (commands/audit.ts), the timeline's action ticks (replay/) and the incident
 * pack's actions files (incident-pack/).
 *
 * FIRST VERSION by the lead (contract); helper 'audit' owns and improves it (every action, shelve durations, rule
 * versions, the source and zone subjects, the feed-time suffix in old details).
 */
import type { AuditRow } from '../api';
import type { StoredAuditRow } from '../store/store';

/** Names the words need: rules and sensors (and zones / districts) by id; null when unknown. */
export interface AuditNames {
  ruleName(ruleId: string): string | null;
  /** A sensor's name, a zone's name (`zone:<id>`), a source's (`source:<key>`): null when unknown. */
  subjectName(subject: string): string | null;
}

/** `${ruleId}|${subject}|${raisedAt}` -> its parts, or null when `id` is not an alarm id. */
export function parseAlarmId(id: string): { ruleId: string; subject: string; raisedAt: number } | null {
  const first = id.indexOf('|');
  const last = id.lastIndexOf('|');
  if (first <= 0 || last <= first) return null;
  const raisedAt = Number(id.slice(last + 1));
  if (!Number.isFinite(raisedAt)) return null;
  return { ruleId: id.slice(0, first), subject: id.slice(first + 1, last), raisedAt };
}

/** The audit's own ' (feed time …)' suffix is dropped from details: the row carries its feed time. */
const FEED_TIME_SUFFIX = / \(feed time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\)$/;

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail.replace(FEED_TIME_SUFFIX, '');
  if (typeof detail === 'object') {
    return Object.entries(detail as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('; ');
  }
  return String(detail);
}

export function auditRowInWords(row: StoredAuditRow, names: AuditNames): AuditRow {
  const alarm = row.subject !== null && row.action.startsWith('alarm.') ? parseAlarmId(row.subject) : null;
  const ruleId = alarm?.ruleId ?? (row.action.startsWith('rule.') ? row.subject : null);
  const ruleName = ruleId !== null ? (names.ruleName(ruleId) ?? ruleId) : null;
  const place = alarm ? (names.subjectName(alarm.subject) ?? alarm.subject) : row.subject !== null && !row.action.startsWith('rule.') ? names.subjectName(row.subject) : null;
  const verb = row.action.includes('.') ? row.action.slice(row.action.indexOf('.') + 1) : row.action;
  const subjectText = alarm ? `${ruleName} at ${place}` : ruleName !== null ? `rule ${ruleName}` : (place ?? row.subject ?? '');
  return {
    id: row.id,
    at: row.at,
    feedAt: row.feedAt,
    user: row.user,
    action: row.action,
    actionText: verb.replace(/-/g, ' '),
    subject: row.subject,
    subjectText,
    alarmId: alarm ? row.subject : null,
    ruleId,
    ruleName,
    place,
    detailText: detailText(row.detail),
  };
}
