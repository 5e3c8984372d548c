/**
 * The demo week through an alarm pipeline, as the engine runs it: every reading of the shipped Aarhus week
 * (assets/city) in time order, the evaluator's clock stepped every minute of data time before the readings at that time
 * (the backtest's granularity, backtest.ts) and once after the last reading, the events handed to the AlarmBook (and
 * its clock) as they come. Shared by the alarm-load bench (tests/bench/alarm-load.ts) and the starter-rule retune test
 * (tests/engine/rules/starter-retune.test.ts).
 *
 * - plain: Evaluator + AlarmBook (the pipeline before issue 9).
 * - full: Evaluator + grouping / source-outage stage + AlarmBook, as alerting.ts wires them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDemoData, type DemoData } from '../../electron/demo-feed/data';
import type { Reading } from '../../electron/shared/model';
import { STANDING_MS } from '../../electron/shared/alarm-priority';
import { alarmLoad, perTenMinutes, type LoadEvent } from '../../electron/engine/rules/alarm-load';
import { AlarmBook, type Alarm, type AlarmUpdate } from '../../electron/engine/rules/alarms';
import { Evaluator, type AlertEvent } from '../../electron/engine/rules/evaluator';
import { loadDistricts, type Zone } from '../../electron/engine/rules/geo';
import { GroupingStage } from '../../electron/engine/rules/grouping';
import { parseRule, type Rule } from '../../electron/engine/rules/schema';
import { starterRules } from '../../electron/engine/rules/starter-rules';
import { stopwatch } from './report';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
export const FIXTURE_BEFORE = join(import.meta.dirname, 'fixtures', 'starter-rules-before-issue-9.json');
/** The evaluator's clock step (data time), as backtests run. */
export const STEP_MS = 60_000;

export interface DemoWeek {
  data: DemoData;
  /** The readings in batches of one data time each, as a feed delivers them (alerting.ts onReadings). */
  batches: Reading[][];
  zones: Zone[];
  /** Data time covered: the first reading to the last. */
  from: number;
  to: number;
}

export function loadDemoWeek(): DemoWeek {
  const data = loadDemoData(ASSETS);
  const batches: Reading[][] = [];
  for (const r of data.readings) {
    const last = batches[batches.length - 1];
    if (last && last[0]!.ts === r.ts) last.push(r);
    else batches.push([r]);
  }
  return { data, batches, zones: loadDistricts(ASSETS), from: data.start, to: data.end };
}

/** Today's starter rules as frozen before issue 9 (the baseline). */
export function rulesBeforeIssue9(zones: readonly Zone[]): Rule[] {
  const doc = JSON.parse(readFileSync(FIXTURE_BEFORE, 'utf8')) as { rules: unknown[] };
  return doc.rules.map((j) => parseRule(j, { zones: [...zones] }));
}

/** The shipped starter rules of the demo's three types (as a new cache installs them). */
export function shippedStarterRules(week: DemoWeek): Rule[] {
  const kinds = new Set(week.data.sensors.map((s) => s.kind));
  return starterRules({ zones: week.zones }).filter((r) => kinds.has(r.kind));
}

/** Issue 9's target: time in flood under 1% of the 10-minute intervals. */
export const FLOOD_SHARE_TARGET = 0.01;

export type Pipeline = 'plain' | 'full';

export interface WeekRun {
  pipeline: Pipeline;
  readings: number;
  ticks: number;
  cpuMs: number;
  wallMs: number;
  /** Every event the evaluator emitted, in order (what is recorded). */
  events: AlertEvent[];
  /** What reached the operator: announced raises (new alarms) and escalations, keyed `${ruleId}|${subject}`. */
  presented: LoadEvent[];
  /** Every alarm of the book at the end (raised, cleared or not), oldest first. */
  alarms: Alarm[];
  /** Ids of the alarms announced when raised. */
  presentedIds: Set<string>;
}

