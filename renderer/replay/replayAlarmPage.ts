/**
 * The alarm list in replay, paged locally: the frame's alarms (those open at the instant, as they were then) for the
 * Open and Shelved views, in the live list's order (priority, then newest raised, then id: the engine's alarmPage),
 * with a search over the same words (rule, place, group, message, who acknowledged). Pure: tested in
 * tests/renderer/replay/replay-alarm-page.test.ts.
 */
import type { Alarm, Shelf } from '../../electron/engine/api';
import { compareByPriority } from '../../electron/shared/alarm-priority';
import { ruleName, shelfOf, subjectName, type AlarmContext } from '../alarms/alarmList';
import type { AlarmQuery } from '../store/alarmsSlice';
import { shownShelves, type AppState } from '../store';

export function replayAlarmMatches(a: Alarm, needle: string, ctx: AlarmContext): boolean {
  const has = (s: string | undefined | null) => typeof s === 'string' && s.toLowerCase().includes(needle);
  return (
    has(ruleName(a, ctx.rules)) ||
    has(a.ruleId) ||
    has(a.subject) ||
    has(subjectName(a.subject, ctx)) ||
    has(a.message) ||
    has(a.lastMessage) ||
    has(a.acknowledged?.by) ||
    (a.group !== undefined && (has(a.group.name) || a.group.members.some((m) => has(m.subject) || has(subjectName(m.subject, ctx)))))
  );
}

/** One page of the replayed list for the query (the Resolved view is not the frame's: the caller shows history). */
export function replayAlarmPage(
  alarms: ReadonlyMap<string, Alarm>,
  shelves: ReadonlyMap<string, Shelf>,
  query: AlarmQuery,
  pageSize: number,
  ctx: AlarmContext,
): { alarms: Alarm[]; total: number } {
  const needle = query.search.trim().toLowerCase();
  const shelvedView = query.view === 'shelved';
  const list: Alarm[] = [];
  for (const a of alarms.values()) {
    if (a.state === 'resolved') continue;
    if ((shelfOf(a, shelves) !== undefined) !== shelvedView) continue;
    if (needle && !replayAlarmMatches(a, needle, ctx)) continue;
    list.push(a);
  }
  list.sort((a, b) => compareByPriority(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { alarms: list.slice(query.offset, query.offset + pageSize), total: list.length };
}

/** The replayed page for the store's query, or null when the list shows the engine's page (live, or the Resolved view). */
export function replayPageOf(s: AppState, pageSize: number): { alarms: Alarm[]; total: number } | null {
  if (!s.replay || s.alarmQuery.view === 'resolved') return null;
  return replayAlarmPage(s.replay.frameAlarms, shownShelves(s), s.alarmQuery, pageSize, { catalogue: s.catalogue, rules: s.rules, zones: s.zones, registry: s.registry });
}
