/**
 * The audit's rows in the operator's language: the engine sends each row with its stored detail and the names its
 * English words used (auditPage, alarmTimeline); the sentences are built again here by the engine's own builder
 * (electron/shared/audit-words.ts) with this language's words. English is the engine's text as it came (byte for
 * byte); a row without its detail (an older engine) keeps the engine's words.
 */
import type { AlarmTimelineEntry, AuditRow } from '../../electron/engine/api';
import { AUDIT_ACTIONS, auditPhrase, auditRowIn, namesFromTable, searchWords, type AuditNames, type AuditWords } from '../../electron/shared/audit-words';
export { searchWords };
import { formatSpan, formatTimeNear } from '../../electron/shared/zone-time';
import { currentLanguage, t, type Translate } from '../i18n/i18n';
import { REFERENCE_LANGUAGE } from '../i18n/languages';

/** The audit's words through a translate function (the current language's by default). */
export function auditWords(tr: Translate = t): AuditWords {
  const n = (count: number) => ({ count });
  return {
    timeNear: (ms, ref, tz) => formatTimeNear(ms, ref, tz),
    unknownTime: tr('audit.words.unknownTime'),
    span: (ms) => formatSpan(ms),
    quoted: (s) => tr('audit.words.quoted', { text: s }),
    severity: (s) => (s === 'critical' || s === 'warning' || s === 'info' ? tr(`alarms.severityWord.${s}`) : s),
    wholeScope: tr('audit.words.wholeScope'),
    district: (id) => tr('audit.words.district', { id }),
    source: (key) => tr('audit.words.source', { key }),
    typedSensor: (type, id) => tr('audit.words.typedSensor', { type, id }),
    sensor: (id) => tr('audit.words.sensor', { id }),
    alarmAt: (rule, place) => tr('audit.words.alarmAt', { rule, place }),
    theAlarm: (alarm) => tr('audit.words.theAlarm', { alarm }),
    ruleSubject: (rule) => tr('audit.words.ruleSubject', { rule }),
    noteOn: (place) => tr('audit.words.noteOn', { place }),
    aNote: tr('audit.words.aNote'),
    incidentNamed: (name) => tr('audit.words.incidentNamed', { name }),
    anIncident: tr('audit.words.anIncident'),
    feed: (subject) => tr('audit.words.feed', { subject }),
    raised: tr('audit.words.raised'),
    cleared: tr('audit.words.cleared'),
    clearedResolved: tr('audit.words.clearedResolved'),
    acknowledged: tr('audit.words.acknowledged'),
    acknowledgedAfterClear: tr('audit.words.acknowledgedAfterClear'),
    resolved: tr('audit.words.resolved'),
    shelved: tr('audit.words.shelved'),
    shelvedFor: (span, until) => tr('audit.words.shelvedFor', { span, until }),
    shelvingExpired: tr('audit.words.shelvingExpired'),
    unshelved: tr('audit.words.unshelved'),
    escalated: tr('audit.words.escalated'),
    escalatedFrom: (from, to) => tr('audit.words.escalatedFrom', { from, to }),
    memberRaised: tr('audit.words.memberRaised'),
    memberCleared: tr('audit.words.memberCleared'),
    soundMuted: tr('audit.words.soundMuted'),
    published: (version) => tr('audit.words.published', { version }),
    enabled: (version) => tr('audit.words.enabled', { version }),
    disabled: (version) => tr('audit.words.disabled', { version }),
    restored: (from, version) => tr('audit.words.restored', { from, version }),
    imported: (count) => tr('audit.words.imported', n(count)),
    installedStarter: (count) => tr('audit.words.installedStarter', n(count)),
    forTypes: (types) => tr('audit.words.forTypes', { types }),
    noteAdded: tr('audit.words.noteAdded'),
    noteSent: tr('audit.words.noteSent'),
    noteRejected: tr('audit.words.noteRejected'),
    gaveName: tr('audit.words.gaveName'),
    was: (before) => tr('audit.words.was', { before }),
    supervisorUnlocked: tr('audit.words.supervisorUnlocked'),
    supervisorLocked: tr('audit.words.supervisorLocked'),
    wrongPassphrase: tr('audit.words.wrongPassphrase'),
    wrongInARow: (count) => tr('audit.words.wrongInARow', n(count)),
    passphraseChanged: tr('audit.words.passphraseChanged'),
    passphraseSet: tr('audit.words.passphraseSet'),
    passphraseReset: tr('audit.words.passphraseReset'),
    savedVersion: (version) => tr('audit.words.savedVersion', { version }),
    sourceOfType: (type) => tr('audit.words.sourceOfType', { type }),
    sensorType: (name) => tr('audit.words.sensorType', { name }),
    atDesk: (desk) => tr('audit.words.atDesk', { desk }),
    credentials: (list) => tr('audit.words.credentials', { list }),
    removed: (version) => tr('audit.words.removed', { version }),
    clockForgotten: tr('audit.words.clockForgotten'),
    itSaid: (time) => tr('audit.words.itSaid', { time }),
    readingsSetAside: (count) => (count === null ? tr('audit.words.readingsSetAsideSome') : tr('audit.words.readingsSetAside', n(count))),
    laterThan: (time) => tr('audit.words.laterThan', { time }),
    incident: (verb, version, archived) => {
      const what =
        verb === 'save' ? (version === '1' ? 'created' : 'saved') : verb === 'archive' ? (archived === false ? 'restored' : 'archived') : verb === 'restore' ? 'restored' : null;
      const text = what ? tr(`audit.words.incident.${what}`) : tr('audit.words.incident.other', { verb: verb.replace(/-/g, ' ') });
      return version ? tr('audit.words.incident.withVersion', { text, version }) : text;
    },
    unknownAction: (verb) => verb.replace(/-/g, ' '),
    hadBeenAcknowledged: tr('audit.words.hadBeenAcknowledged'),
    hadCleared: tr('audit.words.hadCleared'),
  };
}

