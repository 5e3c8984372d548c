/**
 * The alarm KPIs as one CSV text for download: a heading that names the city, the period and its time zone, then one
 * section per table (summary, new alarms per 10 minutes, bad actors, chattering, standing, shelves, per rule, per
 * operator), each a `# Title` line, a header row and its rows, separated by an empty line. Times are ISO 8601 in UTC;
 * durations in minutes. Pure.
 */
import { csvField } from '../../shared/csv';
import { FLOOD_ALARMS, STANDING_MS, TARGET_AVERAGE_PER_WINDOW } from '../../shared/alarm-priority';
import type { AlarmKpis } from '../api';

type Cell = string | number | null;

export interface KpiCsvContext {
  /** The city's name and IANA time zone (the desk shows times in it; the file says so). */
  city: string;
  timeZone: string;
  /** The rule the KPIs were narrowed to, if any. */
  ruleId?: string;
}

export function kpisCsv(k: AlarmKpis, ctx: KpiCsvContext): { filename: string; csv: string } {
  const lines: string[] = [
    row([`# Alarm KPIs for ${ctx.city}${ctx.ruleId ? ` (rule ${ctx.ruleId})` : ''} from ${iso(k.from)} to ${iso(k.to)}`]),
    row([`# Times are ISO 8601 in UTC; the city's time zone is ${ctx.timeZone}. Durations are in minutes. Flood: more than ${FLOOD_ALARMS} new alarms in 10 minutes; target: about ${TARGET_AVERAGE_PER_WINDOW} on average.`]),
    '',
  ];
  const section = (title: string, header: string[], rows: Cell[][]) => {
    lines.push(row([`# ${title}`]), row(header), ...rows.map(row), '');
  };
  section(
    'Summary',
    ['from_utc', 'to_utc', 'time_zone', 'new_alarms', 'average_per_10_min', 'peak_per_10_min', 'peak_at_utc', 'flood_share_pct', 'ack_count', 'ack_p50_min', 'ack_p90_min', 'chattering', 'standing', 'shelved_now', 'shelved_in_period'],
    [[iso(k.from), iso(k.to), ctx.timeZone, k.total, round(k.averagePerTenMinutes, 2), k.peakPerTenMinutes, iso(k.peakAt), round(k.floodShare * 100, 2), k.ackTimes.count, minutes(k.ackTimes.p50), minutes(k.ackTimes.p90), k.chattering.length, k.standing.length, k.shelved.current.length, k.shelved.shelvedInPeriod]],
  );
  section('New alarms per 10 minutes', ['interval_start_utc', 'new_alarms', 'flood'], k.perTenMinutes.map((b) => [iso(b.at), b.count, b.count > FLOOD_ALARMS ? 'yes' : 'no']));
  section('Bad actors (most frequent alarms)', ['rule_id', 'rule', 'subject_id', 'subject', 'alarms', 'share_pct'], k.badActors.map((b) => [b.ruleId, b.ruleName, b.subject, b.subjectName, b.count, round(b.share * 100, 1)]));
  section('Chattering alarms', ['rule_id', 'rule', 'subject_id', 'subject', 'raises_in_10_min', 'first_at_utc', 'suggestion'], k.chattering.map((c) => [c.ruleId, c.ruleName, c.subject, c.subjectName, c.cycles, iso(c.firstAt), c.suggestion]));
  section(`Standing alarms (active over ${STANDING_MS / 3_600_000} h at the end)`, ['alarm_id', 'rule_id', 'rule', 'subject_id', 'subject', 'active_since_utc', 'active_hours'], k.standing.map((s) => [s.alarmId, s.ruleId, s.ruleName, s.subject, s.subjectName, iso(s.since), round((k.to - s.since) / 3_600_000, 1)]));
  section('Shelved at the end', ['rule_id', 'subject_id', 'by', 'shelved_at_utc', 'until_utc', 'reason'], k.shelved.current.map((s) => [s.key.slice(0, s.key.indexOf('|')), s.key.slice(s.key.indexOf('|') + 1), s.by, iso(s.at), iso(s.until), s.reason]));
  section('Per rule', ['rule_id', 'rule', 'new_alarms', 'ack_p50_min', 'ack_p90_min', 'chattering', 'standing'], k.perRule.map((r) => [r.ruleId, r.ruleName, r.count, minutes(r.ackP50), minutes(r.ackP90), r.chattering, r.standing]));
  section('Per operator', ['operator', 'acknowledged', 'shelved', 'ack_p50_min', 'ack_p90_min'], k.perOperator.map((o) => [o.user, o.acknowledged, o.shelved, minutes(o.ackP50), minutes(o.ackP90)]));
  return { filename: `alarm-kpis_${fileTime(k.from)}_${fileTime(k.to)}${ctx.ruleId ? `_${ctx.ruleId}` : ''}.csv`, csv: lines.join('\r\n') };
}

function row(cells: readonly Cell[]): string {
  return cells.map(cell).join(',');
}

/**
 * One field: numbers as they are, text quoted as RFC 4180 needs; text a spreadsheet would take for a formula (names
 * typed at the desk starting with =, +, - or @) gets a leading apostrophe.
 */
function cell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return csvField(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** 20140804T0800Z: a time for a file name (no colons). */
function fileTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace(/[-:]/g, '') + 'Z';
}

function minutes(ms: number | null): number | null {
  return ms === null ? null : round(ms / 60_000, 1);
}

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}
