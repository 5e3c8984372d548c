/**
 * Audit rows in words, in any language (issue 10 item 8, issue 12 item 11): the rule and the place named, never raw
 * ids; what was done in plain words; the detail without JSON, ISO times or ids. Pure, on both sides: the engine builds
 * English with ENGLISH_AUDIT_WORDS (the investigation view's default, the CSV, the timeline's ticks, incident packs:
 * electron/engine/audit/words.ts), the renderer builds the operator's language from the same structured row with a
 * dictionary of its own (renderer/audit/auditWords.ts), with the names the engine resolved for that row (a name table).
 *
 * Every action the engine audits has its words here (AUDIT_ACTIONS lists them); an action this version does not know
 * is shown with its name and its detail as `key: value` pairs, never dropped.
 */

/** One audit row as stored: what happened, to what, with its structured detail. */
export interface AuditRowData {
  id: number;
  at: number;
  feedAt: number;
  user: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

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

/** The names one row's words used, as the engine knew them (sent with the row so the renderer words it alike). */
export interface AuditNameTable {
  rules: Record<string, string>;
  places: Record<string, string>;
  types: Record<string, string>;
  notes: Record<string, string>;
}

/** One audit row in words (the engine's AuditRow is this and the stored detail). */
export interface AuditRowInWords {
  id: number;
  /** Wall clock when it was recorded. */
  at: number;
  /** Feed time of the event (what the investigation orders by): the readings' time for alarms raised from history. */
  feedAt: number;
  user: string;
  action: string;
  /** The action in words: "acknowledged", "raised", "shelved for 30 min", "published version 3". */
  actionText: string;
  subject: string | null;
  /** The subject in words: "Car park full at Bruuns Galleri", "rule Congestion by district", "Traffic source". */
  subjectText: string;
  alarmId: string | null;
  ruleId: string | null;
  ruleName: string | null;
  /** The place in words (sensor name, district, group name), or null. */
  place: string | null;
  /** The detail in words (no JSON, no ISO times). */
  detailText: string;
}

/** The words of one language. Times and spans are given too: they follow the language's locale. */
export interface AuditWords {
  /** A time inside a detail near the row's own time ("11:21 CEST", "3 Aug 11:21 CEST"). */
  timeNear(ms: number, ref: number, timeZone: string): string;
  unknownTime: string;
  /** A span ("30 min", "2 h 15 min"). */
  span(ms: number): string;
  quoted(s: string): string;
  /** A severity id ("warning") in words. */
  severity(s: string): string;
  // Places and subjects.
  wholeScope: string;
  district(id: string): string;
  source(key: string): string;
  /** A sensor no longer in the catalogue: its type's words (lower case) and its number. */
  typedSensor(typeWords: string, id: string): string;
  sensor(id: string): string;
  alarmAt(rule: string, place: string): string;
  /** An alarm named inside a text: "the Car park full at Salling alarm". */
  theAlarm(alarm: string): string;
  ruleSubject(rule: string): string;
  noteOn(place: string): string;
  aNote: string;
  incidentNamed(name: string): string;
  anIncident: string;
  feed(subject: string): string;
  // Alarm actions.
  raised: string;
  cleared: string;
  clearedResolved: string;
  acknowledged: string;
  acknowledgedAfterClear: string;
  resolved: string;
  shelved: string;
  shelvedFor(span: string, until: string): string;
  shelvingExpired: string;
  unshelved: string;
  escalated: string;
  escalatedFrom(from: string, to: string): string;
  memberRaised: string;
  memberCleared: string;
  // Other actions.
  soundMuted: string;
  published(version: string): string;
  enabled(version: string): string;
  disabled(version: string): string;
  restored(from: string, version: string): string;
  imported(n: number): string;
  installedStarter(n: number): string;
  forTypes(types: string): string;
  noteAdded: string;
  noteSent: string;
  noteRejected: string;
  gaveName: string;
  was(before: string): string;
  supervisorUnlocked: string;
  supervisorLocked: string;
  wrongPassphrase: string;
  wrongInARow(n: number): string;
  passphraseChanged: string;
  passphraseSet: string;
  passphraseReset: string;
  savedVersion(version: string): string;
  sourceOfType(type: string): string;
  sensorType(name: string): string;
  atDesk(desk: string): string;
  credentials(list: string): string;
  removed(version: string): string;
  clockForgotten: string;
  itSaid(time: string): string;
  readingsSetAside(n: number | null): string;
  laterThan(time: string): string;
  /** An incident's action: verb 'save' | 'archive' | 'restore' | … (created when version is '1'). */
  incident(verb: string, version: string | null, archived: unknown): string;
  /** An action this version has no words for, by its verb ("future thing"). */
  unknownAction(verb: string): string;
  /** The resolved step of a timeline: after a clear of an acknowledged alarm, after an acknowledgement of a cleared one. */
  hadBeenAcknowledged: string;
  hadCleared: string;
}

const countOf = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** English: the engine's words (byte for byte what the audit has always said). */
export function englishAuditWords(timeNear: (ms: number, ref: number, timeZone: string) => string, span: (ms: number) => string): AuditWords {
  return {
    timeNear,
    unknownTime: 'an unknown time',
    span,
    quoted: (s) => `'${s}'`,
    severity: (s) => s,
    wholeScope: 'its whole scope',
    district: (id) => `district ${id}`,
    source: (key) => `source ${key}`,
    typedSensor: (type, id) => `${type} sensor ${id}`,
    sensor: (id) => `sensor ${id}`,
    alarmAt: (rule, place) => `${rule} at ${place}`,
    theAlarm: (a) => `the ${a} alarm`,
    ruleSubject: (r) => `rule ${r}`,
    noteOn: (p) => `note on ${p}`,
    aNote: 'a note',
    incidentNamed: (n) => `incident ${n}`,
    anIncident: 'an incident',
    feed: (s) => `feed ${s}`,
    raised: 'raised',
    cleared: 'cleared',
    clearedResolved: 'cleared and resolved (it was acknowledged)',
    acknowledged: 'acknowledged',
    acknowledgedAfterClear: 'acknowledged after it cleared (resolved)',
    resolved: 'resolved',
    shelved: 'shelved',
    shelvedFor: (span, until) => `shelved for ${span} until ${until}`,
    shelvingExpired: 'came off the shelf (the shelving expired)',
    unshelved: 'unshelved',
    escalated: 'escalated',
    escalatedFrom: (a, b) => `escalated from ${a} to ${b}`,
    memberRaised: 'a member raised',
    memberCleared: 'a member cleared',
    soundMuted: 'muted the alarm sound',
    published: (v) => `published version ${v}`,
    enabled: (v) => `enabled (version ${v})`,
    disabled: (v) => `disabled (version ${v})`,
    restored: (from, v) => `restored version ${from} as version ${v}`,
    imported: (n) => `imported ${countOf(n, 'rule')}`,
    installedStarter: (n) => `installed ${countOf(n, 'starter rule')}`,
    forTypes: (types) => `for ${types}`,
    noteAdded: 'added a note',
    noteSent: 'note sent to the feed',
    noteRejected: 'note rejected by the feed',
    gaveName: 'gave their name (self-declared)',
    was: (b) => `was ${b}`,
    supervisorUnlocked: 'unlocked supervisor mode',
    supervisorLocked: 'locked supervisor mode',
    wrongPassphrase: 'gave a wrong supervisor passphrase',
    wrongInARow: (n) => `${countOf(n, 'wrong passphrase')} in a row`,
    passphraseChanged: 'changed the supervisor passphrase',
    passphraseSet: 'set the supervisor passphrase (on the host)',
    passphraseReset: 'reset the supervisor passphrase (on the host)',
    savedVersion: (v) => `saved version ${v}`,
    sourceOfType: (t) => `${t} source`,
    sensorType: (n) => `sensor type ${n}`,
    atDesk: (d) => `at desk ${d}`,
    credentials: (l) => `credentials ${l} (sealed)`,
    removed: (v) => `removed (it was at version ${v})`,
    clockForgotten: 'set aside an implausible stored feed clock',
    itSaid: (time) => `it said ${time}`,
    readingsSetAside: (n) => `set aside ${n !== null ? countOf(n, 'reading') : 'readings'} with implausible times`,
    laterThan: (time) => `later than ${time}`,
    incident: (verb, version, archived) => {
      const verbText = verb === 'save' ? (version === '1' ? 'created' : 'saved') : verb === 'archive' && archived === false ? 'restored' : `${verb.replace(/-/g, ' ')}${verb.endsWith('e') ? 'd' : 'ed'}`;
      return `${verbText} the incident${version ? ` (version ${version})` : ''}`;
    },
    unknownAction: (verb) => verb.replace(/-/g, ' '),
    hadBeenAcknowledged: 'it had been acknowledged',
    hadCleared: 'it had cleared',
  };
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
/** A clear's detail when it resolved an acknowledged alarm. */
const RESOLVED_SUFFIX = '; resolved (was acknowledged)';

/** What the words of one row need besides the row. */
interface Ctx {
  row: AuditRowData;
  names: AuditNames;
  timeZone: string;
  w: AuditWords;
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
export function placeIn(w: AuditWords, subject: string, names: AuditNames): string {
  const named = names.subjectName(subject);
  if (named !== null) return named;
  if (subject === 'group:scope') return w.wholeScope;
  for (const prefix of ['group:attribute:', 'group:area:']) if (subject.startsWith(prefix)) return subject.slice(prefix.length);
  for (const prefix of ['group:district:', 'zone:']) if (subject.startsWith(prefix)) return w.district(subject.slice(prefix.length));
  if (subject.startsWith('source:')) return w.source(subject.slice('source:'.length));
  const typed = /^([a-z][a-z0-9-]*):(.+)$/.exec(subject);
  if (typed) return w.typedSensor(names.typeName?.(typed[1]!)?.toLowerCase() ?? typed[1]!.replace(/-/g, ' '), typed[2]!);
  return w.sensor(subject);
}

/** A rule by its name, else its id in words (a rule this desk no longer holds). */
export function ruleText(ruleId: string, names: AuditNames): string {
  return names.ruleName(ruleId) ?? idInWords(ruleId);
}

/** An alarm in words: "Car park full at Bruuns Galleri". */
export function alarmIn(w: AuditWords, alarmId: string, names: AuditNames): string {
  const a = parseAlarmId(alarmId);
  return a ? w.alarmAt(ruleText(a.ruleId, names), placeIn(w, a.subject, names)) : alarmId;
}

/** Free text from the engine (an alarm's message, a clear message) with its ISO times and ids put into words. */
export function textIn(w: AuditWords, text: string, c: { names: AuditNames; timeZone: string; ref: number }): string {
  return text
    .replace(FEED_TIME_SUFFIX, '')
    .replace(ISO_TIME, (iso) => timeNear(w, Date.parse(iso), c.ref, c.timeZone))
    .replace(ALARM_ID_IN_TEXT, (id) => (parseAlarmId(id) ? w.theAlarm(alarmIn(w, id, c.names)) : id));
}

function timeNear(w: AuditWords, ms: number, ref: number, timeZone: string): string {
  return Number.isFinite(ms) ? w.timeNear(ms, ref, timeZone) : w.unknownTime;
}

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
  return textIn(c.w, text, { names: c.names, timeZone: c.timeZone, ref: c.row.feedAt });
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

type Phrase = { action: string; detail: string; resolvedToo?: boolean };
type Phraser = (c: Ctx) => Phrase;

const alarmPhrases: Record<string, Phraser> = {
  raise: (c) => ({ action: c.w.raised, detail: words(detailString(c), c) }),
  clear: (c) => {
    const d = detailString(c);
    const resolved = d.endsWith(RESOLVED_SUFFIX);
    return { action: resolved ? c.w.clearedResolved : c.w.cleared, detail: words(resolved ? d.slice(0, -RESOLVED_SUFFIX.length) : d, c), resolvedToo: resolved };
  },
  acknowledge: (c) => {
    const d = detailString(c);
    const after = d.startsWith('acknowledged after clearing; resolved');
    const { comment } = commentAfter(d, /^acknowledged(?: after clearing; resolved)?/);
    return { action: after ? c.w.acknowledgedAfterClear : c.w.acknowledged, detail: comment ? c.w.quoted(comment) : '', resolvedToo: after };
  },
  resolve: (c) => {
    const { comment } = commentAfter(detailString(c), /^resolved/);
    return { action: c.w.resolved, detail: comment ? c.w.quoted(comment) : '' };
  },
  shelve: (c) => {
    const m = /^shelved until (\d{4}-\d\d-\d\dT[\d:.]+Z): ([\s\S]*)$/.exec(detailString(c));
    if (!m) return { action: c.w.shelved, detail: words(detailString(c), c) };
    const until = Date.parse(m[1]!);
    return { action: c.w.shelvedFor(c.w.span(until - c.row.feedAt), timeNear(c.w, until, c.row.feedAt, c.timeZone)), detail: m[2]!.trim() };
  },
  unshelve: (c) => {
    const d = detailString(c);
    if (d === 'shelving expired') return { action: c.w.shelvingExpired, detail: '' };
    return { action: c.w.unshelved, detail: d === 'unshelved' ? '' : words(d, c) };
  },
  escalate: (c) => {
    const m = /^(\w+) -> (\w+): ([\s\S]*)$/.exec(detailString(c));
    return m ? { action: c.w.escalatedFrom(c.w.severity(m[1]!), c.w.severity(m[2]!)), detail: words(m[3]!, c) } : { action: c.w.escalated, detail: words(detailString(c), c) };
  },
  'member-raise': (c) => ({ action: c.w.memberRaised, detail: memberWords(detailString(c), c) }),
  'member-clear': (c) => ({ action: c.w.memberCleared, detail: memberWords(detailString(c), c) }),
};

function listText(v: unknown, name: (s: string) => string): string {
  return Array.isArray(v) ? v.map((x) => name(String(x))).join(', ') : '';
}

const otherPhrases: Record<string, Phraser> = {
  'sound.mute': (c) => ({ action: c.w.soundMuted, detail: str(obj(c.row.detail)['reason']) ?? '' }),
  'rule.publish': (c) => ({ action: c.w.published(str(obj(c.row.detail)['version']) ?? '?'), detail: '' }),
  'rule.enable': (c) => ({ action: c.w.enabled(str(obj(c.row.detail)['version']) ?? '?'), detail: '' }),
  'rule.disable': (c) => ({ action: c.w.disabled(str(obj(c.row.detail)['version']) ?? '?'), detail: '' }),
  'rule.restore': (c) => {
    const d = obj(c.row.detail);
    return { action: c.w.restored(str(d['from']) ?? '?', str(d['version']) ?? '?'), detail: '' };
  },
  'rules.import': (c) => {
    const ids = obj(c.row.detail)['ids'];
    const n = Array.isArray(ids) ? ids.length : 0;
    return { action: c.w.imported(n), detail: listText(ids, (id) => ruleText(id, c.names)) };
  },
  'rules.seed': (c) => {
    const d = obj(c.row.detail);
    const ids = d['ids'];
    const n = Array.isArray(ids) ? ids.length : 0;
    const types = listText(d['types'], (t) => c.names.typeName?.(t) ?? t);
    return { action: c.w.installedStarter(n), detail: [types ? c.w.forTypes(types) : '', listText(ids, (id) => ruleText(id, c.names))].filter(Boolean).join(': ') };
  },
  'note.add': (c) => ({ action: c.w.noteAdded, detail: c.w.quoted(str(obj(c.row.detail)['text']) ?? '') }),
  'action.sent': (c) => ({ action: c.w.noteSent, detail: '' }),
  'action.rejected': (c) => ({ action: c.w.noteRejected, detail: str(obj(c.row.detail)['error']) ?? '' }),
  'session.user': (c) => {
    const before = str(obj(c.row.detail)['before']);
    return { action: c.w.gaveName, detail: before ? c.w.was(before) : '' };
  },
  'supervisor.unlock': (c) => ({ action: c.w.supervisorUnlocked, detail: '' }),
  'supervisor.lock': (c) => ({ action: c.w.supervisorLocked, detail: '' }),
  'supervisor.unlock-failed': (c) => {
    const n = Number(obj(c.row.detail)['consecutive']);
    return { action: c.w.wrongPassphrase, detail: Number.isFinite(n) ? c.w.wrongInARow(n) : '' };
  },
  'supervisor.passphrase-changed': (c) => ({ action: c.w.passphraseChanged, detail: '' }),
  'supervisor.passphrase-set': (c) => ({ action: c.w.passphraseSet, detail: '' }),
  'supervisor.passphrase-reset': (c) => ({ action: c.w.passphraseReset, detail: '' }),
  'source.save': (c) => {
    const d = obj(c.row.detail);
    const type = str(d['sensorType']);
    const creds = Array.isArray(d['credentials']) && d['credentials'].length > 0 ? c.w.credentials(d['credentials'].join(', ')) : '';
    const what = [str(d['type']) ? c.w.sourceOfType(str(d['type'])!) : '', type ? c.w.sensorType(c.names.typeName?.(type) ?? type) : '', str(d['desk']) ? c.w.atDesk(str(d['desk'])!) : '', creds];
    return { action: c.w.savedVersion(str(d['version']) ?? '?'), detail: what.filter(Boolean).join('; ') };
  },
  'source.remove': (c) => ({ action: c.w.removed(str(obj(c.row.detail)['version']) ?? '?'), detail: str(obj(c.row.detail)['desk']) ? c.w.atDesk(str(obj(c.row.detail)['desk'])!) : '' }),
  'cache.clock-forgotten': (c) => {
    const t = Number(obj(c.row.detail)['feedTime']);
    return { action: c.w.clockForgotten, detail: Number.isFinite(t) ? c.w.itSaid(timeNear(c.w, t, c.row.feedAt, c.timeZone)) : '' };
  },
  'cache.readings-set-aside': (c) => {
    const d = obj(c.row.detail);
    const n = Number(d['count']);
    const after = Number(d['after']);
    return { action: c.w.readingsSetAside(Number.isFinite(n) ? n : null), detail: Number.isFinite(after) ? c.w.laterThan(timeNear(c.w, after, c.row.feedAt, c.timeZone)) : '' };
  },
};

/** Incidents (incident.save, incident.archive, incident.restore, incident.pack…): the verb, the version and the name. */
function incidentPhrase(verb: string, c: Ctx): Phrase {
  const d = obj(c.row.detail);
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => !['version', 'name', 'archived'].includes(k)));
  return { action: c.w.incident(verb, str(d['version']), d['archived']), detail: pairs(rest, c) };
}

/** Every action the engine audits (each has its words above). */
export const AUDIT_ACTIONS: readonly string[] = [...Object.keys(alarmPhrases).map((a) => `alarm.${a}`), ...Object.keys(otherPhrases)];

/** The action and detail of a row in words, and whether it resolved the alarm too (a timeline's second step). */
export function auditPhrase(row: AuditRowData, names: AuditNames, timeZone: string, w: AuditWords): Phrase {
  const c: Ctx = { row, names, timeZone, w };
  const { action } = row;
  if (action.startsWith('alarm.')) {
    const p = alarmPhrases[action.slice('alarm.'.length)];
    if (p) return p(c);
  }
  if (action.startsWith('incident.')) return incidentPhrase(action.slice('incident.'.length), c);
  const p = otherPhrases[action];
  if (p) return p(c);
  const verb = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action;
  return { action: w.unknownAction(verb), detail: pairs(row.detail, c) };
}

/** The subject in words, with the rule and the place it names. */
function subjectOf(c: Ctx): { text: string; alarmId: string | null; ruleId: string | null; ruleName: string | null; place: string | null } {
  const { row, names, w } = c;
  const none = { alarmId: null, ruleId: null, ruleName: null, place: null };
  if (row.subject === null) return { text: '', ...none };
  const alarm = parseAlarmId(row.subject);
  if (alarm && (row.action.startsWith('alarm.') || row.action === 'sound.mute')) {
    const ruleName = ruleText(alarm.ruleId, names);
    const place = placeIn(w, alarm.subject, names);
    return { text: w.alarmAt(ruleName, place), alarmId: row.subject, ruleId: alarm.ruleId, ruleName, place };
  }
  if (row.action.startsWith('rule.')) {
    const ruleName = ruleText(row.subject, names);
    return { text: w.ruleSubject(ruleName), ...none, ruleId: row.subject, ruleName };
  }
  if (row.action.startsWith('action.')) {
    const sensor = names.noteSensor?.(row.subject) ?? null;
    const place = sensor !== null ? placeIn(w, sensor, names) : null;
    return { text: place !== null ? w.noteOn(place) : w.aNote, ...none, place };
  }
  if (row.action.startsWith('incident.')) {
    const name = str(obj(row.detail)['name']);
    return { text: name !== null ? w.incidentNamed(name) : w.anIncident, ...none };
  }
  if (row.action.startsWith('cache.')) return { text: w.feed(row.subject), ...none };
  const place = placeIn(w, row.subject, names);
  return { text: place, ...none, place };
}

/** One row in words. `timeZone`: the city's IANA zone, for the times inside the detail. */
export function auditRowIn(w: AuditWords, row: AuditRowData, names: AuditNames, timeZone: string): AuditRowInWords {
  const c: Ctx = { row, names, timeZone, w };
  const subject = subjectOf(c);
  const p = auditPhrase(row, names, timeZone, w);
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

/** Names that note every answer they give (the row's name table, sent with it). */
export function recordingNames(names: AuditNames): { names: AuditNames; table: AuditNameTable } {
  const table: AuditNameTable = { rules: {}, places: {}, types: {}, notes: {} };
  const note = (into: Record<string, string>, key: string, v: string | null): string | null => {
    if (v !== null) into[key] = v;
    return v;
  };
  return {
    table,
    names: {
      ruleName: (id) => note(table.rules, id, names.ruleName(id)),
      subjectName: (s) => note(table.places, s, names.subjectName(s)),
      typeName: (t) => note(table.types, t, names.typeName?.(t) ?? null),
      noteSensor: (id) => note(table.notes, id, names.noteSensor?.(id) ?? null),
    },
  };
}

/** The names of a name table (what is not in it is unknown). */
export function namesFromTable(table: AuditNameTable): AuditNames {
  const get = (m: Record<string, string>, k: string): string | null => (Object.prototype.hasOwnProperty.call(m, k) ? m[k]! : null);
  return {
    ruleName: (id) => get(table.rules, id),
    subjectName: (s) => get(table.places, s),
    typeName: (t) => get(table.types, t),
    noteSensor: (id) => get(table.notes, id),
  };
}

/**
 * An audit search's words, as the engine matches them and the screen sends them: lower case, a "quoted phrase" is one
 * word, at most 12 (more narrows nothing useful).
 */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const w = (m[1] ?? m[2] ?? '').trim().toLowerCase();
    if (w) words.push(w);
  }
  return words.slice(0, 12);
}
