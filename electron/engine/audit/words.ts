/**
 * Audit rows in words (issue 10 item 8): the rule and the place named, never raw ids; what was done in plain words
 * ("shelved for 30 min until 11:21 CEST", "published version 3", "muted the alarm sound"); the detail without JSON,
 * ISO times or ids (times inside it in the city's zone). Used by the investigation view (commands/audit.ts), the
 * timeline's action ticks (replay/) and the incident pack's actions files (incident-pack/).
 *
 * Every action the engine audits has its words here (AUDIT_ACTION_WORDS lists them); an action this version does not
 * know is shown with its name and its detail as `key: value` pairs, never dropped.
 */
import type { AuditRow } from '../api';
import type { StoredAuditRow } from '../store/store';
import { localTimeNear, spanText } from './local-time';

/** Names the words need: rules and places by id; null when unknown. */
export interface AuditNames {
  ruleName(ruleId: string): string | null;
  /**
   * A place's name: a sensor's (by id), a zone's (`zone:<id>`), a group's (`group:district:<id>`, …), a source's
   * (`source:<key>`): null when unknown.
   */
  subjectName(subject: string): string | null;
  /** A sensor type's label ("Car parks"), for the starter rules' audit; null when unknown. */
  typeName?(typeId: string): string | null;
  /** The sensor a queued operator action (a note) was about, by the action's id; null when unknown or none. */
  noteSensor?(actionId: string): string | null;
}

/** `${ruleId}|${subject}|${raisedAt}` -> its parts, or null when `id` is not an alarm id. */
export function parseAlarmId(id: string): { ruleId: string; subject: string; raisedAt: number } | null {
  const first = id.indexOf('|');
  const last = id.lastIndexOf('|');
  if (first <= 0 || last <= first) return null;
  const tail = id.slice(last + 1);
  if (!/^-?\d+$/.test(tail)) return null;
  return { ruleId: id.slice(0, first), subject: id.slice(first + 1, last), raisedAt: Number(tail) };
}

/** The audit's own ' (feed time …)' suffix is dropped from details: the row carries its feed time. */
const FEED_TIME_SUFFIX = / \(feed time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\)$/;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z/g;
/** An alarm id inside a text (an outage's member released "held in <id> until then"). */
const ALARM_ID_IN_TEXT = /[\w.:-]+\|[^|\s()]+\|\d{10,}/g;

/** What the words of one row need besides the row. */
interface Ctx {
  row: StoredAuditRow;
  names: AuditNames;
  timeZone: string;
}

