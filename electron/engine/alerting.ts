/**
 * Alerting inside the engine: the rules (versioned in the cache), the incremental evaluator fed with every accepted
 * reading and the feed clock, the alarm book (lifecycle, shelving, escalation), persistence of alarms and of every
 * transition in the audit log, and backtests over the cached history. Who may do what (sessions, supervisor mode) is
 * in access/.
 */
import { ApiError, type TuningSuggestion, type AlarmCounts, type AlarmPage, type AlarmView, type AuditRecord, type BacktestProgressEvent, type BacktestResult, type RuleSummary, type RuleVersion, type StarterRuleOffer, type ZoneInfo } from './api';
import { RoleError, type SessionCtx } from './access/supervisor-access';
import type { Reading, Sensor } from '../shared/model';
import type { SensorTypeRegistry } from '../shared/sensor-types/registry';
import { compareByPriority, FLOOD_ALARMS, FLOOD_WINDOW_MS, type Priority } from '../shared/alarm-priority';
import { alarmLoad } from './rules/alarm-load';
import { AlarmBook, type Alarm, type AlarmUpdate, type BookEvent, type Shelf } from './rules/alarms';
import { presentedAlarms } from './rules/backtest';
import { BacktestSlot } from './rules/backtest-runner';
import { DataClock, DATA_CLOCK_STEP_MS } from './rules/data-clock';
import { Evaluator, type ActiveAlert } from './rules/evaluator';
import type { Zone } from './rules/geo';
import { GroupingStage } from './rules/grouping';
import { OUTAGE_RULE_ID } from './rules/outage';
import { checkTreeLimits, SEVERITY_RANK, validateRule, type Rule, type Severity } from './rules/schema';
import { starterRulesOf } from './rules/starter-rules';
import { suggestTuning } from './rules/tuning';
import type { ResolvedSearch } from './store/alarms';
import type { Store } from './store/store';

export interface AlarmsEvent {
  changed: Alarm[];
  announce: { alarmId: string; severity: Severity; priority: Priority; message: string }[];
  shelves: Shelf[];
  counts: AlarmCounts;
}

interface BrokenRule {
  id: string;
  name: string;
  enabled: boolean;
  version: number;
  reason: string;
}

const STARTER_AUTHOR = 'CityDesk starter rules';
/** Meta key: the sensor types whose starter rules were installed (a JSON list of type ids). */
/** Meta key: the types whose starter rules were installed in this cache (once per type). */
export const STARTER_TYPES_KEY = 'starter_rule_types';
/** Meta key of caches from before issue 8, seeded with the demo city's starter rules for its three kinds. */
const LEGACY_SEEDED_KEY = 'starter_rules_seeded';
const LEGACY_SEEDED_TYPES = ['traffic', 'car-park', 'citypulse-air-index'];
/** The longest backtest range (data time). */
export const MAX_BACKTEST_DAYS = 31;
const MAX_BACKTEST_MS = MAX_BACKTEST_DAYS * 86_400_000;

export class Alerting {
  private rules: Rule[] = [];
  /** Stored rules that cannot be loaded (see loadRules). */
  private broken: BrokenRule[] = [];
  private meta = new Map<string, { author: string; updatedAt: number }>();
  private evaluator: Evaluator;
  /** Between the evaluator and the book: grouping rules' groups and source outages (rules/grouping.ts). */
  private grouping: GroupingStage;
  /** The rules' clock in data time, over the evaluator and the grouping stage (see onReadings). */
  private readonly dataClock: DataClock;
  private book: AlarmBook;
  private catalogue: Sensor[];
  /** The sensor types (the store's: shipped, with the feed's over them). */
  private registry: SensorTypeRegistry;

