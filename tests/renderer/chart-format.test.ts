import { describe, expect, it } from 'vitest';
import { buildChartData } from '../../renderer/panels/chartData';
import { formatAge, formatFeedTime, formatValue, totalRejects } from '../../renderer/panels/format';
import { ageMs, freshnessOf } from '../../renderer/map/freshness';
import { stateOf, status, T0 } from './fixtures';

describe('chart data', () => {
  it('converts to seconds, keeps nulls, and inserts a null inside every gap', () => {
    const h = {
      points: [
        { ts: 0, values: { a: 1, b: 2 } },
        { ts: 300_000, values: { a: null, b: 3 } },
        { ts: 1_800_000, values: { a: 4, b: 5 } },
      ],
      gaps: [{ from: 300_000, to: 1_800_000, reason: 'feed unreachable' }],
    };
    const { data, gaps, min, max } = buildChartData(h, ['a', 'b']);
    expect(data[0]).toEqual([0, 300, 1050, 1800]);
    expect(data[1]).toEqual([1, null, null, 4]);
    expect(data[2]).toEqual([2, 3, null, 5]);
    expect(gaps).toEqual([{ from: 300, to: 1800, reason: 'feed unreachable' }]);
    expect(min).toBeNull(); // raw data: no band
    expect(max).toBeNull();
  });

  it('sorts, keeps x strictly increasing, and breaks the line even around a point inside a gap', () => {
    const h = {
      points: [
        { ts: 2000, values: { a: 2 } },
        { ts: 1000, values: { a: 1 } },
        { ts: 1000, values: { a: 9 } },
      ],
      gaps: [{ from: 0, to: 2000, reason: 'r' }, { from: 5, to: 5, reason: 'empty interval, ignored' }],
    };
    const { data } = buildChartData(h, ['a']);
    expect(data[0]).toEqual([1, 1.5, 2]);
    expect(data[1]).toEqual([1, null, 2]);
  });
});

describe('freshness (the shared rule, and no feed clock yet)', () => {
  const s = { expectedIntervalS: 300 };
  it('never without a reading, stale past 1.5 × interval, live otherwise', () => {
    expect(freshnessOf(s, undefined, T0)).toBe('never');
    expect(freshnessOf(s, { ...stateOf('x', T0, {}), last: null, count: 0 }, T0)).toBe('never');
    expect(freshnessOf(s, stateOf('x', T0 - 450_000, {}), T0)).toBe('live');
    expect(freshnessOf(s, stateOf('x', T0 - 450_001, {}), T0)).toBe('stale');
    expect(ageMs(stateOf('x', T0 - 5000, {}), T0)).toBe(5000);
  });
  it('without a feed clock: live with a reading, never without', () => {
    expect(freshnessOf(s, stateOf('x', T0 - 10 * 3600_000, {}), null)).toBe('live');
    expect(freshnessOf(s, undefined, null)).toBe('never');
    expect(ageMs(stateOf('x', T0, {}), null)).toBeNull();
  });
});

describe('format', () => {
  it('formats feed time in the zone passed in, with the zone', () => {
    expect(formatFeedTime(Date.UTC(2014, 7, 1, 6, 5, 0), 'Europe/Copenhagen')).toBe('1 Aug 2014 08:05:00 CEST');
    expect(formatFeedTime(Date.UTC(2014, 0, 1, 6, 5, 0), 'Europe/Copenhagen')).toBe('1 Jan 2014 07:05:00 CET');
    expect(formatFeedTime(Date.UTC(2014, 7, 1, 6, 5, 0), 'Europe/London')).toBe('1 Aug 2014 07:05:00 BST');
    expect(formatFeedTime(Date.UTC(2014, 0, 1, 6, 5, 0), 'Europe/London')).toBe('1 Jan 2014 06:05:00 GMT');
    expect(formatFeedTime(null, 'UTC')).toBe('—');
  });
  it('formats ages and values', () => {
    expect(formatAge(42_000)).toBe('42 s');
    expect(formatAge(5 * 60_000)).toBe('5 min');
    expect(formatAge(190 * 60_000)).toBe('3 h 10 min');
    expect(formatAge(52 * 3600_000)).toBe('2 d 4 h');
    expect(formatValue(null)).toBe('empty');
    expect(formatValue(57, 'km/h')).toBe('57 km/h');
    expect(formatValue(3.14159)).toBe('3.14');
    // a metric's precision: decimals as declared, trailing zeros kept (7.0 is a reading of 7.0, not 7)
    expect(formatValue(12.345, 'µg/m³', 1)).toBe('12.3 µg/m³');
    expect(formatValue(7, '°C', 1)).toBe('7.0 °C');
    expect(formatValue(999.9, 'µg/m³', 0)).toBe('1000 µg/m³');
    expect(formatValue(null, 'µg/m³', 1)).toBe('empty');
  });
  it('counts rejects', () => {
    expect(totalRejects(status({ rejects: { 'unknown-sensor': 2, 'malformed-reading': 3 } }))).toBe(5);
    expect(totalRejects(null)).toBe(0);
  });
});
