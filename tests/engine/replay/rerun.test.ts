/**
 * Re-running a rule set over a replayed window (replay/rerun.ts): alarms are recorded by a live Alerting fed batch by
 * batch (as the engine feeds it), then rule sets are re-run over a window and compared with that record: the current
 * rule gives no difference, a stricter draft misses the right alarm, a new rule adds its alarms (with their place), a
 * past version is run as it was; one run at a time, cancel, and bad requests get clear errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Alerting } from '../../../electron/engine/alerting';
import { ApiError, type ReplayDiff } from '../../../electron/engine/api';
import type { BacktestProgress } from '../../../electron/engine/rules/backtest';
import { rerunRules, type RerunEntry } from '../../../electron/engine/replay/rerun';
import { openStore, type Store } from '../../../electron/engine/store/store';
import type { Reading } from '../../../electron/shared/model';
import { CENTRE, occ, rule, SENSORS, T0 } from '../rules/fixtures';

const MIN = 60_000;
const at = (m: number) => T0 + m * MIN;
const parking = SENSORS.filter((s) => s.kind === 'car-park');
const supervisor = { role: 'supervisor' as const, user: 'Ana' };

/** P1's occupancy by minute: 50 %, 85 % from 60 to 120, 50 %, 95 % from 180 to 240, then 50 %. The others at 50 %. */
function occupancy(sensorId: string, m: number): number {
  if (sensorId !== 'parking:P1') return 50;
  if (m >= 60 && m <= 120) return 85;
  if (m >= 180 && m <= 240) return 95;
  return 50;
}

const fullV1 = rule({ type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 80 } }, { id: 'full', name: 'Nearly full', clear: { hysteresis: 5 } });
const fullV2 = { ...fullV1, condition: { type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 90 } } };

let store: Store;
let alerting: Alerting;

/** Six hours of readings every 5 minutes, recorded as the engine records them: stored, and evaluated batch by batch. */
beforeEach(() => {
  store = openStore(':memory:', { now: () => at(0) });
  store.saveCatalogue(SENSORS);
  store.saveRuleVersion(fullV1, 'Ana', at(-60));
  let now = at(0);
  alerting = new Alerting(store, [CENTRE], SENSORS, () => {}, () => {}, () => {}, () => now);
  for (let m = 0; m <= 360; m += 5) {
    const batch: Reading[] = parking.map((s) => ({ sensorId: s.id, ts: at(m), values: occ(occupancy(s.id, m)) }));
    now = at(m);
    store.ingest('test', batch, m, at(m));
    alerting.onReadings(batch, at(m));
  }
  store.flush();
});
afterEach(() => store.close());

function rerun(rules: RerunEntry[], from = at(30), to = at(330), id = 'r1', progress: BacktestProgress[] = []): Promise<ReplayDiff> {
  return rerunRules(
    { rules, from, to, id },
    {
      store,
      catalogue: SENSORS,
      zones: [CENTRE],
      slot: alerting.backtests,
      current: () => alerting.summaries(),
      versions: (ruleId) => alerting.versions(ruleId),
      validate: (json) => alerting.validate(json),
    },
    (p) => progress.push(p),
  );
}

const brief = (d: ReplayDiff) => ({
  added: d.added.map((a) => `${a.ruleId} ${a.subject} +${(a.at - T0) / MIN}`),
  missed: d.missed.map((a) => `${a.ruleId} ${a.subject} +${(a.at - T0) / MIN}`),
  matched: d.matched,
});

