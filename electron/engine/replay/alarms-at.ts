/**
 * Alarms as they were at an instant, from their stored records (the alarm book's final word on each alarm: raise,
 * clear, acknowledgement, resolution and escalation times, group members with their own raise and clear times) and
 * the audit log's shelvings. Nothing is guessed: a field whose time is after the instant is taken back to what it was
 * before that time (not acknowledged yet, not cleared yet, the severity it was raised with).
 */
import { compareByPriority, type Priority } from '../../shared/alarm-priority';
import { groupMessage, type Alarm, type AlarmMember } from '../rules/alarms';
import type { ShelfAction } from '../rules/kpis';
import type { Severity } from '../rules/schema';

/** What the alarm book knew of the rules: an alarm's priority at a severity (Alerting.priorityFor), a rule's name. */
export interface AlarmRules {
  priorityFor(ruleId: string, severity: Severity): Priority;
  ruleName(ruleId: string): string;
}

/**
 * The alarm as it stood at `at`, or null when it was not open then (raised after it, or resolved at or before it).
 * State: acknowledged once acknowledged, cleared once cleared, resolved never (a resolved alarm is not open). A group's
 * members raised after `at` are left out and those clearing after it are still raised, and its message is worded from
 * them as the book words it; its last message is its latest member's raise message (a member's clear message is in
 * the audit log only). `touched`: times the alarm was shelved or unshelved (they update it too).
 */
export function alarmAt(a: Alarm, at: number, rules: AlarmRules, touched: readonly number[] = []): Alarm | null {
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
    priority: escalated || a.severity === a.raisedSeverity ? (a.priority ?? rules.priorityFor(a.ruleId, severity)) : rules.priorityFor(a.ruleId, severity),
    // Before its clear, the alarm's last message was its raise's.
    lastMessage: clearedAt === null && !a.group ? a.message : a.lastMessage,
    updatedAt: latest(at, [a.raisedAt, acknowledged?.at, clearedAt, escalated ? a.escalatedAt : null, ...touched]),
  };
  if (a.group) {
    const members: AlarmMember[] = a.group.members.filter((m) => m.raisedAt <= at).map((m) => ({ ...m, clearedAt: m.clearedAt !== null && m.clearedAt <= at ? m.clearedAt : null }));
    out.group = { ...a.group, members };
    out.message = groupMessage(rules.ruleName(a.ruleId), out.group, a.message);
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
export function alarmsAt(stored: readonly Alarm[], at: number, rules: AlarmRules, shelfActions: readonly ShelfAction[] = []): Alarm[] {
  const touched = new Map<string, number[]>();
  for (const s of shelfActions) {
    if (s.at > at) continue;
    const list = touched.get(s.alarmId);
    if (list) list.push(s.at);
    else touched.set(s.alarmId, [s.at]);
  }
  const open: Alarm[] = [];
  for (const a of stored) {
    const then = alarmAt(a, at, rules, touched.get(a.id));
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