/** Runs the whole week through `pipeline` with `rules`. */
export function runWeek(week: DemoWeek, rules: readonly Rule[], pipeline: Pipeline): WeekRun {
  const { data, zones } = week;
  const ev = new Evaluator(rules, data.sensors, zones);
  const grouping = pipeline === 'full' ? new GroupingStage(rules, data.sensors, zones) : null;
  const book = new AlarmBook(rules);
  const events: AlertEvent[] = [];
  const presented: LoadEvent[] = [];
  const presentedIds = new Set<string>();
  const take = (u: AlarmUpdate) => {
    for (const e of u.announce) {
      if (e.type === 'clear') continue;
      presented.push({ type: e.type, key: `${e.ruleId}|${e.subject}`, at: e.at });
      if (e.type === 'raise') presentedIds.add(`${e.ruleId}|${e.subject}|${e.at}`);
    }
  };
  const record = (es: readonly AlertEvent[]) => {
    for (let i = 0; i < es.length; i++) events.push(es[i]!);
  };
  let ticks = 0;
  // As alerting.ts: the clock's events through the stage, then the book's clock.
  const tick = (t: number) => {
    ticks++;
    const es = ev.onClock(t);
    record(es);
    if (grouping) take(book.apply(grouping.onClock(t, es), t));
    else if (es.length) take(book.apply(es, t));
    take(book.onClock(t));
  };
  const stop = stopwatch();
  let next = Math.floor(week.batches[0]![0]!.ts / STEP_MS) * STEP_MS;
  for (const batch of week.batches) {
    const ts = batch[0]!.ts;
    while (ts >= next) {
      tick(next);
      next += STEP_MS;
    }
    let batchEvents: AlertEvent[] | null = null;
    for (let i = 0; i < batch.length; i++) {
      const es = ev.onReading(batch[i]!);
      if (es.length) (batchEvents ??= []).push(...es);
    }
    if (batchEvents) record(batchEvents);
    if (grouping) take(book.apply(grouping.onReadings(batch, batchEvents ?? []), ts));
    else if (batchEvents) take(book.apply(batchEvents, ts));
  }
  tick(next);
  const { cpuMs, wallMs } = stop();
  return { pipeline, readings: data.readings.length, ticks, cpuMs, wallMs, events, presented, alarms: book.all(), presentedIds };
}

/** The load a run put on the operator over the week (alarm-load.ts), with the standing alarms. */
export interface WeekLoad {
  alarms: number;
  average: number;
  peak: number;
  floods: number;
  /** 10-minute intervals in the week. */
  intervals: number;
  /** Share of the intervals in flood (more than FLOOD_ALARMS new alarms). */
  floodShare: number;
  chattering: number;
  standing: number;
  /** New alarms presented per rule. */
  byRule: Map<string, number>;
}

export function weekLoad(run: WeekRun, week: DemoWeek): WeekLoad {
  const l = alarmLoad(run.presented, week.from, week.to);
  const intervals = perTenMinutes([], week.from, week.to).length;
  const byRule = new Map<string, number>();
  for (const e of run.presented) {
    if (e.type !== 'raise') continue;
    const ruleId = e.key.slice(0, e.key.indexOf('|'));
    byRule.set(ruleId, (byRule.get(ruleId) ?? 0) + 1);
  }
  return {
    alarms: l.alarms,
    average: l.averagePerTenMinutes,
    peak: l.peakPerTenMinutes,
    floods: l.floods,
    intervals,
    floodShare: l.floods / intervals,
    chattering: l.chattering,
    standing: standingAlarms(run, week.to).length,
    byRule,
  };
}

/** Presented alarms active (not cleared) for longer than STANDING_MS at any time in [.., to]. */
export function standingAlarms(run: WeekRun, to: number): Alarm[] {
  return run.alarms.filter((a) => run.presentedIds.has(a.id) && (a.clearedAt ?? to) - a.raisedAt > STANDING_MS);
}
