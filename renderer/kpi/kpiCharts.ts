/**
 * The KPI view's charts as data (pure, tested): bars, scales, reference lines and ticks in SVG units; the view only
 * draws them (KpiCharts.tsx). New alarms per 10 minutes: a bar per interval, the flood line (more than FLOOD_ALARMS)
 * and the target line (about TARGET_AVERAGE_PER_WINDOW); a square-root scale when the peak dwarfs the flood line, so
 * that both lines and the small bars stay readable (the axis says so).
 */
import type { AlarmKpis } from '../../electron/engine/api';
import { FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';
import { formatAxisTick, zoneParts } from '../../electron/shared/zone-time';
import { t } from '../i18n/i18n';
import { formatNumber } from '../panels/format';

export interface Box {
  width: number;
  height: number;
  /** Space for the axis labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export type BarTone = 'flood' | 'over-target' | 'ok';

export interface RateBar {
  at: number;
  count: number;
  x: number;
  y: number;
  w: number;
  h: number;
  tone: BarTone;
}

export interface RateChart {
  bars: RateBar[];
  /** y of the flood and target lines. */
  floodY: number;
  targetY: number;
  /** Value axis: labelled values and their y. */
  yTicks: { value: number; y: number }[];
  /** Time axis: instants (the view labels them in the city's zone) and their x. */
  xTicks: { at: number; x: number }[];
  scale: 'linear' | 'sqrt';
  max: number;
}

/** The peak beyond which the new-alarm chart uses a square-root scale. */
export const SQRT_ABOVE = 5 * FLOOD_ALARMS;

/**
 * The new-alarm chart. `ticks`: the instants to mark on the time axis (city-local midnights or hours, chosen by the
 * view with timeTicks).
 */
export function rateChart(buckets: AlarmKpis['perTenMinutes'], from: number, to: number, box: Box, ticks: readonly number[]): RateChart {
  const peak = buckets.reduce((m, b) => Math.max(m, b.count), 0);
  const scale: RateChart['scale'] = peak > SQRT_ABOVE ? 'sqrt' : 'linear';
  const max = niceMax(Math.max(peak, FLOOD_ALARMS + 2));
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const f = scale === 'sqrt' ? Math.sqrt : (v: number) => v;
  const yOf = (v: number) => box.top + plotH - (f(Math.max(0, v)) / f(max)) * plotH;
  const span = Math.max(1, to - from);
  const xOf = (t: number) => box.left + ((t - from) / span) * plotW;
  const step = buckets.length > 1 ? buckets[1]!.at - buckets[0]!.at : span;
  const bars = buckets.map((b) => {
    const x = xOf(b.at);
    const w = Math.max(0.5, xOf(Math.min(to, b.at + step)) - x - (plotW / Math.max(1, buckets.length) > 3 ? 1 : 0));
    const y = yOf(b.count);
    return { at: b.at, count: b.count, x, y, w, h: box.top + plotH - y, tone: toneOf(b.count) };
  });
  const tickValues = scale === 'sqrt' ? [0, TARGET_AVERAGE_PER_WINDOW, FLOOD_ALARMS, ...[50, 100, 200, 500, 1000, 2000, 5000].filter((v) => v <= max)] : linearTicks(max);
  return {
    bars,
    floodY: yOf(FLOOD_ALARMS),
    targetY: yOf(TARGET_AVERAGE_PER_WINDOW),
    yTicks: spacedTicks([...new Set(tickValues)].filter((v) => v <= max).map((value) => ({ value, y: yOf(value) }))),
    xTicks: ticks.filter((t) => t >= from && t <= to).map((at) => ({ at, x: xOf(at) })),
    scale,
    max,
  };
}

/** Closest two axis labels may be (SVG units). */
export const MIN_TICK_GAP = 10;

/** Axis labels that do not overlap: the flood and target values first, then the others from the top; in value order. */
function spacedTicks(ticks: { value: number; y: number }[]): { value: number; y: number }[] {
  const rank = (v: number) => (v === FLOOD_ALARMS ? 0 : v === TARGET_AVERAGE_PER_WINDOW ? 1 : 2);
  const kept: { value: number; y: number }[] = [];
  for (const t of [...ticks].sort((a, b) => rank(a.value) - rank(b.value) || b.value - a.value)) {
    if (kept.every((k) => Math.abs(k.y - t.y) >= MIN_TICK_GAP)) kept.push(t);
  }
  return kept.sort((a, b) => a.value - b.value);
}

export function toneOf(count: number): BarTone {
  return count > FLOOD_ALARMS ? 'flood' : count > TARGET_AVERAGE_PER_WINDOW ? 'over-target' : 'ok';
}

/** 1, 2, 5 × 10^n at or above v. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function linearTicks(max: number): number[] {
  const step = niceMax(max / 5);
  const out: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/**
 * Instants to mark on a time axis from `from` to `to`: every `hours` hours on the city's clock (at whole local hours
 * divisible by it), at most `max` of them. `localHour(ms)`: the hour of the day in the city's zone.
 */
export function timeTicks(from: number, to: number, localHour: (ms: number) => number, max = 12): number[] {
  const span = to - from;
  const hours = [1, 2, 3, 6, 12, 24, 48, 72, 168].find((h) => span / (h * 3_600_000) <= max) ?? 168;
  const out: number[] = [];
  let midnights = 0;
  // Whole hours (UTC and the city's zones agree on whole hours except in half-hour zones: those get their local hour).
  for (let t = Math.ceil(from / 3_600_000) * 3_600_000; t <= to; t += 3_600_000) {
    const h = localHour(t);
    if (hours < 24) {
      if (h % hours === 0) out.push(t);
    } else if (h === 0 && midnights++ % (hours / 24) === 0) out.push(t);
  }
  return out;
}

/** The hour of the day (0–23) on the city's clock, for timeTicks. */
export function localHourIn(timeZone: string): (ms: number) => number {
  return (ms) => Number(zoneParts(ms, timeZone).hour);
}

/**
 * A time-axis label of the new-alarm chart from `from` to `to`: the day ("30 Nov") over more than 36 hours, else the
 * 24-hour city time ("14:00"; the day at a local midnight). The axis names the zone once.
 */
export function timeTickLabel(at: number, from: number, to: number, timeZone: string): string {
  return formatAxisTick(at, timeZone, to - from > 36 * 3_600_000 ? 24 * 3_600_000 : 3_600_000);
}

export interface HBar {
  label: string;
  /** Second line: what the figure is, in words. */
  detail: string;
  value: number;
  /** Bar length 0 to 1 of the widest. */
  share: number;
}

/** The bad actors as horizontal bars, longest first. */
export function badActorBars(k: Pick<AlarmKpis, 'badActors'>): HBar[] {
  const top = k.badActors.reduce((m, b) => Math.max(m, b.count), 0);
  return k.badActors.map((b) => ({ label: `${b.ruleName} · ${b.subjectName}`, detail: t('kpi.badActorDetail', { count: b.count, share: Math.round(b.share * 100) }), value: b.count, share: top ? b.count / top : 0 }));
}

export interface AckBar {
  label: string;
  /** Acknowledgement time percentiles in ms (null: no acknowledgement). */
  p50: number | null;
  p90: number | null;
  /** Bar lengths 0 to 1 of the longest p90. */
  p50Share: number;
  p90Share: number;
  /** How many acknowledgements (per operator), or alarms (per rule). */
  note: string;
}

/** Acknowledgement times per rule and per operator as paired bars (p50 inside p90), on one scale. */
export function ackBars(k: Pick<AlarmKpis, 'perRule' | 'perOperator'>): { perRule: AckBar[]; perOperator: AckBar[] } {
  const rules = k.perRule.filter((r) => r.ackP90 !== null);
  const ops = k.perOperator.filter((o) => o.ackP90 !== null);
  const longest = Math.max(0, ...rules.map((r) => r.ackP90!), ...ops.map((o) => o.ackP90!));
  const bar = (label: string, p50: number | null, p90: number | null, note: string): AckBar => ({ label, p50, p90, p50Share: longest && p50 !== null ? p50 / longest : 0, p90Share: longest && p90 !== null ? p90 / longest : 0, note });
  return {
    perRule: rules.map((r) => bar(r.ruleName, r.ackP50, r.ackP90, t('kpi.ruleNote', { n: r.count }))),
    perOperator: k.perOperator.map((o) => bar(o.user, o.ackP50, o.ackP90, t('kpi.operatorNote', { acknowledged: o.acknowledged, shelved: o.shelved }))),
  };
}

/** A duration for the charts: "45 s", "12 min", "3.5 h"; "—" for none. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 60_000) return t('time.seconds', { n: Math.round(ms / 1000) });
  if (ms < 3_600_000) return t('time.minutes', { n: Math.round(ms / 60_000) });
  const h = ms / 3_600_000;
  return t('time.hours', { n: formatNumber(h < 10 ? Math.round(h * 10) / 10 : Math.round(h)) });
}

/** The headline figures, as the tiles above the charts show them. */
export function headline(k: AlarmKpis): { label: string; value: string; bad: boolean; hint: string }[] {
  const avg = k.averagePerTenMinutes;
  return [
    { label: t('kpi.tileNew'), value: String(k.total), bad: false, hint: t('kpi.tileNewHint') },
    { label: t('kpi.tileAverage'), value: formatNumber(avg, { decimals: avg >= 10 ? 0 : 2 }), bad: avg > TARGET_AVERAGE_PER_WINDOW, hint: t('kpi.tileAverageHint', { n: TARGET_AVERAGE_PER_WINDOW }) },
    { label: t('kpi.tilePeak'), value: String(k.peakPerTenMinutes), bad: k.peakPerTenMinutes > FLOOD_ALARMS, hint: t('kpi.tilePeakHint', { n: FLOOD_ALARMS }) },
    { label: t('kpi.tileFlood'), value: t('units.percent', { n: formatNumber(k.floodShare * 100, { decimals: k.floodShare > 0 && k.floodShare < 0.1 ? 1 : 0 }) }), bad: k.floodShare >= 0.01, hint: t('kpi.tileFloodHint') },
    { label: t('kpi.tileAck'), value: `${formatDuration(k.ackTimes.p50)} / ${formatDuration(k.ackTimes.p90)}`, bad: false, hint: t('kpi.tileAckHint', { count: k.ackTimes.count }) },
    { label: t('kpi.tileChattering'), value: String(k.chattering.length), bad: k.chattering.length > 0, hint: t('kpi.tileChatteringHint') },
    { label: t('kpi.tileStanding'), value: String(k.standing.length), bad: k.standing.length > 0, hint: t('kpi.tileStandingHint') },
    { label: t('kpi.tileShelved'), value: `${k.shelved.current.length}`, bad: false, hint: t('kpi.tileShelvedHint', { n: k.shelved.shelvedInPeriod }) },
  ];
}