  constructor(
    private readonly store: Store,
    private readonly zones: readonly Zone[],
    catalogue: readonly Sensor[],
    private readonly emitAlarms: (e: AlarmsEvent) => void,
    private readonly emitRules: (rules: RuleSummary[]) => void,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void,
    private readonly now: () => number,
    /** The feed clock (escalation counts from when an alarm reached the desk on this clock). */
    private readonly feedNow: () => number = now,
    /** An incident pack's desk: the recorded alarms are shown as recorded (none is cleared as an orphan). */
    readOnly = false,
  ) {
    this.catalogue = [...catalogue];
    this.registry = store.registry();
    if (store.meta(STARTER_TYPES_KEY) === null && store.meta(LEGACY_SEEDED_KEY) !== null) {
      // A cache seeded before starter rules were per type had the demo city's set for its three kinds.
      store.setMeta(STARTER_TYPES_KEY, JSON.stringify(LEGACY_SEEDED_TYPES));
    }
    this.installStarterRules();
    this.loadRules();
    const open = store.loadAlarms();
    const shelves = store.loadShelves();
    this.book = new AlarmBook(this.rules, open, shelves);
    this.mirrorOpen();
    this.evaluator = new Evaluator(this.rules, this.catalogue, zones, { registry: this.registry });
    this.grouping = new GroupingStage(this.rules, this.catalogue, zones, { registry: this.registry });
    this.dataClock = new DataClock(this.evaluator, this.grouping, DATA_CLOCK_STEP_MS, (_events, routed) => {
      for (let i = 0; i < routed.length; i++) this.pending.push(routed[i]!);
    });
    const holding = open.filter((a) => a.state === 'active' || a.state === 'acknowledged');
    this.grouping.restoreOutages(holding.filter((a) => a.ruleId === OUTAGE_RULE_ID).map((a) => a.subject));
    const orphans = this.evaluator.restore(holding.flatMap((a) => evaluatorAlerts(a, this.rules)));
    // Alarms whose rule or subject no longer exists: clear them, with the reason, rather than leave them hanging.
    if (orphans.length && !readOnly) {
      this.commit(
        this.book.apply(
          orphans.map((o) => {
            const broken = this.broken.find((b) => b.id === o.ruleId);
            return broken
              ? { type: 'clear', ruleId: o.ruleId, subject: o.subject, severity: o.severity, at: now(), message: `The rule cannot be loaded and is not evaluated: ${broken.reason}`, reason: 'rule-disabled' }
              : { type: 'clear', ruleId: o.ruleId, subject: o.subject, severity: o.severity, at: now(), message: 'The rule or its subject no longer exists', reason: 'rule-removed' };
          }),
        ),
      );
    }
  }

  /**
   * The current rules from the cache. A stored rule that cannot be loaded (not JSON, invalid, or the loader throws)
   * never stops the engine: it is kept aside as broken (listed with its reason, treated as disabled); the others run.
   */
  private loadRules(): void {
    const rules: Rule[] = [];
    const broken: BrokenRule[] = [];
    this.meta.clear();
    for (const row of this.store.currentRules()) {
      let reason = row.jsonError;
      if (reason === null) {
        try {
          const v = validateRule(row.json, { zones: [...this.zones] });
          if (!v.ok) reason = v.errors.join('; ');
          else if (v.rule.id !== row.id) reason = `the stored document has id ${JSON.stringify(v.rule.id)}, not ${JSON.stringify(row.id)}`;
          else rules.push({ ...v.rule, enabled: row.enabled, version: row.version });
        } catch (e) {
          reason = `the stored rule could not be read (${e instanceof Error ? e.message : String(e)})`;
        }
      }
      this.meta.set(row.id, { author: row.author, updatedAt: row.createdAt });
      if (reason !== null) {
        const name = typeof row.json === 'object' && row.json !== null ? (row.json as { name?: unknown }).name : undefined;
        broken.push({ id: row.id, name: typeof name === 'string' && name.trim() ? name.slice(0, 120) : row.id, enabled: row.enabled, version: row.version, reason });
        this.log('error', `stored rule ${row.id} (version ${row.version}) cannot be loaded and is not evaluated: ${reason}`);
      }
    }
    this.rules = rules;
    this.broken = broken;
  }

  /**
   * Installs the starter rules of each type present in the catalogue whose starter rules were not installed in this
   * cache yet (once per type and cache, so a rule deleted or edited is not brought back). A starter rule that does not
   * apply here (e.g. its district is unknown) or whose id is taken is skipped, and the log says why. True when a rule
   * was installed.
   */
  private installStarterRules(): boolean {
    const done = new Set(parseIdList(this.store.meta(STARTER_TYPES_KEY)));
    const present = [...new Set(this.catalogue.map((s) => s.kind))].filter((t) => !done.has(t) && this.registry.has(t)).sort();
    if (present.length === 0) return false;
    const taken = new Set(this.store.currentRules().map((r) => r.id));
    const installed: string[] = [];
    for (const offer of starterRulesOf(this.registry, { zones: [...this.zones] }, present)) {
      if (!offer.rule) this.log('warn', `starter rule of ${offer.typeId} skipped: ${offer.problems.join('; ')}`);
      else if (taken.has(offer.rule.id)) this.log('info', `starter rule ${offer.rule.id} of ${offer.typeId} skipped: a rule with this id exists`);
      else {
        this.store.saveRuleVersion(offer.rule, STARTER_AUTHOR);
        taken.add(offer.rule.id);
        installed.push(offer.rule.id);
      }
    }
    this.store.setMeta(STARTER_TYPES_KEY, JSON.stringify([...done, ...present].sort()));
    this.store.audit('system', 'rules.seed', null, { types: present, ids: installed });
    return installed.length > 0;
  }