/** Whether the screen speaks the engine's language (English): the engine's words are shown as they came. */
function engineLanguage(): boolean {
  return currentLanguage().id === REFERENCE_LANGUAGE;
}

/** A row in the operator's language (the engine's words in English, or without the row's detail). */
export function auditRowText(row: AuditRow, timeZone: string, tr: Translate = t, english = engineLanguage()): AuditRow {
  if (english || row.detail === undefined || row.names === undefined) return row;
  const w = auditRowIn(auditWords(tr), { id: row.id, at: row.at, feedAt: row.feedAt, user: row.user, action: row.action, subject: row.subject, detail: row.detail }, namesFromTable(row.names), timeZone);
  return { ...row, actionText: w.actionText, subjectText: w.subjectText, detailText: w.detailText };
}

/** What a step of an alarm's timeline says, from its row in the operator's language (electron/engine/audit/alarm-timeline.ts). */
function stepText(row: AuditRow, kind: AlarmTimelineEntry['kind']): string {
  if (kind === 'raised' || kind === 'cleared' || kind === 'resolved' || kind === 'acknowledged') return row.detailText;
  if (kind === 'other') return [row.actionText, row.detailText].filter(Boolean).join(': ');
  const what = kind === 'member-raised' || kind === 'member-cleared' ? '' : row.actionText;
  return [what, row.detailText].filter(Boolean).join(': ');
}

/**
 * The timeline's steps in the operator's language: each step's text from its row (the engine sends them); a resolved
 * step that follows a clear or an acknowledgement of the same row is the resolution it brought.
 */
export function timelineText(entries: readonly AlarmTimelineEntry[], rows: readonly AuditRow[] | undefined, timeZone: string, tr: Translate = t, english = engineLanguage()): AlarmTimelineEntry[] {
  if (english || !rows) return [...entries];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const w = auditWords(tr);
  return entries.map((e, i) => {
    const row = e.auditId !== undefined && e.auditId !== null ? byId.get(e.auditId) : undefined;
    if (!row || row.detail === undefined || row.names === undefined) return e;
    const prev = entries[i - 1];
    if (e.kind === 'resolved' && row.action !== 'alarm.resolve' && prev && prev.auditId === e.auditId) {
      return { ...e, text: row.action === 'alarm.clear' ? w.hadBeenAcknowledged : w.hadCleared };
    }
    return { ...e, text: stepText(auditRowText(row, timeZone, tr, false), e.kind) };
  });
}

/** Each audited action with its words in a language (its action text without a detail: "tilsidesat"), lower case. */
export function actionVocabularyIn(tr: Translate = t): ReadonlyMap<string, string> {
  const none: AuditNames = { ruleName: () => null, subjectName: () => null };
  const w = auditWords(tr);
  return new Map(AUDIT_ACTIONS.map((action) => [action, auditPhrase({ id: 0, at: 0, feedAt: 0, user: '', action, subject: null, detail: null }, none, 'UTC', w).action.toLowerCase()]));
}

/**
 * The audit's search in the operator's language: the engine matches the stored English (user, action, detail, the
 * rule's and place's names) and its English words; the rows are shown in this language, so each word of the search
 * also names the actions whose words here contain it (auditPage / auditCsv `actionWords`). Undefined in English (the
 * engine's own words) or when no word names an action.
 */
export function searchActionWords(search: string, tr: Translate = t, english = engineLanguage()): Record<string, string[]> | undefined {
  if (english || !search.trim()) return undefined;
  const vocabulary = actionVocabularyIn(tr);
  const out: Record<string, string[]> = {};
  for (const word of searchWords(search)) {
    const actions = [...vocabulary].filter(([, words]) => words.includes(word)).map(([action]) => action);
    if (actions.length > 0) out[word] = actions;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