/** An id in words when nothing names it: "major-road-congestion" -> "Major road congestion". */
export function idInWords(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

/**
 * A place in words: its name, else what its id says in words (a district or area by its number or name, a source by
 * its key, a sensor no longer in the catalogue by its type and number: "traffic sensor 195339"), never the raw subject.
 */
export function placeText(subject: string, names: AuditNames): string {
  const named = names.subjectName(subject);
  if (named !== null) return named;
  if (subject === 'group:scope') return 'its whole scope';
  for (const prefix of ['group:attribute:', 'group:area:']) if (subject.startsWith(prefix)) return subject.slice(prefix.length);
  for (const prefix of ['group:district:', 'zone:']) if (subject.startsWith(prefix)) return `district ${subject.slice(prefix.length)}`;
  if (subject.startsWith('source:')) return `source ${subject.slice('source:'.length)}`;
  const typed = /^([a-z][a-z0-9-]*):(.+)$/.exec(subject);
  if (typed) return `${names.typeName?.(typed[1]!)?.toLowerCase() ?? typed[1]!.replace(/-/g, ' ')} sensor ${typed[2]!}`;
  return `sensor ${subject}`;
}

/** A rule by its name, else its id in words (a rule this desk no longer holds). */
export function ruleText(ruleId: string, names: AuditNames): string {
  return names.ruleName(ruleId) ?? idInWords(ruleId);
}

/** An alarm in words: "Car park full at Bruuns Galleri". */
export function alarmText(alarmId: string, names: AuditNames): string {
  const a = parseAlarmId(alarmId);
  return a ? `${ruleText(a.ruleId, names)} at ${placeText(a.subject, names)}` : alarmId;
}

/** Free text from the engine (an alarm's message, a clear message) with its ISO times and ids put into words. */
export function textInWords(text: string, c: Pick<Ctx, 'names' | 'timeZone'> & { ref: number }): string {
  return text
    .replace(FEED_TIME_SUFFIX, '')
    .replace(ISO_TIME, (iso) => localTimeNear(Date.parse(iso), c.ref, c.timeZone))
    .replace(ALARM_ID_IN_TEXT, (id) => (parseAlarmId(id) ? `the ${alarmText(id, c.names)} alarm` : id));
}

const quoted = (s: string): string => `'${s}'`;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

function obj(detail: unknown): Record<string, unknown> {
  return detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : {};
}

/** An object detail as `key: value` pairs (unknown actions): lists joined, nested objects as JSON as a last resort. */
function pairs(detail: unknown, c: Ctx): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return words(detail, c);
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

function words(text: string, c: Ctx): string {
  return textInWords(text, { names: c.names, timeZone: c.timeZone, ref: c.row.feedAt });
}

function detailString(c: Ctx): string {
  return typeof c.row.detail === 'string' ? c.row.detail.replace(FEED_TIME_SUFFIX, '') : '';
}

/** A comment after a fixed lead ("acknowledged: on it" -> "'on it'"), or '' when there is none. */
function commentAfter(detail: string, lead: RegExp): { comment: string; rest: string } {
  const m = lead.exec(detail);
  if (!m) return { comment: '', rest: detail };
  const after = detail.slice(m[0].length);
  return { rest: m[0], comment: after.startsWith(': ') ? after.slice(2).trim() : '' };
}

/** A member label "Name (id): message" with the id dropped when the name is known, or the id named. */
function memberWords(detail: string, c: Ctx): string {
  const m = /^(.*?) \(([^()]+)\): ([\s\S]*)$/.exec(detail);
  if (m) return `${m[1]}: ${words(m[3]!, c)}`;
  const colon = detail.indexOf(': ');
  if (colon > 0) {
    const subject = detail.slice(0, colon);
    const named = c.names.subjectName(subject);
    if (named !== null) return `${named}: ${words(detail.slice(colon + 2), c)}`;
  }
  return words(detail, c);
}

type Phrase = { action: string; detail: string };
type Phraser = (c: Ctx) => Phrase;

const alarmPhrases: Record<string, Phraser> = {
  raise: (c) => ({ action: 'raised', detail: words(detailString(c), c) }),
  clear: (c) => {
    const d = detailString(c);
    const resolved = d.endsWith('; resolved (was acknowledged)');
    return { action: resolved ? 'cleared and resolved (it was acknowledged)' : 'cleared', detail: words(resolved ? d.slice(0, -'; resolved (was acknowledged)'.length) : d, c) };
  },
  acknowledge: (c) => {
    const d = detailString(c);
    const after = d.startsWith('acknowledged after clearing; resolved');
    const { comment } = commentAfter(d, /^acknowledged(?: after clearing; resolved)?/);
    return { action: after ? 'acknowledged after it cleared (resolved)' : 'acknowledged', detail: comment ? quoted(comment) : '' };
  },
  resolve: (c) => {
    const { comment } = commentAfter(detailString(c), /^resolved/);
    return { action: 'resolved', detail: comment ? quoted(comment) : '' };
  },
  shelve: (c) => {
    const m = /^shelved until (\d{4}-\d\d-\d\dT[\d:.]+Z): ([\s\S]*)$/.exec(detailString(c));
    if (!m) return { action: 'shelved', detail: words(detailString(c), c) };
    const until = Date.parse(m[1]!);
    return { action: `shelved for ${spanText(until - c.row.feedAt)} until ${localTimeNear(until, c.row.feedAt, c.timeZone)}`, detail: m[2]!.trim() };
  },
  unshelve: (c) => {
    const d = detailString(c);
    if (d === 'shelving expired') return { action: 'came off the shelf (the shelving expired)', detail: '' };
    return { action: 'unshelved', detail: d === 'unshelved' ? '' : words(d, c) };
  },
  escalate: (c) => {
    const m = /^(\w+) -> (\w+): ([\s\S]*)$/.exec(detailString(c));
    return m ? { action: `escalated from ${m[1]} to ${m[2]}`, detail: words(m[3]!, c) } : { action: 'escalated', detail: words(detailString(c), c) };
  },
  'member-raise': (c) => ({ action: 'a member raised', detail: memberWords(detailString(c), c) }),
  'member-clear': (c) => ({ action: 'a member cleared', detail: memberWords(detailString(c), c) }),
};

function listText(v: unknown, name: (s: string) => string): string {
  return Array.isArray(v) ? v.map((x) => name(String(x))).join(', ') : '';
}

const countOf = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

const otherPhrases: Record<string, Phraser> = {
  'sound.mute': (c) => ({ action: 'muted the alarm sound', detail: str(obj(c.row.detail)['reason']) ?? '' }),
  'rule.publish': (c) => ({ action: `published version ${str(obj(c.row.detail)['version']) ?? '?'}`, detail: '' }),
  'rule.enable': (c) => ({ action: `enabled (version ${str(obj(c.row.detail)['version']) ?? '?'})`, detail: '' }),
  'rule.disable': (c) => ({ action: `disabled (version ${str(obj(c.row.detail)['version']) ?? '?'})`, detail: '' }),
  'rule.restore': (c) => {
    const d = obj(c.row.detail);
    return { action: `restored version ${str(d['from']) ?? '?'} as version ${str(d['version']) ?? '?'}`, detail: '' };
  },
  'rules.import': (c) => {
    const ids = obj(c.row.detail)['ids'];
    const n = Array.isArray(ids) ? ids.length : 0;
    return { action: `imported ${countOf(n, 'rule')}`, detail: listText(ids, (id) => ruleText(id, c.names)) };
  },
  'rules.seed': (c) => {
    const d = obj(c.row.detail);
    const ids = d['ids'];
    const n = Array.isArray(ids) ? ids.length : 0;
    const types = listText(d['types'], (t) => c.names.typeName?.(t) ?? t);
    return { action: `installed ${countOf(n, 'starter rule')}`, detail: [types ? `for ${types}` : '', listText(ids, (id) => ruleText(id, c.names))].filter(Boolean).join(': ') };
  },
  'note.add': (c) => ({ action: 'added a note', detail: quoted(str(obj(c.row.detail)['text']) ?? '') }),
  'action.sent': () => ({ action: 'note sent to the feed', detail: '' }),
  'action.rejected': (c) => ({ action: 'note rejected by the feed', detail: str(obj(c.row.detail)['error']) ?? '' }),
  'session.user': (c) => {
    const before = str(obj(c.row.detail)['before']);
    return { action: 'gave their name (self-declared)', detail: before ? `was ${before}` : '' };
  },
  'supervisor.unlock': () => ({ action: 'unlocked supervisor mode', detail: '' }),
  'supervisor.lock': () => ({ action: 'locked supervisor mode', detail: '' }),
  'supervisor.unlock-failed': (c) => {
    const n = Number(obj(c.row.detail)['consecutive']);
    return { action: 'gave a wrong supervisor passphrase', detail: Number.isFinite(n) ? `${countOf(n, 'wrong passphrase')} in a row` : '' };
  },
  'supervisor.passphrase-changed': () => ({ action: 'changed the supervisor passphrase', detail: '' }),
  'supervisor.passphrase-set': () => ({ action: 'set the supervisor passphrase (on the host)', detail: '' }),
  'supervisor.passphrase-reset': () => ({ action: 'reset the supervisor passphrase (on the host)', detail: '' }),
  'source.save': (c) => {
    const d = obj(c.row.detail);
    const type = str(d['sensorType']);
    const creds = Array.isArray(d['credentials']) && d['credentials'].length > 0 ? `credentials ${d['credentials'].join(', ')} (sealed)` : '';
    const what = [str(d['type']) ? `${str(d['type'])} source` : '', type ? `sensor type ${c.names.typeName?.(type) ?? type}` : '', str(d['desk']) ? `at desk ${str(d['desk'])}` : '', creds];
    return { action: `saved version ${str(d['version']) ?? '?'}`, detail: what.filter(Boolean).join('; ') };
  },
  'source.remove': (c) => ({ action: `removed (it was at version ${str(obj(c.row.detail)['version']) ?? '?'})`, detail: str(obj(c.row.detail)['desk']) ? `at desk ${str(obj(c.row.detail)['desk'])}` : '' }),
  'cache.clock-forgotten': (c) => {
    const t = Number(obj(c.row.detail)['feedTime']);
    return { action: 'set aside an implausible stored feed clock', detail: Number.isFinite(t) ? `it said ${localTimeNear(t, c.row.feedAt, c.timeZone)}` : '' };
  },
  'cache.readings-set-aside': (c) => {
    const d = obj(c.row.detail);
    const n = Number(d['count']);
    const after = Number(d['after']);
    return { action: `set aside ${Number.isFinite(n) ? countOf(n, 'reading') : 'readings'} with implausible times`, detail: Number.isFinite(after) ? `later than ${localTimeNear(after, c.row.feedAt, c.timeZone)}` : '' };
  },
};

/** Incidents (incident.save, incident.archive, incident.restore, incident.pack…): the verb, the version and the name. */
function incidentPhrase(verb: string, c: Ctx): Phrase {
  const d = obj(c.row.detail);
  const version = str(d['version']);
  const archived = d['archived'];
  const verbText = verb === 'save' ? (version === '1' ? 'created' : 'saved') : verb === 'archive' && archived === false ? 'restored' : `${verb.replace(/-/g, ' ')}${verb.endsWith('e') ? 'd' : 'ed'}`;
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => !['version', 'name', 'archived'].includes(k)));
  return { action: `${verbText} the incident${version ? ` (version ${version})` : ''}`, detail: pairs(rest, c) };
}

