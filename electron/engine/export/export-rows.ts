/**
 * The rows of an export (export.ts), from the sensor-type registry: every raw metric of the reading's type with its
 * unit, the type's derived metrics computed by its formulas, and the reading's quality flags (the type's checks and
 * the generic ones). Values are exported as stored, never altered. A metric stored for the sensor that its type no
 * longer lists (or a sensor whose type the registry lacks) is still exported, with no unit: nothing stored is left out.
 */
import type { StoredReading } from '../store/store';
import { csvField } from '../../shared/csv';
import type { Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';

export const CSV_HEADER = 'sensor_id,kind,ts,metric,value,unit,source,flags';

const num = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

interface ExportedReading {
  values: Record<string, number | null>;
  derived: Record<string, number | null>;
  units: Record<string, string>;
  flags: string[];
}

export class ExportRows {
  private readonly attributes = new Map<string, Sensor['attributes']>();

  constructor(
    private readonly registry: SensorTypeRegistry,
    catalogue: readonly Sensor[],
  ) {
    for (const s of catalogue) this.attributes.set(s.id, s.attributes);
  }

  /** A stored reading with its type's metrics, derived metrics, units and flags. */
  private expand(r: StoredReading): ExportedReading {
    const reg = this.registry;
    const values: Record<string, number | null> = {};
    const derived: Record<string, number | null> = {};
    const units: Record<string, string> = {};
    if (!reg.has(r.kind)) {
      for (const [m, v] of Object.entries(r.values)) {
        values[m] = v;
        units[m] = '';
      }
      return { values, derived, units, flags: [] };
    }
    const attrs = this.attributes.get(r.sensorId) ?? {};
    const computed = reg.derive(r.kind, attrs, r.values);
    for (const m of reg.metricsOf(r.kind)) {
      units[m.id] = m.unit;
      if (reg.isRaw(r.kind, m.id)) values[m.id] = r.values[m.id] ?? null;
      else derived[m.id] = computed[m.id] ?? null;
    }
    for (const [m, v] of Object.entries(r.values)) {
      if (m in units) continue;
      values[m] = v;
      units[m] = '';
    }
    return { values, derived, units, flags: reg.flags(r.kind, attrs, r.values, computed) };
  }

  csv(r: StoredReading): string {
    const x = this.expand(r);
    const head = `${csvField(r.sensorId)},${csvField(r.kind)},${new Date(r.ts).toISOString()},`;
    const tail = `,${csvField(x.flags.join(';'))}\n`;
    let out = '';
    for (const [m, v] of Object.entries(x.values)) out += `${head}${csvField(m)},${num(v)},${csvField(x.units[m]!)},raw${tail}`;
    for (const [m, v] of Object.entries(x.derived)) out += `${head}${csvField(m)},${num(v)},${csvField(x.units[m]!)},derived${tail}`;
    return out;
  }

  ndjson(r: StoredReading): string {
    const x = this.expand(r);
    return JSON.stringify({ sensor_id: r.sensorId, kind: r.kind, ts: new Date(r.ts).toISOString(), values: x.values, derived: x.derived, units: x.units, flags: x.flags }) + '\n';
  }
}
