/**
 * Re-running a rule set over a replayed window (issue 10 item 3): the chosen rules (current, a stored version, or a
 * draft) run through the backtest machinery (the same evaluator, grouping stage and alarm book as live, off the event
 * loop, in the engine's one backtest slot), one pass over the readings for all of them; their raises are compared with
 * the alarms recorded in the cache (rerun-diff.ts): what would have been added, what would have been missed.
 *
 * The run starts a warm-up before the window (rerun-diff.ts warmUpMs: the longest span the rules look back over), so
 * that at the window's start windows are full, timers run and silences are counted as they were live; it ends MATCH_MS
 * after the window so that a raise near its end can pair with one just past it.
 */
import { ApiError, type DiffAlarm, type ReplayDiff, type RuleSummary, type RuleVersion } from '../api';
import type { Sensor } from '../../shared/model';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';
import type { Alarm } from '../rules/alarms';
import { presentedAlarms, type BacktestProgress } from '../rules/backtest';
import type { BacktestJob } from '../rules/backtest-job';
import type { BacktestSlot, BacktestSource } from '../rules/backtest-runner';
import { DATA_CLOCK_STEP_MS } from '../rules/data-clock';
import type { Zone } from '../rules/geo';
import { isNotReportingRule } from '../rules/grouping';
import { OUTAGE_RULE_ID, sourceOf } from '../rules/outage';
import type { Rule } from '../rules/schema';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { Store } from '../store/store';
import { compareRaises, MATCH_MS, recordedInScope, warmUpMs } from './rerun-diff';
import { placeBook, subjectName, subjectPosition } from './rerun-places';

/** The longest window a re-run covers (data time), like a backtest. */
export const MAX_RERUN_DAYS = 31;
const MAX_RERUN_MS = MAX_RERUN_DAYS * 86_400_000;
/** Recorded alarms raised this long before the window and open into it are read too (they cover later raises). */
const OPEN_LOOKBACK_MS = 7 * 86_400_000;

/** One rule of the set: a stored rule (current, or one of its versions) or a draft document. */
export type RerunEntry = { ruleId: string; version?: number | undefined } | { draft: unknown };

export interface RerunRequest {
  rules: readonly RerunEntry[];
  from: number;
  to: number;
  id: string;
}

/** What a re-run needs from the engine. */
export interface RerunDeps {
  store: Pick<Store, 'stats' | 'alarmHistory' | 'registry'> & BacktestSource;
  catalogue: readonly Sensor[];
  zones: readonly Zone[];
  slot: BacktestSlot;
  /** The current rules (Alerting.summaries). */
  current: () => readonly RuleSummary[];
  /** A stored rule's versions (Alerting.versions: not-found when there is no such rule). */
  versions: (ruleId: string) => readonly RuleVersion[];
  /** The editor's validation (Alerting.validate). */
  validate: (json: unknown) => { ok: true; rule: Rule } | { ok: false; errors: string[] };
}

interface ChosenRule {
  rule: Rule;
  /** In words: 'draft', 'current, version 4', 'version 2'. */
  source: string;
}

export async function rerunRules(req: RerunRequest, deps: RerunDeps, onProgress: (p: BacktestProgress) => void): Promise<ReplayDiff> {
  const { from, to } = req;
  if (!(from < to)) throw new ApiError('invalid-params', 'from must be before to', [{ path: 'from', message: 'must be before to' }]);
  if (to - from > MAX_RERUN_MS)
    throw new ApiError('invalid-params', `a re-run covers at most ${MAX_RERUN_DAYS} days; the window asked for is ${((to - from) / 86_400_000).toFixed(1)} days: choose a shorter one`, [{ path: 'to', message: `at most ${MAX_RERUN_DAYS} days after from` }]);
  deps.slot.ensureFree();
  const chosen = chooseRules(req.rules, deps);
  const rules = chosen.map((c) => c.rule);
  const registry = deps.store.registry();
  const kinds = new Set(rules.map((r) => r.kind));

  const warm = warmUpMs(rules);
  const oldest = deps.store.stats().oldest;
  const job: BacktestJob = {
    rules,
    catalogue: [...deps.catalogue],
    zones: [...deps.zones],
    from: from - warm,
    to: to + MATCH_MS,
    sensorIds: deps.catalogue.filter((s) => kinds.has(s.kind)).map((s) => s.id),
    stepMs: DATA_CLOCK_STEP_MS,
    types: [...registry.all()],
  };
  const outcome = await deps.slot.run(req.id, 'rule re-run', job, deps.store, onProgress);

  // The re-run's alarms (each once, as it stood at the end of the run) and the recorded ones it answers for.
  const raised = new Map<string, Alarm>();
  for (const p of presentedAlarms(rules, outcome.routed)) if (p.type === 'raise') raised.set(p.alarm.id, p.alarm);
  const outageSubjects = rules.some(isNotReportingRule) ? watchedSources(deps.catalogue, kinds, registry) : null;
  // Raised in the window (give or take MATCH_MS), or earlier and open into it (an open alarm covers later raises).
  const recorded = deps.store
    .alarmHistory()
    .alarms(from - OPEN_LOOKBACK_MS, to + MATCH_MS, from)
    .map((k) => k.alarm)
    .filter((a) => a.raisedAt <= to + MATCH_MS && (a.raisedAt >= from - MATCH_MS || a.clearedAt === null || a.clearedAt >= from));
  const cmp = compareRaises(recordedInScope(recorded, new Set(rules.map((r) => r.id)), OUTAGE_RULE_ID, outageSubjects), [...raised.values()], from, to);

  const book = placeBook(deps.catalogue, deps.zones, rules);
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const diffAlarm = (a: Alarm, recordedId: string | null): DiffAlarm => ({
    ruleId: a.ruleId,
    ruleName: names.get(a.ruleId) ?? BUILT_IN_ALARMS[a.ruleId]?.name ?? a.ruleId,
    subject: a.subject,
    subjectName: subjectName(a, book),
    severity: a.raisedSeverity,
    at: a.raisedAt,
    clearedAt: a.clearedAt,
    message: a.message,
    position: subjectPosition(a, book),
    alarmId: recordedId,
  });
  return {
    id: req.id,
    from,
    to,
    rules: chosen.map((c) => ({ ruleId: c.rule.id, name: c.rule.name, source: c.source })),
    readings: outcome.readings,
    added: cmp.added.map((a) => diffAlarm(a, null)),
    missed: cmp.missed.map((a) => diffAlarm(a, a.id)),
    matched: cmp.matched + cmp.covered,
    note: [coverageNote(from, warm, oldest), coveredNote(cmp.covered)].filter((n) => n !== null).join('; ') || null,
  };
}

