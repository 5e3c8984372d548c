/**
 * The feed's catalogue as the renderer holds it: the sensors, their latest states, the sensor types they use (with the
 * registry built from them, from which every panel, chart and rule picker derives) and the city the feed describes
 * (name, IANA time zone for every time shown, extent, attribution). Filled by the engine snapshot; the `catalogue`
 * event replaces the sensors and, when it carries them, the types and the city.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { EngineSnapshot } from '../../electron/engine/api';
import type { Sensor, SensorState } from '../../electron/shared/model';
import { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { localizeType } from '../i18n/typeWords';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import type { AppState } from './index';

/** The city the feed is about (engine snapshot / catalogue event). */
export type CityInfo = EngineSnapshot['city'];

/** Before the first snapshot: no name, UTC (times are shown with their zone, so never mistaken for local time). */
export const UNKNOWN_CITY: CityInfo = { name: '', timeZone: 'UTC', home: null, extent: null, attribution: null, source: 'default' };

export interface SensorsSlice {
  catalogue: ReadonlyMap<string, Sensor>;
  states: ReadonlyMap<string, SensorState>;
  /**
   * The sensor types the engine knows: the shipped ones and those the feed defined. The renderer takes them from the
   * engine only (it does not bundle the type documents, nor the zod schemas that validate them).
   */
  types: readonly SensorType[];
  /** SensorTypeRegistry.from(types); rebuilt only when the types change. */
  registry: SensorTypeRegistry;
  /** Why the engine's types could not be used (the registry then keeps the previous ones); null when fine. */
  typesError: string | null;
  city: CityInfo;
  /** Incremented on every change to catalogue, states, types or status: layers memo on it (deck.gl updateTriggers). */
  version: number;
  applySnapshot(snapshot: EngineSnapshot, receivedAt?: number): void;
  applyDelta(states: readonly SensorState[]): void;
  /** A new catalogue; `types` and `city` when the event carries them (kept as they are otherwise). */
  applyCatalogue(sensors: readonly Sensor[], types?: readonly SensorType[], city?: CityInfo): void;
}

function sameTypes(a: readonly SensorType[], b: readonly SensorType[]): boolean {
  return a === b || (a.length === b.length && JSON.stringify(a) === JSON.stringify(b));
}

type TypesPart = Pick<SensorsSlice, 'types' | 'registry' | 'typesError'>;

/**
 * Types and registry after an update: the current ones when nothing changed (no rebuild, no re-render). Types the
 * registry refuses (the engine validates them, so this is a bug somewhere) leave the previous registry, and say why.
 */
export function nextTypes(current: TypesPart, types: readonly SensorType[] | undefined): TypesPart {
  if (types === undefined || sameTypes(current.types, types)) return { types: current.types, registry: current.registry, typesError: current.typesError };
  try {
    return { types, registry: SensorTypeRegistry.from(types.map((t) => localizeType(t))), typesError: null };
  } catch (err) {
    return { types, registry: current.registry, typesError: `sensor types unusable, showing the previous ones: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function sameCity(a: CityInfo, b: CityInfo): boolean {
  return (
    a.name === b.name &&
    a.timeZone === b.timeZone &&
    a.attribution === b.attribution &&
    a.source === b.source &&
    JSON.stringify(a.extent) === JSON.stringify(b.extent) &&
    JSON.stringify(a.home) === JSON.stringify(b.home)
  );
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The city after an update (the current object when nothing changed). A zone this runtime does not know (the engine
 * validates it; an older engine may not) is shown as UTC, which every time then names, rather than breaking every
 * time display.
 */
export function nextCity(current: CityInfo, city: CityInfo | undefined): CityInfo {
  if (city === undefined) return current;
  const safe = isKnownTimeZone(city.timeZone) ? city : { ...city, timeZone: 'UTC' };
  return sameCity(current, safe) ? current : safe;
}

export const createSensorsSlice: StateCreator<AppState, [], [], SensorsSlice> = (set) => ({
  catalogue: new Map(),
  states: new Map(),
  types: [],
  registry: SensorTypeRegistry.from([]),
  typesError: null,
  city: UNKNOWN_CITY,
  version: 0,
  applySnapshot: (snapshot, receivedAt = Date.now()) =>
    set((s) => ({
      catalogue: new Map(snapshot.catalogue.map((x) => [x.id, x])),
      states: new Map(snapshot.states.map((x) => [x.sensorId, x])),
      ...nextTypes(s, snapshot.types),
      city: nextCity(s.city, snapshot.city),
      status: snapshot.status,
      statusReceivedAt: receivedAt,
      version: s.version + 1,
    })),
  applyDelta: (changed) =>
    set((s) => {
      if (changed.length === 0) return { version: s.version + 1 };
      const states = new Map(s.states);
      for (const st of changed) {
        const prev = states.get(st.sensorId);
        // Never let an out-of-order delta move a sensor back in time.
        if (prev?.last && st.last && st.last.ts < prev.last.ts) continue;
        states.set(st.sensorId, st);
      }
      return { states, version: s.version + 1 };
    }),
  applyCatalogue: (sensors, types, city) =>
    set((s) => {
      const catalogue = new Map(sensors.map((x) => [x.id, x]));
      // States of sensors that left the catalogue are dropped.
      const states = new Map([...s.states].filter(([id]) => catalogue.has(id)));
      const selectedId = s.selectedId && catalogue.has(s.selectedId) ? s.selectedId : null;
      return { catalogue, states, selectedId, ...nextTypes(s, types), city: nextCity(s.city, city), version: s.version + 1 };
    }),
});
