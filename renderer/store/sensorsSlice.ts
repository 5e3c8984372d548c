import type { StateCreator } from 'zustand/vanilla';
import type { EngineSnapshot } from '../../electron/engine/api';
import type { Sensor, SensorState } from '../../electron/shared/model';
import type { AppState } from './index';

export interface SensorsSlice {
  catalogue: ReadonlyMap<string, Sensor>;
  states: ReadonlyMap<string, SensorState>;
  /** Incremented on every change to catalogue, states or status: layers memo on it (deck.gl updateTriggers). */
  version: number;
  applySnapshot(snapshot: EngineSnapshot, receivedAt?: number): void;
  applyDelta(states: readonly SensorState[]): void;
  applyCatalogue(sensors: readonly Sensor[]): void;
}

export const createSensorsSlice: StateCreator<AppState, [], [], SensorsSlice> = (set) => ({
  catalogue: new Map(),
  states: new Map(),
  version: 0,
  applySnapshot: (snapshot, receivedAt = Date.now()) =>
    set((s) => ({
      catalogue: new Map(snapshot.catalogue.map((x) => [x.id, x])),
      states: new Map(snapshot.states.map((x) => [x.sensorId, x])),
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
  applyCatalogue: (sensors) =>
    set((s) => {
      const catalogue = new Map(sensors.map((x) => [x.id, x]));
      // States of sensors that left the catalogue are dropped.
      const states = new Map([...s.states].filter(([id]) => catalogue.has(id)));
      const selectedId = s.selectedId && catalogue.has(s.selectedId) ? s.selectedId : null;
      return { catalogue, states, selectedId, version: s.version + 1 };
    }),
});
