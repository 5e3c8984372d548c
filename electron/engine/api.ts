/**
 * The engine API: the one contract between the renderer and the engine. Typed both ways; every request is validated
 * at the engine's boundary (see transport/rpc.ts). The renderer imports this file with `import type` only.
 *
 * Transports (MessagePort in Electron, WebSocket in browser mode and tests) carry the same JSON messages:
 *   renderer -> engine  { t: 'req', id, method, params }
 *   engine -> renderer  { t: 'res', id, ok: true, result } | { t: 'res', id, ok: false, error: { code, message, issues? } }
 *   engine -> renderer  { t: 'evt', event, payload }
 * Limits (request size, requests in flight, unread output) are in ../shared/engine-limits.ts.
 */
import { z } from 'zod';
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from '../shared/engine-control';
import { sanitizeUserName, USER_NAME_MAX } from './access/user-name';
import type { Bbox, RejectReason } from '../shared/protocol';
import type { LngLat, Sensor, SensorState } from '../shared/model';
import type { SensorType } from '../shared/sensor-types/types';
import type { Alarm, AlarmGroup, AlarmMember, Shelf } from './rules/alarms';
import type { Priority } from '../shared/alarm-priority';
import type { Rule, Severity } from './rules/schema';
import type { SourceSummary, SourcesOverview } from './sources/source-admin';
import type { AuditNameTable, AuditRowInWords } from '../shared/audit-words';
import { SECRET_KEY_PATTERN, type PreviewResult, type SourceDocument } from '../shared/source-admin';

export type { Alarm, AlarmGroup, AlarmMember, Priority, Rule, Severity, Shelf };
export type { PreviewResult, SourceDocument, SourceSummary, SourcesOverview };

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'incompatible';

export interface FeedStatus {
  connection: ConnectionState;
  feedUrl: string;
  feedName: string;
  feedId: string | null;
  demo: boolean;
  /** The feed clock now (epoch ms), extrapolated between batches; null before the first hello. */
  feedTime: number | null;
  /** Feed-clock ms per wall ms (1 = real time). */
  speed: number;
  /**
   * Current readings accepted per wall-clock second (readings at most 5 minutes of feed time old; history resent on
   * subscribe is not counted), averaged over 5 minutes of feed time.
   */
  readingsPerSecond: number;
  lastSeq: number | null;
  acceptedTotal: number;
  rejects: Partial<Record<RejectReason, number>>;
  /** Most recent reject, for the status bar tooltip. */
  lastReject: { reason: RejectReason; detail: string; at: number } | null;
  lastError: string | null;
  /** Batches the feed could no longer resend after a disconnect (sequence range, and the feed time it was noticed). */
  lostBatches: { from: number; to: number; at: number | null }[];
  /** Wall-clock ms since which the feed is unreachable, or null while connected. */
  downSince: number | null;
  /** Reconnection attempts since the feed went down (the client retries with backoff, 1 s doubling to 30 s). */
  reconnectAttempts: number;
  /** The local cache (SQLite). */
  cache: CacheStatus;
  sensors: { live: number; stale: number; never: number };
}

export interface CacheStatus {
  /** Database file, or ':memory:'. */
  file: string;
  /** Readings stored (raw, within retention). */
  readings: number;
  /** Readings received again and stored once. */
  duplicates: number;
  /** Feed time of the oldest raw reading held, or null. */
  oldest: number | null;
  sizeBytes: number;
  /** Operator actions waiting to be sent to the feed. */
  queuedActions: number;
  /** True when the engine started from the cache (before the feed answered). */
  startedFromCache: boolean;
  /** The cache file's integrity: checked at open; corruption SQLite reports later also lands here. */
  integrity: CacheIntegrity;
  /** Readings set aside (kept, not used) because their timestamps were implausibly far ahead; see PROTOCOL.md. */
  setAside: number;
  /** A time problem the cache met (retention held at the newest reading, a stored feed clock forgotten), or null. */
  clockWarning: string | null;
}

/** What the status bar says about the cache file: sound, or damaged with what the user can do. */
export type CacheIntegrity = { ok: true; checkedAt: number } | { ok: false; problem: string; advice: string; at: number };

/** A recorded hole in the data: the feed could not supply it. Shown in the UI and in every chart it touches. */
export interface Gap {
  id: number;
  /** 'all' (every sensor of the feed), 'kind:traffic', or a sensor id such as 'traffic:158324'. */
  scope: string;
  from: number;
  to: number;
  reason: string;
}

export type HistoryResolution = 'raw' | '1m' | '1h';

export type ActionStatus = 'queued' | 'sent' | 'rejected';

/** An operator action (a note or an alarm acknowledgement), queued durably and sent when the feed is reachable. */
export interface OperatorAction {
  id: string;
  /** A note on a sensor (or the feed), or the acknowledgement of an alarm (text = the operator's comment). */
  kind: 'note' | 'alarm-ack';
  sensorId: string | null;
  /** For 'alarm-ack': the alarm acknowledged. */
  alarmId: string | null;
  text: string;
  user: string;
  createdAt: number;
  status: ActionStatus;
  sentAt: number | null;
  error: string | null;
}

