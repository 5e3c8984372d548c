/**
 * Pure helpers for the alarm list: merging, ordering, filtering, counting, and naming an alarm's rule and subject.
 * No store, no DOM: tested in tests/renderer/alarms.test.ts.
 */
import type { Alarm, RuleSummary, Shelf, ZoneInfo } from '../../electron/engine/api';
import type { AlarmState } from '../../electron/engine/rules/alarms';
import type { Sensor } from '../../electron/shared/model';
import { SEVERITY_ORDER, SEVERITY_RANK, type Severity } from '../../electron/shared/severity';

export type { AlarmState };

export const ALARM_STATES = ['active', 'acknowledged', 'cleared', 'resolved'] as const satisfies readonly AlarmState[];
export const STATE_LABEL: Record<AlarmState, string> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  cleared: 'Cleared (not acknowledged)',
  resolved: 'Resolved',
};

/** Subject kinds the list can filter on: the sensor kinds, and zones. */
export type SubjectKind = 'traffic' | 'parking' | 'air' | 'zone';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['traffic', 'parking', 'air', 'zone'];
export const SUBJECT_KIND_LABEL: Record<SubjectKind, string> = { traffic: 'Traffic', parking: 'Parking', air: 'Air', zone: 'Zone' };

export interface AlarmFilter {
  severities: ReadonlySet<Severity>;
  states: ReadonlySet<AlarmState>;
  kinds: ReadonlySet<SubjectKind>;
  text: string;
}

export const DEFAULT_FILTER: AlarmFilter = {
  severities: new Set(SEVERITY_ORDER),
  states: new Set<AlarmState>(['active', 'acknowledged', 'cleared']),
  kinds: new Set(SUBJECT_KINDS),
  text: '',
};

/** Lookups that give an alarm its words. */
export interface AlarmContext {
  catalogue: ReadonlyMap<string, Sensor>;
  rules: ReadonlyMap<string, RuleSummary>;
  zones: readonly ZoneInfo[];
}

/**
 * Merges alarms by id. An alarm's `updatedAt` only moves forward: an older copy (a fetch answered after an event)
 * never replaces a newer one. Returns `current` itself when nothing changed.
 */
export function mergeAlarms(current: ReadonlyMap<string, Alarm>, incoming: readonly Alarm[]): ReadonlyMap<string, Alarm> {
  let next: Map<string, Alarm> | null = null;
  for (const a of incoming) {
    const prev = (next ?? current).get(a.id);
    if (prev && (prev.updatedAt > a.updatedAt || (prev.updatedAt === a.updatedAt && prev.state === a.state && prev.severity === a.severity && sameAck(prev, a)))) continue;
    next ??= new Map(current);
    next.set(a.id, a);
  }
  return next ?? current;
}

function sameAck(a: Alarm, b: Alarm): boolean {
  return (a.acknowledged?.at ?? null) === (b.acknowledged?.at ?? null) && (a.resolved?.at ?? null) === (b.resolved?.at ?? null);
}

/** Critical > warning > info, then newest raised first, then id (stable). */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortAlarms(alarms: Iterable<Alarm>): Alarm[] {
  return [...alarms].sort(compareAlarms);
}

export function subjectKind(subject: string): SubjectKind | null {
  const i = subject.indexOf(':');
  const k = i > 0 ? subject.slice(0, i) : '';
  return (SUBJECT_KINDS as readonly string[]).includes(k) ? (k as SubjectKind) : null;
}

/** Zone subjects are 'zone:<id>': a district number, or the rule id for polygon / whole-kind scopes. */
export function zoneIdOf(subject: string): string | null {
  return subject.startsWith('zone:') ? subject.slice(5) : null;
}

export function ruleName(alarm: Pick<Alarm, 'ruleId'>, rules: ReadonlyMap<string, RuleSummary>): string {
  return rules.get(alarm.ruleId)?.name ?? alarm.ruleId;
}

export function subjectName(subject: string, ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules'>): string {
  const zoneId = zoneIdOf(subject);
  if (zoneId !== null) {
    const zone = ctx.zones.find((z) => z.id === zoneId);
    if (zone) return zone.name;
    const rule = ctx.rules.get(zoneId);
    if (rule) return rule.rule.scope.type === 'zone' && 'polygon' in rule.rule.scope ? `Drawn area of “${rule.name}”` : `All ${rule.kind} sensors`;
    return subject;
  }
  return ctx.catalogue.get(subject)?.name || subject;
}

export function matchesFilter(alarm: Alarm, filter: AlarmFilter, ctx: AlarmContext): boolean {
  if (!filter.severities.has(alarm.severity)) return false;
  if (!filter.states.has(alarm.state)) return false;
  const kind = subjectKind(alarm.subject);
  if (kind && !filter.kinds.has(kind)) return false;
  const q = filter.text.trim().toLowerCase();
  if (!q) return true;
  const hay = [ruleName(alarm, ctx.rules), subjectName(alarm.subject, ctx), alarm.subject, alarm.message, alarm.lastMessage, alarm.acknowledged?.by ?? '', alarm.acknowledged?.comment ?? '']
    .join('\n')
    .toLowerCase();
  return q.split(/\s+/).every((word) => hay.includes(word));
}

/** The filtered list, most severe and newest first. */
export function visibleAlarms(alarms: ReadonlyMap<string, Alarm>, filter: AlarmFilter, ctx: AlarmContext): Alarm[] {
  return sortAlarms([...alarms.values()].filter((a) => matchesFilter(a, filter, ctx)));
}

export interface SeverityCount {
  /** Open alarms (not resolved). */
  open: number;
  /** Open and not acknowledged (active or cleared). */
  unacknowledged: number;
}

export function countBySeverity(alarms: Iterable<Alarm>): Record<Severity, SeverityCount> {
  const out: Record<Severity, SeverityCount> = { critical: { open: 0, unacknowledged: 0 }, warning: { open: 0, unacknowledged: 0 }, info: { open: 0, unacknowledged: 0 } };
  for (const a of alarms) {
    if (a.state === 'resolved') continue;
    out[a.severity].open++;
    if (a.acknowledged === null) out[a.severity].unacknowledged++;
  }
  return out;
}

export function shelfKey(alarm: Pick<Alarm, 'ruleId' | 'subject'>): string {
  return `${alarm.ruleId}|${alarm.subject}`;
}

export function shelfOf(alarm: Pick<Alarm, 'ruleId' | 'subject'>, shelves: ReadonlyMap<string, Shelf>): Shelf | undefined {
  return shelves.get(shelfKey(alarm));
}

/**
 * Critical alarms that still need a person: open, not acknowledged and not shelved. The alarm sound rings while there
 * is at least one.
 */
export function unacknowledgedCritical(alarms: Iterable<Alarm>, shelves: ReadonlyMap<string, Shelf>): Alarm[] {
  const out: Alarm[] = [];
  for (const a of alarms) if (a.severity === 'critical' && a.state !== 'resolved' && a.acknowledged === null && !shelves.has(shelfKey(a))) out.push(a);
  return out;
}

/** Which actions an alarm offers. */
export function alarmActions(alarm: Pick<Alarm, 'state'>, shelved: boolean): { ack: boolean; shelve: boolean; unshelve: boolean; resolve: boolean } {
  return {
    ack: alarm.state === 'active' || alarm.state === 'cleared',
    shelve: alarm.state !== 'resolved' && !shelved,
    unshelve: shelved,
    resolve: alarm.state === 'cleared',
  };
}
