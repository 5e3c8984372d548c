/**
 * The audit rows as CSV (RFC 4180) for an investigation: every row asked for, oldest first. The columns of the incident
 * pack's actions.csv (ISO 8601 UTC times, machine-readable) plus the feed time in the city's zone, as the desk shows it.
 */
import type { AuditRow } from '../api';
import { csvField } from '../../shared/csv';
import { formatFeedTime } from '../../shared/zone-time';

export const AUDIT_CSV_HEADER = 'audit_id,feed_time,feed_time_local,recorded_at,user,action,action_text,subject,subject_text,rule_name,place,detail_text';

export function auditCsvLine(r: AuditRow, timeZone: string): string {
  const fields = [String(r.id), new Date(r.feedAt).toISOString(), formatFeedTime(r.feedAt, timeZone), new Date(r.at).toISOString(), r.user, r.action, r.actionText, r.subject ?? '', r.subjectText, r.ruleName ?? '', r.place ?? '', r.detailText];
  return fields.map(csvField).join(',');
}

export function auditCsvText(rows: readonly AuditRow[], timeZone: string): string {
  const lines = [AUDIT_CSV_HEADER];
  for (const r of rows) lines.push(auditCsvLine(r, timeZone));
  return `${lines.join('\r\n')}\r\n`;
}
