import { describe, expect, it } from 'vitest';
import type { AlarmKpis } from '../../electron/engine/api';
import { ackBars, badActorBars, formatDuration, headline, niceMax, rateChart, SQRT_ABOVE, timeTicks, toneOf, type Box } from '../../renderer/kpi/kpiCharts';

const T0 = Date.UTC(2014, 7, 4, 0, 0);
const TEN = 600_000;
const box: Box = { width: 200, height: 120, left: 20, right: 10, top: 10, bottom: 10 }; // plot 170 x 100
const buckets = (counts: number[]) => counts.map((count, i) => ({ at: T0 + i * TEN, count }));

describe('new alarms per 10 minutes: bars, lines, scale', () => {
  it.each<[string, number[], { scale: 'linear' | 'sqrt'; max: number }]>([
    ['no alarms: the flood line still shows (max 20)', [0, 0, 0, 0], { scale: 'linear', max: 20 }],
    ['a small peak: linear, room for the flood line', [1, 3, 0, 2], { scale: 'linear', max: 20 }],
    ['a flood of 30: linear to 50', [30, 0, 0, 1], { scale: 'linear', max: 50 }],
    [`beyond ${SQRT_ABOVE}: square-root scale`, [453, 2, 0, 1], { scale: 'sqrt', max: 500 }],
  ])('%s', (_n, counts, want) => {
    const c = rateChart(buckets(counts), T0, T0 + counts.length * TEN, box, []);
    expect(c.scale).toBe(want.scale);
    expect(c.max).toBe(want.max);
    expect(c.bars).toHaveLength(counts.length);
    // Bars stand on the axis (y + h = bottom of the plot) and grow with the count.
    for (const b of c.bars) expect(b.y + b.h).toBeCloseTo(110, 6);
    const f = want.scale === 'sqrt' ? Math.sqrt : (v: number) => v;
    for (const b of c.bars) expect(b.h).toBeCloseTo((f(b.count) / f(want.max)) * 100, 6);
    // The flood line (10) is above the target line (1), both inside the plot.
    expect(c.floodY).toBeLessThan(c.targetY);
    expect(c.floodY).toBeGreaterThanOrEqual(10);
    expect(c.targetY).toBeLessThanOrEqual(110);
    expect(c.floodY).toBeCloseTo(110 - (f(10) / f(want.max)) * 100, 6);
    // The bars tile the plot left to right.
    expect(c.bars[0]!.x).toBe(20);
    expect(c.bars[1]!.x).toBeCloseTo(20 + 170 / counts.length, 6);
    if (want.scale === 'linear') expect(c.yTicks[0]).toEqual({ value: 0, y: 110 });
    expect(c.yTicks.every((t) => t.value <= want.max)).toBe(true);
  });

  it('the sqrt axis marks the target and the flood line; labels too close to them are left out (0 beside 1)', () => {
    const c = rateChart(buckets([453]), T0, T0 + TEN, { ...box, height: 200 }, []);
    expect(c.yTicks.map((t) => t.value)).toEqual([1, 10, 50, 100, 200, 500]);
    // In a low chart 1 gives way to 10 (the target line's own label still names it).
    expect(rateChart(buckets([453]), T0, T0 + TEN, box, []).yTicks.map((t) => t.value)).toEqual([0, 10, 50, 100, 200, 500]);
    for (let i = 1; i < c.yTicks.length; i++) expect(c.yTicks[i - 1]!.y - c.yTicks[i]!.y).toBeGreaterThanOrEqual(10);
  });

  it.each<[number, 'flood' | 'over-target' | 'ok']>([
    [0, 'ok'],
    [1, 'ok'],
    [2, 'over-target'],
    [10, 'over-target'],
    [11, 'flood'],
  ])('%i alarms in 10 minutes: %s', (n, tone) => expect(toneOf(n)).toBe(tone));

  it.each([
    [0, 1],
    [12, 20],
    [20, 20],
    [21, 50],
    [453, 500],
    [501, 1000],
  ])('nice maximum of %d is %d', (v, m) => expect(niceMax(v)).toBe(m));

  it('places time ticks on the axis, dropping those outside the period', () => {
    const c = rateChart(buckets([1, 1, 1, 1, 1, 1]), T0, T0 + 6 * TEN, box, [T0 - TEN, T0 + 3 * TEN, T0 + 9 * TEN]);
    expect(c.xTicks).toEqual([{ at: T0 + 3 * TEN, x: 20 + 85 }]);
  });
});

