/**
 * What a sensor's chart plots, from its type in the registry: one series per raw metric, plus the derived headline
 * metric (the one the map colours by), each labelled with the metric's label and unit in the legend; one y scale per
 * unit, with the unit on its axis. Derived values are computed per history point by the registry's formulas. Pure.
 */
import type { HistoryPoint, SensorHistory } from '../../electron/engine/api';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { axisZoneText, formatAxisTick, formatTimeNear } from '../../electron/shared/zone-time';
import { t } from '../i18n/i18n';

export interface ChartSeriesDef {
  metric: string;
  label: string;
  unit: string;
  /** The y scale (one per unit). */
  scale: string;
  derived: boolean;
}

export interface ChartAxisDef {
  scale: string;
  /** The unit, or (no unit) the labels of the metrics on it. */
  label: string;
}

const scaleOf = (unit: string): string => `unit:${unit}`;

/**
 * The series of a type's chart. For a type the registry does not know, the metrics found in the history, by id and
 * without a unit (shown, not hidden).
 */
export function chartSeries(registry: SensorTypeRegistry, typeId: string, history?: Pick<SensorHistory, 'points'> | null): ChartSeriesDef[] {
  const type = registry.get(typeId);
  if (!type) {
    const ids = new Set<string>();
    for (const p of history?.points ?? []) for (const k of Object.keys(p.values)) ids.add(k);
    return [...ids].sort().map((metric) => ({ metric, label: metric, unit: '', scale: scaleOf(''), derived: false }));
  }
  const defs = type.metrics.map((m) => ({ metric: m.id, label: m.label, unit: m.unit, scale: scaleOf(m.unit), derived: false }));
  const headline = type.derived.find((d) => d.id === type.style.headline);
  if (headline) defs.push({ metric: headline.id, label: headline.label, unit: headline.unit, scale: scaleOf(headline.unit), derived: true });
  return defs;
}

/** The legend's text for a series: "Average speed (km/h)", "+ avg" for rollups. */
export function seriesLabel(def: Pick<ChartSeriesDef, 'label' | 'unit'>, rollup: boolean): string {
  return `${def.label}${def.unit ? ` (${def.unit})` : ''}${rollup ? ' avg' : ''}`;
}

/** One axis per scale, in the order the series first use them. */
export function chartAxes(series: readonly ChartSeriesDef[]): ChartAxisDef[] {
  const byScale = new Map<string, ChartSeriesDef[]>();
  for (const s of series) byScale.set(s.scale, [...(byScale.get(s.scale) ?? []), s]);
  return [...byScale].map(([scale, list]) => ({ scale, label: list[0]!.unit || (list.length <= 2 ? list.map((s) => s.label).join(' / ') : t('panels.chartNoUnit')) }));
}

/** Axes drawn at once: a narrow panel has room for one on each side. */
export const MAX_AXES = 2;

/**
 * The scales shown first: the headline metric's, then the others in order, at most MAX_AXES. The rest are offered
 * beside the chart (chooseScale).
 */
export function defaultScales(series: readonly ChartSeriesDef[], headline?: string): string[] {
  const first = series.find((s) => s.metric === headline)?.scale;
  const order = [...new Set([...(first ? [first] : []), ...series.map((s) => s.scale)])];
  return order.slice(0, MAX_AXES);
}

/** Showing another scale: it joins the shown ones, replacing the one shown longest when there is no room. */
export function chooseScale(shown: readonly string[], scale: string): string[] {
  if (shown.includes(scale)) return shown.length > 1 ? shown.filter((s) => s !== scale) : [...shown];
  return [...shown, scale].slice(-MAX_AXES);
}

/**
 * The history with the derived series' values added to every point (from the point's values, or the bucket averages
 * of a rollup); a missing input gives a missing value, never 0. Min / max of derived values are not known for rollups.
 */
export function withDerived<H extends Pick<SensorHistory, 'points'>>(
  history: H,
  series: readonly ChartSeriesDef[],
  registry: SensorTypeRegistry,
  typeId: string,
  attributes: Record<string, string | number | null>,
): H {
  const derived = series.filter((s) => s.derived).map((s) => s.metric);
  if (derived.length === 0) return history;
  const points = history.points.map((p): HistoryPoint => {
    const computed = registry.derive(typeId, attributes, p.values);
    const values = { ...p.values };
    for (const m of derived) values[m] = computed[m] ?? null;
    return { ...p, values };
  });
  return { ...history, points };
}

/**
 * The time axis's tick labels (uPlot's `values`; splits and step in seconds): 24-hour city time ("06:00", "08:00"; the
 * day, "30 Nov", at a local midnight or for day steps), never uPlot's own "6am" or "11/30/26".
 */
export function timeAxisLabels(splits: readonly number[], stepS: number, timeZone: string): string[] {
  return splits.map((s) => formatAxisTick(s * 1000, timeZone, stepS * 1000));
}

/** The time axis's title: the zone its ticks are in ("Time (CET)", "Time (CEST / CET)" across a clock change). */
export function timeAxisTitle(fromMs: number, toMs: number, timeZone: string): string {
  return t('panels.chartTimeTitle', { zone: axisZoneText(fromMs, toMs, timeZone) });
}

/**
 * The legend's time under the cursor (seconds): to the second with the zone, the day added when it is not the day the
 * chart ends on ("10:15:42 CET", "29 Nov 10:15:42 CET"); "—" when the cursor is off the data.
 */
export function legendTime(seconds: number | null | undefined, endMs: number, timeZone: string): string {
  return seconds === null || seconds === undefined ? '—' : formatTimeNear(seconds * 1000, endMs, timeZone, true);
}
