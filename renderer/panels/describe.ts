/**
 * What to say about one sensor (tooltip and side panel): pure, tested without the DOM.
 */
import { flagText, metricLabel } from '../../electron/shared/labels';
import { METRICS, type Freshness, type Sensor, type SensorState } from '../../electron/shared/model';
import { ageMs, freshnessOf } from '../map/freshness';
import { numericAttribute } from '../map/layers/common';
import { airIndex, airLevel } from '../map/layers/air';
import { congestionRatio } from '../map/layers/traffic';
import { occupancyRatio } from '../map/layers/parking';
import { formatPercent, formatValue } from './format';

export interface SensorSummary {
  freshness: Freshness;
  ageMs: number | null;
  /** Key values, label -> formatted text. */
  lines: { label: string; value: string; warn?: boolean }[];
  flags: { flag: string; text: string }[];
  /** Loud notes (over capacity, simulated data). */
  notes: string[];
}

export function summarize(sensor: Sensor, state: SensorState | undefined, now: number | null): SensorSummary {
  const values = state?.last?.values ?? {};
  const lines: SensorSummary['lines'] = [];
  const notes: string[] = [];
  const v = (m: string): number | null => {
    const x = values[m];
    return typeof x === 'number' && Number.isFinite(x) ? x : null;
  };
  if (sensor.kind === 'traffic') {
    const speed = v('avgSpeedKmh');
    const normal = numericAttribute(sensor, 'normalSpeedKmh');
    lines.push({ label: 'Speed', value: `${formatValue(speed, 'km/h')}${normal !== null ? ` (normal ${formatValue(normal, 'km/h')})` : ''}` });
    const ratio = congestionRatio(speed, normal);
    lines.push({ label: 'Speed vs normal', value: formatPercent(ratio), warn: ratio !== null && ratio < 0.4 });
    lines.push({ label: 'Vehicles', value: formatValue(v('vehicleCount')) });
  } else if (sensor.kind === 'parking') {
    const count = v('vehicleCount');
    const spaces = v('totalSpaces') ?? numericAttribute(sensor, 'capacity');
    const occ = occupancyRatio(count, spaces);
    lines.push({ label: 'Occupied', value: `${formatValue(count)} / ${formatValue(spaces)}` });
    lines.push({ label: 'Occupancy', value: formatPercent(occ), warn: occ !== null && occ > 1 });
    if ((occ !== null && occ > 1) || state?.flags.includes('over-capacity')) {
      notes.push(`OVER CAPACITY: ${formatPercent(occ)} — more vehicles than spaces reported (a sensor fault in the source data, shown as reported)`);
    }
  } else {
    const { index, dominant } = airIndex(values);
    lines.push({ label: 'Index (max of 5)', value: index === null ? '—' : `${formatValue(index)} · ${airLevel(index).label}` });
    if (dominant) lines.push({ label: 'Dominant', value: metricLabel(dominant).label });
    notes.push('CityPulse simulated air quality — generated values, not measurements');
  }
  // Any other metric in the reading that is not one of the kind's known metrics is still shown.
  for (const m of Object.keys(values)) {
    if (!(METRICS[sensor.kind] as readonly string[]).includes(m)) lines.push({ label: m, value: formatValue(values[m]) });
  }
  return {
    freshness: freshnessOf(sensor, state, now),
    ageMs: ageMs(state, now),
    lines,
    flags: (state?.flags ?? []).map((f) => ({ flag: f, text: flagText(f) })),
    notes,
  };
}
