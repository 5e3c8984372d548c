/**
 * The retuned starter rules (issue 9, item 11) over the whole demo week: every raise of the starter rules as they were
 * before issue 9 (tests/bench/fixtures/starter-rules-before-issue-9.json, through the plain pipeline) is still visible
 * in the shipped set (through the full pipeline: grouping, source outages, the alarm book): as an alarm of the same rule
 * on the same sensor, as a member of a group alarm of that rule, or held by the source outage alarm of its sensor's
 * source, overlapping it in time. The only exceptions are raises the new set drops on purpose because they are not
 * real events; each is checked against the data for its reason, and their count stays small. The new set also meets
 * the alarm-load targets (alarm-priority.ts) over the same week.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../../electron/shared/alarm-priority';
import type { Alarm } from '../../../electron/engine/rules/alarms';
import { isNotReportingRule } from '../../../electron/engine/rules/grouping';
import { OUTAGE_RULE_ID, outageSubject, sourceOf } from '../../../electron/engine/rules/outage';
import type { Rule } from '../../../electron/engine/rules/schema';
import type { Reading, Sensor } from '../../../electron/shared/model';
import { FLOOD_SHARE_TARGET, loadDemoWeek, rulesBeforeIssue9, runWeek, shippedStarterRules, weekLoad, type DemoWeek, type WeekRun } from '../../bench/alarm-week';

/** An old alert: its rule, sensor and the time it was raised until it cleared (or the end of the week). */
interface OldRaise {
  ruleId: string;
  subject: string;
  from: number;
  to: number;
}

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 <= b1 && b0 <= a1;

/** The old alerts, raise to clear, from a run's events. */
function alertsOf(run: WeekRun, end: number): OldRaise[] {
  const open = new Map<string, OldRaise>();
  const out: OldRaise[] = [];
  for (const e of run.events) {
    const key = `${e.ruleId}|${e.subject}`;
    if (e.type === 'raise') {
      const r = { ruleId: e.ruleId, subject: e.subject, from: e.at, to: end };
      open.set(key, r);
      out.push(r);
    } else if (e.type === 'clear') {
      const r = open.get(key);
      if (r) r.to = e.at;
      open.delete(key);
    }
  }
  return out;
}

/** Where an old alert is in the new run's alarms (the first that holds it), or null. */
function holder(old: OldRaise, rule: Rule, alarms: readonly Alarm[], week: DemoWeek): Alarm | null {
  const sensor = week.data.sensors.find((s) => s.id === old.subject)!;
  // Only a "not reporting" alert can be held by its source's outage.
  const outage = isNotReportingRule(rule) ? outageSubject(sourceOf(sensor).key) : null;
  for (const a of alarms) {
    const end = a.clearedAt ?? week.to;
    if (!overlaps(old.from, old.to, a.raisedAt, end)) continue;
    if (a.ruleId === old.ruleId && a.subject === old.subject) return a;
    if (a.ruleId === old.ruleId && a.group?.members.some((m) => m.subject === old.subject && overlaps(old.from, old.to, m.raisedAt, m.clearedAt ?? week.to))) return a;
    if (a.ruleId === OUTAGE_RULE_ID && a.subject === outage) return a;
  }
  return null;
}

/**
 * Why the new set drops an old alert on purpose, checked on the data, or null when it should not have dropped it.
 * - no-vehicles: congestion that never had the rule's sustained time of slow readings that counted a vehicle. The new
 *   rule skips readings with no vehicle counted (quality.skip zero-vehicles: no vehicle counted is not a jam), and in
 *   this data a segment with no vehicle repeats the last speed it measured: "1 car at 33% of normal, then 0 cars at
 *   33%" six times over is one slow car, not 30 minutes of queue. Checked here without the evaluator: from the
 *   sustained time before the raise to the clear, no run of slow readings with vehicles counted, unbroken by a reading
 *   that is not slow or counted none, lasts the sustained time.
 */
