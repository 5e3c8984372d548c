/**
 * Alarms as they were at an instant, from their stored records (the alarm book's final word on each alarm: raise,
 * clear, acknowledgement, resolution and escalation times, group members with their own raise and clear times) and
 * the audit log's shelvings. Nothing is guessed: a field whose time is after the instant is taken back to what it was
 * before that time (not acknowledged yet, not cleared yet, the severity it was raised with).
 */
import { compareByPriority, type Priority } from '../../shared/alarm-priority';
import type { Alarm, AlarmMember } from '../rules/alarms';
import type { Severity } from '../rules/schema';

/** The priority an alarm of a rule has at a severity (the alarm book's: Alerting.priorityFor). */
export type PriorityFor = (ruleId: string, severity: Severity) => Priority;

/**
 * The alarm as it stood at `at`, or null when it was not open then (raised after it, or resolved at or before it).
 * State: acknowledged once acknowledged, cleared once cleared, resolved never (a resolved alarm is not open). A group's
 * members raised after `at` are left out and those clearing after it are still raised; its message then is the stored
 * one (the book words a group's message as members come and go; the last wording is what is stored).
 */
export function alarmAt(a: Alarm, at: number, priorityFor: PriorityFor): Alarm | null {
  if (a.raisedAt > at) return null;
  if (a.resolved !== null && a.resolved.at <= at) return null;
  const acknowledged = a.acknowledged !== null && a.acknowledged.at <= at ? { ...a.acknowledged } : null;
  const clearedAt = a.clearedAt !== null && a.clearedAt <= at ? a.clearedAt : null;
  const escalated = a.escalatedAt !== null && a.escalatedAt <= at;
  const severity = escalated ? a.severity : a.raisedSeverity;
  const out: Alarm = {
    ...a,
    state: acknowledged ? 'acknowledged' : clearedAt !== null ? 'cleared' : 'active',
    severity,
    acknowledged,
    resolved: null,
    clearedAt,
    escalatedAt: escalated ? a.escalatedAt : null,
    // The stored priority is the current severity's; before an escalation, the raised severity's.
    priority: escalated || a.severity === a.raisedSeverity ? (a.priority ?? priorityFor(a.ruleId, severity)) : priorityFor(a.ruleId, severity),
    // Before its clear, the alarm's last message was its raise's.
    lastMessage: clearedAt === null && !a.group ? a.message : a.lastMessage,
    updatedAt: latest(at, [a.raisedAt, acknowledged?.at, clearedAt, escalated ? a.escalatedAt : null]),
  };
  if (a.group) {
    const members: AlarmMember[] = a.group.members.filter((m) => m.raisedAt <= at).map((m) => ({ ...m, clearedAt: m.clearedAt !== null && m.clearedAt <= at ? m.clearedAt : null }));
    out.group = { ...a.group, members };
    out.updatedAt = latest(at, [out.updatedAt, ...members.flatMap((m) => [m.raisedAt, m.clearedAt])]);
    const lastRaised = members.reduce<AlarmMember | null>((best, m) => (best === null || m.raisedAt >= best.raisedAt ? m : best), null);
    if (clearedAt === null && lastRaised) out.lastMessage = lastRaised.message;
  }
  if (a.announcedAt !== undefined && a.announcedAt > at) delete out.announcedAt;
  return out;
}

/**
 * The alarms open at `at` (from the stored records of the alarms raised by then and not resolved by then), as they
 * stood then, most urgent first (the alarm list's order: priority, then newest raised; then id). An alarm that a
 * source outage still held as a member at `at` (released as an alarm of its own when the outage cleared, raised at
 * the member's time) is shown in its outage only, as the desk showed it then.
 */
export function alarmsAt(stored: readonly Alarm[], at: number, priorityFor: PriorityFor): Alarm[] {
  const open: Alarm[] = [];
  for (const a of stored) {
    const then = alarmAt(a, at, priorityFor);
    if (then) open.push(then);
  }
  const held = new Set<string>();
  for (const a of open) {
    if (a.group?.kind !== 'outage') continue;
    for (const m of a.group.members) if (m.clearedAt === null) held.add(`${m.ruleId ?? a.ruleId}|${m.subject}|${m.raisedAt}`);
  }
  return open.filter((a) => a.group !== undefined || !held.has(a.id)).sort(byListOrder);
}

function byListOrder(a: Alarm, b: Alarm): number {
  return compareByPriority(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The latest of the times at or before `at`. */
function latest(at: number, times: readonly (number | null | undefined)[]): number {
  let best = -Infinity;
  for (const t of times) if (t !== null && t !== undefined && t <= at && t > best) best = t;
  return best;
}