/** Who is at the desk, per connection: operators acknowledge, comment and shelve; supervisors also edit rules. */
export interface Session {
  role: 'operator' | 'supervisor';
  /**
   * The name recorded in the audit log for this connection's actions. Self-declared (nobody checks it), and cleaned:
   * no control or bidi characters, whitespace collapsed, at most 80 characters.
   */
  user: string;
  /**
   * Whether a supervisor passphrase has been set on this desk. The first one is set on the host side only
   * (`npm run passphrase`, or Electron's first-run dialog), never through this API.
   */
  supervisorConfigured: boolean;
}

/** A starter rule offered for a sensor type the feed has (listStarterRules): the UI offers it, publishRule installs it. */
export interface StarterRuleOffer {
  typeId: string;
  typeLabel: string;
  id: string;
  name: string;
  description: string;
  /** The rule document, as the type document holds it. */
  rule: unknown;
  /** A rule with this id is in the cache (installed when the type first appeared, or published since). */
  installed: boolean;
  /** Why it does not apply here (e.g. an unknown district), or empty. */
  problems: string[];
}

export interface RuleSummary {
  id: string;
  /** The rule's name (a broken rule: the stored name if it is text, else its id). */
  name: string;
  /** As stored; a broken rule is never evaluated, whatever this says. */
  enabled: boolean;
  /** Null for a broken rule. */
  severity: Severity | null;
  /** Null for a broken rule. */
  kind: Rule['kind'] | null;
  version: number;
  author: string;
  updatedAt: number;
  /** The rule as validated; null when it is broken. */
  rule: Rule | null;
  /**
   * Why the stored current version cannot be loaded (not JSON, fails validation, or the loader threw), or null. A
   * broken rule is treated as disabled; the others run. Publishing a valid version (or restoring one) repairs it.
   */
  broken: string | null;
  /** Problems found when the rule was compiled against the current catalogue (e.g. an unknown district). */
  problems: string[];
  /** Open (unresolved) alarms of this rule. */
  openAlarms: number;
}

export interface RuleVersion {
  ruleId: string;
  version: number;
  /** The version as stored; null when it cannot be shown (see broken). */
  rule: Rule | null;
  /** Why the stored version cannot be shown or restored (not JSON, nested beyond the limit), or null. */
  broken: string | null;
  author: string;
  createdAt: number;
}

export interface BacktestEvent {
  type: 'raise' | 'clear' | 'escalate';
  subject: string;
  /** Human name of the subject (sensor name or zone name). */
  subjectName: string;
  severity: Severity;
  at: number;
  value?: number;
  message: string;
  /** A group alarm (grouping rule, or a source outage holding not-reporting alerts): its members, first-out first. */
  group?: { kind: 'rule' | 'outage'; name: string; members: { subject: string; subjectName: string; raisedAt: number; clearedAt: number | null }[]; firstOut: string };
}

export interface BacktestResult {
  /** The backtest's id (the request's, or one the engine chose). */
  id: string;
  from: number;
  to: number;
  /** Readings of the rule's kind read from the cache. */
  readings: number;
  /** How many alarms the rule would have presented (raises; a group alarm once, its members not). */
  fired: number;
  events: BacktestEvent[];
  /** Resolution the cache had for the range: backtests run on raw readings only. */
  note: string | null;
  /** The load the rule would add to an operator's desk over the range (alarms as presented: groups count once). */
  load: AlarmLoad;
}

/** An alarm load over a period (a backtest's, or the desk's): what an operator would have had to answer. */
export interface AlarmLoad {
  /** Days covered (data time, fractional). */
  days: number;
  /** New alarms presented (a group alarm counts once, its members not). */
  alarms: number;
  perDay: number;
  averagePerTenMinutes: number;
  peakPerTenMinutes: number;
  /** 10-minute intervals with more than FLOOD_ALARMS new alarms. */
  floods: number;
  /** (rule, subject) pairs that chattered (CHATTER_CYCLES raise/clear cycles within CHATTER_WINDOW_MS). */
  chattering: number;
  /** In words: `14 alarms a day, 3 floods in the last 7 days`. */
  summary: string;
}

/** What the alarm header and list count: the engine's whole alarm state, never a fetched page. */
export interface AlarmCounts {
  /** Alarms not resolved (active, acknowledged, cleared), shelved ones included. */
  unresolved: number;
  /** Not acknowledged (active or cleared) and not shelved, by priority: an acknowledgement lowers it. */
  unacknowledged: Record<Priority, number>;
  /** Open alarms whose (rule, subject) is shelved. */
  shelved: number;
  /** New alarms presented (raised and not shelved) in the last FLOOD_WINDOW_MS of the feed clock. */
  lastTenMinutes: number;
  /** lastTenMinutes > FLOOD_ALARMS: the desk is in flood. */
  flood: boolean;
}

export type AlarmView = 'open' | 'shelved' | 'resolved';

/** A page of the alarm list (sorted by priority, then newest first; resolved: newest first) and the view's true total. */
export interface AlarmPage {
  alarms: Alarm[];
  total: number;
  offset: number;
}