describe('time ticks on the city clock', () => {
  const utcHour = (ms: number) => new Date(ms).getUTCHours();
  const plus2 = (ms: number) => (new Date(ms).getUTCHours() + 2) % 24;
  it('every 3 hours over a day (at most 8 ticks)', () => {
    const ticks = timeTicks(T0 + 30 * 60_000, T0 + 86_400_000, utcHour, 8);
    expect(ticks.map(utcHour)).toEqual([3, 6, 9, 12, 15, 18, 21, 0]);
  });
  it('on local hours in the city zone', () => {
    const ticks = timeTicks(T0, T0 + 86_400_000, plus2, 8);
    expect(ticks.map(plus2).every((h) => h % 3 === 0)).toBe(true);
    expect(ticks.map(utcHour)[0]).toBe(1); // 03:00 local = 01:00 UTC
  });
  it('local midnights over a week', () => {
    const ticks = timeTicks(T0, T0 + 7 * 86_400_000, utcHour, 8);
    expect(ticks).toEqual(Array.from({ length: 8 }, (_, i) => T0 + i * 86_400_000));
  });
  it('every seventh midnight over a month', () => {
    const ticks = timeTicks(T0, T0 + 30 * 86_400_000, utcHour, 8);
    expect(ticks).toEqual([0, 7, 14, 21, 28].map((d) => T0 + d * 86_400_000));
  });
});

const kpis: AlarmKpis = {
  from: T0,
  to: T0 + 86_400_000,
  perTenMinutes: [],
  total: 20,
  averagePerTenMinutes: 20 / 144,
  peakPerTenMinutes: 12,
  peakAt: T0,
  floodShare: 1 / 144,
  badActors: [
    { ruleId: 'r1', ruleName: 'Car park full', subject: 'p:1', subjectName: 'Bruuns', count: 8, share: 0.4 },
    { ruleId: 'r2', ruleName: 'Silent', subject: 't:1', subjectName: 'Ring 2', count: 2, share: 0.1 },
  ],
  chattering: [],
  standing: [],
  shelved: { current: [], shelvedInPeriod: 1 },
  ackTimes: { p50: 120_000, p90: 600_000, count: 3 },
  perRule: [
    { ruleId: 'r1', ruleName: 'Car park full', count: 8, ackP50: 60_000, ackP90: 600_000, chattering: 0, standing: 0 },
    { ruleId: 'r2', ruleName: 'Silent', count: 2, ackP50: null, ackP90: null, chattering: 0, standing: 0 },
  ],
  perOperator: [
    { user: 'anna', acknowledged: 2, shelved: 0, ackP50: 120_000, ackP90: 300_000 },
    { user: 'carl', acknowledged: 0, shelved: 1, ackP50: null, ackP90: null },
  ],
};

describe('bad actors, acknowledgement times, headline', () => {
  it('bad actors as bars relative to the worst', () => {
    expect(badActorBars(kpis)).toEqual([
      { label: 'Car park full · Bruuns', detail: '8 alarms, 40% of all', value: 8, share: 1 },
      { label: 'Silent · Ring 2', detail: '2 alarms, 10% of all', value: 2, share: 0.25 },
    ]);
  });

  it('ack times on one scale (the longest p90); rules without acknowledgements left out, operators kept', () => {
    const b = ackBars(kpis);
    expect(b.perRule).toEqual([{ label: 'Car park full', p50: 60_000, p90: 600_000, p50Share: 0.1, p90Share: 1, note: '8 new' }]);
    expect(b.perOperator).toEqual([
      { label: 'anna', p50: 120_000, p90: 300_000, p50Share: 0.2, p90Share: 0.5, note: '2 acknowledged, 0 shelved' },
      { label: 'carl', p50: null, p90: null, p50Share: 0, p90Share: 0, note: '0 acknowledged, 1 shelved' },
    ]);
  });

  it.each<[number | null, string]>([
    [null, '—'],
    [45_000, '45 s'],
    [12 * 60_000, '12 min'],
    [3.5 * 3_600_000, '3.5 h'],
    [30 * 3_600_000, '30 h'],
  ])('duration %s is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('headline tiles flag what misses the targets', () => {
    const h = Object.fromEntries(headline(kpis).map((t) => [t.label, t]));
    expect(h['Average / 10 min']).toMatchObject({ value: '0.14', bad: false });
    expect(h['Peak / 10 min']).toMatchObject({ value: '12', bad: true });
    expect(h['Time in flood']).toMatchObject({ value: '0.7%', bad: false });
    expect(h['Ack p50 / p90']).toMatchObject({ value: '2 min / 10 min' });
    expect(h['Chattering']).toMatchObject({ value: '0', bad: false });
    expect(headline({ ...kpis, floodShare: 0.037, averagePerTenMinutes: 10.4 }).find((t) => t.label === 'Time in flood')).toMatchObject({ value: '3.7%', bad: true });
  });
});
