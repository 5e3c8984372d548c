/**
 * Searching bookmarks: a bookmark matches when its name, notes or author, or the rule or place of one of its linked
 * alarms, contains the search (ignoring case). The linked alarms are named from the stored alarm (a group's name)
 * and the engine's names (audit/words.ts AuditNames), never shown or matched by raw id alone. Pure.
 */
import type { Alarm, Incident } from '../api';
import { parseAlarmId, type AuditNames } from '../audit/words';

/** A linked alarm in words: its rule's name and its place (a sensor, a district, a group). */
export interface LinkedAlarmWords {
  rule: string;
  place: string;
}

export function linkedAlarmWords(id: string, stored: Pick<Alarm, 'ruleId' | 'subject' | 'group'> | undefined, names: AuditNames): LinkedAlarmWords {
  const parsed = stored ?? parseAlarmId(id);
  if (!parsed) return { rule: id, place: '' };
  return { rule: names.ruleName(parsed.ruleId) ?? parsed.ruleId, place: stored?.group?.name ?? names.subjectName(parsed.subject) ?? parsed.subject };
}

/** Whether the bookmark matches `search` (an empty search matches everything). */
export function incidentMatches(incident: Pick<Incident, 'name' | 'notes' | 'author' | 'alarmIds'>, search: string, alarmWords: (id: string) => LinkedAlarmWords): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const has = (s: string) => s.toLowerCase().includes(needle);
  if (has(incident.name) || has(incident.notes) || has(incident.author)) return true;
  return incident.alarmIds.some((id) => {
    const w = alarmWords(id);
    return has(w.rule) || has(w.place);
  });
}