  /** The starter rules offered for the types in the catalogue, and whether each is installed (a rule has its id). */
  starterRules(): StarterRuleOffer[] {
    const present = [...new Set(this.catalogue.map((s) => s.kind))].sort();
    const have = new Set(this.store.currentRules().map((r) => r.id));
    return starterRulesOf(this.registry, { zones: [...this.zones] }, present).map((o) => {
      const doc = (typeof o.json === 'object' && o.json !== null ? o.json : {}) as { id?: unknown; name?: unknown; description?: unknown };
      const id = o.rule?.id ?? (typeof doc.id === 'string' ? doc.id : '');
      return {
        typeId: o.typeId,
        typeLabel: this.registry.get(o.typeId)?.label ?? o.typeId,
        id,
        name: o.rule?.name ?? (typeof doc.name === 'string' ? doc.name : id),
        description: o.rule?.description ?? (typeof doc.description === 'string' ? doc.description : ''),
        rule: o.json,
        installed: have.has(id),
        problems: o.problems,
      };
    });
  }

  // ---- feed side ----

  /** A new catalogue (saved in the store first, with the feed's types): rules follow it, new types get starter rules. */
  setCatalogue(sensors: readonly Sensor[]): void {
    this.catalogue = [...sensors];
    this.registry = this.store.registry();
    this.grouping.setCatalogue(sensors, this.zones, this.registry);
    this.commit(this.book.apply(this.evaluator.setCatalogue(sensors, this.zones, this.registry).map((e) => this.grouping.route(e))));
    if (this.installStarterRules()) this.reloadRules();
  }

  /**
   * A batch of readings on the rules' data clock (rules/data-clock.ts, the backtest's stepping): readings in time
   * order; before a reading at ts the clock ticks through every minute step up to ts, and after the batch up to
   * `upTo`, the time the feed stamped it with (all of its readings up to then have arrived). No reading moves the clock
   * past `upTo` (a sensor's clock running ahead does not age the others). Without `upTo` (a batch whose clock was
   * rejected, a test) the readings move the clock as in a backtest. Shelf expiry and escalation follow the same clock.
   */
  onReadings(readings: readonly Reading[], upTo = Infinity): void {
    const ordered = inTimeOrder(readings);
    for (let i = 0; i < ordered.length; i++) this.dataClock.reading(ordered[i]!, upTo);
    this.dataClock.advanceTo(upTo);
    this.settle(Number.isFinite(upTo) ? upTo : ordered.length ? ordered[ordered.length - 1]!.ts : -Infinity);
  }

  /**
   * The feed has been silent (or unreachable) beyond the allowance (alert-clock.ts): the clock steps on to `feedNow`,
   * the wall-extrapolated feed clock, so that no-data and other timers fire during a real outage.
   */
  onClock(feedNow: number): void {
    this.dataClock.advanceTo(feedNow);
    this.settle(feedNow);
  }

  /** Commits what the clock and the readings raised and cleared, then shelf expiry and escalation at each new step. */
  private settle(t: number): void {
    if (this.pending.length) {
      const events = this.pending;
      this.pending = [];
      this.commit(this.book.apply(events, this.feedNow()));
    }
    if (t > this.alertClockAt) this.alertClockAt = t;
    const step = Math.floor(this.alertClockAt / DATA_CLOCK_STEP_MS) * DATA_CLOCK_STEP_MS;
    if (!(step > this.bookStep)) return;
    this.bookStep = step;
    this.commit(this.book.onClock(step));
    // Resolved alarms are in the store (alarms with includeResolved reads them there): the book keeps a day of them.
    if (step - this.lastPrune >= 3_600_000) {
      this.lastPrune = step;
      this.book.prune(step - 24 * 3_600_000);
    }
  }

  /** What the data clock's ticks and the readings gave, as the grouping stage routes it, not committed yet (in order). */
  private pending: BookEvent[] = [];
  /** The data time the rules' clock has reached. */
  private alertClockAt = -Infinity;
  /** The last step at which shelf expiry and escalation ran. */
  private bookStep = -Infinity;
  private lastPrune = -Infinity;

