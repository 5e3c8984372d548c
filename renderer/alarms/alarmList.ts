/**
 * Pure helpers for the alarm list: merging, naming an alarm's rule, subject and group, what to do, ages, ranges,
 * refusals in words. (Order, search and counts are the engine's: alerting.ts alarmPage / counts.) No store, no DOM:
 * tested in tests/renderer/alarms.test.ts.
 */
import type { Alarm, AlarmGroup, RuleSummary, Shelf, ZoneInfo } from '../../electron/engine/api';
import { formatAge, formatInt } from '../panels/format';
import type { AlarmState } from '../../electron/engine/rules/alarms';
import type { Sensor } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { BUILT_IN_ALARMS } from '../../electron/shared/built-in-alarms';
import type { Priority } from '../../electron/shared/alarm-priority';
import type { Severity } from '../../electron/shared/severity';
import { t as current, type Translate } from '../i18n/i18n';

export type { AlarmState };

/** An alarm state's title ("Cleared (not acknowledged)"), in the current language. */
export function stateLabel(state: AlarmState, t: Translate = current): string {
  return t(`alarms.stateLabel.${state}`);
}

/** The states' titles in the current language (read at use: each read follows the language). */
export const STATE_LABEL: Readonly<Record<AlarmState, string>> = {
  get active() {
    return stateLabel('active');
  },
  get acknowledged() {
    return stateLabel('acknowledged');
  },
  get cleared() {
    return stateLabel('cleared');
  },
  get resolved() {
    return stateLabel('resolved');
  },
};

/** An alarm state as the list shows it ("active"; upper case by the style sheet). */
export function alarmStateWord(state: AlarmState, t: Translate = current): string {
  return t(`alarms.stateWord.${state}`);
}

/** A priority's name ("Urgent"). */
export function priorityLabel(p: Priority, t: Translate = current): string {
  return t(`alarms.priority.${p}`);
}

/** A severity's name ("Critical"). */
export function severityLabel(s: Severity, t: Translate = current): string {
  return t(`alarms.severity.${s}`);
}

/** A severity in a sentence ("critical"). */
export function severityWord(s: Severity, t: Translate = current): string {
  return t(`alarms.severityWord.${s}`);
}

/** Subjects of built-in source-outage alarms: `source:<key>`. */
const SOURCE_PREFIX = 'source:';

/** Lookups that give an alarm its words. */
export interface AlarmContext {
  catalogue: ReadonlyMap<string, Sensor>;
  rules: ReadonlyMap<string, RuleSummary>;
  zones: readonly ZoneInfo[];
  registry: SensorTypeRegistry;
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

/** Zone subjects are 'zone:<id>': a district number, or the rule id for polygon / whole-kind scopes. */
export function zoneIdOf(subject: string): string | null {
  return subject.startsWith('zone:') ? subject.slice(5) : null;
}

export function ruleName(alarm: Pick<Alarm, 'ruleId'>, rules: ReadonlyMap<string, RuleSummary>): string {
  return rules.get(alarm.ruleId)?.name ?? BUILT_IN_ALARMS[alarm.ruleId]?.name ?? alarm.ruleId;
}

export function subjectName(subject: string, ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'>, t: Translate = current): string {
  if (subject.startsWith(SOURCE_PREFIX)) return t('alarms.sourceSubject', { key: subject.slice(SOURCE_PREFIX.length) });
  const zoneId = zoneIdOf(subject);
  if (zoneId !== null) {
    const zone = ctx.zones.find((z) => z.id === zoneId);
    if (zone) return zone.name;
    const rule = ctx.rules.get(zoneId);
    if (rule?.rule) return rule.rule.scope.type === 'zone' && 'polygon' in rule.rule.scope ? t('alarms.drawnArea', { rule: rule.name }) : t('alarms.allOfType', { type: (ctx.registry.get(rule.rule.kind)?.pluralLabel ?? t('alarms.kindSensors', { kind: rule.rule.kind })).toLowerCase() });
    return subject;
  }
  return ctx.catalogue.get(subject)?.name || subject;
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

/** The alarm's subject in words: a group alarm's group name, else the sensor, district or source name. */
export function alarmSubjectText(alarm: Pick<Alarm, 'subject' | 'group'>, ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'>): string {
  return alarm.group ? alarm.group.name : subjectName(alarm.subject, ctx);
}

/** What the operator should do, from the rule's rationale; null when the rule has none (or is not known here). */
export function whatToDo(alarm: Pick<Alarm, 'ruleId'>, rules: ReadonlyMap<string, RuleSummary>): string | null {
  const action = (rules.get(alarm.ruleId)?.rule?.rationale ?? BUILT_IN_ALARMS[alarm.ruleId]?.rationale)?.action?.trim();
  return action ? action : null;
}

/** The distinct sensors of a group alarm, first-out first (a member that raised twice is one sensor). */
export function groupSensorIds(group: AlarmGroup): string[] {
  return [...new Set([group.firstOut, ...group.members.map((m) => m.subject)])];
}

/** A group alarm in a few words: "12 sensors · first: Ringvej Syd". */
export function groupSummary(group: AlarmGroup, ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'>, t: Translate = current): string {
  const n = groupSensorIds(group).length;
  return t('alarms.groupSummary', { count: n, first: subjectName(group.firstOut, ctx, t) });
}

/** An age on the feed clock ("5 min"), or "—" when the clock is not known. */
export function ageText(since: number, now: number | null): string {
  return now === null ? '—' : formatAge(Math.max(0, now - since));
}

/** "1–200 of 10,739" (or "0 of 0"). */
export function rangeText(offset: number, shown: number, total: number, t: Translate = current): string {
  if (total === 0 || shown === 0) return t('alarms.rangeNone', { total: formatInt(total) });
  return t('alarms.range', { from: formatInt(offset + 1), to: formatInt(offset + shown), total: formatInt(total) });
}

/** A bulk action's refusals in words, per alarm: "Car park X (Car park full): already acknowledged by Ana". */
export function refusalLines(
  refused: readonly { id: string; reason: string }[],
  known: ReadonlyMap<string, Alarm>,
  ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'>,
  t: Translate = current,
): string[] {
  return refused.map((r) => {
    const a = known.get(r.id);
    // The engine's reason names the alarm by id ("alarm <id> is ..."): say it with the alarm's words instead.
    const reason = r.reason.replace(`alarm ${r.id} `, '').replace(/^is /, '');
    return a ? t('alarms.refusal', { subject: alarmSubjectText(a, ctx), rule: ruleName(a, ctx.rules), reason }) : `${r.id}: ${reason}`;
  });
}