/** Every action the engine audits, for the tests (each has its words above). */
export const AUDIT_ACTION_WORDS: readonly string[] = [...Object.keys(alarmPhrases).map((a) => `alarm.${a}`), ...Object.keys(otherPhrases)];

/**
 * Each known action with the words a search may use for it: its name and its action text without a detail
 * ("alarm.shelve shelved", "rule.publish published version ?").
 */
export function actionVocabulary(): ReadonlyMap<string, string> {
  const none: AuditNames = { ruleName: () => null, subjectName: () => null };
  return new Map(
    AUDIT_ACTION_WORDS.map((action) => {
      const p = phrase({ row: { id: 0, at: 0, feedAt: 0, user: '', action, subject: null, detail: null }, names: none, timeZone: 'UTC' });
      return [action, `${action} ${action.replace(/[.-]/g, ' ')} ${p.action}`.toLowerCase()];
    }),
  );
}

/** Whether this version has words of its own for the action (incident.* are worded by their verb). */
export function hasAuditWords(action: string): boolean {
  return AUDIT_ACTION_WORDS.includes(action) || action.startsWith('incident.');
}

function phrase(c: Ctx): Phrase {
  const { action } = c.row;
  if (action.startsWith('alarm.')) {
    const p = alarmPhrases[action.slice('alarm.'.length)];
    if (p) return p(c);
  }
  if (action.startsWith('incident.')) return incidentPhrase(action.slice('incident.'.length), c);
  const p = otherPhrases[action];
  if (p) return p(c);
  const verb = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action;
  return { action: verb.replace(/-/g, ' '), detail: pairs(c.row.detail, c) };
}