  /** Persists what changed (alarms, shelves, audit) and tells the renderer. */
  private commit(u: AlarmUpdate): void {
    if (u.changed.length === 0 && u.audit.length === 0 && u.announce.length === 0) return;
    for (const a of u.changed) {
      if (a.state === 'resolved') this.openAlarms.delete(a.id);
      else this.openAlarms.set(a.id, a);
    }
    this.store.saveAlarms(u.changed);
    const shelves = this.book.shelvesList();
    const keys = new Set(shelves.map((s) => s.key));
    const removed = this.store.loadShelves().map((s) => s.key).filter((k) => !keys.has(k));
    this.store.saveShelves(shelves, removed);
    // The audit log keeps the wall clock (when it was recorded) and the feed time of the transition (feed_at; also at the
    // end of the detail, which older readers parse).
    const wall = this.now();
    this.store.auditMany(u.audit.map((a) => ({ at: wall, feedAt: a.at, user: a.user, action: `alarm.${a.action}`, subject: a.alarmId, detail: a.at === wall ? a.detail : `${a.detail} (feed time ${new Date(a.at).toISOString()})` })));
    const announce = u.announce.map((e) => ({ alarmId: this.book.currentId(e.ruleId, e.subject) ?? `${e.ruleId}|${e.subject}|${e.at}`, severity: e.severity, priority: this.book.priorityFor(e.ruleId, e.severity), message: e.message }));
    for (const a of u.announce) this.log(a.severity === 'critical' ? 'warn' : 'info', `ALARM ${a.severity}: ${a.message}`);
    this.emitAlarms({ changed: u.changed.map((a) => structuredClone(a)), announce, shelves, counts: this.counts() });
  }

  // ---- alarms ----

