/**
 * Words for the model's values, shown by the renderer (panels, tooltips, status bar) and usable by any host: metric
 * labels and units, kind names, quality-flag texts, freshness and feed reject reasons. Pure and zod-free, so that the
 * renderer may import it at run time (protocol.ts is imported for its types only).
 */
import { METRIC_INFO, QUALITY_FLAGS, STALE_GRACE_FACTOR, type Freshness, type SensorKind } from './model';
import type { RejectReason } from './protocol';

export interface MetricLabel {
  label: string;
  unit: string;
}

/** Label and unit of a metric; an unknown name is shown as itself, without a unit. */
export function metricLabel(metric: string): MetricLabel {
  return (METRIC_INFO as Record<string, MetricLabel | undefined>)[metric] ?? { label: metric, unit: '' };
}

/** What a quality flag means; an unknown flag is shown as itself. */
export function flagText(flag: string): string {
  return (QUALITY_FLAGS as Record<string, string | undefined>)[flag] ?? flag;
}

export const KIND_LABELS: Record<SensorKind, string> = {
  traffic: 'Traffic segment',
  parking: 'Car park',
  air: 'Air quality point (CityPulse simulated)',
};

/** "All …" in a sentence: every sensor of a kind. */
export const KIND_PLURAL: Record<SensorKind, string> = { traffic: 'traffic segments', parking: 'car parks', air: 'air quality points' };

export const FRESHNESS_TEXT: Record<Freshness, string> = {
  live: 'Live',
  stale: `Stale (silent longer than ${STALE_GRACE_FACTOR} × its interval)`,
  never: 'No reading yet',
};

/** Why the engine refused a feed message (the status bar's reject counts). */
export const REJECT_TEXT: Record<RejectReason, string> = {
  'malformed-message': 'malformed message',
  'malformed-reading': 'malformed reading',
  'unknown-sensor': 'unknown sensor',
  'unknown-metric': 'unknown metric',
  'invalid-type': 'invalid sensor type',
  'unknown-type': 'unknown sensor type',
  'wrong-feed': 'wrong feed',
  'protocol-version': 'protocol version',
  'implausible-feed-time': 'implausible feed clock',
  'implausible-reading-time': 'implausible reading time',
  'message-too-large': 'message too large',
  'catalogue-too-large': 'catalogue too large',
  'sensor-too-large': 'sensor entry too large',
};

/** A reject reason in words; a reason this build does not know is shown as itself. */
export function rejectText(reason: string): string {
  return (REJECT_TEXT as Record<string, string | undefined>)[reason] ?? reason;
}
