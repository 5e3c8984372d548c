/**
 * What every layer builder starts from: the sensors of one type with their freshness, their values (raw and derived by
 * the type's formulas), the headline value and its colour band, flags, and the colour and size the type's map style
 * gives them. Pure: plain data in, plain data out (no store, no WebGL).
 */
import type { Freshness, Sensor, SensorState } from '../../../electron/shared/model';
import { DEFAULT_PALETTE, paletteOf, type PaletteId, type SharedColours } from '../../../electron/shared/palette/palettes';
import type { SensorTypeRegistry } from '../../../electron/shared/sensor-types/registry';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { sensorLook, type SensorLook } from '../../../electron/shared/sensor-style';
import { freshnessOf } from '../freshness';
import { sensorDown, type DownSources } from '../../health/sourceDown';
import { t } from '../../i18n/i18n';

export { finiteOrNull, valuesOf } from '../../../electron/shared/sensor-style';

/** Everything a layer function needs: plain data, no store, no WebGL. */
export interface LayerInput {
  catalogue: ReadonlyMap<string, Sensor>;
  states: ReadonlyMap<string, SensorState>;
  /** Feed clock now (epoch ms) or null before the first hello. */
  now: number | null;
  /** Store version: the deck.gl updateTrigger. */
  version: number;
  /** The sensor types (from the engine snapshot): how each type is derived, judged and drawn. */
  registry: SensorTypeRegistry;
  /** The operator's palette (settings.palette); the calm 'hmi' one when absent. */
  palette?: PaletteId;
  /** Sources down (renderer/health/sourceDown.ts): their sensors are never drawn live. */
  down?: DownSources;
}

/** The palette a layer input asks for. */
export function paletteIdOf(input: Pick<LayerInput, 'palette'>): PaletteId {
  return input.palette ?? DEFAULT_PALETTE;
}

/** The shared colours (outlines, flag rings, stale greys) of the input's palette. */
export function sharedColours(input: Pick<LayerInput, 'palette'>): SharedColours {
  return paletteOf(input.palette).shared;
}

/** A sensor of one type with its look (electron/shared/sensor-style.ts: values, headline, band, flags, colour, size). */
export interface SensorDatum extends SensorLook {
  id: string;
  sensor: Sensor;
  state: SensorState | undefined;
  freshness: Freshness;
  type: SensorType;
}

/**
 * A type that is not in the registry (a catalogue that names a type the desk was not sent): its sensors are still drawn,
 * as points of unknown value, and say why.
 */
export function unregisteredType(id: string, geometry: SensorType['geometry'] = 'point'): SensorType {
  return {
    id,
    schema: 1,
    label: t('map.unknownType', { id }),
    pluralLabel: t('map.unknownType', { id }),
    geometry,
    provenance: 'measured',
    provenanceNote: t('map.unknownTypeNote'),
    expectedIntervalS: 3600,
    metrics: [],
    derived: [],
    checks: [],
    style: { headline: '', bands: [], size: { pixels: 6 } },
  };
}

/** Whether a type's layer is shown: a type the operator has not toggled is shown. */
export function isTypeVisible(visible: Readonly<Record<string, boolean>>, typeId: string): boolean {
  return visible[typeId] !== false;
}

const byType = new WeakMap<ReadonlyMap<string, Sensor>, ReadonlyMap<string, readonly Sensor[]>>();

/**
 * The catalogue's sensors per type id, in catalogue order (types by their first sensor). Worked out once per catalogue:
 * the layers are rebuilt on every delta, the catalogue (a new map each time) only changes with a catalogue event.
 */
export function sensorsByType(catalogue: ReadonlyMap<string, Sensor>): ReadonlyMap<string, readonly Sensor[]> {
  let groups = byType.get(catalogue);
  if (!groups) {
    const out = new Map<string, Sensor[]>();
    for (const s of catalogue.values()) {
      const list = out.get(s.kind);
      if (list) list.push(s);
      else out.set(s.kind, [s]);
    }
    groups = out;
    byType.set(catalogue, groups);
  }
  return groups;
}

/** The type a sensor is drawn as: its registry entry, else an "unknown type" stand-in of the sensor's geometry. */
export function typeOf(registry: SensorTypeRegistry, typeId: string, sample?: Sensor): SensorType {
  const known = registry.get(typeId);
  if (known) return known;
  const g = (sample?.geometry as { type?: string } | undefined)?.type;
  return unregisteredType(typeId, g === 'LineString' ? 'line' : g === 'Polygon' ? 'area' : 'point');
}

/**
 * One datum per sensor of a type: values, headline, band, flags, state class, colour (in the input's palette), size.
 * Ordered by rank, worst last (drawn on top: an over-capacity car park never hides under its neighbours), catalogue
 * order within a rank.
 */
export function sensorsOfType(input: LayerInput, type: SensorType): SensorDatum[] {
  const out: SensorDatum[] = [];
  const headlineDef = input.registry.metric(type.id, type.style.headline);
  const palette = paletteIdOf(input);
  for (const sensor of sensorsByType(input.catalogue).get(type.id) ?? []) {
    const state = input.states.get(sensor.id);
    const freshness = freshnessOf(sensor, state, input.now, input.down ? sensorDown(sensor, input.down) : null);
    out.push({ id: sensor.id, sensor, state, freshness, type, ...sensorLook(input.registry, type, sensor, state, freshness, headlineDef, palette) });
  }
  return out.sort((a, b) => a.stateClass.rank - b.stateClass.rank);
}
