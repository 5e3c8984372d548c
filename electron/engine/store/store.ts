/**
 * The local cache: SQLite through better-sqlite3, WAL, one file. Everything the engine receives goes through here.
 * One object for the engine, made of one part per concern: the database file (cache-file.ts: database.ts,
 * file-permissions.ts, integrity.ts), the catalogue (sensors.ts) and feed cursors (feeds.ts), raw readings (readings.ts), history
 * (history.ts), rollups and retention (maintenance.ts), readings set aside (set-aside.ts), gaps, the operator-action
 * outbox, the audit log, rules, alarms and meta.
 */
import type Database from 'better-sqlite3';
import type { CacheIntegrity, CacheStatus, Gap, HistoryPoint, HistoryResolution, OperatorAction } from '../api';
import type { Alarm, Shelf } from '../rules/alarms';
import type { Rule } from '../rules/schema';
import type { Reading, Sensor } from '../../shared/model';
import { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { SensorType } from '../../shared/sensor-types/types';
import { CACHE_KEYS, shippedRegistry, typesFromCache } from '../feed/registry';
import { AlarmHistory } from './alarm-history';
import { AlarmTable, type ResolvedSearch } from './alarms';
import { AuditLog, type AuditQuery, type NewAuditEntry, type AuditEntry, type StoredAuditRow } from './audit-log';
import { fileSize, openCacheFile } from './cache-file';
import { FeedTable, type Cursor } from './feeds';
import { GapTable } from './gaps';
import { HistoryReader } from './history';
import { damagedWhileRunning, isCorruption } from './integrity';
import { Maintenance, type MaintenanceResult } from './maintenance';
import { MetaTable } from './meta';
import { MetricLayouts } from './metric-layouts';
import { OperatorActionTable, type NewOperatorAction } from './operator-actions';
import { ReadingTable, type FlushResult, type StoredReading } from './readings';
import { ReplayQueries } from './replay-queries';
import { RuleTable, type CurrentRule, type StoredRuleVersion } from './rules';
import { SensorTable } from './sensors';
import { SetAsideTable, setAsideImplausibleTimes } from './set-aside';
import { SourceConfigTable } from './source-configs';
import { encodeValues } from './value-codec';

export { NewerSchemaError, StoreOpenError } from './database';
export { encodeValues };
export type { AuditEntry, AuditQuery, CurrentRule, StoredAuditRow, Cursor, FlushResult, MaintenanceResult, StoredReading, StoredRuleVersion };

export interface StoreOptions {
  readonly?: boolean;
  /** Raw readings are kept this many days (before the newest reading), then only their rollups. */
  rawRetentionDays?: number;
  minuteRetentionDays?: number;
  hourRetentionDays?: number;
  /** Longest time buffered readings wait before they are committed (at most 1000). */
  commitIntervalMs?: number;
  /** Buffered readings that force a commit. */
  commitBatch?: number;
  /** Wall clock, for audit and housekeeping timestamps. */
  now?: () => number;
  /** What the store changed or found on its own (permissions tightened, readings set aside, damage). */
  log?: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

/** What the status bar shows of the cache besides its file name and duplicates. */
export type CacheStats = Omit<CacheStatus, 'file' | 'duplicates' | 'startedFromCache'>;

export class Store {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly log: NonNullable<StoreOptions['log']>;
  private readonly sensors: SensorTable;
  private readonly layouts: MetricLayouts;
  /** The shipped types with the feed's stored types over them (built when first asked for after they change). */
  private typeRegistry: SensorTypeRegistry | null = null;
  private typeProblems: string[] = [];
  private readonly feeds: FeedTable;
  private readonly metaTable: MetaTable;
  private readonly readings: ReadingTable;
  private readonly historyReader: HistoryReader;
  private readonly maintenance: Maintenance;
  private readonly setAside: SetAsideTable;
  private readonly gapTable: GapTable;
  private readonly auditTable: AuditLog;
  private readonly actionTable: OperatorActionTable;
  private readonly ruleTable: RuleTable;
  private readonly alarmTable: AlarmTable;
  private sourceConfigTable: SourceConfigTable | null = null;
  private alarmHistoryReader: AlarmHistory | null = null;
  private replayReader: ReplayQueries | null = null;
  private closed = false;
  /** Running on a database in memory (':memory:', or in place of a damaged file). */
  private readonly inMemory: boolean;
  /** What the integrity check at open found, and any corruption SQLite reported since. */
  integrity: CacheIntegrity;
  /** A stored feed clock forgotten at open as implausible. */
  private forgottenClock: string | null = null;
  /** Retention held at the newest reading by the last maintenance run. */
  private retentionHeld: string | null = null;

  constructor(file: string, options: StoreOptions = {}) {
    this.file = file;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
    const readonly = options.readonly ?? false;
    const opened = openCacheFile(file, readonly, this.log, this.now);
    const db = opened.db;
    this.integrity = opened.integrity;
    this.inMemory = opened.salvaged !== null || file === ':memory:';
    this.db = db;
    this.metaTable = new MetaTable(db);
    this.sensors = new SensorTable(db, this.now, opened.legacy);
    this.layouts = new MetricLayouts(db, opened.legacy);
    this.feeds = new FeedTable(db, this.now);
    this.readings = new ReadingTable(db, this.sensors, this.feeds, this.metaTable, this.layouts, (kind) => this.rawMetricsOf(kind), {
      commitIntervalMs: Math.min(1000, options.commitIntervalMs ?? 250),
      commitBatch: options.commitBatch ?? 50_000,
    });
    this.historyReader = new HistoryReader(db, this.sensors, this.metaTable, this.layouts);
    this.maintenance = new Maintenance(db, this.readings, () => this.sids(), this.metaTable, {
      rawRetentionDays: options.rawRetentionDays ?? 14,
      minuteRetentionDays: options.minuteRetentionDays ?? 90,
      hourRetentionDays: options.hourRetentionDays ?? 3650,
    });
    this.setAside = new SetAsideTable(db, this.now);
    this.gapTable = new GapTable(db, this.now);
    this.auditTable = new AuditLog(db, this.now);
    this.actionTable = new OperatorActionTable(db, this.auditTable, this.now);
    this.ruleTable = new RuleTable(db);
    this.alarmTable = new AlarmTable(db);
    if (opened.salvaged) {
      this.sensors.save(opened.salvaged.sensors);
      this.readings.ingest('salvaged', opened.salvaged.latest, null, null);
      this.readings.flush();
    } else if (!readonly) {
      const found = setAsideImplausibleTimes({ feeds: this.feeds, setAside: this.setAside, sids: this.sids(), audit: this.auditTable, log: this.log, now: this.now() });
      this.forgottenClock = found.forgottenClock;
      this.readings.removed(found.setAside);
    }
  }

  private sids(): number[] {
    return [...this.sensors.entries()].map(([, k]) => k.sid);
  }

  /** Runs `work`; corruption SQLite reports while doing it becomes the cache's integrity status, then is rethrown. */
  private watching<T>(during: string, work: () => T): T {
    try {
      return work();
    } catch (e) {
      if (isCorruption(e) && this.integrity.ok) {
        const damage = damagedWhileRunning(this.file, during, e, this.now());
        this.integrity = damage;
        this.log('error', `${damage.problem}. ${damage.advice}`);
      }
      throw e;
    }
  }

  // ---- catalogue and feeds ----

  saveFeed(feedId: string, name: string, url: string): void {
    this.feeds.save(feedId, name, url);
  }

  /**
   * Saves the catalogue. Each type present gets its raw metrics placed in its stored layout (metric-layouts.ts), in the
   * registry's order (a type the registry does not know yet gets its layout from its readings, see ReadingTable).
   */
  saveCatalogue(sensors: readonly Sensor[]): void {
    this.db.transaction(() => {
      for (const kind of new Set(sensors.map((s) => s.kind))) this.layouts.ensure(kind, this.rawMetricsOf(kind));
      this.sensors.save(sensors);
    })();
  }

  /** The raw metric ids of a type, in the registry's order (none for a type it does not know). */
  private rawMetricsOf(kind: string): string[] {
    const reg = this.registry();
    return reg.metricsOf(kind).filter((m) => reg.isRaw(kind, m.id)).map((m) => m.id);
  }

  /**
   * Keeps the type documents the feed sent with its catalogue (protocol v2), so that a start from the cache knows them
   * before the feed answers. Stored as sent (meta CACHE_KEYS.types), validated again when read.
   */
  saveFeedTypes(types: readonly SensorType[]): void {
    this.setMeta(CACHE_KEYS.types, JSON.stringify(types));
  }

  /** The feed's stored type documents that are still valid, and why the others are not used. */
  feedTypes(): { types: SensorType[]; problems: string[] } {
    return typesFromCache(this.metaTable.get(CACHE_KEYS.types));
  }

  /** The sensor types this cache knows: the shipped ones, with those the feed sent over them. */
  registry(): SensorTypeRegistry {
    if (!this.typeRegistry) {
      const stored = this.feedTypes();
      for (const p of stored.problems) if (!this.typeProblems.includes(p)) this.log('warn', p);
      // A set the registry refuses as a whole leaves the shipped types only.
      try {
        this.typeRegistry = shippedRegistry().with(stored.types);
      } catch (e) {
        stored.problems.push(`the feed's stored sensor types are not used: ${e instanceof Error ? e.message : String(e)}`);
        this.log('warn', stored.problems[stored.problems.length - 1]!);
        this.typeRegistry = shippedRegistry();
      }
      this.typeProblems = stored.problems;
    }
    return this.typeRegistry;
  }

  /** Stored feed type documents that this CityDesk no longer accepts (logged when first read). */
  get sensorTypeProblems(): readonly string[] {
    this.registry();
    return this.typeProblems;
  }

  loadCatalogue(): Sensor[] {
    return this.sensors.load();
  }

  knowsSensor(id: string): boolean {
    return this.sensors.key(id) !== undefined;
  }

  /** The most recently updated feed cursor (the feed this cache last followed). */
  lastCursor(): Cursor | null {
    return this.feeds.last();
  }

  cursor(feedId: string): Cursor | null {
    return this.feeds.get(feedId);
  }

  // ---- readings ----

  /**
   * Buffers readings and the cursor that covers them; both are committed together. Readings of sensors not in the
   * stored catalogue are refused (the feed client validated them against the same catalogue). `feedTime` null: the
   * batch's clock was rejected; only its sequence number moves the cursor.
   */
  ingest(feedId: string, readings: readonly Reading[], lastSeq: number | null, feedTime: number | null): void {
    this.readings.ingest(feedId, readings, lastSeq, feedTime);
  }

  /** Commits what is buffered, in one transaction. */
  flush(): FlushResult {
    return this.watching('a commit', () => this.readings.flush());
  }

  /** The last commit problem, or null when the last commit went through cleanly. */
  get lastError(): string | null {
    return this.readings.lastError;
  }

  get ingestTotals(): Readonly<FlushResult & { unknownSensor: number }> {
    return this.readings.ingestTotals;
  }

  /** Latest stored reading of every sensor. */
  latestReadings(): Reading[] {
    return this.readings.latest();
  }

  /** Readings in [from, to], in time order (then sensor id), optionally for some sensors only. */
  iterateReadings(from: number, to: number, sensorIds?: readonly string[]): Generator<StoredReading> {
    return this.readings.iterate(from, to, sensorIds);
  }

  /** History of one sensor in [from, to] at the finest resolution that fits (history.ts). */
  history(sensorId: string, from: number, to: number, maxPoints = 3000, expectedIntervalS = 300): { resolution: HistoryResolution; points: HistoryPoint[] } {
    return this.historyReader.history(sensorId, from, to, maxPoints, expectedIntervalS);
  }

  /** Rollups and retention on the retention clock (maintenance.ts). Run periodically; idempotent. */
  maintain(feedNow: number, maxSpanMs?: number): MaintenanceResult {
    const res = this.watching('maintenance', () => this.maintenance.run(feedNow, maxSpanMs));
    if (res.held !== null && this.retentionHeld === null) this.log('warn', res.held);
    this.retentionHeld = res.held;
    return res;
  }

  // ---- gaps ----

  addGap(g: { feedId: string | null; scope: string; from: number; to: number; reason: string }): Gap {
    return this.gapTable.add(g);
  }

  gaps(from: number, to: number): Gap[] {
    return this.gapTable.inRange(from, to);
  }

  /** Gaps that concern one sensor: its own, its kind's, or the whole feed's. */
  gapsFor(sensorId: string, from: number, to: number): Gap[] {
    return this.gapTable.forSensor(sensorId, this.sensors.key(sensorId)?.kind, from, to);
  }

  // ---- operator actions and audit ----

  enqueueAction(a: NewOperatorAction): OperatorAction {
    return this.actionTable.enqueue(a);
  }

  action(id: string): OperatorAction | null {
    return this.actionTable.get(id);
  }

  actions(opts: { sensorId?: string; status?: OperatorAction['status']; limit?: number; oldestFirst?: boolean } = {}): OperatorAction[] {
    return this.actionTable.list(opts);
  }

  /** Operator actions recorded by another cache (an incident pack), as they were. */
  importActions(actions: readonly OperatorAction[]): void {
    this.actionTable.importRecorded(actions);
  }

  markAction(id: string, status: 'sent' | 'rejected', error: string | null, user = 'system'): OperatorAction | null {
    return this.actionTable.markSent(id, status, error, user);
  }

  /** One audit entry now; `feedAt`: the event's feed time (default: the audit clock, see setAuditClock). */
  audit(user: string, action: string, subject: string | null, detail: unknown, feedAt?: number): void {
    this.auditTable.add(user, action, subject, detail, this.now(), feedAt);
  }

  /** The feed clock that stamps audit entries' feed time (the engine sets it). */
  setAuditClock(feedNow: () => number): void {
    this.auditTable.setFeedClock(feedNow);
  }

  auditMany(entries: readonly NewAuditEntry[]): void {
    this.auditTable.addMany(entries);
  }

  /** Audit rows by feed time (see AuditLog.query). */
  auditQuery(q: AuditQuery): { rows: StoredAuditRow[]; total: number } {
    return this.auditTable.query(q);
  }

  auditLog(limit = 100, subject?: string): AuditEntry[] {
    return this.auditTable.list(limit, subject);
  }

  // ---- rules, alarms, shelves ----

  /** Saves a new version of a rule (creating the rule on its first version); returns the version number. */
  saveRuleVersion(rule: Rule, author: string, at = this.now()): number {
    return this.ruleTable.saveVersion(rule, author, at);
  }

  /** Current version of every rule (its stored JSON, validated by the caller), author and time. */
  currentRules(): CurrentRule[] {
    return this.ruleTable.currentVersions();
  }

  ruleVersions(id: string): StoredRuleVersion[] {
    return this.ruleTable.versions(id);
  }

  saveAlarms(alarms: readonly Alarm[]): void {
    this.alarmTable.saveAlarms(alarms);
  }

  /** Alarms not resolved, plus the most recent resolved ones when asked. */
  loadAlarms(opts: { includeResolved?: boolean; limit?: number } = {}): Alarm[] {
    return this.alarmTable.loadAlarms(opts);
  }

  /** A page of the resolved alarms and their total (see AlarmTable.resolvedPage). */
  resolvedAlarms(offset: number, limit: number, search?: ResolvedSearch): { alarms: Alarm[]; total: number } {
    return this.alarmTable.resolvedPage(offset, limit, search);
  }

  saveShelves(shelves: readonly Shelf[], removedKeys: readonly string[] = []): void {
    this.alarmTable.saveShelves(shelves, removedKeys);
  }

  loadShelves(): Shelf[] {
    return this.alarmTable.loadShelves();
  }

  /** Alarms and shelvings of a period, for the alarm KPIs (./alarm-history.ts). */
  alarmHistory(): AlarmHistory {
    return (this.alarmHistoryReader ??= new AlarmHistory(this.db));
  }

  /** The cache as of an instant, for replay (./replay-queries.ts); buffered readings are committed first. */
  replay(): ReplayQueries {
    this.readings.flush();
    return (this.replayReader ??= new ReplayQueries(this.db, this.sensors, this.layouts, this.metaTable));
  }

  /** Source documents connected at the desk (./source-configs.ts); its table is created on first use. */
  sourceConfigs(): SourceConfigTable {
    return (this.sourceConfigTable ??= new SourceConfigTable(this.db));
  }

  // ---- meta ----

  meta(key: string): string | null {
    return this.metaTable.get(key);
  }

  setMeta(key: string, value: string): void {
    this.metaTable.set(key, value);
    if (key === CACHE_KEYS.types) this.typeRegistry = null;
  }

  // ---- status ----

  /** A time problem the store met on its own (retention held, a stored clock forgotten), for the status bar. */
  get clockWarning(): string | null {
    return this.retentionHeld ?? this.forgottenClock;
  }

  stats(): CacheStats {
    return {
      readings: this.readings.count,
      oldest: this.readings.span().oldest,
      sizeBytes: this.sizeBytes(),
      queuedActions: this.actionTable.queuedCount(),
      integrity: this.integrity,
      setAside: this.setAside.count(),
      clockWarning: this.clockWarning,
    };
  }

  sizeBytes(): number {
    if (this.file === ':memory:' || this.inMemory) {
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      return pages * (this.db.pragma('page_size', { simple: true }) as number);
    }
    return fileSize(this.file);
  }



  /** A full integrity check now: 'ok', or SQLite's list of problems. */
  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }

  /** Flushes and closes. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.readings.close();
    this.closed = true;
    this.db.close();
  }
}

export function openStore(file: string, options: StoreOptions = {}): Store {
  return new Store(file, options);
}
