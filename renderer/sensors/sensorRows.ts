/**
 * The sensor table's rows: per sensor its type, name and place, its state (the map's freshness: live, stale, never
 * heard; flagged when its latest reading carries quality flags), its headline value with unit, and the reading's age.
 * Two parts: what comes from the catalogue (built once per catalogue, with the folded text the filter searches) and
 * what comes from the states (per update). Values are shown as reported: an empty value says "empty", an impossible one
 * is kept and marked, a flagged reading lists its flags. Pure.
 */
import type { Freshness, Sensor, SensorState } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { finiteOrNull, inRange, valuesOf } from '../../electron/shared/sensor-style';
import { ageMs, freshnessOf } from '../map/freshness';
import { typeOf } from '../map/layers/common';
import { formatMetric } from '../panels/describe';
import { placeText } from '../search/entries';
import { foldForms } from '../search/fold';

/** What the catalogue says about a sensor (rebuilt only with the catalogue or the registry). */
export interface SensorBase {
  sensor: Sensor;
  typeId: string;
  typeLabel: string;
  /** The street / district / post code attributes in words ('' when it has none). */
  place: string;
  /** Folded forms of the name, id, place and type, for the text filter. */
  haystack: string;
}

export interface SensorRow extends SensorBase {
  id: string;
  name: string;
  state: Freshness;
  /** Quality flags of the latest reading, in words (empty: none). */
  flags: readonly string[];
  /** The headline value when it is a number (null: empty, not computable, or never heard). */
  value: number | null;
  /** "87 %", "empty" (reported empty or not computable), "no reading" (never heard). */
  valueText: string;
  /** The value is empty, impossible (outside its valid range), not computable or flagged: shown as reported, and marked. */
  valueWarn: boolean;
  /** The headline's label, e.g. "Occupancy". */
  valueLabel: string;
  ageMs: number | null;
}

export function sensorBases(catalogue: ReadonlyMap<string, Sensor>, registry: SensorTypeRegistry): SensorBase[] {
  const out: SensorBase[] = [];
  for (const sensor of catalogue.values()) {
    const type = typeOf(registry, sensor.kind, sensor);
    const place = placeText(sensor);
    const haystack = [sensor.name, sensor.id, place, type.label].flatMap((t) => foldForms(t)).join('\u0001');
    out.push({ sensor, typeId: type.id, typeLabel: type.label, place, haystack });
  }
  return out;
}

export function sensorRow(base: SensorBase, state: SensorState | undefined, now: number | null, registry: SensorTypeRegistry): SensorRow {
  const { sensor } = base;
  const type = typeOf(registry, sensor.kind, sensor);
  const def = registry.metric(type.id, type.style.headline);
  const heard = Boolean(state?.last);
  const values = heard ? valuesOf(registry, sensor, state) : {};
  const value = def ? finiteOrNull(values[def.id]) : null;
  const flags = (state?.flags ?? []).map((f) => registry.flagLabel(f, type.id));
  return {
    ...base,
    id: sensor.id,
    name: sensor.name || sensor.id,
    state: freshnessOf(sensor, state, now),
    flags,
    value,
    valueText: heard ? formatMetric(value, def) : 'no reading',
    valueWarn: heard && (value === null || !inRange(value, def) || flags.length > 0),
    valueLabel: def?.label ?? type.style.headline,
    ageMs: ageMs(state, now),
  };
}

export function sensorRows(bases: readonly SensorBase[], states: ReadonlyMap<string, SensorState>, now: number | null, registry: SensorTypeRegistry): SensorRow[] {
  return bases.map((b) => sensorRow(b, states.get(b.sensor.id), now, registry));
}