/** Alarm KPIs over a period (ISA-18.2 / EEMUA 191 performance metrics), live or for any cached period. */
export interface AlarmKpis {
  from: number;
  to: number;
  /** New alarms presented per 10-minute interval, every interval of the period (zeros included). */
  perTenMinutes: { at: number; count: number }[];
  total: number;
  averagePerTenMinutes: number;
  peakPerTenMinutes: number;
  /** Start of the (first) peak interval, or null without alarms. */
  peakAt: number | null;
  /** Share (0 to 1) of the period's 10-minute intervals in flood. */
  floodShare: number;
  /** Most frequent alarms (top 10 by count), per rule and subject. */
  badActors: { ruleId: string; ruleName: string; subject: string; subjectName: string; count: number; share: number }[];
  /** (rule, subject) pairs that chattered in the period, with a suggestion to shelve or retune. */
  chattering: { ruleId: string; ruleName: string; subject: string; subjectName: string; cycles: number; firstAt: number; suggestion: string }[];
  /** Alarms active (not cleared) for more than STANDING_MS at the end of the period. */
  standing: { alarmId: string; ruleId: string; ruleName: string; subject: string; subjectName: string; since: number }[];
  /** Shelves in force at the end of the period, and how many alarms were shelved during it. */
  shelved: { current: Shelf[]; shelvedInPeriod: number };
  /** Time from raise (or from reaching the desk) to acknowledgement, in ms; null without acknowledgements. */
  ackTimes: { p50: number | null; p90: number | null; count: number };
  perRule: { ruleId: string; ruleName: string; count: number; ackP50: number | null; ackP90: number | null; chattering: number; standing: number }[];
  perOperator: { user: string; acknowledged: number; shelved: number; ackP50: number | null; ackP90: number | null }[];
}

/** Tuning proposed from the cached data for a rule's delays and deadband (the editor offers them, never imposes). */
export interface TuningSuggestion {
  /** Deadband for the clear (in the metric's unit), or null when the data cannot say. */
  hysteresis: number | null;
  /** On-delay: minutes the condition must hold before raising (a sustained wrapper), or null. */
  onDelayMinutes: number | null;
  /** Off-delay: minutes the clear must hold (clear.minClearMinutes), or null. */
  offDelayMinutes: number | null;
  /** How each figure was found, in words (data range, percentiles used). */
  basis: string[];
}

/** Progress of a running backtest (the `backtest` event). */
export interface BacktestProgressEvent {
  id: string;
  /** Fraction of the range done, 0 to 1 (by data time). */
  done: number;
  /** Readings evaluated so far. */
  readings: number;
}