  alarms(includeResolved = false, limit = 1000): Alarm[] {
    const list = (includeResolved ? this.store.loadAlarms({ includeResolved: true, limit }) : this.book.open()).slice(0, limit);
    return list.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : 1));
  }

  shelves(): Shelf[] {
    return this.book.shelvesList();
  }

  /**
   * The open alarms by id, as the book holds them: the book's at start and after a rule change, then every alarm a
   * commit reports changed (the book reports every change of an alarm). Counting and paging iterate it unsorted: the
   * counts go with every `alarms` event (a bulk acknowledgement of 1000 alarms commits 1000 times), so they must not
   * sort 10,000 alarms each time.
   */
  private openAlarms = new Map<string, Alarm>();

  private mirrorOpen(): void {
    this.openAlarms = new Map(this.book.open().map((a) => [a.id, a]));
  }

  /** Keys (`rule|subject`) of the shelves in force. */
  private shelfKeys(): Set<string> {
    return new Set(this.book.shelvesList().map((sh) => sh.key));
  }

  /** The header's counts, from every open alarm of the book (never a page of them). */
  counts(): AlarmCounts {
    return alarmCounts(this.openAlarms.values(), this.shelfKeys(), this.feedNow());
  }

  /** The priority an alarm of this rule has at this severity (replay: an alarm before its escalation). */
  priorityFor(ruleId: string, severity: Severity): Priority {
    return this.book.priorityFor(ruleId, severity);
  }

  /**
   * One page of a view of the alarm list, with the view's true total. Open and shelved alarms come from the book,
   * sorted by priority, then newest raised; resolved ones are paged in the store (LIMIT/OFFSET, newest raised first),
   * never loaded whole. A search matches the rule's name, the subject's name (sensor, district, source), a group's name
   * and members, the message and who acknowledged, case-insensitively.
   */
  alarmPage(view: AlarmView, offset: number, limit: number, search?: string): AlarmPage {
    const query = this.alarmSearch(search ?? '');
    if (view === 'resolved') {
      const page = this.store.resolvedAlarms(offset, limit, query?.resolved);
      for (const a of page.alarms) a.priority ??= this.book.priorityFor(a.ruleId, a.severity);
      return { alarms: page.alarms, total: page.total, offset };
    }
    const shelvedView = view === 'shelved';
    const shelves = this.shelfKeys();
    const list: Alarm[] = [];
    for (const a of this.openAlarms.values()) if (shelves.has(`${a.ruleId}|${a.subject}`) === shelvedView && (!query || query.matches(a))) list.push(a);
    list.sort((a, b) => compareByPriority(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { alarms: list.slice(offset, offset + limit).map((a) => structuredClone(a)), total: list.length, offset };
  }

  /** What a search of the alarm list matches: the rules and subjects whose names contain it, and a test per alarm. */
  private alarmSearch(text: string): { matches: (a: Alarm) => boolean; resolved: ResolvedSearch } | null {
    const needle = text.trim().toLowerCase();
    if (!needle) return null;
    const has = (s: string | undefined) => s !== undefined && s.toLowerCase().includes(needle);
    const ruleIds = new Set<string>();
    for (const r of this.rules) if (has(r.name) || has(r.id)) ruleIds.add(r.id);
    for (const r of this.broken) if (has(r.name) || has(r.id)) ruleIds.add(r.id);
    const subjects = new Set<string>();
    for (const s of this.catalogue) if (has(s.name) || has(s.id)) subjects.add(s.id);
    for (const z of this.zones) if (has(z.name)) subjects.add(`zone:${z.id}`);
    const matches = (a: Alarm): boolean =>
      ruleIds.has(a.ruleId) ||
      subjects.has(a.subject) ||
      has(a.subject) ||
      has(a.message) ||
      has(a.lastMessage) ||
      has(a.acknowledged?.by) ||
      (a.group !== undefined && (has(a.group.name) || a.group.members.some((m) => subjects.has(m.subject) || has(m.subject))));
    return { matches, resolved: { needle, ruleIds: [...ruleIds], subjects: [...subjects] } };
  }

  acknowledge(ctx: SessionCtx, id: string, at: number, comment?: string): Alarm {
    const u = this.book.acknowledge(id, ctx.user, at, comment);
    this.commit(u);
    return structuredClone(this.book.alarm(id)!);
  }

  resolve(ctx: SessionCtx, id: string, at: number, comment?: string): Alarm {
    this.commit(this.book.resolve(id, ctx.user, at, comment));
    return structuredClone(this.book.alarm(id)!);
  }

  shelve(ctx: SessionCtx, id: string, at: number, minutes: number, reason: string): Shelf {
    this.commit(this.book.shelve(id, ctx.user, at, at + minutes * 60_000, reason));
    return this.book.shelf(id)!;
  }

  unshelve(ctx: SessionCtx, id: string, at: number): Alarm {
    this.commit(this.book.unshelve(id, ctx.user, at));
    return structuredClone(this.book.alarm(id)!);
  }

  muteSound(ctx: SessionCtx, reason: string, alarmId?: string): void {
    this.store.audit(ctx.user, 'sound.mute', alarmId ?? null, { reason });
    this.log('info', `alarm sound muted by ${ctx.user}: ${reason}`);
  }

  // ---- rules ----

  summaries(): RuleSummary[] {
    const problems = this.evaluator.ruleProblems();
    const open = this.book.open();
    const ok: RuleSummary[] = this.rules.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      severity: r.severity,
      kind: r.kind,
      version: r.version ?? 0,
      author: this.meta.get(r.id)?.author ?? '',
      updatedAt: this.meta.get(r.id)?.updatedAt ?? 0,
      rule: r,
      broken: null,
      problems: problems.filter((p) => p.ruleId === r.id).map((p) => p.problem),
      openAlarms: open.filter((a) => a.ruleId === r.id).length,
    }));
    const broken: RuleSummary[] = this.broken.map((b) => ({
      id: b.id,
      name: b.name,
      enabled: b.enabled,
      severity: null,
      kind: null,
      version: b.version,
      author: this.meta.get(b.id)?.author ?? '',
      updatedAt: this.meta.get(b.id)?.updatedAt ?? 0,
      rule: null,
      broken: b.reason,
      problems: [],
      openAlarms: open.filter((a) => a.ruleId === b.id).length,
    }));
    return [...ok, ...broken].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  versions(id: string): RuleVersion[] {
    const rows = this.store.ruleVersions(id);
    if (rows.length === 0) throw new ApiError('not-found', `no rule ${id}`);
    // Shown as stored (an old version may not pass today's validation; restoring validates it), unless it is not JSON
    // or nests beyond the limit: then only the reason.
    return rows.map((r) => {
      const broken = r.jsonError ?? (typeof r.json === 'object' && r.json !== null ? checkTreeLimits(r.json) : 'the stored document is not a rule object');
      return { ruleId: id, version: r.version, rule: broken === null ? (r.json as Rule) : null, broken, author: r.author, createdAt: r.createdAt };
    });
  }

  /** A rule as the editor, publish and import check it: its shape, its district, its type and metrics. */
  validate(json: unknown): { ok: true; rule: Rule } | { ok: false; errors: string[] } {
    return validateRule(json, { zones: [...this.zones], types: this.registry });
  }

  publish(ctx: SessionCtx, json: unknown): RuleSummary {
    requireSupervisor(ctx, 'publish rules');
    const v = this.validate(json);
    if (!v.ok) throw invalidRule(v.errors);
    const version = this.store.saveRuleVersion(v.rule, ctx.user);
    this.store.audit(ctx.user, 'rule.publish', v.rule.id, { version, name: v.rule.name });
    this.reloadRules();
    return this.summaries().find((s) => s.id === v.rule.id)!;
  }

  setEnabled(ctx: SessionCtx, id: string, enabled: boolean): RuleSummary {
    requireSupervisor(ctx, 'enable or disable rules');
    const cur = this.rules.find((r) => r.id === id);
    const broken = this.broken.find((b) => b.id === id);
    if (broken) throw new ApiError('conflict', `rule ${id} is broken (${broken.reason}): publish a valid version or restore an earlier one`);
    if (!cur) throw new ApiError('not-found', `no rule ${id}`);
    if (cur.enabled !== enabled) {
      const version = this.store.saveRuleVersion({ ...cur, enabled }, ctx.user);
      this.store.audit(ctx.user, enabled ? 'rule.enable' : 'rule.disable', id, { version });
      this.reloadRules();
    }
    return this.summaries().find((s) => s.id === id)!;
  }

  restore(ctx: SessionCtx, id: string, version: number): RuleSummary {
    requireSupervisor(ctx, 'restore rule versions');
    const old = this.versions(id).find((v) => v.version === version);
    if (!old) throw new ApiError('not-found', `rule ${id} has no version ${version}`);
    if (!old.rule) throw new ApiError('conflict', `version ${version} of ${id} cannot be restored: ${old.broken}`);
    const v = this.validate({ ...old.rule, version: undefined });
    if (!v.ok) throw new ApiError('conflict', `version ${version} of ${id} is no longer valid: ${v.errors.join('; ')}`);
    const next = this.store.saveRuleVersion(v.rule, ctx.user);
    this.store.audit(ctx.user, 'rule.restore', id, { from: version, version: next });
    this.reloadRules();
    return this.summaries().find((s) => s.id === id)!;
  }

  exportRules(): { schema: 1; exportedAt: string; rules: Rule[] } {
    return { schema: 1, exportedAt: new Date(this.now()).toISOString(), rules: this.rules.map(({ version: _v, ...r }) => r as Rule) };
  }

  import(ctx: SessionCtx, json: unknown): { ok: true; imported: RuleSummary[] } | { ok: false; errors: string[] } {
    requireSupervisor(ctx, 'import rules');
    const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { rules?: unknown }).rules) ? (json as { rules: unknown[] }).rules : null;
    if (!list) return { ok: false, errors: ['(file): expected a rule file: {"schema": 1, "rules": [...]} or a list of rules'] };
    if (list.length === 0) return { ok: false, errors: ['rules: the file holds no rules'] };
    const errors: string[] = [];
    const valid: Rule[] = [];
    const ids = new Set<string>();
    list.forEach((raw, i) => {
      const v = this.validate(typeof raw === 'object' && raw !== null ? { ...(raw as object), version: undefined } : raw);
      if (!v.ok) errors.push(...v.errors.map((e) => `rules[${i}].${e}`));
      else if (ids.has(v.rule.id)) errors.push(`rules[${i}].id: ${v.rule.id} appears twice in the file`);
      else {
        ids.add(v.rule.id);
        valid.push(v.rule);
      }
    });
    if (errors.length) return { ok: false, errors };
    for (const r of valid) this.store.saveRuleVersion(r, ctx.user);
    this.store.audit(ctx.user, 'rules.import', null, { ids: [...ids] });
    this.reloadRules();
    const all = this.summaries();
    return { ok: true, imported: all.filter((s) => ids.has(s.id)) };
  }

  private reloadRules(): void {
    this.loadRules();
    this.book.setRules(this.rules);
    this.grouping.setRules(this.rules);
    this.mirrorOpen(); // priorities follow the rules' rationale
    this.commit(this.book.apply(this.evaluator.setRules(this.rules).map((e) => this.grouping.route(e))));
    this.emitRules(this.summaries());
  }

  /**
   * Runs the rule over the cached raw readings of its kind with the same evaluator as live, off the event loop (see
   * rules/backtest-runner.ts). One backtest at a time per engine: another request while one runs is refused with the
   * running one's id (cancel it or wait). The range is at most MAX_BACKTEST_DAYS; without `from`, it starts at the
   * cache's oldest reading, or MAX_BACKTEST_DAYS before `to` if that is later (the note says so).
   */
  async backtest(json: unknown, from: number | undefined, to: number | undefined, feedNow: number, id: string, onProgress: (p: BacktestProgressEvent) => void): Promise<BacktestResult> {
    this.backtests.ensureFree();
    const v = this.validate(json);
    if (!v.ok) throw invalidRule(v.errors);
    const rule = { ...v.rule, enabled: true };
    const stats = this.store.stats();
    const end = to ?? feedNow;
    let start = from ?? stats.oldest ?? feedNow;
    let clipped = false;
    if (start > end) throw new ApiError('invalid-params', 'from must not be after to', [{ path: 'from', message: 'from must not be after to' }]);
    if (end - start > MAX_BACKTEST_MS) {
      if (from !== undefined) throw new ApiError('invalid-params', `a backtest covers at most ${MAX_BACKTEST_DAYS} days; the range asked for is ${((end - start) / 86_400_000).toFixed(1)} days: choose a shorter one`);
      start = end - MAX_BACKTEST_MS;
      clipped = true;
    }
    const catalogue = this.catalogue;
    const job = { rules: [rule], catalogue, zones: [...this.zones], from: start, to: end, sensorIds: catalogue.filter((s) => s.kind === rule.kind).map((s) => s.id), stepMs: 60_000, types: [...this.registry.all()] };
    const outcome = await this.backtests.run(id, 'backtest', job, this.store, (p) => onProgress({ id, ...p }));
    const names = new Map(catalogue.map((s) => [s.id, s.name]));
    const zoneName = (subject: string) => {
      const zid = subject.slice('zone:'.length);
      return this.zones.find((z) => z.id === zid)?.name ?? (zid === rule.id ? `${rule.name} (zone)` : zid);
    };
    const presented = presentedAlarms([rule], outcome.routed);
    const nameOf = (subject: string) => (subject.startsWith('zone:') ? zoneName(subject) : (names.get(subject) ?? subject));
    // The load the rule adds: its own alarms as presented (a group once); a source outage is raised with or without it.
    const own = presented.filter((p) => !p.builtIn);
    return {
      id,
      from: start,
      to: end,
      readings: outcome.readings,
      fired: own.filter((p) => p.type === 'raise').length,
      events: presented.map(({ type, at, alarm: a, detail }) => ({
        type,
        subject: a.subject,
        subjectName: a.group ? a.group.name : nameOf(a.subject),
        severity: a.raisedSeverity,
        at,
        ...(a.value !== undefined ? { value: a.value } : {}),
        message: detail,
        ...(a.group
          ? { group: { kind: a.group.kind, name: a.group.name, firstOut: a.group.firstOut, members: a.group.members.map((m) => ({ subject: m.subject, subjectName: m.name ?? nameOf(m.subject), raisedAt: m.raisedAt, clearedAt: m.clearedAt })) } }
          : {}),
      })),
      load: alarmLoad(own.map((p) => ({ type: p.type, key: `${p.alarm.ruleId}|${p.alarm.subject}`, at: p.at })), start, end),
      note: clipped
        ? `a backtest covers at most ${MAX_BACKTEST_DAYS} days: the ${MAX_BACKTEST_DAYS} days up to the end of the range were backtested`
        : stats.oldest !== null && start < stats.oldest
          ? 'the cache holds raw readings only from its oldest reading on; earlier time was not backtested'
          : null,
    };
  }

  /**
   * Deadband and delays proposed from the cached readings of the rule's sensors, by default over the cache's last 7
   * days (rules/tuning.ts: each figure with its basis; null where the data cannot say). Supervisors.
   */
  async suggestTuning(ctx: SessionCtx, json: unknown, from?: number, to?: number): Promise<TuningSuggestion> {
    requireSupervisor(ctx, 'ask for tuning suggestions');
    const v = this.validate(json);
    if (!v.ok) throw invalidRule(v.errors);
    const newest = this.store.latestReadings().reduce((m, r) => Math.max(m, r.ts), -Infinity);
    const read = (a: number, b: number, ids: readonly string[]) => this.store.iterateReadings(a, b, ids);
    return suggestTuning({ rule: v.rule, catalogue: this.catalogue, zones: this.zones, registry: this.registry, read, from, to, newest: newest === -Infinity ? null : newest });
  }

  /** Cancels the running backtest if its id is `id`; false when no such backtest runs. */
  cancelBacktest(id: string): boolean {
    return this.backtests.cancel(id);
  }

  /** Stops whatever backtest runs (the engine is closing). */
  cancelRunningBacktest(): void {
    this.backtests.cancelAny();
  }

  /** The engine's one backtest at a time (a rule re-run over a replayed window runs in it too: replay/rerun.ts). */
  readonly backtests = new BacktestSlot();

  zoneInfo(): ZoneInfo[] {
    return this.zones.map((z) => ({ id: z.id, name: z.name, polygons: z.polygons as [number, number][][][] }));
  }

  audit(limit = 200, subject?: string): AuditRecord[] {
    return this.store.auditLog(limit, subject);
  }
}

