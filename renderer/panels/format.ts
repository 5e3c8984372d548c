/**
 * Formatting for the renderer: times, ages, values, counts. The words for the model's values (metric labels, kind
 * names, flag, freshness and reject texts) are shared with the engine: electron/shared/labels.ts.
 */
import type { FeedStatus, HistoryResolution } from '../../electron/engine/api';
import { KIND_PLURAL } from '../../electron/shared/labels';

/** The city's zone: the feed's timestamps are Aarhus local time. */
export const DISPLAY_TIME_ZONE = 'Europe/Copenhagen';

const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZoneName: 'short',
});

/** e.g. "2014-08-01 08:05:00 CEST". */
export function formatFeedTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const parts = Object.fromEntries(dateTimeFmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName ?? ''}`.trim();
}

/** Compact age: "42 s", "5 min", "3 h 10 min", "2 d 4 h". */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function formatValue(v: number | null | undefined, unit = ''): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'empty';
  const n = Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 2 : 1);
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

const shortFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_TIME_ZONE,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Compact feed time for lists: "08-01 17:02" (Aarhus time). */
export function formatFeedShort(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const p = Object.fromEntries(shortFmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** A feed-time interval: "08-01 17:02 – 17:14" (the date once when both ends share it). */
export function formatFeedRange(from: number, to: number): string {
  const a = formatFeedShort(from);
  const b = formatFeedShort(to);
  return a.slice(0, 5) === b.slice(0, 5) ? `${a} – ${b.slice(6)}` : `${a} – ${b}`;
}

/** Who a gap concerns, in words: 'all', 'kind:traffic' or one sensor id (named from the catalogue when known). */
export function gapScopeText(scope: string, sensorName?: (id: string) => string | undefined): string {
  if (scope === 'all') return 'all sensors';
  if (scope.startsWith('kind:')) {
    const kind = scope.slice(5);
    const label = (KIND_PLURAL as Record<string, string | undefined>)[kind];
    return label ? `all ${label}` : `all ${kind} sensors`;
  }
  const name = sensorName?.(scope);
  return name && name !== scope ? `${name} (${scope})` : scope;
}

const wallFmt = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** Wall-clock time in the operator's zone (notes, outages): "2025-03-14 17:02". */
export function formatWallTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const p = Object.fromEntries(wallFmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
