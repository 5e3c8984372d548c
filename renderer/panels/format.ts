/**
 * Formatting for the renderer: times (in a zone passed in: the city's), ages, values, counts, in the operator's
 * language. Dates follow the display locale of electron/shared/zone-time.ts (set from the language: i18n/i18n.ts);
 * every number a person reads goes through formatNumber here, in that same locale ("12.5" in English, "12,5" in
 * Danish), and span words ("5 min ago") through the `time` messages. The words for metrics, types and flags come from
 * the sensor-type registry; freshness and reject texts from electron/shared/labels.ts.
 */
import type { FeedStatus, HistoryResolution } from '../../electron/engine/api';

import { displayLocale, formatTime, sameLocalDay, zoneName } from '../../electron/shared/zone-time';
import { t } from '../i18n/i18n';
import { STALE_GRACE_FACTOR } from '../../electron/shared/model';

export {
  axisZoneText,
  formatAxisTick,
  formatClock,
  formatFeedTime,
  formatTime,
  formatTimeNear,
  zoneName,
  type TimeShape,
} from '../../electron/shared/zone-time';

const ok = (ms: number | null | undefined): ms is number => typeof ms === 'number' && Number.isFinite(ms);

const numberFormats = new Map<string, Intl.NumberFormat>();

export interface NumberOptions {
  /** Exactly this many decimals (rounded as toFixed does); without it, as many as the number has. */
  decimals?: number;
  /** Thousands separators ("1,234,567" / "1.234.567"); off by default (values read as the data has them). */
  grouping?: boolean;
}

/**
 * The one number formatter of the screen: `n` in the display locale ("1234.5" / "1234,5"; with `grouping`
 * "1,234,567" / "1.234.567"), "—" for none.
 */
export function formatNumber(n: number | null | undefined, opts: NumberOptions = {}): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const loc = displayLocale();
  const key = `${loc}|${opts.decimals ?? ''}|${opts.grouping ? 1 : 0}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(loc, {
      minimumFractionDigits: opts.decimals ?? 0,
      maximumFractionDigits: opts.decimals ?? 20,
      useGrouping: opts.grouping ?? false,
    });
    numberFormats.set(key, f);
  }
  // Round as toFixed did (the values' shown digits stay what they were); -0 is written 0.
  const v = opts.decimals !== undefined ? Number(n.toFixed(opts.decimals)) : n;
  return f.format(v === 0 ? 0 : v);
}

/** A span in words: "42 s", "5 min", "3 h 10 min", "2 d 4 h" (Danish "3 t 10 min", "2 d 4 t"); "—" for none. */
export function formatSpan(ms: number | null | undefined): string {
  if (!ok(ms)) return '—';
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return t('time.seconds', { n: s });
  const min = Math.floor(s / 60);
  if (min < 60) return t('time.minutes', { n: min });
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? t('time.hoursMinutes', { h, min: min % 60 }) : t('time.hours', { n: h });
  const d = Math.floor(h / 24);
  return h % 24 ? t('time.daysHours', { d, h: h % 24 }) : t('time.days', { n: d });
}

/**
 * `ms` relative to `now` (the feed clock, or in replay the replayed instant): "20 min ago", "in 5 min", "just now"
 * (within 10 s); Danish "for 20 min siden", "om 5 min", "lige nu". "—" when either is unknown.
 */
export function formatRelative(ms: number | null | undefined, now: number | null | undefined): string {
  if (!ok(ms) || !ok(now)) return '—';
  const d = now - ms;
  if (Math.abs(d) < 10_000) return t('time.justNow');
  return d > 0 ? t('time.ago', { span: formatSpan(d) }) : t('time.in', { span: formatSpan(-d) });
}

/** Compact age: "42 s", "5 min", "3 h 10 min", "2 d 4 h" (formatSpan). */
export function formatAge(ms: number | null): string {
  return formatSpan(ms);
}

/** A value with its unit; to `precision` decimals when given (a metric's precision), else as the data has it. */
export function formatValue(v: number | null | undefined, unit = '', precision?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return t('panels.empty');
  const n = formatNumber(v, { decimals: precision ?? (Number.isInteger(v) ? 0 : Math.abs(v) < 10 ? 2 : 1) });
  return unit ? `${n} ${unit}` : n;
}

/** "42%" ("42 %" in Danish). */
export function formatPercent(ratio: number | null, decimals = 0): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return t('units.percent', { n: formatNumber(ratio * 100, { decimals }) });
}

export function totalRejects(status: Pick<FeedStatus, 'rejects'> | null): number {
  if (!status) return 0;
  return Object.values(status.rejects).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** "12.3 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${formatNumber(bytes / 1e3, { decimals: bytes < 1e4 ? 1 : 0 })} kB`;
  if (bytes < 1e9) return `${formatNumber(bytes / 1e6, { decimals: bytes < 1e7 ? 2 : 1 })} MB`;
  return `${formatNumber(bytes / 1e9, { decimals: 2 })} GB`;
}

