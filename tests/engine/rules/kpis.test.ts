import { describe, expect, it } from 'vitest';
import { alarmKpis, chatterSuggestion, percentile, shelvesInForce, type KpiAlarm, type KpiInput, type ShelfAction } from '../../../electron/engine/rules/kpis';
import type { Alarm } from '../../../electron/engine/rules/alarms';
import { min, T0 } from './fixtures';

const H = 60; // minutes in an hour

/** An alarm raised at minute `m` (cleared at `cleared`, acknowledged by `ack` at minute `ackAt`). */
function alarm(m: number, opts: { rule?: string; subject?: string; cleared?: number | null; ack?: [string, number]; announced?: number; presented?: boolean } = {}): KpiAlarm {
  const ruleId = opts.rule ?? 'r1';
  const subject = opts.subject ?? 's1';
  const a: Alarm = {
    id: `${ruleId}|${subject}|${min(m)}`,
    ruleId,
    subject,
    state: opts.cleared == null ? 'active' : 'cleared',
    severity: 'warning',
    raisedSeverity: 'warning',
    raisedAt: min(m),
    message: 'm',
    lastMessage: 'm',
    clearedAt: opts.cleared == null ? null : min(opts.cleared),
    acknowledged: opts.ack ? { by: opts.ack[0], at: min(opts.ack[1]) } : null,
    resolved: null,
    escalatedAt: null,
    updatedAt: min(m),
    priority: 'medium',
  };
  if (opts.announced !== undefined) a.announcedAt = min(opts.announced);
  return { alarm: a, presented: opts.presented ?? true };
}

const names = { rule: (id: string) => `Rule ${id}`, subject: (s: string) => `Sensor ${s}` };
const kpis = (alarms: KpiAlarm[], o: Partial<KpiInput> = {}) => alarmKpis({ from: T0, to: min(H), alarms, shelfActions: [], names, ...o });

/** `n` alarms of distinct subjects, all raised at minute `m`. */
const burst = (m: number, n: number, rule = 'r1') => Array.from({ length: n }, (_, i) => alarm(m, { rule, subject: `b${m}-${i}`, cleared: m + 1 }));

describe('alarm KPIs: new alarms per 10 minutes and floods', () => {
  it.each<[string, KpiAlarm[], { total: number; avg: number; peak: number; peakAt: number | null; flood: number; buckets: number[] }]>([
    ['no alarms: zeros, no peak', [], { total: 0, avg: 0, peak: 0, peakAt: null, flood: 0, buckets: [0, 0, 0, 0, 0, 0] }],
    ['10 in one interval is not a flood', burst(5, 10), { total: 10, avg: 10 / 6, peak: 10, peakAt: min(0), flood: 0, buckets: [10, 0, 0, 0, 0, 0] }],
    ['11 in one interval is a flood (1 of 6)', burst(15, 11), { total: 11, avg: 11 / 6, peak: 11, peakAt: min(10), flood: 1 / 6, buckets: [0, 11, 0, 0, 0, 0] }],
    ['two floods; the peak is the first highest', [...burst(0, 12), ...burst(30, 12), ...burst(45, 3)], { total: 27, avg: 27 / 6, peak: 12, peakAt: min(0), flood: 2 / 6, buckets: [12, 0, 0, 12, 3, 0] }],
    ['shelved raises are not presented', [...burst(0, 3), ...burst(20, 20).map((a) => ({ ...a, presented: false }))], { total: 3, avg: 0.5, peak: 3, peakAt: min(0), flood: 0, buckets: [3, 0, 0, 0, 0, 0] }],
    ['raises outside the period do not count', [alarm(-1), alarm(61), alarm(60, { subject: 'end' })], { total: 1, avg: 1 / 6, peak: 1, peakAt: min(50), flood: 0, buckets: [0, 0, 0, 0, 0, 1] }],
  ])('%s', (_n, alarms, want) => {
    const k = kpis(alarms);
    expect(k.total).toBe(want.total);
    expect(k.averagePerTenMinutes).toBeCloseTo(want.avg, 10);
    expect(k.peakPerTenMinutes).toBe(want.peak);
    expect(k.peakAt).toBe(want.peakAt);
    expect(k.floodShare).toBeCloseTo(want.flood, 10);
    expect(k.perTenMinutes.map((b) => b.count)).toEqual(want.buckets);
    expect(k.perTenMinutes.map((b) => b.at)).toEqual([0, 10, 20, 30, 40, 50].map(min));
  });
});