/** Each entry as a rule to run (enabled, as a backtest runs it); errors name the entry (`rules.2.draft.condition…`). */
function chooseRules(entries: readonly RerunEntry[], deps: RerunDeps): ChosenRule[] {
  const out: ChosenRule[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const c = 'draft' in e ? draftRule(e.draft, i, deps) : storedRule(e.ruleId, e.version, i, deps);
    const before = seen.get(c.rule.id);
    if (before !== undefined)
      throw new ApiError('invalid-params', `rule ${c.rule.id} is in the set twice (entries ${before} and ${i}): a re-run runs each rule once`, [{ path: `rules.${i}`, message: `rule ${c.rule.id} is already entry ${before}` }]);
    seen.set(c.rule.id, i);
    out.push({ ...c, rule: { ...c.rule, enabled: true } });
  });
  return out;
}

function draftRule(json: unknown, i: number, deps: RerunDeps): ChosenRule {
  const v = deps.validate(json);
  if (!v.ok) {
    const issues = v.errors.map((e) => {
      const at = e.indexOf(': ');
      return at > 0 ? { path: `rules.${i}.draft.${e.slice(0, at)}`, message: e.slice(at + 2) } : { path: `rules.${i}.draft`, message: e };
    });
    throw new ApiError('invalid-params', `the draft rule is not valid: ${v.errors.join('; ')}`, issues);
  }
  return { rule: v.rule, source: 'draft' };
}

function storedRule(ruleId: string, version: number | undefined, i: number, deps: RerunDeps): ChosenRule {
  if (version === undefined) {
    const s = deps.current().find((r) => r.id === ruleId);
    if (!s) throw new ApiError('not-found', `no rule ${ruleId}`, [{ path: `rules.${i}.ruleId`, message: `no rule ${ruleId}` }]);
    if (!s.rule) throw new ApiError('conflict', `rule ${ruleId} cannot be loaded (${s.broken ?? 'broken'}): choose one of its earlier versions`);
    return { rule: s.rule, source: `current, version ${s.version}` };
  }
  const v = deps.versions(ruleId).find((x) => x.version === version);
  if (!v) throw new ApiError('not-found', `rule ${ruleId} has no version ${version}`, [{ path: `rules.${i}.version`, message: `no version ${version}` }]);
  if (!v.rule) throw new ApiError('conflict', `version ${version} of ${ruleId} cannot be run: ${v.broken ?? 'it cannot be read'}`);
  const checked = deps.validate({ ...v.rule, version: undefined });
  if (!checked.ok) throw new ApiError('conflict', `version ${version} of ${ruleId} is no longer valid: ${checked.errors.join('; ')}`);
  return { rule: { ...checked.rule, version }, source: `version ${version}` };
}

/** `source:<key>` of the sources whose sensors are of these kinds (the outages a re-run watches). */
function watchedSources(catalogue: readonly Sensor[], kinds: ReadonlySet<string>, registry: SensorTypeRegistry): Set<string> {
  return new Set(catalogue.filter((s) => kinds.has(s.kind)).map((s) => `source:${sourceOf(s, registry).key}`));
}

/** Says how many raises count as matched because the other side had the alarm open already. */
function coveredNote(covered: number): string | null {
  if (covered === 0) return null;
  return `${covered} raise${covered === 1 ? '' : 's'} without a counterpart fell while the other side had the same alarm open (raised earlier, or held open from before the re-run's warm-up): counted as matched, not as differences`;
}

/** Says when the cache's readings begin after the warm-up's start (the rules could not warm up fully), else null. */
function coverageNote(from: number, warm: number, oldest: number | null): string | null {
  if (oldest === null) return 'the cache holds no readings: nothing could be re-run';
  if (oldest <= from - warm) return null;
  const minutes = Math.round(warm / 60_000);
  if (oldest > from) return "the cache's readings begin after the window's start: the rules ran from its oldest reading, and alarms early in the window may differ";
  return `the rules need ${minutes} minutes of readings before the window to start as they were live, and the cache holds fewer: alarms early in the window may differ`;
}