export interface AuditRecord {
  id: number;
  at: number;
  user: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

export interface ZoneInfo {
  id: string;
  name: string;
  /** Polygons as rings of [lng, lat] (first ring outer, the rest holes). */
  polygons: [number, number][][][];
}

/** The city the desk shows: the feed's (protocol v2 catalogue), or a default when the feed sent none. */
export interface CityInfo {
  /** The city's name; the feed's name when the feed sent no city. */
  name: string;
  /** IANA time zone in which the desk shows times ('UTC' when the feed sent no city). */
  timeZone: string;
  /** The feed's home view [west, south, east, north], or null: then the map opens on `extent`. */
  home: Bbox | null;
  /** [west, south, east, north] of all the sensors' geometries, or null without sensors. */
  extent: Bbox | null;
  /** Credit for the data, or null. */
  attribution: string | null;
  /** 'feed': from the catalogue; 'default': the feed sent no city (a v1 feed): name and zone are stand-ins. */
  source: 'feed' | 'default';
}

/** The catalogue as the engine knows it: sensors, every sensor type it knows (shipped plus the feed's) and the city. */
export interface CatalogueView {
  sensors: Sensor[];
  /** Every type the engine knows: the shipped ones and the feed's (a feed's type replaces a shipped one of its id). */
  types: SensorType[];
  city: CityInfo;
}

export interface EngineSnapshot {
  catalogue: Sensor[];
  /** As in CatalogueView. */
  types: SensorType[];
  city: CityInfo;
  states: SensorState[];
  status: FeedStatus;
}

export interface HistoryPoint {
  /** Reading time (raw) or bucket start (rollups). */
  ts: number;
  /** Raw values, or the bucket averages for rollups. */
  values: Record<string, number | null>;
  /** Rollups only: per-metric minimum, maximum and number of readings in the bucket. */
  min?: Record<string, number | null>;
  max?: Record<string, number | null>;
  count?: number;
}

export interface SensorHistory {
  sensorId: string;
  from: number;
  to: number;
  /** Which table answered: raw readings, 1-minute or 1-hour rollups (chosen to fit the range and maxPoints). */
  resolution: HistoryResolution;
  points: HistoryPoint[];
  /**
   * Intervals (feed time) with no data where data was expected: holes between points longer than 1.5 expected
   * intervals, and recorded gaps (with their reason). Charts draw them, never bridge them.
   */
  gaps: { from: number; to: number; reason: string }[];
}


// ---- replay (issue 10): the state as of any instant, the timeline, re-running rules, incidents, packs, the audit ----

/** What the cache holds, in feed time: the span the timeline covers. */
export interface CacheExtent {
  /** Oldest data held (raw readings, else rollups, else alarms), or null for an empty cache. */
  from: number | null;
  /** Newest data held, or null. */
  to: number | null;
  /** Where raw readings begin (older instants are answered from rollups), or null. */
  rawFrom: number | null;
}

/**
 * The desk as of one instant (feed time), from the stored readings, alarm history and audit log: never recomputed
 * guesses. `states[i].last` is each sensor's latest reading at or before `at` (from raw readings; older than raw
 * retention, from 1-minute then 1-hour rollup averages: `resolution` says which answered, per sensor in `approximate`).
 */
export interface ReplayFrame {
  at: number;
  /** Every sensor of the catalogue (or of `sensorIds` when asked), as it stood at `at`; derived metrics and flags too. */
  states: SensorState[];
  /** live / stale / never counted at `at` (freshness on the replay clock). */
  sensors: { live: number; stale: number; never: number };
  /** Coarsest resolution used for this frame. */
  resolution: HistoryResolution;
  /** Sensors whose state came from rollups (a bucket average, not a reading). */
  approximate: string[];
  /**
   * Alarms open at `at` (raised at or before it, not yet resolved then), each as it was then: state, severity
   * (escalated only after escalatedAt), acknowledged only if acknowledged by then, group members raised by then.
   */
  alarms: Alarm[];
  /** Alarm counts as they were at `at` (flood over the 10 minutes before it). */
  counts: AlarmCounts;
  /** Shelves in force at `at` (from the audit log's shelve / unshelve entries). */
  shelves: Shelf[];
  /** Recorded gaps covering `at`. */
  gaps: Gap[];
  extent: CacheExtent;
}

/** One alarm on the timeline: a mark at its raise, coloured by severity, its span to clear / resolve. */
export interface TimelineAlarm {
  id: string;
  ruleId: string;
  ruleName: string;
  subject: string;
  subjectName: string;
  severity: Severity;
  priority: Priority;
  raisedAt: number;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

/** An operator action on the timeline (a tick): acknowledgement, note, shelving, comment, resolve, mute. */
export interface TimelineAction {
  /** Audit row id (or 'note:<action id>' for a note). */
  id: string;
  at: number;
  kind: 'acknowledge' | 'note' | 'shelve' | 'unshelve' | 'resolve' | 'mute' | 'rule' | 'other';
  user: string;
  /** In words: "Ana acknowledged Car park full at Bruuns Galleri: 'on it'". */
  text: string;
  alarmId: string | null;
  sensorId: string | null;
}

/** The timeline's data for a span: marks, gaps, actions and a density strip of readings. */
export interface TimelineData {
  from: number;
  to: number;
  extent: CacheExtent;
  /** Alarms raised in the span, or open during it (capped at `maxAlarms`, most severe first; `alarmsTotal` counts all). */
  alarms: TimelineAlarm[];
  alarmsTotal: number;
  gaps: Gap[];
  actions: TimelineAction[];
  /** Readings per bucket: `buckets` equal buckets from `from` to `to`. */
  density: { bucketMs: number; counts: number[] };
}

/** An alarm in a re-run's difference: where and when a rule set would have raised (or did raise) differently. */
export interface DiffAlarm {
  ruleId: string;
  ruleName: string;
  subject: string;
  subjectName: string;
  severity: Severity;
  at: number;
  clearedAt: number | null;
  message: string;
  /** [lng, lat] of the subject (a sensor's position, a zone's centre), or null when unknown. */
  position: LngLat | null;
  /** The recorded alarm's id, for 'missed' ones. */
  alarmId: string | null;
}

/**
 * A rule set re-run over a replayed window, compared with what was recorded: `added` would have been raised and were
 * not, `missed` were recorded and would not have been; matched = same rule id, subject and raise within a minute.
 */
export interface ReplayDiff {
  id: string;
  from: number;
  to: number;
  /** Which rules ran, in words: "Car park full (draft)", "Congestion by district (version 3)". */
  rules: { ruleId: string; name: string; source: string }[];
  readings: number;
  added: DiffAlarm[];
  missed: DiffAlarm[];
  matched: number;
  note: string | null;
}

/** The area of an incident: a district (by name, with its polygons) or a polygon drawn on the map. */
export type IncidentArea =
  | { kind: 'district'; name: string; polygons: LngLat[][][] }
  | { kind: 'drawn'; polygon: LngLat[] };

/** An incident bookmark: saved in the cache (every version kept), audited, reopened into replay. */
export interface Incident {
  id: string;
  name: string;
  from: number;
  to: number;
  area: IncidentArea | null;
  notes: string;
  alarmIds: string[];
  /** Instants (feed time) chosen for map snapshots in the pack (default: from, the first alarm, to). */
  instants: number[];
  author: string;
  createdAt: number;
  updatedAt: number;
  version: number;
  archived: boolean;
}

/** Progress of an incident pack being written (the `pack` event). */
export interface PackProgressEvent {
  id: string;
  /** 0 to 1. */
  done: number;
  /** What is being written, in words ("readings 120,000 of 450,000", "map at 10:40"). */
  stage: string;
}

/** An incident pack written by the engine (see incident-pack/FORMAT.md). */
export interface PackResult {
  id: string;
  /** The pack's folder on the engine's machine. */
  dir: string;
  /** The zip beside it, or null when not asked. */
  zip: string | null;
  /** Where the browser can fetch the zip (browser mode), or null. */
  downloadPath: string | null;
  files: { path: string; bytes: number; sha256: string }[];
  bytes: number;
  ms: number;
}

/** What the desk is showing: the live feed, or an incident pack opened read-only. */
export type DeskMode =
  | { mode: 'live' }
  | { mode: 'incident'; name: string; from: number; to: number; dir: string; createdAt: string; createdBy: string; verified: boolean; problems: string[] };

/** One audit row, in words (issue 10 item 8): the rule and the place named, the feed time of the event. */
export interface AuditRow extends AuditRowInWords {
  /**
   * The stored detail and the names the words used (auditPage, alarmTimeline): the screen words the row again in the
   * operator's language from them (electron/shared/audit-words.ts). Absent in files.
   */
  detail?: unknown;
  names?: AuditNameTable;
}

/** One step of an alarm's life, for its own timeline. */
export interface AlarmTimelineEntry {
  at: number;
  kind: 'raised' | 'acknowledged' | 'shelved' | 'unshelved' | 'cleared' | 'resolved' | 'escalated' | 'member-raised' | 'member-cleared' | 'commented' | 'other';
  by: string;
  /** Why / what, in words (the comment, the shelve reason, the clear message). */
  text: string;
  auditId: number | null;
}

/** Commands: name -> params schema. Results are typed in CommandResults. */
/** Credentials typed in a source form, by key (SECRET_KEY_PATTERN). */
const secretsSchema = z.record(z.string().regex(SECRET_KEY_PATTERN, 'a secret key is upper-case letters, digits and _'), z.string().max(4096)).optional();

/**
 * A search's words in the screen's language (auditPage, auditCsv): per word (lower case, as the search splits it), the
 * actions whose words in that language contain it. The engine words the audit in English; the screen in the operator's
 * (renderer/audit/auditWords.ts), so a word shown there ("tilsidesat") also finds the rows of those actions.
 */
const AUDIT_ACTION_WORDS = z.record(z.string().max(500), z.array(z.string().max(100)).max(100)).refine((r) => Object.keys(r).length <= 12, 'at most 12 words');

export const commandSchemas = {
  snapshot: z.object({}).strict(),
  history: z
    .object({
      sensorId: z.string().min(1).max(200),
      /** Epoch ms; default: 6 hours before `to`. */
      from: z.number().finite().optional(),
      /** Epoch ms; default: the feed clock now. */
      to: z.number().finite().optional(),
      /** Upper bound on points; the engine picks raw, 1-minute or 1-hour data to stay under it. Default 3000. */
      maxPoints: z.number().int().min(10).max(100_000).optional(),
    })
    .strict()
    .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from must not be after to' }),
  /** Queue an operator note (durably; sent to the feed when it is reachable). */
  addNote: z
    .object({
      sensorId: z.string().min(1).max(200).nullable(),
      text: z.string().trim().min(1, 'a note cannot be empty').max(2000, 'a note is at most 2000 characters'),
    })
    .strict(),
  /** Operator actions, newest first; for one sensor when sensorId is given. */
  actions: z.object({ sensorId: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  /** Recorded gaps overlapping [from, to]. */
  gaps: z.object({ from: z.number().finite(), to: z.number().finite() }).strict(),

  // ---- session and roles ----
  session: z.object({}).strict(),
  /** The operator's name for this connection (recorded with every action); cleaned by sanitizeUserName. */
  setUser: z
    .object({ name: z.string().max(1000, 'a name is at most 1000 characters').transform(sanitizeUserName).pipe(z.string().min(1, 'a name is needed').max(USER_NAME_MAX)) })
    .strict(),
  unlockSupervisor: z.object({ passphrase: z.string().min(1, 'enter the passphrase').max(PASSPHRASE_MAX) }).strict(),
  lockSupervisor: z.object({}).strict(),
  /**
   * Changes the passphrase: needs the current one (and supervisor mode). On a desk with none yet this answers
   * 'not-configured': the first passphrase is set on the host side.
   */
  setSupervisorPassphrase: z
    .object({
      current: z.string().min(1, 'enter the current passphrase').max(PASSPHRASE_MAX),
      next: z.string().min(PASSPHRASE_MIN, `a passphrase has at least ${PASSPHRASE_MIN} characters`).max(PASSPHRASE_MAX),
    })
    .strict(),

  // ---- alarms ----
  /** Open alarms (not resolved), newest and most severe first; with includeResolved, recent resolved ones too. */
  alarms: z.object({ includeResolved: z.boolean().optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  ackAlarm: z.object({ id: z.string().min(1).max(500), comment: z.string().trim().max(2000).optional() }).strict(),
  resolveAlarm: z.object({ id: z.string().min(1).max(500), comment: z.string().trim().max(2000).optional() }).strict(),
  shelveAlarm: z
    .object({
      id: z.string().min(1).max(500),
      minutes: z.number().int().min(1).max(7 * 24 * 60, 'shelving lasts at most 7 days'),
      reason: z.string().trim().min(3, 'say why the alarm is shelved').max(2000),
    })
    .strict(),
  /** Takes the alarm's (rule, subject) off the shelf before its time. */
  unshelve: z.object({ id: z.string().min(1).max(500) }).strict(),
  shelves: z.object({}).strict(),
  /** The alarm list, one page of one view (true total in the answer); open alarms sort by priority, then newest. */
  alarmPage: z
    .object({
      view: z.enum(['open', 'shelved', 'resolved']),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(500),
      /** Only alarms whose rule name, subject name or message contains this (case-insensitive). */
      search: z.string().trim().max(200).optional(),
    })
    .strict(),
  alarmCounts: z.object({}).strict(),
  /** Acknowledges several alarms (or a whole group) with one comment; each one refused says why. */
  ackAlarms: z.object({ ids: z.array(z.string().min(1).max(500)).min(1).max(1000), comment: z.string().trim().max(2000).optional() }).strict(),
  shelveAlarms: z
    .object({
      ids: z.array(z.string().min(1).max(500)).min(1).max(1000),
      minutes: z.number().int().min(1).max(7 * 24 * 60, 'shelving lasts at most 7 days'),
      reason: z.string().trim().min(3, 'say why the alarms are shelved').max(2000),
    })
    .strict(),
  /** Alarm KPIs for a period (default: the last 24 h of the feed clock); ruleId narrows to one rule. */
  alarmKpis: z.object({ from: z.number().finite().optional(), to: z.number().finite().optional(), ruleId: z.string().max(100).optional() }).strict(),
  /** The same KPIs as CSV files' text (one section per table), for download. */
  alarmKpisCsv: z.object({ from: z.number().finite().optional(), to: z.number().finite().optional(), ruleId: z.string().max(100).optional() }).strict(),
  /** The operator muted the alarm sound: only with a reason, which is logged. */
  muteSound: z.object({ reason: z.string().trim().min(3, 'say why the sound is muted').max(2000), alarmId: z.string().max(500).optional() }).strict(),

  // ---- rules ----
  rules: z.object({}).strict(),
  ruleVersions: z.object({ id: z.string().min(1).max(100) }).strict(),
  validateRule: z.object({ rule: z.unknown() }).strict(),
  /**
   * Runs a rule over the cached history (off the engine's event loop; one backtest at a time per engine; at most 31
   * days). `id` (the caller's choice) names it in `backtest` progress events and in cancelBacktest.
   */
  backtestRule: z
    .object({ rule: z.unknown(), from: z.number().finite().optional(), to: z.number().finite().optional(), id: z.string().regex(/^[\w-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -').optional() })
    .strict(),
  /** Deadband and delays proposed from the cached readings of the rule's type (supervisors; see TuningSuggestion). */
  suggestTuning: z.object({ rule: z.unknown(), from: z.number().finite().optional(), to: z.number().finite().optional() }).strict(),
  /** Stops the running backtest with this id (its backtestRule call fails with code 'cancelled'). */
  cancelBacktest: z.object({ id: z.string().min(1).max(64) }).strict(),
  publishRule: z.object({ rule: z.unknown() }).strict(),
  setRuleEnabled: z.object({ id: z.string().min(1).max(100), enabled: z.boolean() }).strict(),
  restoreRuleVersion: z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1) }).strict(),
  exportRules: z.object({}).strict(),
  /** All or nothing: if any rule is invalid, none is imported and every error is listed with its path. */
  importRules: z.object({ json: z.unknown() }).strict(),
  zones: z.object({}).strict(),
  /** The starter rules of the sensor types in the catalogue (installed or not). */
  listStarterRules: z.object({}).strict(),
  audit: z.object({ limit: z.number().int().min(1).max(5000).optional(), subject: z.string().max(500).optional() }).strict(),

  // ---- replay (issue 10) ----
  /** The desk as of one instant (feed time). sensorIds narrows the states (the alarms stay whole). */
  replayFrame: z.object({ at: z.number().finite(), sensorIds: z.array(z.string().min(1).max(200)).max(100_000).optional() }).strict(),
  /** The timeline's marks, gaps, actions and reading density for [from, to] (default: what the cache holds). */
  timeline: z
    .object({
      from: z.number().finite().optional(),
      to: z.number().finite().optional(),
      buckets: z.number().int().min(1).max(4000).optional(),
      maxAlarms: z.number().int().min(1).max(20_000).optional(),
    })
    .strict()
    .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, { message: 'from must be before to' }),
  /**
   * Re-runs a rule set over [from, to] (at most 31 days, off the event loop like a backtest) and compares it with the
   * recorded alarms. Each entry: a stored rule (current version, or `version`) or a draft document.
   */
  replayRules: z
    .object({
      rules: z
        .array(z.union([z.object({ ruleId: z.string().min(1).max(100), version: z.number().int().min(1).optional() }).strict(), z.object({ draft: z.unknown() }).strict()]))
        .min(1)
        .max(50),
      from: z.number().finite(),
      to: z.number().finite(),
      id: z.string().regex(/^[\w-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -').optional(),
    })
    .strict()
    .refine((p) => p.from < p.to, { message: 'from must be before to' }),
  /** Incident bookmarks, newest first; search matches name, notes, author and linked alarms' rule / place names. */
  incidents: z.object({ search: z.string().trim().max(200).optional(), includeArchived: z.boolean().optional() }).strict(),
  incident: z.object({ id: z.string().min(1).max(100) }).strict(),
  /** Creates (no id) or updates (id: a new version; every version is kept) a bookmark; audited. */
  saveIncident: z
    .object({
      id: z.string().min(1).max(100).optional(),
      name: z.string().trim().min(1, 'give the incident a name').max(200),
      from: z.number().finite(),
      to: z.number().finite(),
      area: z
        .union([
          z.object({ kind: z.literal('district'), name: z.string().min(1).max(200) }).strict(),
          z.object({ kind: z.literal('drawn'), polygon: z.array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])).min(3).max(1000) }).strict(),
        ])
        .nullable(),
      notes: z.string().max(20_000),
      alarmIds: z.array(z.string().min(1).max(500)).max(1000),
      instants: z.array(z.number().finite()).max(12).optional(),
    })
    .strict()
    .refine((p) => p.from < p.to, { message: 'the incident must end after it starts', path: ['to'] }),
  /** Archives (or restores) a bookmark: never deleted; audited. */
  archiveIncident: z.object({ id: z.string().min(1).max(100), archived: z.boolean() }).strict(),
  /**
   * Writes an incident pack (FORMAT.md) for a bookmark, or for a window and area given here; progress as `pack`
   * events; `zip` also writes DIR.zip. One pack at a time per engine.
   */
  exportIncidentPack: z
    .object({
      incidentId: z.string().min(1).max(100).optional(),
      from: z.number().finite().optional(),
      to: z.number().finite().optional(),
      area: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()])).min(1)).min(1) }).strict().nullable().optional(),
      name: z.string().trim().min(1).max(200).optional(),
      instants: z.array(z.number().finite()).max(12).optional(),
      zip: z.boolean().optional(),
      id: z.string().regex(/^[\w-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -').optional(),
    })
    .strict()
    .refine((p) => p.incidentId !== undefined || (p.from !== undefined && p.to !== undefined && p.from < p.to), { message: 'give an incident, or from before to' }),
  cancelIncidentPack: z.object({ id: z.string().min(1).max(64) }).strict(),
  /** The audit log for an investigation: a page, newest first, in a feed-time range, searched (all of an alarm's rows). */
  auditPage: z
    .object({
      from: z.number().finite().optional(),
      to: z.number().finite().optional(),
      /** Words (rule, place, user, action, detail) or an alarm id: every row of the alarms it matches. */
      search: z.string().trim().max(500).optional(),
      actionWords: AUDIT_ACTION_WORDS.optional(),
      alarmId: z.string().min(1).max(500).optional(),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(1000),
    })
    .strict(),
  /** One alarm's life: raised, acknowledged, shelved, cleared, resolved (who, when, why). */
  alarmTimeline: z.object({ id: z.string().min(1).max(500) }).strict(),
  /** The audit rows of a range and search as CSV (every row: no cap). */
  auditCsv: z.object({ from: z.number().finite().optional(), to: z.number().finite().optional(), search: z.string().trim().max(500).optional(), actionWords: AUDIT_ACTION_WORDS.optional() }).strict(),
  /** Live, or the incident pack this desk opened read-only. */
  deskMode: z.object({}).strict(),