describe('alarm KPIs: bad actors', () => {
  it('lists the most frequent (rule, subject) first, with its share, at most 10', () => {
    const alarms = [
      ...[0, 5, 20, 40].map((m) => alarm(m, { subject: 'noisy', cleared: m + 1 })),
      ...[1, 30].map((m) => alarm(m, { rule: 'r2', subject: 'p', cleared: m + 1 })),
      ...Array.from({ length: 12 }, (_, i) => alarm(50, { subject: `once-${String(i).padStart(2, '0')}`, cleared: 51 })),
    ];
    const k = kpis(alarms);
    expect(k.badActors).toHaveLength(10);
    expect(k.badActors[0]).toEqual({ ruleId: 'r1', ruleName: 'Rule r1', subject: 'noisy', subjectName: 'Sensor noisy', count: 4, share: 4 / 18 });
    expect(k.badActors[1]).toMatchObject({ ruleId: 'r2', subject: 'p', count: 2 });
    expect(k.badActors[2]).toMatchObject({ subject: 'once-00', count: 1 });
  });
});

describe('alarm KPIs: chattering', () => {
  it.each<[string, number[], { cycles: number; firstAt: number; suggestion: string } | null]>([
    ['3 raises in 9 minutes chatter', [0, 4, 9], { cycles: 3, firstAt: min(0), suggestion: '3 raises in 9 min: add an off-delay of 5 min or a deadband, or shelve while the sensor is repaired' }],
    ['3 raises in exactly 10 minutes chatter', [0, 5, 10], { cycles: 3, firstAt: min(0), suggestion: '3 raises in 10 min: add an off-delay of 5 min or a deadband, or shelve while the sensor is repaired' }],
    ['3 raises in 11 minutes do not', [0, 6, 11], null],
    ['2 raises do not', [0, 1], null],
    ['the busiest window is reported', [0, 9, 20, 22, 24, 26], { cycles: 4, firstAt: min(20), suggestion: '4 raises in 6 min: add an off-delay of 5 min or a deadband, or shelve while the sensor is repaired' }],
  ])('%s', (_n, raises, want) => {
    const k = kpis(raises.map((m) => alarm(m, { cleared: m + 1 })));
    if (want === null) expect(k.chattering).toEqual([]);
    else expect(k.chattering).toEqual([{ ruleId: 'r1', ruleName: 'Rule r1', subject: 's1', subjectName: 'Sensor s1', ...want }]);
  });

  it('the off-delay covers the longest clear before a new raise, rounded up to 5 minutes', () => {
    const list = [alarm(0, { cleared: 1 }), alarm(9, { cleared: 10 })].map((a) => a.alarm);
    // cleared at 1, raised again at 9: 8 minutes; an off-delay must exceed it: 10 min.
    expect(chatterSuggestion(list, 3, min(0), min(9))).toBe('3 raises in 9 min: add an off-delay of 10 min or a deadband, or shelve while the sensor is repaired');
    // clears unknown: the chattering window
    expect(chatterSuggestion([alarm(0).alarm, alarm(3).alarm], 3, min(0), min(3))).toContain('off-delay of 10 min');
  });

  it('shelved (not presented) raises do not chatter', () => {
    expect(kpis([0, 2, 4].map((m) => alarm(m, { cleared: m + 1, presented: false }))).chattering).toEqual([]);
  });
});

describe('alarm KPIs: standing alarms', () => {
  const to = min(30 * H);
  it.each<[string, KpiAlarm, boolean]>([
    ['active for more than 24 h at the end', alarm(2 * H), true],
    ['acknowledged but still active', alarm(2 * H, { ack: ['anna', 3 * H] }), true],
    ['active exactly 24 h', alarm(6 * H), true],
    ['active less than 24 h', alarm(6 * H + 1), false],
    ['cleared before the end', alarm(0, { cleared: 29 * H }), false],
    ['cleared after the end (a past period)', alarm(0, { cleared: 31 * H }), true],
  ])('%s', (_n, a, standing) => {
    const k = kpis([a], { from: min(6 * H), to });
    expect(k.standing.map((s) => s.alarmId)).toEqual(standing ? [a.alarm.id] : []);
    if (standing) expect(k.standing[0]).toMatchObject({ since: a.alarm.raisedAt, ruleName: 'Rule r1', subjectName: 'Sensor s1' });
    expect(k.perRule.find((r) => r.ruleId === 'r1')?.standing ?? 0).toBe(standing ? 1 : 0);
  });
});

