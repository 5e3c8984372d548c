/**
 * Metric slots for the evaluator's hot path, from the sensor-type registry: each type's metrics (raw first, then
 * derived, in the registry's order) get fixed indices, so a sensor's latest values live in one Float64Array (NaN =
 * missing or null) and conditions read them by index. A rule has one type, so its slots are that type's.
 * Also the metric's label, unit and precision for alert messages.
 */
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { unitLabel } from '../../shared/sensor-types/units';

export interface TypeSlots {
  typeId: string;
  /** Raw metrics then derived ones; a metric's slot is its index here. */
  names: readonly string[];
  index: ReadonlyMap<string, number>;
  /** Whether the metric is derived (computed by the registry's formula), by slot. */
  derived: readonly boolean[];
  /** names joined: equal for two registries that place this type's metrics alike. */
  shape: string;
}

/** The slots of every type of one registry (built per type on first use). */
export class MetricSlots {
  private readonly byType = new Map<string, TypeSlots | null>();

  constructor(readonly registry: SensorTypeRegistry) {}

  /** The type's slots, or undefined for a type the registry does not have. */
  of(typeId: string): TypeSlots | undefined {
    let t = this.byType.get(typeId);
    if (t === undefined) {
      if (!this.registry.has(typeId)) t = null;
      else {
        const names = this.registry.metricsOf(typeId).map((m) => m.id);
        t = {
          typeId,
          names,
          index: new Map(names.map((m, i) => [m, i])),
          derived: names.map((m) => !this.registry.isRaw(typeId, m)),
          shape: names.join('\n'),
        };
      }
      this.byType.set(typeId, t);
    }
    return t ?? undefined;
  }
}

export interface MetricText {
  label: string;
  /** The unit as shown ('' for a count or an index). */
  unit: string;
  precision: number;
}

/** Label, unit and precision of a metric of a type (the id itself, no unit, when the registry does not have it). */
export function metricText(registry: SensorTypeRegistry, typeId: string, metric: string): MetricText {
  const m = registry.metric(typeId, metric);
  return m ? { label: m.label, unit: m.unit ? unitLabel(m.unit) : '', precision: m.precision } : { label: metric, unit: '', precision: 1 };
}

/**
 * A number for a message, with the metric's unit: a measured value to the metric's precision ('value'), a threshold
 * as it was written in the rule ('threshold'), or the number only ('bare', a threshold's lower bound).
 * 'Occupancy 97%', '> 95%', 'Average speed 35.2 km/h'.
 */
export function formatValue(v: number, m: MetricText, mode: 'value' | 'threshold' | 'bare' = 'value'): string {
  const n = mode === 'value' ? v.toFixed(Math.max(0, Math.min(6, m.precision))) : String(v);
  if (mode === 'bare' || !m.unit) return n;
  return m.unit.startsWith('%') ? `${n}${m.unit}` : `${n} ${m.unit}`;
}