  // ---- sources (supervisors; electron/engine/sources/) ----
  /** Every source's state (the hub's), the sources connected at this desk and the types to pick from. */
  sources: z.object({}).strict(),
  /** The source's first records (up to maxRecords, or what came within maxSeconds) with the mapping applied. */
  previewSource: z
    .object({
      document: z.unknown(),
      /** Credentials typed in the form, by key; empty or absent keys use the stored ones of the same source. */
      secrets: secretsSchema,
      maxRecords: z.number().int().min(1).max(500).optional(),
      maxSeconds: z.number().min(1).max(60).optional(),
    })
    .strict(),
  /** Validates, stores a new version (credentials sealed), audits and starts the source. */
  saveSource: z
    .object({ document: z.unknown(), secrets: secretsSchema })
    .strict(),
  removeSource: z.object({ id: z.string().min(1).max(100) }).strict(),
  sourceVersions: z.object({ id: z.string().min(1).max(100) }).strict(),
  /** A version as JSON for download (credentials are references only); default the current one. */
  exportSource: z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1).optional() }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandParams = { [K in CommandName]: z.input<(typeof commandSchemas)[K]> };

export interface CommandResults {
  snapshot: EngineSnapshot;
  history: SensorHistory;
  addNote: OperatorAction;
  actions: OperatorAction[];
  gaps: Gap[];
  session: Session;
  setUser: Session;
  unlockSupervisor: Session;
  lockSupervisor: Session;
  setSupervisorPassphrase: Session;
  alarms: Alarm[];
  ackAlarm: Alarm;
  resolveAlarm: Alarm;
  shelveAlarm: Shelf;
  unshelve: Alarm;
  shelves: Shelf[];
  muteSound: { ok: true };
  alarmPage: AlarmPage;
  alarmCounts: AlarmCounts;
  ackAlarms: { alarms: Alarm[]; refused: { id: string; reason: string }[] };
  shelveAlarms: { shelves: Shelf[]; refused: { id: string; reason: string }[] };
  alarmKpis: AlarmKpis;
  alarmKpisCsv: { filename: string; csv: string };
  suggestTuning: TuningSuggestion;
  rules: RuleSummary[];
  ruleVersions: RuleVersion[];
  validateRule: { ok: true; rule: Rule } | { ok: false; errors: string[] };
  backtestRule: BacktestResult;
  /** cancelled: false when no backtest with that id was running (it had finished, or never started). */
  cancelBacktest: { cancelled: boolean };
  publishRule: RuleSummary;
  setRuleEnabled: RuleSummary;
  restoreRuleVersion: RuleSummary;
  exportRules: { schema: 1; exportedAt: string; rules: Rule[] };
  importRules: { ok: true; imported: RuleSummary[] } | { ok: false; errors: string[] };
  zones: ZoneInfo[];
  listStarterRules: StarterRuleOffer[];
  audit: AuditRecord[];
  replayFrame: ReplayFrame;
  timeline: TimelineData;
  replayRules: ReplayDiff;
  incidents: Incident[];
  incident: Incident;
  saveIncident: Incident;
  archiveIncident: Incident;
  exportIncidentPack: PackResult;
  cancelIncidentPack: { cancelled: boolean };
  auditPage: { rows: AuditRow[]; total: number; offset: number };
  /** `rows`: the alarm's audit rows (with their detail and names), for the screen's own words of each step. */
  alarmTimeline: { alarm: Alarm | null; entries: AlarmTimelineEntry[]; rows?: AuditRow[] };
  auditCsv: { filename: string; csv: string };
  deskMode: DeskMode;
  sources: SourcesOverview;
  previewSource: PreviewResult;
  saveSource: SourceSummary;
  removeSource: { removed: boolean };
  sourceVersions: SourceSummary[];
  exportSource: { schema: 1; exportedAt: string; version: number; document: SourceDocument };
}