describe('alarm KPIs: acknowledgement times', () => {
  it.each<[string, number[], number | null, number | null]>([
    ['none', [], null, null],
    ['one', [4], 4, 4],
    ['nearest rank: four values', [1, 2, 3, 4], 2, 4],
    ['ten values', [10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 5, 9],
  ])('%s', (_n, values, p50, p90) => {
    expect(percentile(values, 0.5)).toBe(p50);
    expect(percentile(values, 0.9)).toBe(p90);
  });

  it('measures from reaching the desk, only acknowledgements made in the period, per rule and per operator', () => {
    const alarms = [
      alarm(0, { ack: ['anna', 2] }), // 2 min
      alarm(10, { subject: 's2', ack: ['anna', 14] }), // 4 min
      alarm(20, { subject: 's3', ack: ['bo', 30], announced: 25 }), // reached the desk at 25: 5 min
      alarm(30, { rule: 'r2', ack: ['bo', 31] }), // 1 min
      alarm(-30, { subject: 'old', ack: ['bo', -20] }), // acknowledged before the period: not counted
      alarm(50, { subject: 'late', ack: ['anna', 70] }), // acknowledged after the period: not counted
    ];
    const shelfActions: ShelfAction[] = [{ type: 'shelve', key: 'r2|x', alarmId: 'r2|x|1', by: 'carl', at: min(40), until: min(100), reason: 'repair' }];
    const k = kpis(alarms, { shelfActions });
    expect(k.ackTimes).toEqual({ p50: 2 * 60_000, p90: 5 * 60_000, count: 4 });
    expect(k.perRule).toEqual([
      { ruleId: 'r1', ruleName: 'Rule r1', count: 4, ackP50: 4 * 60_000, ackP90: 5 * 60_000, chattering: 0, standing: 0 },
      { ruleId: 'r2', ruleName: 'Rule r2', count: 1, ackP50: 60_000, ackP90: 60_000, chattering: 0, standing: 0 },
    ]);
    expect(k.perOperator).toEqual([
      { user: 'anna', acknowledged: 2, shelved: 0, ackP50: 2 * 60_000, ackP90: 4 * 60_000 },
      { user: 'bo', acknowledged: 2, shelved: 0, ackP50: 60_000, ackP90: 5 * 60_000 },
      { user: 'carl', acknowledged: 0, shelved: 1, ackP50: null, ackP90: null },
    ]);
  });

  it('narrows to one rule', () => {
    const k = kpis([alarm(0, { ack: ['anna', 2] }), alarm(5, { rule: 'r2', ack: ['bo', 6] })], { ruleId: 'r2' });
    expect(k.total).toBe(1);
    expect(k.perOperator.map((o) => o.user)).toEqual(['bo']);
    expect(k.perRule.map((r) => r.ruleId)).toEqual(['r2']);
  });
});

describe('alarm KPIs: shelves', () => {
  const shelve = (key: string, at: number, until: number, by = 'anna'): ShelfAction => ({ type: 'shelve', key, alarmId: `${key}|0`, by, at: min(at), until: min(until), reason: 'sensor repair' });
  const unshelve = (key: string, at: number): ShelfAction => ({ type: 'unshelve', key, alarmId: `${key}|0`, by: 'anna', at: min(at) });
  it.each<[string, ShelfAction[], number, string[]]>([
    ['in force', [shelve('r1|a', 0, 100)], 50, ['r1|a']],
    ['expired', [shelve('r1|a', 0, 40)], 50, []],
    ['taken off early', [shelve('r1|a', 0, 100), unshelve('r1|a', 30)], 50, []],
    ['shelved again after being taken off', [shelve('r1|a', 0, 100), unshelve('r1|a', 30), shelve('r1|a', 35, 90)], 50, ['r1|a']],
    ['not yet shelved at that time', [shelve('r1|a', 60, 100)], 50, []],
    ['soonest to expire first', [shelve('r1|b', 0, 200), shelve('r1|a', 10, 100)], 50, ['r1|a', 'r1|b']],
  ])('%s', (_n, actions, at, keys) => {
    expect(shelvesInForce(actions, min(at)).map((s) => s.key)).toEqual(keys);
  });

  it('counts the shelvings made in the period and lists those in force at its end', () => {
    const k = kpis([], { shelfActions: [shelve('r1|a', -10, 200), shelve('r1|b', 10, 20, 'bo'), shelve('r2|c', 30, 100)] });
    expect(k.shelved.shelvedInPeriod).toBe(2);
    expect(k.shelved.current.map((s) => [s.key, s.by, s.until])).toEqual([['r2|c', 'anna', min(100)], ['r1|a', 'anna', min(200)]]);
  });
});
