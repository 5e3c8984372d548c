/**
 * Labels and formatting for the renderer. METRIC_INFO and QUALITY_FLAGS live in electron/engine/model.ts as runtime
 * values, which the renderer may not import: this is the renderer's own copy, typed against the engine's keys so that
 * a new metric or flag is a compile error here.
 */
import type { FeedStatus } from '../../electron/engine/api';
import type { RejectReason } from '../../electron/engine/feed/protocol';
import type { Freshness, Metric, QualityFlag, SensorKind } from '../../electron/engine/model';

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
