/**
 * Audit rows in words (issue 10 item 8): the rule and the place named, never raw ids; what was done in plain words
 * ("shelved for 30 min until 11:21 CEST", "published version 3", "muted the alarm sound"); the detail without JSON,
 * ISO times or ids (times inside it in the city's zone). Used by the investigation view (commands/audit.ts), the
 * timeline's action ticks (replay/) and the incident pack's actions files (incident-pack/).
 *
 * The engine words in English; the sentences are built by electron/shared/audit-words.ts from the row's structured
 * fields, so that the screen builds the same sentences in the operator's language (renderer/audit/auditWords.ts).
 * Every action the engine audits has its words there (AUDIT_ACTION_WORDS lists them); an action this version does not
 * know is shown with its name and its detail as `key: value` pairs, never dropped.
 */
import type { AuditRow } from '../api';
import type { StoredAuditRow } from '../store/store';
import { AUDIT_ACTIONS, alarmIn, auditPhrase, auditRowIn, englishAuditWords, placeIn, textIn, type AuditNames } from '../../shared/audit-words';
import { localTimeNear, spanText } from './local-time';

export type { AuditNames } from '../../shared/audit-words';
export { idInWords, parseAlarmId, ruleText } from '../../shared/audit-words';

/** The engine's words: English, times in the city's zone in the desk's one format. */
export const ENGLISH: ReturnType<typeof englishAuditWords> = englishAuditWords(localTimeNear, spanText);

/**
 * A place in words: its name, else what its id says in words (a district or area by its number or name, a source by
 * its key, a sensor no longer in the catalogue by its type and number: "traffic sensor 195339"), never the raw subject.
 */
export function placeText(subject: string, names: AuditNames): string {
  return placeIn(ENGLISH, subject, names);
}

/** An alarm in words: "Car park full at Bruuns Galleri". */
export function alarmText(alarmId: string, names: AuditNames): string {
  return alarmIn(ENGLISH, alarmId, names);
}

/** Free text from the engine (an alarm's message, a clear message) with its ISO times and ids put into words. */
export function textInWords(text: string, c: { names: AuditNames; timeZone: string; ref: number }): string {
  return textIn(ENGLISH, text, c);
}

/** Every action the engine audits, for the tests (each has its words). */
export const AUDIT_ACTION_WORDS: readonly string[] = AUDIT_ACTIONS;

/**
 * Each known action with the words a search may use for it: its name and its action text without a detail
 * ("alarm.shelve shelved", "rule.publish published version ?").
 */
export function actionVocabulary(): ReadonlyMap<string, string> {
  const none: AuditNames = { ruleName: () => null, subjectName: () => null };
  return new Map(
    AUDIT_ACTION_WORDS.map((action) => {
      const p = auditPhrase({ id: 0, at: 0, feedAt: 0, user: '', action, subject: null, detail: null }, none, 'UTC', ENGLISH);
      return [action, `${action} ${action.replace(/[.-]/g, ' ')} ${p.action}`.toLowerCase()];
    }),
  );
}

/** Whether this version has words of its own for the action (incident.* are worded by their verb). */
export function hasAuditWords(action: string): boolean {
  return AUDIT_ACTION_WORDS.includes(action) || action.startsWith('incident.');
}

/**
 * One stored row in words. `timeZone`: the city's IANA zone, for the times inside the detail (default UTC, named so).
 */
export function auditRowInWords(row: StoredAuditRow, names: AuditNames, timeZone = 'UTC'): AuditRow {
  return auditRowIn(ENGLISH, row, names, timeZone);
}