/** The subject in words, with the rule and the place it names. */
function subjectOf(c: Ctx): { text: string; alarmId: string | null; ruleId: string | null; ruleName: string | null; place: string | null } {
  const { row, names } = c;
  const none = { alarmId: null, ruleId: null, ruleName: null, place: null };
  if (row.subject === null) return { text: '', ...none };
  const alarm = parseAlarmId(row.subject);
  if (alarm && (row.action.startsWith('alarm.') || row.action === 'sound.mute')) {
    const ruleName = ruleText(alarm.ruleId, names);
    const place = placeText(alarm.subject, names);
    return { text: `${ruleName} at ${place}`, alarmId: row.subject, ruleId: alarm.ruleId, ruleName, place };
  }
  if (row.action.startsWith('rule.')) {
    const ruleName = ruleText(row.subject, names);
    return { text: `rule ${ruleName}`, ...none, ruleId: row.subject, ruleName };
  }
  if (row.action.startsWith('action.')) {
    const sensor = names.noteSensor?.(row.subject) ?? null;
    const place = sensor !== null ? placeText(sensor, names) : null;
    return { text: place !== null ? `note on ${place}` : 'a note', ...none, place };
  }
  if (row.action.startsWith('incident.')) {
    const name = str(obj(row.detail)['name']);
    return { text: name !== null ? `incident ${name}` : 'an incident', ...none };
  }
  if (row.action.startsWith('cache.')) return { text: `feed ${row.subject}`, ...none };
  const place = placeText(row.subject, names);
  return { text: place, ...none, place };
}

/**
 * One stored row in words. `timeZone`: the city's IANA zone, for the times inside the detail (default UTC, named so).
 */
export function auditRowInWords(row: StoredAuditRow, names: AuditNames, timeZone = 'UTC'): AuditRow {
  const c: Ctx = { row, names, timeZone };
  const subject = subjectOf(c);
  const p = phrase(c);
  return {
    id: row.id,
    at: row.at,
    feedAt: row.feedAt,
    user: row.user,
    action: row.action,
    actionText: p.action,
    subject: row.subject,
    subjectText: subject.text,
    alarmId: subject.alarmId,
    ruleId: subject.ruleId,
    ruleName: subject.ruleName,
    place: subject.place,
    detailText: p.detail,
  };
}