function dropReason(old: OldRaise, rule: Rule, readings: readonly Reading[], sensor: Sensor): string | null {
  if (old.ruleId !== 'major-road-congestion' || !rule.quality?.skip?.includes('zero-vehicles')) return null;
  const c = rule.condition;
  if (c.type !== 'sustained' || c.condition.type !== 'threshold' || c.condition.metric !== 'speedRatioPct' || c.condition.op !== '<') {
    throw new Error('starter retune: the congestion rule changed shape; update dropReason');
  }
  const limit = c.condition.value as number;
  const normal = sensor.attributes.normalSpeedKmh as number;
  const need = c.minutes * 60_000;
  let runFrom = NaN;
  for (const r of readings) {
    if (r.ts < old.from - need || r.ts > old.to) continue;
    const speed = r.values.avgSpeedKmh;
    const slowCounted = (r.values.vehicleCount ?? 0) > 0 && speed != null && (speed / normal) * 100 < limit;
    if (!slowCounted) runFrom = NaN;
    else if (runFrom !== runFrom) runFrom = r.ts;
    else if (r.ts - runFrom >= need) return null;
  }
  return 'no-vehicles';
}

describe('retuned starter rules over the demo week (issue 9, item 11)', () => {
  let week: DemoWeek;
  let before: WeekRun;
  let after: WeekRun;
  let shipped: Rule[];
  beforeAll(() => {
    week = loadDemoWeek();
    shipped = shippedStarterRules(week);
    before = runWeek(week, rulesBeforeIssue9(week.zones), 'plain');
    after = runWeek(week, shipped, 'full');
  }, 240_000);

  it('keeps every rule of the old set (same ids), each with a rationale', () => {
    const ids = new Set(shipped.map((r) => r.id));
    for (const r of rulesBeforeIssue9(week.zones)) expect(ids.has(r.id), r.id).toBe(true);
    for (const r of shipped) expect(r.rationale, r.id).toBeDefined();
  });

  it('every raise of the old starter rules is in an alarm of the new set, but for a few dropped as not real events', () => {
    const old = alertsOf(before, week.to);
    expect(old.length).toBeGreaterThan(1000);
    const rules = new Map(shipped.map((r) => [r.id, r]));
    const sensors = new Map(week.data.sensors.map((s) => [s.id, s]));
    const bySensor = new Map<string, Reading[]>();
    for (const r of week.data.readings) {
      let list = bySensor.get(r.sensorId);
      if (!list) bySensor.set(r.sensorId, (list = []));
      list.push(r);
    }
    const held = new Map<string, number>();
    const dropped = new Map<string, OldRaise[]>();
    const lost: OldRaise[] = [];
    for (const o of old) {
      const a = holder(o, rules.get(o.ruleId)!, after.alarms, week);
      if (a) {
        const how = a.ruleId === OUTAGE_RULE_ID ? 'source outage' : a.group ? 'group' : 'own alarm';
        held.set(how, (held.get(how) ?? 0) + 1);
        continue;
      }
      const why = dropReason(o, rules.get(o.ruleId)!, bySensor.get(o.subject) ?? [], sensors.get(o.subject)!);
      if (why) dropped.set(why, [...(dropped.get(why) ?? []), o]);
      else lost.push(o);
    }
    const nDropped = [...dropped.values()].reduce((n, l) => n + l.length, 0);
    console.log(
      `starter retune: ${old.length} raises of the old rules; held by ${[...held].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
        `dropped as not real events: ${nDropped} (${[...dropped].map(([k, l]) => `${k} ${l.length}`).join(', ') || 'none'})`,
    );
    expect(lost.map((o) => `${o.ruleId} ${o.subject} ${new Date(o.from).toISOString()}`)).toEqual([]);
    // Small: at most 6% of the old raises (the demo week: 270 of 5,162, every one congestion on a segment that repeats
    // one slow vehicle's speed through intervals with no vehicle counted).
    expect(nDropped).toBeLessThanOrEqual(Math.floor(old.length * 0.06));
  });

  it('meets the alarm-load targets over the week', () => {
    const load = weekLoad(after, week);
    expect(load.average).toBeLessThanOrEqual(TARGET_AVERAGE_PER_WINDOW);
    expect(load.peak).toBeLessThanOrEqual(FLOOD_ALARMS);
    expect(load.floodShare).toBeLessThan(FLOOD_SHARE_TARGET);
    expect(load.chattering).toBe(0);
  });
});
