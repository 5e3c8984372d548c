/**
 * What the tooltip and the legend say about a sensor type and one sensor, from the registry (pure, tested without the
 * DOM): the type's label, where its numbers come from, the headline value to its precision with its unit and colour
 * band, the values it is computed from, and the quality flags with their labels.
 */
import { t } from '../i18n/i18n';
import { formatNumber } from './format';
import type { Freshness, Sensor, SensorState } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { MetricDef } from '../../electron/shared/sensor-types/types';
import { unitLabel } from '../../electron/shared/sensor-types/units';
import { ageMs, freshnessOf } from '../map/freshness';
import { finiteOrNull, typeOf, valuesOf } from '../map/layers/common';
import { headlineInputs, inRange } from '../map/layers/typeStyle';
import { provenanceOf, type ProvenanceText } from './provenance';
import { downReason, downText, type SourceDown } from '../health/sourceDown';

/** "12.3 µg/m³", "87 %", "450": to the metric's precision, with its unit; 'empty' for a value reported empty. */
export function formatMetric(value: number | null | undefined, def: Pick<MetricDef, 'unit' | 'precision'> | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t('panels.empty');
  const n = def ? formatNumber(value, { decimals: def.precision }) : formatNumber(value);
  const unit = def?.unit ? unitLabel(def.unit) : '';
  return unit ? `${n} ${unit}` : n;
}

/** The headline in words with its unit, e.g. "Occupancy (%)", "Highest index". */
export function metricHeading(def: Pick<MetricDef, 'label' | 'unit'>): string {
  return def.unit ? `${def.label} (${unitLabel(def.unit)})` : def.label;
}

export interface SummaryLine {
  label: string;
  value: string;
  /** Outside its valid range or not computable: shown as reported, marked. */
  warn?: boolean;
}

export interface SensorSummary {
  typeLabel: string;
  provenance: ProvenanceText;
  freshness: Freshness;
  ageMs: number | null;
  /** The headline value (with its band's label) first, then the values it is computed from. */
  lines: SummaryLine[];
  /** The headline's colour band, when it has one. */
  band: string | null;
  flags: { flag: string; text: string }[];
  /**
   * The sensor's source is down: "source down since 10:40 CET" and why. Its values are the last received, not live
   * (freshness is then never 'live').
   */
  down: { text: string; reason: string } | null;
}

export function summarize(
  sensor: Sensor,
  state: SensorState | undefined,
  now: number | null,
  registry: SensorTypeRegistry,
  health: { down: SourceDown | null; timeZone: string } = { down: null, timeZone: 'UTC' },
): SensorSummary {
  const down = health.down;
  const type = typeOf(registry, sensor.kind, sensor);
  const values = valuesOf(registry, sensor, state);
  const lines: SummaryLine[] = [];
  let band: string | null = null;
  const headlineDef = registry.metric(type.id, type.style.headline);
  if (headlineDef) {
    const v = finiteOrNull(values[headlineDef.id]);
    band = registry.band(type.id, v)?.label ?? null;
    lines.push({
      label: headlineDef.label,
      value: state?.last ? `${formatMetric(v, headlineDef)}${band ? ` · ${band}` : ''}${down ? t('panels.lastReceivedSuffix') : ''}` : '—',
      warn: state?.last ? v === null || !inRange(v, headlineDef) : false,
    });
    for (const id of headlineInputs(type)) {
      const def = registry.metric(type.id, id);
      if (!def || id === headlineDef.id) continue;
      const x = finiteOrNull(values[id]);
      lines.push({ label: def.label, value: id in values ? formatMetric(x, def) : '—', warn: x !== null && !inRange(x, def) });
    }
  } else {
    // A type the registry does not describe: its values as received, by id.
    for (const [id, v] of Object.entries(state?.last?.values ?? {})) lines.push({ label: id, value: formatMetric(v, undefined) });
  }
  return {
    typeLabel: type.label,
    provenance: provenanceOf(type),
    freshness: freshnessOf(sensor, state, now, down),
    ageMs: ageMs(state, now),
    lines,
    band,
    flags: (state?.flags ?? []).map((f) => ({ flag: f, text: registry.flagLabel(f, type.id) })),
    down: down ? { text: downText(down, health.timeZone), reason: downReason(down) } : null,
  };
}