/**
 * The header's counts of open alarms (`shelfKeys`: `rule|subject` of the shelves in force) at feed time `now`: live
 * (Alerting.counts) and as of any instant (replay/).
 */
export function alarmCounts(open: Iterable<Alarm>, shelfKeys: ReadonlySet<string>, now: number): AlarmCounts {
  const unacknowledged: Record<Priority, number> = { urgent: 0, high: 0, medium: 0, low: 0 };
  let unresolved = 0;
  let shelved = 0;
  let lastTenMinutes = 0;
  const since = now - FLOOD_WINDOW_MS;
  for (const a of open) {
    unresolved++;
    const isShelved = shelfKeys.size > 0 && shelfKeys.has(`${a.ruleId}|${a.subject}`);
    if (isShelved) shelved++;
    else if (a.state === 'active' || a.state === 'cleared') unacknowledged[a.priority]++;
    // Raised in the last 10 minutes of data time (alarms raised long ago that reach the desk late are not a flood now).
    if (!isShelved && a.raisedAt > since) lastTenMinutes++;
  }
  return { unresolved, unacknowledged, shelved, lastTenMinutes, flood: lastTenMinutes > FLOOD_ALARMS };
}

/**
 * The evaluator's alerts an open alarm stands for: itself, or for a group the members still raised (an outage alarm
 * is the engine's own, not an evaluator alert: only its members are).
 */
