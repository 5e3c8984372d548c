/** The comparison of a re-run with the record (replay/rerun-diff.ts): pairs, the window's edges, open alarms, warm-up. */
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../electron/engine/rules/alarms';
import { compareRaises, MATCH_MS, recordedInScope, WARM_UP_MARGIN_MS, warmUpMs } from '../../../electron/engine/replay/rerun-diff';
import { rule } from '../rules/fixtures';

const MIN = 60_000;
const T = Date.UTC(2014, 7, 4, 8, 0);
const alarm = (ruleId: string, subject: string, minute: number, clearedMinute: number | null = minute + 10): Alarm => ({
  id: `${ruleId}|${subject}|${T + minute * MIN}`,
  ruleId,
  subject,
  state: 'cleared',
  severity: 'warning',
  raisedSeverity: 'warning',
  raisedAt: T + minute * MIN,
  message: 'm',
  lastMessage: 'm',
  clearedAt: clearedMinute === null ? null : T + clearedMinute * MIN,
  acknowledged: null,
  resolved: null,
  escalatedAt: null,
  updatedAt: T,
  priority: 'medium',
});
const ids = (xs: Alarm[]) => xs.map((a) => `${a.ruleId} ${a.subject} ${(a.raisedAt - T) / MIN}`);
const cmp = (rec: Alarm[], run: Alarm[], from = 0, to = 600) => {
  const c = compareRaises(rec, run, T + from * MIN, T + to * MIN);
  return { added: ids(c.added), missed: ids(c.missed), matched: c.matched, covered: c.covered };
};

describe('comparing raises', () => {
  it('same rule, subject and a raise within a minute is one alarm; two minutes apart, or another subject, is not', () => {
    const rec = [alarm('r', 'a', 100), alarm('r', 'b', 200, 200.5)];
    const run = [{ ...alarm('r', 'a', 100), raisedAt: T + 100 * MIN + MATCH_MS }, { ...alarm('r', 'b', 200), raisedAt: T + 200 * MIN + MATCH_MS + MIN }, alarm('r', 'c', 300)];
    expect(cmp(rec, run)).toEqual({ added: ['r b 202', 'r c 300'], missed: ['r b 200'], matched: 1, covered: 0 });
    expect(cmp([alarm('r', 'a', 100)], [alarm('q', 'a', 100)])).toEqual({ added: ['q a 100'], missed: ['r a 100'], matched: 0, covered: 0 });
  });

  it('raises outside the window are not reported, yet pair with raises just inside it', () => {
    const rec = [alarm('r', 'a', 100), alarm('r', 'b', 5)];
    const run = [{ ...alarm('r', 'a', 100), raisedAt: T + 100 * MIN - 30_000 }, alarm('r', 'c', 50)];
    // The window starts at minute 100: the re-run's raise 30 s before it pairs with the recorded one at 100.
    expect(cmp(rec, run, 100, 600)).toEqual({ added: [], missed: [], matched: 1, covered: 0 });
  });

  it('a raise while the other side had the same alarm open is covered, not a difference (both ways)', () => {
    // Recorded: open from 10 (never cleared); the re-run (which could not know it) raises at 300.
    expect(cmp([alarm('r', 'a', 10, null)], [alarm('r', 'a', 300)], 100, 600)).toEqual({ added: [], missed: [], matched: 0, covered: 1 });
    // The re-run raised at 200 and held it to 400; the record raised at 350.
    expect(cmp([alarm('r', 'a', 350)], [alarm('r', 'a', 200, 400)], 100, 600)).toEqual({ added: ['r a 200'], missed: [], matched: 0, covered: 1 });
    // Cleared before the other raise: a difference.
    expect(cmp([alarm('r', 'a', 10, 250)], [alarm('r', 'a', 300)], 100, 600)).toEqual({ added: ['r a 300'], missed: [], matched: 0, covered: 0 });
  });

  it('pairs as many as possible when raises repeat', () => {
    const rec = [alarm('r', 'a', 100, 100.5), alarm('r', 'a', 101, 101.5), alarm('r', 'a', 103, 104)];
    const run = [alarm('r', 'a', 100.5, 100.8), alarm('r', 'a', 101.5, 102), alarm('r', 'a', 110, 111)];
    expect(cmp(rec, run)).toEqual({ added: ['r a 110'], missed: ['r a 103'], matched: 2, covered: 0 });
  });
});

describe('what a re-run answers for, and its warm-up', () => {
  it("its rules' alarms, and outages of the sources it watched only", () => {
    const rec = [alarm('r', 'a', 1), alarm('other', 'a', 1), alarm('source-outage', 'source:traffic', 1), alarm('source-outage', 'source:air', 1)];
    expect(ids(recordedInScope(rec, new Set(['r']), 'source-outage', new Set(['source:traffic'])))).toEqual(['r a 1', 'source-outage source:traffic 1']);
    expect(ids(recordedInScope(rec, new Set(['r']), 'source-outage', null))).toEqual(['r a 1']);
  });

  it('the longest span its rules look back over (nested spans summed, the clear too), plus a margin', () => {
    const sustainedWindow = rule({ type: 'sustained', minutes: 15, condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 30, op: '>', value: 80 } }, { clear: { minClearMinutes: 10 } });
    const noData = rule({ type: 'noData', minutes: 90 }, { id: 'silent' });
    expect(warmUpMs([sustainedWindow])).toBe(55 * MIN + WARM_UP_MARGIN_MS);
    expect(warmUpMs([sustainedWindow, noData])).toBe(90 * MIN + WARM_UP_MARGIN_MS);
    expect(warmUpMs([rule({ type: 'threshold', metric: 'occupancyPct', op: '>', value: 80 })])).toBe(WARM_UP_MARGIN_MS);
  });
});