describe('re-running rules over a replayed window', () => {
  it('records what the test expects (the rule raised twice on P1, at 75 and 195 minutes)', () => {
    const raised = store.loadAlarms({ includeResolved: true }).filter((a) => a.ruleId === 'full');
    expect(raised.map((a) => `${a.subject} +${(a.raisedAt - T0) / MIN}`).sort()).toEqual(['parking:P1 +195', 'parking:P1 +75']);
  });

  it('the current rule as recorded gives no difference; progress reaches the end', async () => {
    const progress: BacktestProgress[] = [];
    const d = await rerun([{ ruleId: 'full' }], at(30), at(330), 'same', progress);
    expect(brief(d)).toEqual({ added: [], missed: [], matched: 2 });
    expect(d.rules).toEqual([{ ruleId: 'full', name: 'Nearly full', source: 'current, version 1' }]);
    expect(d.readings).toBeGreaterThan(0);
    expect(progress.at(-1)?.done).toBe(1);
    expect(d.id).toBe('same');
  });

  it('a stricter draft of the same rule misses the 85 % alarm (with the recorded id) and keeps the 95 % one', async () => {
    const d = await rerun([{ draft: fullV2 }]);
    expect(brief(d)).toEqual({ added: [], missed: ['full parking:P1 +75'], matched: 1 });
    const m = d.missed[0]!;
    expect(m.alarmId).toBe(`full|parking:P1|${at(75)}`);
    expect(m).toMatchObject({ ruleName: 'Nearly full', subjectName: 'P1', severity: 'warning', position: [10.2, 56.15], clearedAt: at(125) });
    expect(d.rules[0]!.source).toBe('draft');
  });

  it("a new rule's alarms are all added, at their subject's place (a sensor's point, a district's centre)", async () => {
    const empty = rule({ type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '<', value: 60 } }, { id: 'quiet', name: 'Quiet', severity: 'info', scope: { type: 'sensors', ids: ['parking:P1'] } });
    const centre = rule({ type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 70 }, { id: 'centre-busy', name: 'Centre busy', subject: 'zone', scope: { type: 'zone', district: '170' } });
    const d = await rerun([{ draft: empty }, { draft: centre }]);
    // P1 below 60 % since the start (raised in the warm-up, before the window: not reported), again after 120 and 240;
    // the centre's average passes 70 % with P1 at 95 % (zone rules are judged on the clock's next minute).
    expect(brief(d)).toEqual({ added: ['quiet parking:P1 +140', 'centre-busy zone:170 +181', 'quiet parking:P1 +260'], missed: [], matched: 0 });
    const zone = d.added.find((a) => a.subject === 'zone:170')!;
    expect(zone.subjectName).toBe('Centre');
    expect(zone.position![0]).toBeCloseTo(10.2, 6);
    expect(zone.position![1]).toBeCloseTo(56.15, 6);
    expect(d.added[0]!).toMatchObject({ ruleName: 'Quiet', subjectName: 'P1', severity: 'info', alarmId: null, position: [10.2, 56.15] });
  });

  it('a past version runs as it was: the current (stricter) one misses, version 1 matches; only the chosen rules are compared', async () => {
    alerting.publish(supervisor, { ...fullV2, version: undefined });
    const current = await rerun([{ ruleId: 'full' }]);
    expect(brief(current)).toEqual({ added: [], missed: ['full parking:P1 +75'], matched: 1 });
    expect(current.rules[0]!.source).toBe('current, version 2');
    const v1 = await rerun([{ ruleId: 'full', version: 1 }]);
    expect(brief(v1)).toEqual({ added: [], missed: [], matched: 2 });
    expect(v1.rules[0]!.source).toBe('version 1');
  });

  it('the window bounds what is reported: an alarm just outside it is neither added nor missed', async () => {
    const d = await rerun([{ draft: fullV2 }], at(100), at(330));
    expect(brief(d)).toEqual({ added: [], missed: [], matched: 1 });
  });

  it('one run at a time per engine (a backtest waits too); cancelBacktest stops a re-run', async () => {
    const first = rerun([{ ruleId: 'full' }], at(30), at(330), 'first');
    await expect(rerun([{ ruleId: 'full' }], at(30), at(330), 'second')).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('another rule re-run is running (first)') });
    await expect(alerting.backtest(fullV1, at(0), at(60), at(360), 'bt', () => {})).rejects.toMatchObject({ code: 'conflict' });
    expect(alerting.cancelBacktest('first')).toBe(true);
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    // The slot is free again.
    expect(brief(await rerun([{ ruleId: 'full' }]))).toEqual({ added: [], missed: [], matched: 2 });
  });

  it('bad requests get clear errors that name the entry', async () => {
    const fail = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        return e as ApiError;
      }
      throw new Error('expected a failure');
    };
    const invalid = await fail(rerun([{ ruleId: 'full' }, { draft: { ...fullV1, id: 'other', severity: 'loud' } }]));
    expect(invalid.code).toBe('invalid-params');
    expect(invalid.issues?.[0]?.path).toBe('rules.1.draft.severity');
    const twice = await fail(rerun([{ ruleId: 'full' }, { draft: fullV2 }]));
    expect(twice).toMatchObject({ code: 'invalid-params', message: expect.stringContaining('rule full is in the set twice') });
    expect(await fail(rerun([{ ruleId: 'nope' }]))).toMatchObject({ code: 'not-found', message: 'no rule nope' });
    expect(await fail(rerun([{ ruleId: 'full', version: 7 }]))).toMatchObject({ code: 'not-found', message: 'rule full has no version 7' });
    expect(await fail(rerun([{ ruleId: 'full' }], at(0), at(0) + 32 * 86_400_000))).toMatchObject({ code: 'invalid-params', message: expect.stringContaining('at most 31 days') });
  });
});