export interface EngineEvents {
  /** Changed sensor states since the last delta, plus the current status. At most every `deltaIntervalMs`. */
  delta: { states: SensorState[]; status: FeedStatus };
  /** The catalogue changed (a new catalogue from the feed): its sensors, the types they name and the city. */
  catalogue: CatalogueView;
  /** Operator actions that were added or changed state (queued -> sent / rejected). */
  actions: { actions: OperatorAction[] };
  /** A gap was recorded. */
  gap: { gap: Gap };
  /**
   * Alarms that changed, and what to announce now (raised or escalated and not shelved): the renderer rings for
   * critical announcements until they are acknowledged.
   */
  alarms: { changed: Alarm[]; announce: { alarmId: string; severity: Severity; priority: Priority; message: string }[]; shelves: Shelf[]; counts: AlarmCounts };
  /** The rule set changed (published, enabled/disabled, restored, imported). */
  rules: { rules: RuleSummary[] };
  /** Progress of a running backtest (at least every 1% of its range, and at the end). */
  backtest: BacktestProgressEvent;
  /** Progress of an incident pack being written. */
  pack: PackProgressEvent;
  /** Progress of a rule set re-run over a replayed window (replayRules; same shape as a backtest's). */
  replayRules: BacktestProgressEvent;
}
export type EventName = keyof EngineEvents;

