/**
 * Is the desk in flood, and what is ringing (pure; tested in tests/renderer/flood.test.ts). The control-room
 * standards call more than FLOOD_ALARMS new alarms in FLOOD_WINDOW_MS a flood (electron/shared/alarm-priority.ts). The
 * engine says so in every `alarms` event (AlarmCounts.flood, counted over its whole state); the renderer also sees it
 * from the alarms it holds (new ones raised in the last window of the feed clock, shelved ones not counted), so that
 * the banner does not wait for the engine's next event. The banner groups what is ringing by rule and by priority.
 */
import type { Alarm, AlarmCounts, Shelf } from '../../electron/engine/api';
import { FLOOD_ALARMS, FLOOD_WINDOW_MS, PRIORITY_ORDER, type Priority } from '../../electron/shared/alarm-priority';
import { t as current, type Translate } from '../i18n/i18n';
import { shelfKey } from './alarmList';

export interface FloodRuleGroup {
  ruleId: string;
  name: string;
  count: number;
}

export interface FloodSummary {
  /** New alarms in the window: the engine's count when known, else (or when larger) the ones held here. */
  newAlarms: number;
  /** The alarms held here that arrived in the window, by rule (most first) and by priority (most urgent first). */
  byRule: FloodRuleGroup[];
  byPriority: { priority: Priority; count: number }[];
  /** `Flood: 23 new alarms in 10 min — 18 Traffic sensor silent, 5 Car park full` */
  text: string;
}

/** Rule groups named in the banner's sentence (the rest: "and N more"). */
export const FLOOD_TEXT_RULES = 3;

/**
 * When an alarm counts for the flood: its raise, in data time (as the engine's counts and the KPIs count it), so that
 * alarms raised long ago that reach a desk late (its start, a catch-up after an outage) are not a flood now.
 */
function arrivedAt(a: Pick<Alarm, 'raisedAt'>): number {
  return a.raisedAt;
}

/** Alarms that reached the desk in (now - windowMs, now] and are not shelved. */
export function recentAlarms(alarms: Iterable<Alarm>, shelves: ReadonlyMap<string, Shelf>, now: number, windowMs: number = FLOOD_WINDOW_MS): Alarm[] {
  const out: Alarm[] = [];
  for (const a of alarms) {
    const t = arrivedAt(a);
    if (t > now - windowMs && t <= now && !shelves.has(shelfKey(a))) out.push(a);
  }
  return out;
}

function minutes(ms: number, t: Translate): string {
  return t('alarms.flood.minutes', { count: Math.round(ms / 60_000) });
}

/**
 * The flood banner's content, or null when the desk is not in flood: neither the engine's counts say so nor more than
 * FLOOD_ALARMS of the recent alarms held here.
 */
export function floodSummary(recent: readonly Alarm[], counts: Pick<AlarmCounts, 'flood' | 'lastTenMinutes'> | null, ruleName: (ruleId: string) => string, windowMs: number = FLOOD_WINDOW_MS, t: Translate = current): FloodSummary | null {
  const flood = (counts?.flood ?? false) || recent.length > FLOOD_ALARMS;
  if (!flood) return null;
  const rules = new Map<string, FloodRuleGroup>();
  const prio = new Map<Priority, number>();
  for (const a of recent) {
    const g = rules.get(a.ruleId) ?? { ruleId: a.ruleId, name: ruleName(a.ruleId), count: 0 };
    g.count++;
    rules.set(a.ruleId, g);
    prio.set(a.priority, (prio.get(a.priority) ?? 0) + 1);
  }
  const byRule = [...rules.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const byPriority = PRIORITY_ORDER.filter((p) => prio.has(p)).map((priority) => ({ priority, count: prio.get(priority)! }));
  const newAlarms = Math.max(counts?.lastTenMinutes ?? 0, recent.length);
  const named = byRule.slice(0, FLOOD_TEXT_RULES).map((g) => `${g.count} ${g.name}`);
  const rest = byRule.length - FLOOD_TEXT_RULES;
  if (rest > 0) named.push(t('alarms.flood.moreRules', { count: rest }));
  const text = `${t('alarms.flood.text', { count: newAlarms, window: minutes(windowMs, t) })}${named.length ? ` — ${named.join(', ')}` : ''}`;
  return { newAlarms, byRule, byPriority, text };
}

/** "2 urgent, 16 high, 5 medium": the priorities of what is ringing, in words. */
export function priorityWords(byPriority: FloodSummary['byPriority'], t: Translate = current): string {
  return byPriority.map((p) => `${p.count} ${t(`alarms.priority.${p.priority}`).toLowerCase()}`).join(', ');
}
