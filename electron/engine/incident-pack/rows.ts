/**
 * The rows of the pack's alarm and action files (FORMAT.md; headers in format.ts): CSV (RFC 4180, ISO 8601 UTC times,
 * an empty field for what did not happen) and NDJSON. The rule and the place in words come from the audit words
 * (audit/words.ts), never raw ids alone. Pure.
 */
import type { Alarm, AuditRow } from '../api';
import type { AuditNames } from '../audit/words';
import { csvField } from '../../shared/csv';

const iso = (t: number | null | undefined): string => (t === null || t === undefined ? '' : new Date(t).toISOString());
const row = (fields: readonly string[]): string => fields.map(csvField).join(',') + '\n';

/** An alarm with its rule and place in words (a group's name; else the sensor's or zone's; else the subject). */
export interface NamedAlarm {
  alarm: Alarm;
  ruleName: string;
  place: string;
}

export function nameAlarm(alarm: Alarm, names: AuditNames): NamedAlarm {
  return { alarm, ruleName: names.ruleName(alarm.ruleId) ?? alarm.ruleId, place: alarm.group?.name ?? names.subjectName(alarm.subject) ?? alarm.subject };
}

export function alarmCsvRow({ alarm: a, ruleName, place }: NamedAlarm): string {
  return row([a.id, a.ruleId, ruleName, a.subject, place, a.severity, a.priority, iso(a.raisedAt), iso(a.clearedAt), iso(a.acknowledged?.at), a.acknowledged?.by ?? '', iso(a.resolved?.at), a.resolved?.by ?? '', a.message]);
}

export function actionCsvRow(r: AuditRow): string {
  return row([String(r.id), iso(r.feedAt), iso(r.at), r.user, r.action, r.actionText, r.subject ?? '', r.subjectText, r.ruleName ?? '', r.place ?? '', r.detailText]);
}

export const ndjsonLine = (value: unknown): string => JSON.stringify(value) + '\n';
