/**
 * Formatting for the renderer: times (in a zone passed in: the city's), ages, values, counts. Pure. The words for
 * metrics, types and flags come from the sensor-type registry; freshness and reject texts from
 * electron/shared/labels.ts.
 */
import type { FeedStatus, HistoryResolution } from '../../electron/engine/api';

import { formatSpan, formatTime, sameLocalDay, zoneName } from '../../electron/shared/zone-time';

export {
  axisZoneText,
  formatAxisTick,
  formatClock,
  formatFeedTime,
  formatRelative,
  formatSpan,
  formatTime,
  formatTimeNear,
  zoneName,
  type TimeShape,
} from '../../electron/shared/zone-time';

const ok = (ms: number | null | undefined): ms is number => typeof ms === 'number' && Number.isFinite(ms);

/** Compact age: "42 s", "5 min", "3 h 10 min", "2 d 4 h" (electron/shared/zone-time.ts formatSpan). */
export function formatAge(ms: number | null): string {
  return formatSpan(ms);
}

/** A value with its unit; to `precision` decimals when given (a metric's precision), else as the data has it. */
export function formatValue(v: number | null | undefined, unit = '', precision?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'empty';
  const n = precision !== undefined ? v.toFixed(precision) : Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 2 : 1);
  return unit ? `${n} ${unit}` : n;
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

export function totalRejects(status: Pick<FeedStatus, 'rejects'> | null): number {
  if (!status) return 0;
  return Object.values(status.rejects).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** "12.3 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** Compact counts for the status bar: "950", "12.3k", "1.25M". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 1e6) return `${trimZeros((n / 1e3).toFixed(a < 1e4 ? 2 : 1))}k`;
  return `${trimZeros((n / 1e6).toFixed(a < 1e7 ? 2 : 1))}M`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Full count with thousands separators: "1,234,567". */
export function formatInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '—';
}

export const RESOLUTION_TEXT: Record<HistoryResolution, string> = {
  raw: 'raw readings',
  '1m': '1-minute averages',
  '1h': '1-hour averages',
};

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
  if (scope === 'all') return 'all sensors';
  if (scope.startsWith('kind:')) {
    const kind = scope.slice(5);
    const label = typePlural?.(kind);
    return label ? `all ${label.toLowerCase()}` : `all ${kind} sensors`;
  }
  const name = sensorName?.(scope);
  return name && name !== scope ? `${name} (${scope})` : scope;
}

/** A wall-clock instant (notes, outages) to the minute, with the zone: "14 Mar 2025 17:02 CET". */
export function formatWallTime(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'dateTime');
}
