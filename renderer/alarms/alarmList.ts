/**
 * Pure helpers for the alarm list: merging, ordering, filtering, counting, and naming an alarm's rule and subject.
 * No store, no DOM: tested in tests/renderer/alarms.test.ts.
 */
import type { Alarm, RuleSummary, Shelf, ZoneInfo } from '../../electron/engine/api';
import type { AlarmState } from '../../electron/engine/rules/alarms';
import type { Sensor } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { SEVERITY_ORDER, SEVERITY_RANK, type Severity } from '../../electron/shared/severity';

export type { AlarmState };

export const ALARM_STATES = ['active', 'acknowledged', 'cleared', 'resolved'] as const satisfies readonly AlarmState[];
export const STATE_LABEL: Record<AlarmState, string> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  cleared: 'Cleared (not acknowledged)',
  resolved: 'Resolved',
};

/** The subject kind of zone alarms; a sensor's subject kind is its type id. */
export const ZONE_KIND = 'zone';

export interface AlarmFilter {
  severities: ReadonlySet<Severity>;
  states: ReadonlySet<AlarmState>;
  /** Subject kinds (sensor type ids, or 'zone') switched off: a type that appears later is shown. */
  hiddenKinds: ReadonlySet<string>;
  text: string;
}

export const DEFAULT_FILTER: AlarmFilter = {
  severities: new Set(SEVERITY_ORDER),
  states: new Set<AlarmState>(['active', 'acknowledged', 'cleared']),
  hiddenKinds: new Set(),
  text: '',
};

/** Lookups that give an alarm its words. */
export interface AlarmContext {
  catalogue: ReadonlyMap<string, Sensor>;
  rules: ReadonlyMap<string, RuleSummary>;
  zones: readonly ZoneInfo[];
  registry: SensorTypeRegistry;
}

/** The kind chips of the filter: the types of the sensors in the catalogue (by label), then zones. */
export function kindChoices(ctx: Pick<AlarmContext, 'catalogue' | 'registry'>): { kind: string; label: string }[] {
  const ids = new Set<string>();
  for (const s of ctx.catalogue.values()) ids.add(s.kind);
  const types = [...ids].map((kind) => ({ kind, label: ctx.registry.get(kind)?.pluralLabel ?? kind })).sort((a, b) => a.label.localeCompare(b.label));
  return [...types, { kind: ZONE_KIND, label: 'Areas' }];
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

/** 'zone' for a zone subject, the sensor's type id for a sensor in the catalogue, else null (not known here). */
export function subjectKind(subject: string, catalogue: ReadonlyMap<string, Sensor>): string | null {
  if (zoneIdOf(subject) !== null) return ZONE_KIND;
  return catalogue.get(subject)?.kind ?? null;
}

/** Zone subjects are 'zone:<id>': a district number, or the rule id for polygon / whole-kind scopes. */
export function zoneIdOf(subject: string): string | null {
  return subject.startsWith('zone:') ? subject.slice(5) : null;
}

export function ruleName(alarm: Pick<Alarm, 'ruleId'>, rules: ReadonlyMap<string, RuleSummary>): string {
  return rules.get(alarm.ruleId)?.name ?? alarm.ruleId;
}

export function subjectName(subject: string, ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'>): string {
  const zoneId = zoneIdOf(subject);
  if (zoneId !== null) {
    const zone = ctx.zones.find((z) => z.id === zoneId);
    if (zone) return zone.name;
    const rule = ctx.rules.get(zoneId);
    if (rule?.rule) return rule.rule.scope.type === 'zone' && 'polygon' in rule.rule.scope ? `Drawn area of “${rule.name}”` : `All ${(ctx.registry.get(rule.rule.kind)?.pluralLabel ?? `${rule.rule.kind} sensors`).toLowerCase()}`;
    return subject;
  }
  return ctx.catalogue.get(subject)?.name || subject;
}

export function matchesFilter(alarm: Alarm, filter: AlarmFilter, ctx: AlarmContext): boolean {
  if (!filter.severities.has(alarm.severity)) return false;
  if (!filter.states.has(alarm.state)) return false;
  const kind = subjectKind(alarm.subject, ctx.catalogue);
  if (kind !== null && filter.hiddenKinds.has(kind)) return false;
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
