/**
 * A search of the audit log, from what an investigator types to what the store matches (store/audit-log.ts): an alarm
 * id finds every row of that alarm; words (a "quoted phrase" is one word) must each match the row, by its user, action
 * words, detail or raw subject, or by the name of its rule or place (so a rule's or a place's name finds every row of
 * the alarms of that rule or at that place: raised, acknowledged, shelved, cleared, resolved).
 */
import type { AuditQuery, AuditSearchTerm } from '../store/audit-log';
import type { AuditDirectory } from './names';
import { searchWords } from '../../shared/audit-words';
import { actionVocabulary, parseAlarmId } from './words';

export { searchWords };


let vocabulary: ReadonlyMap<string, string> | null = null;

/** One word resolved against the names: the rules, places and actions whose words contain it. */
export function searchTerm(word: string, dir: AuditDirectory): AuditSearchTerm {
  vocabulary ??= actionVocabulary();
  const ruleIds: string[] = [];
  for (const [id, name] of dir.rules) if (name.toLowerCase().includes(word)) ruleIds.push(id);
  const places: string[] = [];
  for (const [subject, name] of dir.places) if (name.toLowerCase().includes(word)) places.push(subject);
  const actions: string[] = [];
  for (const [action, words] of vocabulary) if (words.includes(word)) actions.push(action);
  return { text: word, actions, ruleIds, places };
}

/**
 * What a search asks of the store: an alarm's rows (the text is an alarm id), or terms that must all match.
 * `actionWords`: per word, the actions whose words in the screen's language contain it (the screen words the audit in
 * the operator's language: a word it shows also finds those actions' rows, as an English word finds them here).
 */
export function auditSearch(text: string | undefined, dir: AuditDirectory, actionWords?: Readonly<Record<string, readonly string[]>>): Pick<AuditQuery, 'subjects' | 'terms'> {
  const t = (text ?? '').trim();
  if (!t) return {};
  if (parseAlarmId(t)) return { subjects: [t] };
  return {
    terms: searchWords(t).map((w) => {
      const term = searchTerm(w, dir);
      const more = actionWords && Object.hasOwn(actionWords, w) ? actionWords[w]! : [];
      return more.length ? { ...term, actions: [...new Set([...term.actions, ...more])] } : term;
    }),
  };
}