function evaluatorAlerts(a: Alarm, rules: readonly Rule[]): ActiveAlert[] {
  const version = a.ruleVersion !== undefined ? { ruleVersion: a.ruleVersion } : {};
  if (!a.group) return a.ruleId === OUTAGE_RULE_ID ? [] : [{ ruleId: a.ruleId, ...version, subject: a.subject, severity: a.raisedSeverity, raisedAt: a.raisedAt, ...(a.value !== undefined ? { value: a.value } : {}), message: a.message }];
  return a.group.members
    .filter((m) => m.clearedAt === null)
    .map((m) => ({ ruleId: m.ruleId ?? a.ruleId, ...(m.ruleId ? {} : version), subject: m.subject, severity: m.ruleId ? (rules.find((r) => r.id === m.ruleId)?.severity ?? 'info') : a.raisedSeverity, raisedAt: m.raisedAt, ...(m.value !== undefined ? { value: m.value } : {}), message: m.message }));
}

/** The readings in time order (the batch itself when it is, as feeds send them; else a sorted copy, stable). */
function inTimeOrder(readings: readonly Reading[]): readonly Reading[] {
  for (let i = 1; i < readings.length; i++) {
    if (readings[i]!.ts < readings[i - 1]!.ts) return [...readings].sort((a, b) => a.ts - b.ts);
  }
  return readings;
}

/** A stored JSON list of ids (an absent or damaged entry is an empty list). */
function parseIdList(text: string | null): string[] {
  if (text === null) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function requireSupervisor(ctx: SessionCtx, what: string): void {
  if (ctx.role !== 'supervisor') throw new RoleError(`only a supervisor can ${what}: unlock supervisor mode first`);
}

/** A rule that does not validate, as invalid params whose issues are the validator's "path: problem" lines. */
function invalidRule(errors: readonly string[]): ApiError {
  const issues = errors.map((e) => {
    const at = e.indexOf(': ');
    return at > 0 ? { path: `rule.${e.slice(0, at)}`, message: e.slice(at + 2) } : { path: 'rule', message: e };
  });
  return new ApiError('invalid-params', `the rule is not valid: ${errors.join('; ')}`, issues);
}
