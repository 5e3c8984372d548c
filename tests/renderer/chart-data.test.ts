import { describe, expect, it } from 'vitest';
import type { SensorHistory } from '../../electron/engine/api';
import { bandRuns, buildChartData, gapAt, gapLegend } from '../../renderer/panels/chartData';

/** No line segment of any series may cross a gap: between any two non-null samples spanning a gap lies a null. */
function bridges(data: [number[], ...(number | null)[][]], gaps: { from: number; to: number }[]): string[] {
  const [xs, ...series] = data;
  const out: string[] = [];
  series.forEach((ys, s) => {
    for (let i = 0; i + 1 < xs.length; i++) {
      if (ys[i] == null || ys[i + 1] == null) continue;
      const a = xs[i]!;
      const b = xs[i + 1]!;
      for (const g of gaps) if (a < g.to && b > g.from) out.push(`series ${s}: ${a}→${b} crosses ${g.from}–${g.to}`);
    }
  });
  return out;
}

const H = 3600_000;

describe('buildChartData: gaps', () => {
  it('never bridges any gap, whatever the layout of points and gaps', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      const points = Array.from({ length: 3 + Math.floor(rnd() * 30) }, () => ({
        ts: Math.floor(rnd() * 100) * 60_000,
        values: { a: rnd() < 0.1 ? null : rnd(), b: rnd() },
      }));
      const gaps = Array.from({ length: Math.floor(rnd() * 5) }, () => {
        const from = Math.floor(rnd() * 100) * 60_000;
        return { from, to: from + Math.floor(rnd() * 20) * 60_000, reason: 'x' };
      });
      const { data, gaps: g } = buildChartData({ points, gaps }, ['a', 'b']);
      const xs = data[0];
      for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
      expect(bridges(data, g)).toEqual([]);
      // every real timestamp is kept
      expect(new Set(points.map((p) => p.ts / 1000)).size).toBeLessThanOrEqual(xs.length);
    }
  });

  it('leaves data outside gaps untouched and inserts nothing for a gap beyond the points', () => {
    const { data } = buildChartData(
      { points: [{ ts: 0, values: { a: 1 } }, { ts: 60_000, values: { a: 2 } }], gaps: [{ from: 120_000, to: 600_000, reason: 'feed unreachable' }] },
      ['a'],
    );
    expect(data).toEqual([[0, 60], [1, 2]]);
  });

  it('one null per crossing, shared when two gaps overlap the same segment', () => {
    const { data } = buildChartData(
      {
        points: [{ ts: 0, values: { a: 1 } }, { ts: 1000_000, values: { a: 2 } }],
        gaps: [
          { from: 100_000, to: 200_000, reason: 'a' },
          { from: 100_000, to: 200_000, reason: 'b' },
          { from: 600_000, to: 800_000, reason: 'c' },
        ],
      },
      ['a'],
    );
    expect(data[0]).toEqual([0, 150, 700, 1000]);
    expect(data[1]).toEqual([1, null, null, 2]);
  });
});

describe('buildChartData: rollups', () => {
  const hourly: Pick<SensorHistory, 'points' | 'gaps' | 'resolution'> = {
    resolution: '1h',
    points: [
      { ts: 0, values: { a: 10 }, min: { a: 5 }, max: { a: 20 }, count: 12 },
      { ts: H, values: { a: 12 }, min: { a: 8 }, max: { a: 16 }, count: 12 },
      { ts: 3 * H, values: { a: 11 }, min: { a: null }, max: { a: 15 }, count: 12 },
      { ts: 4 * H, values: { a: 9 }, min: { a: 7 }, max: { a: 13 }, count: 3 },
    ],
    gaps: [{ from: 2 * H, to: 3 * H, reason: 'feed unreachable' }],
  };

  it('draws averages and returns the min/max aligned with x, null at the inserted gap sample', () => {
    const { data, min, max } = buildChartData(hourly, ['a']);
    expect(data[0]).toEqual([0, 3600, 9000, 10800, 14400]);
    expect(data[1]).toEqual([10, 12, null, 11, 9]);
    expect(min).toEqual([[5, 8, null, null, 7]]);
    expect(max).toEqual([[20, 16, null, 15, 13]]);
  });

  it('band runs stop at every unknown min or max (and so at every gap)', () => {
    const { min, max } = buildChartData(hourly, ['a']);
    expect(bandRuns(min![0]!, max![0]!)).toEqual([[0, 1], [4, 4]]);
    expect(bandRuns([], [])).toEqual([]);
    expect(bandRuns([1, 2], [3, 4])).toEqual([[0, 1]]);
  });

  it('1-minute rollups also get a band; raw data does not', () => {
    expect(buildChartData({ ...hourly, resolution: '1m' }, ['a']).min).not.toBeNull();
    expect(buildChartData({ ...hourly, resolution: 'raw' }, ['a']).min).toBeNull();
  });
});

describe('gap legend and hover', () => {
  const gaps = [
    { from: 0, to: 10, reason: 'feed unreachable' },
    { from: 20, to: 30, reason: 'no readings' },
    { from: 40, to: 50, reason: 'feed unreachable' },
  ];
  it('groups by reason in order of appearance', () => {
    expect(gapLegend(gaps).map((l) => [l.reason, l.count])).toEqual([
      ['feed unreachable', 2],
      ['no readings', 1],
    ]);
  });
  it('finds the gap under the cursor', () => {
    expect(gapAt(gaps, 25)?.reason).toBe('no readings');
    expect(gapAt(gaps, 15)).toBeNull();
  });
  it('an empty reason reads "no data"', () => {
    expect(buildChartData({ points: [], gaps: [{ from: 0, to: 1000, reason: '' }] }, ['a']).gaps[0]?.reason).toBe('no data');
  });
});
