/**
 * History -> uPlot data. Pure. Time is in seconds (uPlot's default). Every gap gets a null sample in its middle so
 * that lines are broken there, never bridged; gaps are also returned for shading.
 */
import type { SensorHistory } from '../../electron/engine/api';

export interface ChartData {
  /** [xs, ...one array per metric], as uPlot.AlignedData expects. */
  data: [number[], ...(number | null)[][]];
  gaps: { from: number; to: number }[]; // seconds
}

export function buildChartData(history: Pick<SensorHistory, 'points' | 'gaps'>, metrics: readonly string[]): ChartData {
  type Row = { t: number; vals: (number | null)[] };
  const rows: Row[] = history.points
    .filter((p) => Number.isFinite(p.ts))
    .map((p) => ({
      t: p.ts / 1000,
      vals: metrics.map((m) => {
        const v = p.values[m];
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      }),
    }));
  const gaps = history.gaps.filter((g) => Number.isFinite(g.from) && Number.isFinite(g.to) && g.to > g.from).map((g) => ({ from: g.from / 1000, to: g.to / 1000 }));
  for (const g of gaps) rows.push({ t: (g.from + g.to) / 2, vals: metrics.map(() => null) });
  rows.sort((a, b) => a.t - b.t);
  // uPlot needs strictly increasing x: merge equal timestamps (a real point wins over an inserted null).
  const merged: Row[] = [];
  for (const r of rows) {
    const prev = merged[merged.length - 1];
    if (prev && prev.t === r.t) {
      prev.vals = prev.vals.map((v, i) => v ?? r.vals[i] ?? null);
    } else merged.push({ t: r.t, vals: [...r.vals] });
  }
  const xs = merged.map((r) => r.t);
  const series = metrics.map((_, i) => merged.map((r) => r.vals[i] ?? null));
  return { data: [xs, ...series], gaps };
}