/** Compact counts for the status bar: "950", "12.3k", "1.25M". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a < 1000) return formatNumber(Math.round(n));
  // Trailing zeros dropped ("12.3k", not "12.30k"): rounded to the digits, then written with as many as remain.
  if (a < 1e6) return `${formatNumber(Number((n / 1e3).toFixed(a < 1e4 ? 2 : 1)))}k`;
  return `${formatNumber(Number((n / 1e6).toFixed(a < 1e7 ? 2 : 1)))}M`;
}

/** Full count with thousands separators: "1,234,567" (Danish "1.234.567"). */
export function formatInt(n: number): string {
  return Number.isFinite(n) ? formatNumber(Math.round(n), { grouping: true }) : '—';
}

/** A sensor's freshness in words: "Live", "Stale (silent longer than 2 × its interval)", "No reading yet". */
export function freshnessText(f: 'live' | 'stale' | 'never'): string {
  return f === 'live' ? t('panels.fresh_live') : f === 'stale' ? t('panels.fresh_stale', { n: STALE_GRACE_FACTOR }) : t('panels.fresh_never');
}

/** How a history is drawn, in words: "raw readings", "1-minute averages", "1-hour averages". */
export function resolutionText(r: HistoryResolution): string {
  return t(r === 'raw' ? 'panels.resolutionRaw' : r === '1m' ? 'panels.resolution1m' : 'panels.resolution1h');
}

/** A time in a list or table, with the day and the zone: "30 Nov 17:02 CET" (never "11-30 17:02"). */
export function formatFeedShort(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'dayClock');
}

/**
 * An interval, with the zone: "1 Aug 17:02 – 17:14 CEST" (the day once when both ends share it; the zone at each end
 * when a clock change lies between them: "27 Oct 01:30 BST – 01:30 GMT").
 */
export function formatFeedRange(from: number, to: number, timeZone: string): string {
  if (!ok(from) || !ok(to)) return `${formatFeedShort(from, timeZone)} – ${formatFeedShort(to, timeZone)}`;
  const a = formatTime(from, timeZone, 'listTime');
  const b = formatTime(to, timeZone, sameLocalDay(from, to, timeZone) ? 'hm' : 'listTime');
  const za = zoneName(from, timeZone);
  const zb = zoneName(to, timeZone);
  return za === zb ? `${a} – ${b} ${zb}` : `${a} ${za} – ${b} ${zb}`;
}

/**
 * Who a gap concerns, in words: 'all', 'kind:TYPE' (named by the type's plural label when known) or one sensor id
 * (named from the catalogue when known).
 */
export function gapScopeText(scope: string, sensorName?: (id: string) => string | undefined, typePlural?: (typeId: string) => string | undefined): string {
  if (scope === 'all') return t('panels.gapAll');
  if (scope.startsWith('kind:')) {
    const kind = scope.slice(5);
    const label = typePlural?.(kind);
    return label ? t('panels.gapAllOfType', { label: label.toLowerCase() }) : t('panels.gapAllOfKind', { kind });
  }
  const name = sensorName?.(scope);
  return name && name !== scope ? `${name} (${scope})` : scope;
}

/** A wall-clock instant (notes, outages) to the minute, with the zone: "14 Mar 2025 17:02 CET". */
export function formatWallTime(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'dateTime');
}
