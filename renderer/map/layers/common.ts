import type { Freshness, LngLat, Sensor, SensorState } from '../../../electron/shared/model';
import { freshnessOf } from '../freshness';

/** Everything a layer function needs: plain data, no store, no WebGL. */
export interface LayerInput {
  catalogue: ReadonlyMap<string, Sensor>;
  states: ReadonlyMap<string, SensorState>;
  /** Feed clock now (epoch ms) or null before the first hello. */
  now: number | null;
  /** Store version: the deck.gl updateTrigger. */
  version: number;
}

export interface BaseDatum {
  id: string;
  sensor: Sensor;
  state: SensorState | undefined;
  freshness: Freshness;
}

export function sensorsOfKind(input: LayerInput, kind: Sensor['kind']): BaseDatum[] {
  const out: BaseDatum[] = [];
  for (const sensor of input.catalogue.values()) {
    if (sensor.kind !== kind) continue;
    const state = input.states.get(sensor.id);
    out.push({ id: sensor.id, sensor, state, freshness: freshnessOf(sensor, state, input.now) });
  }
  return out;
}

/** A point for any geometry: the point itself, or a line's first coordinate. */
export function anchorOf(sensor: Sensor): LngLat {
  const g = sensor.geometry;
  if (g.type === 'Point') return g.coordinates;
  const first = g.coordinates[0];
  if (!first) throw new Error(`sensor ${sensor.id} has an empty LineString`);
  return first;
}

export function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Latest value of a metric, or null when absent/empty. */
export function latestValue(state: SensorState | undefined, metric: string): number | null {
  return finiteOrNull(state?.last?.values[metric]);
}

/** A numeric attribute, accepting numeric strings (CSV-born catalogues). */
export function numericAttribute(sensor: Sensor, key: string): number | null {
  const v = sensor.attributes[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
