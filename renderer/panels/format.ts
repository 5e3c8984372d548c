/**
 * Labels and formatting for the renderer. METRIC_INFO and QUALITY_FLAGS live in electron/engine/model.ts as runtime
 * values, which the renderer may not import: this is the renderer's own copy, typed against the engine's keys so that
 * a new metric or flag is a compile error here.
 */
import type { FeedStatus, HistoryResolution } from '../../electron/engine/api';
import type { RejectReason } from '../../electron/shared/protocol';
import type { Freshness, Metric, QualityFlag, SensorKind } from '../../electron/shared/model';

export const METRIC_LABELS: Record<Metric, { label: string; unit: string }> = {
  avgSpeedKmh: { label: 'Average speed', unit: 'km/h' },
  vehicleCount: { label: 'Vehicles', unit: '' },
  avgMeasuredTimeS: { label: 'Average travel time', unit: 's' },
  medianMeasuredTimeS: { label: 'Median travel time', unit: 's' },
  totalSpaces: { label: 'Total spaces', unit: '' },
  ozone: { label: 'Ozone (O₃) index', unit: '' },
  particulateMatter: { label: 'Particulate matter index', unit: '' },
  carbonMonoxide: { label: 'Carbon monoxide (CO) index', unit: '' },
  sulfurDioxide: { label: 'Sulphur dioxide (SO₂) index', unit: '' },
  nitrogenDioxide: { label: 'Nitrogen dioxide (NO₂) index', unit: '' },
};

export const KIND_METRICS: Record<SensorKind, readonly Metric[]> = {
  traffic: ['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS'],
  parking: ['vehicleCount', 'totalSpaces'],
  air: ['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide'],
};

export const KIND_LABELS: Record<SensorKind, string> = {
  traffic: 'Traffic segment',
  parking: 'Car park',
  air: 'Air quality point (CityPulse simulated)',
};

export const FLAG_TEXT: Record<QualityFlag, string> = {
  'over-capacity': 'More vehicles than spaces (occupancy over 100%)',
  'zero-vehicles': 'No vehicles detected in this interval',
  'zero-speed': 'Average speed reported as 0 km/h',
  'missing-value': 'A metric was reported empty',
  'negative-value': 'A metric is negative, which is physically impossible',
  'speed-implausible': 'Average speed above 250 km/h',
};

export const FRESHNESS_TEXT: Record<Freshness, string> = {
  live: 'Live',
  stale: 'Stale (silent longer than 1.5 × its interval)',
  never: 'No reading yet',
};

export const REJECT_TEXT: Record<RejectReason, string> = {
  'malformed-message': 'malformed message',
  'malformed-reading': 'malformed reading',
  'unknown-sensor': 'unknown sensor',
  'unknown-metric': 'unknown metric',
  'wrong-feed': 'wrong feed',
  'protocol-version': 'protocol version',
  'implausible-feed-time': 'implausible feed clock',
  'implausible-reading-time': 'implausible reading time',
  'message-too-large': 'message too large',
  'catalogue-too-large': 'catalogue too large',
  'sensor-too-large': 'sensor entry too large',
};

export function metricLabel(metric: string): { label: string; unit: string } {
  return (METRIC_LABELS as Record<string, { label: string; unit: string } | undefined>)[metric] ?? { label: metric, unit: '' };
}

export function flagText(flag: string): string {
  return (FLAG_TEXT as Record<string, string | undefined>)[flag] ?? flag;
}

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

const KIND_PLURAL: Record<SensorKind, string> = { traffic: 'traffic segments', parking: 'car parks', air: 'air quality points' };

const wallFmt = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

/** Wall-clock time in the operator's zone (notes, outages): "2025-03-14 17:02". */
export function formatWallTime(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const p = Object.fromEntries(wallFmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
