/**
 * History -> uPlot data. Pure. Time is in seconds (uPlot's default).
 *
 * Gaps are never bridged: for every gap, a null sample is inserted between each pair of neighbouring samples whose
 * segment would cross it (so even a point lying inside a recorded gap cannot join the lines across it). Gaps are
 * also returned, with their reason, for shading and the legend.
 *
 * Rollups (1-minute / 1-hour) draw the bucket averages as lines; their per-bucket min and max come back aligned with
 * the x values for a min–max band (null where unknown, and at every inserted gap sample).
 */
import type { HistoryResolution, SensorHistory } from '../../electron/engine/api';
import { t } from '../i18n/i18n';

export interface ChartGap {
  /** Seconds. */
  from: number;
  to: number;
  reason: string;
}

export interface ChartData {
  /** [xs, ...one array per metric], as uPlot.AlignedData expects. */
  data: [number[], ...(number | null)[][]];
  /** Per metric, aligned with xs; null for raw data (no band). */
  min: (number | null)[][] | null;
  max: (number | null)[][] | null;
  gaps: ChartGap[];
}

interface Row {
  t: number;
  vals: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function buildChartData(
  history: Pick<SensorHistory, 'points' | 'gaps'> & { resolution?: HistoryResolution },
  metrics: readonly string[],
): ChartData {
  const rollup = history.resolution !== undefined && history.resolution !== 'raw';
  const sorted = history.points
    .filter((p) => Number.isFinite(p.ts))
    .map<Row>((p) => ({
      t: p.ts / 1000,
      vals: metrics.map((m) => num(p.values[m])),
      lo: metrics.map((m) => num(p.min?.[m])),
      hi: metrics.map((m) => num(p.max?.[m])),
    }))
    .sort((a, b) => a.t - b.t);
  // uPlot needs strictly increasing x: merge equal timestamps (the first non-null value wins).
  const rows: Row[] = [];
  for (const r of sorted) {
    const prev = rows[rows.length - 1];
    if (prev && prev.t === r.t) {
      prev.vals = prev.vals.map((v, i) => v ?? r.vals[i] ?? null);
      prev.lo = prev.lo.map((v, i) => v ?? r.lo[i] ?? null);
      prev.hi = prev.hi.map((v, i) => v ?? r.hi[i] ?? null);
    } else rows.push(r);
  }

  const gaps: ChartGap[] = history.gaps
    .filter((g) => Number.isFinite(g.from) && Number.isFinite(g.to) && g.to > g.from)
    .map((g) => ({ from: g.from / 1000, to: g.to / 1000, reason: g.reason || t('panels.chartNoData') }))
    .sort((a, b) => a.from - b.from);

  // Null samples: one per (gap, crossing segment), strictly between the two samples, inside the gap.
  const breaks = new Set<number>();
  for (const g of gaps) {
    for (let i = 0; i + 1 < rows.length; i++) {
      const a = (rows[i] as Row).t;
      const b = (rows[i + 1] as Row).t;
      if (b <= g.from) continue;
      if (a >= g.to) break;
      const lo = Math.max(a, g.from);
      const hi = Math.min(b, g.to);
      breaks.add((lo + hi) / 2);
    }
  }
  const empty = (): (number | null)[] => metrics.map(() => null);
  const all = [...rows, ...[...breaks].map<Row>((t) => ({ t, vals: empty(), lo: empty(), hi: empty() }))].sort((x, y) => x.t - y.t);

  const xs = all.map((r) => r.t);
  const series = metrics.map((_, i) => all.map((r) => r.vals[i] ?? null));
  return {
    data: [xs, ...series],
    min: rollup ? metrics.map((_, i) => all.map((r) => r.lo[i] ?? null)) : null,
    max: rollup ? metrics.map((_, i) => all.map((r) => r.hi[i] ?? null)) : null,
    gaps,
  };
}

/** Gaps grouped by reason for the legend, in order of first appearance. */
export function gapLegend(gaps: readonly ChartGap[]): { reason: string; count: number; gaps: ChartGap[] }[] {
  const by = new Map<string, ChartGap[]>();
  for (const g of gaps) {
    const list = by.get(g.reason);
    if (list) list.push(g);
    else by.set(g.reason, [g]);
  }
  return [...by].map(([reason, list]) => ({ reason, count: list.length, gaps: list }));
}

/** The gap under x (seconds), if any: for the chart's hover text. */
export function gapAt(gaps: readonly ChartGap[], x: number): ChartGap | null {
  return gaps.find((g) => x >= g.from && x <= g.to) ?? null;
}

/**
 * Runs of consecutive samples where both min and max are known: each run is drawn as one band polygon. Returns index
 * ranges [start, end] (inclusive) into the aligned arrays; single-sample runs are kept (drawn as a tick).
 */
export function bandRuns(lo: readonly (number | null)[], hi: readonly (number | null)[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= lo.length; i++) {
    const ok = i < lo.length && lo[i] != null && hi[i] != null;
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  return runs;
}
