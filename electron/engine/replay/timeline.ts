/**
 * The timeline's data for a span (feed time): the alarms raised in it or open during it, the recorded gaps, the
 * operators' actions from the audit log in words (audit/words.ts; notes are audited when taken, see
 * store/operator-actions.ts), and a density strip of readings per bucket, counted from rollups for long spans.
 */
import { ApiError, type HistoryResolution, type TimelineAction, type TimelineData, type TimelineAlarm } from '../api';
import { auditRowInWords, parseAlarmId, type AuditNames } from '../audit/words';
import { SEVERITY_RANK } from '../rules/schema';
import { HOUR, MINUTE } from '../store/rollup-meta';
import type { StoredAuditRow } from '../store/store';
import type { ReplaySources } from './frame';
import { formatTime } from '../../shared/zone-time';

export interface TimelineQuery {
  from?: number | undefined;
  to?: number | undefined;
  buckets?: number | undefined;
  maxAlarms?: number | undefined;
}

export const DEFAULT_BUCKETS = 500;
export const DEFAULT_MAX_ALARMS = 2000;
/** A span longer than this counts its density from 1-hour rollups (spread over buckets shorter than an hour). */
const HOURLY_DENSITY_FROM_MS = 2 * 24 * HOUR;
/** A span of an empty cache with no bounds asked: the hour before `now`. */
const EMPTY_SPAN_MS = HOUR;

/** `now`: the feed clock, for a cache that holds nothing yet. */
export function timeline(src: ReplaySources, q: TimelineQuery, now: number): TimelineData {
  const queries = src.store.replay();
  const extent = queries.extent();
  let to = q.to ?? extent.to ?? now;
  const from = q.from ?? (extent.from !== null && extent.from < to ? extent.from : to - EMPTY_SPAN_MS);
  if (q.to === undefined && to <= from) to = from + MINUTE; // a cache of one instant: a minute from it
  if (!(from < to)) {
    throw new ApiError('invalid-params', `the span must end after it starts (from ${formatTime(from, src.timeZone ?? 'UTC', 'stamp')}, to ${formatTime(to, src.timeZone ?? 'UTC', 'stamp')})`, [
      { path: q.from !== undefined ? 'from' : 'to', message: 'must be before to' },
    ]);
  }
  const buckets = q.buckets ?? DEFAULT_BUCKETS;
  const bucketMs = (to - from) / buckets;
  const level = densityLevel(to - from, bucketMs, from, extent.rawFrom, () => queries.oldestMinuteBucket());
  const stored = queries.alarmsDuring(from, to);
  const alarms = stored
    .map((a): TimelineAlarm => ({
      id: a.id,
      ruleId: a.ruleId,
      ruleName: src.names.rule(a.ruleId),
      subject: a.subject,
      subjectName: src.names.subject(a.subject, a),
      severity: a.severity,
      priority: a.priority ?? src.priorityFor(a.ruleId, a.severity),
      raisedAt: a.raisedAt,
      clearedAt: a.clearedAt,
      acknowledgedAt: a.acknowledged?.at ?? null,
      resolvedAt: a.resolved?.at ?? null,
    }))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const auditNames: AuditNames = { ruleName: (id) => src.names.rule(id), subjectName: (s) => src.names.subject(s) };
  const sensorIds = new Set(src.catalogue.map((s) => s.id));
  const actions = src.store
    .auditQuery({ from, to, oldestFirst: true })
    .rows.map((row) => timelineAction(row, auditNames, sensorIds, src.timeZone ?? 'UTC'))
    .filter((a): a is TimelineAction => a !== null);
  return {
    from,
    to,
    extent,
    alarms: alarms.slice(0, q.maxAlarms ?? DEFAULT_MAX_ALARMS),
    alarmsTotal: alarms.length,
    gaps: src.store.gaps(from, to),
    actions,
    density: { bucketMs, counts: queries.density(from, bucketMs, buckets, level) },
  };
}

/**
 * Which table counts the density: raw readings for short spans with buckets under a minute, 1-minute rollups up to
 * HOURLY_DENSITY_FROM_MS (or buckets of an hour), else 1-hour rollups; never a finer table than the cache still holds
 * at `from` (raw readings and 1-minute rollups are dropped by retention).
 */
function densityLevel(span: number, bucketMs: number, from: number, rawFrom: number | null, oldestMinute: () => number | null): HistoryResolution {
  let level: HistoryResolution = span > HOURLY_DENSITY_FROM_MS || bucketMs >= HOUR ? '1h' : bucketMs >= MINUTE ? '1m' : 'raw';
  if (level === 'raw' && (rawFrom === null || from < rawFrom)) level = '1m';
  if (level === '1m') {
    const minuteFrom = oldestMinute();
    if (minuteFrom !== null && from < minuteFrom && (rawFrom === null || from < rawFrom)) level = '1h';
  }
  return level;
}

/** What an operator did, as a tick: automatic transitions (user 'system') and the outbox's deliveries are not ticks. */
function timelineAction(row: StoredAuditRow, names: AuditNames, sensorIds: ReadonlySet<string>, timeZone: string): TimelineAction | null {
  if (row.user === 'system' || row.action.startsWith('action.')) return null;
  const w = auditRowInWords(row, names, timeZone);
  const kind = actionKind(row.action);
  // A mute names the alarm that sounded (its subject), though it is not an alarm transition.
  const alarmId = w.alarmId ?? (kind === 'mute' && row.subject !== null && parseAlarmId(row.subject) ? row.subject : null);
  const noteId = kind === 'note' && typeof row.detail === 'object' && row.detail !== null ? (row.detail as { id?: unknown }).id : undefined;
  const alarmSubject = alarmId !== null ? (parseAlarmId(alarmId)?.subject ?? null) : null;
  const sensorId = kind === 'note' ? row.subject : alarmSubject !== null && sensorIds.has(alarmSubject) ? alarmSubject : null;
  return {
    id: typeof noteId === 'string' ? `note:${noteId}` : String(row.id),
    at: row.feedAt,
    kind,
    user: row.user,
    text: `${w.user} ${w.actionText} ${w.subjectText}${w.detailText ? `: ${w.detailText}` : ''}`.replace(/\s+/g, ' ').trim(),
    alarmId,
    sensorId,
  };
}

function actionKind(action: string): TimelineAction['kind'] {
  switch (action) {
    case 'alarm.acknowledge':
      return 'acknowledge';
    case 'alarm.shelve':
      return 'shelve';
    case 'alarm.unshelve':
      return 'unshelve';
    case 'alarm.resolve':
      return 'resolve';
    case 'sound.mute':
      return 'mute';
    case 'note.add':
      return 'note';
    default:
      return action.startsWith('rule.') || action.startsWith('rules.') ? 'rule' : 'other';
  }
}
