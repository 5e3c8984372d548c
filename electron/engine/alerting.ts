/**
 * Alerting inside the engine: the rules (versioned in the cache), the incremental evaluator fed with every accepted
 * reading and the feed clock, the alarm book (lifecycle, shelving, escalation), persistence of alarms and of every
 * transition in the audit log, supervisor passphrases, and backtests over the cached history.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AuditRecord, BacktestResult, RuleSummary, RuleVersion, Session, ZoneInfo } from './api';
import type { Reading, Sensor } from '../shared/model';
import { AlarmBook, type Alarm, type AlarmUpdate, type Shelf } from './rules/alarms';
import { backtest, Evaluator, type AlertEvent } from './rules/evaluator';
import type { Zone } from './rules/geo';
import { SEVERITY_RANK, validateRule, type Rule, type Severity } from './rules/schema';
import { STARTER_RULES_JSON } from './rules/starter-rules';
import type { Store } from './store/store';

export interface SessionCtx {
  role: 'operator' | 'supervisor';
  user: string;
  failedUnlocks: number;
  lockedUntil: number;
}

export interface AlarmsEvent {
  changed: Alarm[];
  announce: { alarmId: string; severity: Severity; message: string }[];
  shelves: Shelf[];
}

export class RoleError extends Error {}

const STARTER_AUTHOR = 'CityDesk starter rules';
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

export class Alerting {
  private rules: Rule[] = [];
  private meta = new Map<string, { author: string; updatedAt: number }>();
  private evaluator: Evaluator;
  private book: AlarmBook;
  private catalogue: Sensor[];

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
  ) {
    this.catalogue = [...catalogue];
    if (store.currentRules().length === 0 && store.meta('starter_rules_seeded') === null) {
      // The starter set, once per cache. A rule that does not apply here (e.g. its district is unknown) is skipped.
      const seeded: string[] = [];
      for (const json of STARTER_RULES_JSON) {
        const v = validateRule(json, { zones: [...zones] });
        if (v.ok) {
          store.saveRuleVersion(v.rule, STARTER_AUTHOR);
          seeded.push(v.rule.id);
        } else log('warn', `starter rule skipped: ${v.errors.join('; ')}`);
      }
      store.setMeta('starter_rules_seeded', String(now()));
      store.audit('system', 'rules.seed', null, { ids: seeded });
    }
    this.loadRules();
    const open = store.loadAlarms();
    const shelves = store.loadShelves();
    this.book = new AlarmBook(this.rules, open, shelves);
    this.evaluator = new Evaluator(this.rules, this.catalogue, zones);
    const orphans = this.evaluator.restore(
      open
        .filter((a) => a.state === 'active' || a.state === 'acknowledged')
        .map((a) => ({ ruleId: a.ruleId, ...(a.ruleVersion !== undefined ? { ruleVersion: a.ruleVersion } : {}), subject: a.subject, severity: a.raisedSeverity, raisedAt: a.raisedAt, ...(a.value !== undefined ? { value: a.value } : {}), message: a.message })),
    );
    // Alarms whose rule or subject no longer exists: clear them, with the reason, rather than leave them hanging.
    if (orphans.length) {
      this.commit(
        this.book.apply(orphans.map((o) => ({ type: 'clear', ruleId: o.ruleId, subject: o.subject, severity: o.severity, at: now(), message: 'The rule or its subject no longer exists', reason: 'rule-removed' }))),
      );
    }
  }

  private loadRules(): void {
    const rules: Rule[] = [];
    this.meta.clear();
    for (const row of this.store.currentRules()) {
      const v = validateRule(row.json, { zones: [...this.zones] });
      if (!v.ok) {
        this.log('error', `stored rule is invalid and is not evaluated: ${v.errors.join('; ')}`);
        continue;
      }
      rules.push({ ...v.rule, enabled: row.enabled, version: row.version });
      this.meta.set(v.rule.id, { author: row.author, updatedAt: row.createdAt });
    }
    this.rules = rules;
  }

  // ---- feed side ----

  setCatalogue(sensors: readonly Sensor[]): void {
    this.catalogue = [...sensors];
    this.commit(this.book.apply(this.evaluator.setCatalogue(sensors, this.zones)));
  }

  onReadings(readings: readonly Reading[]): void {
    let events: AlertEvent[] | null = null;
    for (const r of readings) {
      const e = this.evaluator.onReading(r);
      if (e.length) (events ??= []).push(...e);
    }
    if (events) this.commit(this.book.apply(events, this.feedNow()));
  }

  onClock(feedNow: number): void {
    const e = this.evaluator.onClock(feedNow);
    if (e.length) this.commit(this.book.apply(e, feedNow));
    this.commit(this.book.onClock(feedNow));
    // Resolved alarms are in the store (alarms with includeResolved reads them there): the book keeps a day of them.
    if (feedNow - this.lastPrune >= 3_600_000) {
      this.lastPrune = feedNow;
      this.book.prune(feedNow - 24 * 3_600_000);
    }
  }

  private lastPrune = -Infinity;

  /** Persists what changed (alarms, shelves, audit) and tells the renderer. */
  private commit(u: AlarmUpdate): void {
    if (u.changed.length === 0 && u.audit.length === 0 && u.announce.length === 0) return;
    this.store.saveAlarms(u.changed);
    const shelves = this.book.shelvesList();
    const keys = new Set(shelves.map((s) => s.key));
    const removed = this.store.loadShelves().map((s) => s.key).filter((k) => !keys.has(k));
    this.store.saveShelves(shelves, removed);
    // The audit log keeps one clock, the wall clock (when it was done); the feed time of the transition is in detail.
    const wall = this.now();
    this.store.auditMany(u.audit.map((a) => ({ at: wall, user: a.user, action: `alarm.${a.action}`, subject: a.alarmId, detail: a.at === wall ? a.detail : `${a.detail} (feed time ${new Date(a.at).toISOString()})` })));
    const announce = u.announce.map((e) => ({ alarmId: this.book.currentId(e.ruleId, e.subject) ?? `${e.ruleId}|${e.subject}|${e.at}`, severity: e.severity, message: e.message }));
    for (const a of u.announce) this.log(a.severity === 'critical' ? 'warn' : 'info', `ALARM ${a.severity}: ${a.message}`);
    this.emitAlarms({ changed: u.changed.map((a) => structuredClone(a)), announce, shelves });
  }

  // ---- alarms ----

  alarms(includeResolved = false, limit = 1000): Alarm[] {
    const list = (includeResolved ? this.store.loadAlarms({ includeResolved: true, limit }) : this.book.open()).slice(0, limit);
    return list.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : 1));
  }

  shelves(): Shelf[] {
    return this.book.shelvesList();
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
    return this.rules.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      severity: r.severity,
      kind: r.kind,
      version: r.version ?? 0,
      author: this.meta.get(r.id)?.author ?? '',
      updatedAt: this.meta.get(r.id)?.updatedAt ?? 0,
      rule: r,
      problems: problems.filter((p) => p.ruleId === r.id).map((p) => p.problem),
      openAlarms: open.filter((a) => a.ruleId === r.id).length,
    }));
  }

  versions(id: string): RuleVersion[] {
    const rows = this.store.ruleVersions(id);
    if (rows.length === 0) throw new Error(`no rule ${id}`);
    return rows.map((r) => ({ ruleId: id, version: r.version, rule: r.json as Rule, author: r.author, createdAt: r.createdAt }));
  }

  validate(json: unknown): { ok: true; rule: Rule } | { ok: false; errors: string[] } {
    return validateRule(json, { zones: [...this.zones] });
  }

  publish(ctx: SessionCtx, json: unknown): RuleSummary {
    requireSupervisor(ctx, 'publish rules');
    const v = this.validate(json);
    if (!v.ok) throw new Error(`the rule is not valid: ${v.errors.join('; ')}`);
    const version = this.store.saveRuleVersion(v.rule, ctx.user);
    this.store.audit(ctx.user, 'rule.publish', v.rule.id, { version, name: v.rule.name });
    this.reloadRules();
    return this.summaries().find((s) => s.id === v.rule.id)!;
  }

  setEnabled(ctx: SessionCtx, id: string, enabled: boolean): RuleSummary {
    requireSupervisor(ctx, 'enable or disable rules');
    const cur = this.rules.find((r) => r.id === id);
    if (!cur) throw new Error(`no rule ${id}`);
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
    if (!old) throw new Error(`rule ${id} has no version ${version}`);
    const v = this.validate({ ...old.rule, version: undefined });
    if (!v.ok) throw new Error(`version ${version} of ${id} is no longer valid: ${v.errors.join('; ')}`);
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
    this.commit(this.book.apply(this.evaluator.setRules(this.rules)));
    this.emitRules(this.summaries());
  }

  /** Runs the rule over the cached raw readings of its kind with the same evaluator as live. */
  backtest(json: unknown, from: number | undefined, to: number | undefined, feedNow: number): BacktestResult {
    const v = this.validate(json);
    if (!v.ok) throw new Error(`the rule is not valid: ${v.errors.join('; ')}`);
    const rule = { ...v.rule, enabled: true };
    const stats = this.store.stats();
    const start = from ?? stats.oldest ?? feedNow;
    const end = to ?? feedNow;
    if (start > end) throw new Error('from must not be after to');
    const ids = this.catalogue.filter((s) => s.kind === rule.kind).map((s) => s.id);
    let readings = 0;
    const source = this.store.iterateReadings(start, end, ids);
    const counted = (function* () {
      for (const r of source) {
        readings++;
        yield r;
      }
    })();
    const events = backtest(rule, counted, this.catalogue, this.zones, { stepMs: 60_000 });
    const names = new Map(this.catalogue.map((s) => [s.id, s.name]));
    const zoneName = (subject: string) => {
      const id = subject.slice('zone:'.length);
      return this.zones.find((z) => z.id === id)?.name ?? (id === rule.id ? `${rule.name} (zone)` : id);
    };
    return {
      from: start,
      to: end,
      readings,
      fired: events.filter((e) => e.type === 'raise').length,
      events: events.map((e) => ({
        type: e.type,
        subject: e.subject,
        subjectName: e.subject.startsWith('zone:') ? zoneName(e.subject) : (names.get(e.subject) ?? e.subject),
        severity: e.severity,
        at: e.at,
        ...(e.value !== undefined ? { value: e.value } : {}),
        message: e.message,
      })),
      note: stats.oldest !== null && start < stats.oldest ? 'the cache holds raw readings only from its oldest reading on; earlier time was not backtested' : null,
    };
  }

  zoneInfo(): ZoneInfo[] {
    return this.zones.map((z) => ({ id: z.id, name: z.name, polygons: z.polygons as [number, number][][][] }));
  }

  audit(limit = 200, subject?: string): AuditRecord[] {
    return this.store.auditLog(limit, subject);
  }

  // ---- sessions ----

  session(ctx: SessionCtx): Session {
    return { role: ctx.role, user: ctx.user, supervisorConfigured: this.store.meta('supervisor_passphrase') !== null };
  }

  unlock(ctx: SessionCtx, passphrase: string): Session {
    const at = this.now();
    if (ctx.lockedUntil > Date.now()) throw new RoleError(`too many wrong passphrases: try again in ${Math.ceil((ctx.lockedUntil - Date.now()) / 1000)} s`);
    const stored = this.store.meta('supervisor_passphrase');
    if (stored === null) throw new RoleError('no supervisor passphrase is set on this desk yet: set one first');
    if (!verifyPassphrase(passphrase, stored)) {
      ctx.failedUnlocks++;
      if (ctx.failedUnlocks >= 5) {
        ctx.lockedUntil = Date.now() + 30_000;
        ctx.failedUnlocks = 0;
      }
      this.store.auditMany([{ at, user: ctx.user, action: 'supervisor.unlock-failed', subject: null, detail: null }]);
      throw new RoleError('wrong passphrase');
    }
    ctx.failedUnlocks = 0;
    ctx.role = 'supervisor';
    this.store.audit(ctx.user, 'supervisor.unlock', null, null);
    return this.session(ctx);
  }

  lock(ctx: SessionCtx): Session {
    if (ctx.role === 'supervisor') this.store.audit(ctx.user, 'supervisor.lock', null, null);
    ctx.role = 'operator';
    return this.session(ctx);
  }

  setPassphrase(ctx: SessionCtx, next: string, current?: string): Session {
    const stored = this.store.meta('supervisor_passphrase');
    if (stored !== null) {
      if (ctx.role !== 'supervisor') throw new RoleError('only a supervisor can change the passphrase');
      if (current === undefined || !verifyPassphrase(current, stored)) throw new RoleError('the current passphrase is wrong');
    }
    this.store.setMeta('supervisor_passphrase', hashPassphrase(next));
    this.store.audit(ctx.user, stored === null ? 'supervisor.passphrase-set' : 'supervisor.passphrase-changed', null, null);
    ctx.role = 'supervisor';
    return this.session(ctx);
  }

  setUser(ctx: SessionCtx, name: string): Session {
    const before = ctx.user;
    ctx.user = name;
    this.store.audit(name, 'session.user', null, { before });
    return this.session(ctx);
  }
}

function requireSupervisor(ctx: SessionCtx, what: string): void {
  if (ctx.role !== 'supervisor') throw new RoleError(`only a supervisor can ${what}: unlock supervisor mode first`);
}

export function hashPassphrase(pass: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pass.normalize('NFC'), salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPassphrase(pass: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const got = scryptSync(pass.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return got.length === expected.length && timingSafeEqual(got, expected);
}