/** What the renderer holds: one object, whatever the transport. */
export interface EngineClient {
  call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]>;
  on<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
  /** Transport-level state: whether the renderer can reach the engine at all. */
  onTransport(listener: (state: 'open' | 'closed') => void): () => void;
  close(): void;
}

/**
 * What went wrong with a request, as a code the renderer can act on (never a regex on the message):
 * - malformed-request: not a request at all (not JSON, wrong framing); unknown-method; invalid-params (issues name
 *   each problem's path);
 * - forbidden: the session may not do this (an operator publishing rules; a wrong passphrase);
 * - not-configured: no supervisor passphrase on this desk yet (the message says how to set one);
 * - rate-limited: too many wrong passphrases, try later; not-found; conflict (e.g. an alarm already acknowledged);
 * - too-large: over a documented limit; unavailable: the engine is closing; internal: a bug or a failure inside.
 */
export const RPC_ERROR_CODES = [
  'malformed-request',
  'unknown-method',
  'invalid-params',
  'forbidden',
  'not-configured',
  'rate-limited',
  'not-found',
  'conflict',
  'too-large',
  'cancelled',
  'unavailable',
  'internal',
] as const;
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];
/** One problem with the params: where (dotted path, '' for the whole params) and what. */
export interface RpcIssue {
  path: string;
  message: string;
}
export interface RpcErrorBody {
  code: RpcErrorCode;
  message: string;
  issues?: RpcIssue[];
}

/** What engine code throws for an expected failure; the RPC layer sends its code, message and issues. */
export class ApiError extends Error {
  constructor(
    readonly code: RpcErrorCode,
    message: string,
    readonly issues?: RpcIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type RpcRequest = { t: 'req'; id: number; method: string; params: unknown };
export type RpcResponse =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: RpcErrorBody };
export type RpcEvent = { t: 'evt'; event: EventName; payload: unknown };
export type RpcMessage = RpcRequest | RpcResponse | RpcEvent;

export const rpcRequestSchema = z
  .object({ t: z.literal('req'), id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() })
  .strict();
