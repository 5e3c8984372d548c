/**
 * Hooks for the e2e tests (written elsewhere; keep these names exact):
 *   window.__citydesk = { renderCount, mapLoaded, layersDrawn: { traffic, parking, air }, project(lngLat), selectSensor(id),
 *                         alarmSound: { playing, beeps, muted, suspended }, alarmHighlight, selectAlarm(id) }
 */
import type { AppStore } from './store';

export interface CityDeskTestHooks {
  /** Incremented in deck.gl's onAfterRender. */
  renderCount: number;
  /** MapLibre 'load' fired and the base-map sources were given their data. */
  mapLoaded: boolean;
  /** Data lengths of the last drawn layers (0 when a layer is hidden). */
  layersDrawn: { traffic: number; parking: number; air: number };
  /** map.project: CSS px relative to the map container. */
  project(lngLat: [number, number]): [number, number];
  selectSensor(id: string | null): void;
  /** The alarm sound: ringing, and how many beeps were produced (renderer/alarms/sound.ts). */
  alarmSound: { playing: boolean; beeps: number; muted: boolean; suspended: boolean };
  /** What the map highlights for the selected alarm: sensor ids and zone ring count (null when nothing). */
  alarmHighlight: { alarmId: string; sensors: string[]; rings: number } | null;
  selectAlarm(id: string | null): void;
}

let projector: ((lngLat: [number, number]) => [number, number]) | null = null;

export function setProjector(fn: ((lngLat: [number, number]) => [number, number]) | null): void {
  projector = fn;
}

export function installTestHooks(store: AppStore): CityDeskTestHooks {
  const hooks: CityDeskTestHooks = {
    renderCount: 0,
    mapLoaded: false,
    layersDrawn: { traffic: 0, parking: 0, air: 0 },
    project(lngLat) {
      if (!projector) throw new Error('map not created yet');
      return projector(lngLat);
    },
    selectSensor(id) {
      store.getState().select(id);
    },
    alarmSound: { playing: false, beeps: 0, muted: false, suspended: false },
    alarmHighlight: null,
    selectAlarm(id) {
      store.getState().selectAlarm(id);
    },
  };
  window.__citydesk = hooks;
  return hooks;
}

export function testHooks(): CityDeskTestHooks | undefined {
  return typeof window === 'undefined' ? undefined : window.__citydesk;
}
