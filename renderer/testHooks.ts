/**
 * Hooks for the e2e tests (written elsewhere; keep these names exact):
 *   window.__citydesk = { renderCount, mapLoaded, layersDrawn: { [typeId]: count }, project(lngLat), selectSensor(id),
 *                         alarmSound: { playing, beeps, muted, suspended }, alarmHighlight, selectAlarm(id) }
 *
 * They exist only in a build made for the e2e tests (`vite build --mode e2e`, which `npm run test:e2e` runs). In any
 * other build TEST_HOOKS is the constant false: installTestHooks() does nothing, testHooks() is always undefined, and
 * the bundler drops the hooks and every use of them (tests/renderer/bundle-hooks.test.ts checks the built files).
 */
import type { AlarmSymbolSummary } from './map/layers/alarmSymbols';
import type { LngLat } from '../electron/shared/model';
import type { AppStore, ReplaySpeed } from './store';

export interface CityDeskTestHooks {
  /** Incremented in deck.gl's onAfterRender. */
  renderCount: number;
  /** MapLibre 'load' fired and the base-map sources were given their data. */
  mapLoaded: boolean;
  /** Sensors drawn per present type id in the last frame (0 when the type's layer is hidden). */
  layersDrawn: Record<string, number>;
  /** map.project: CSS px relative to the map container. */
  project(lngLat: [number, number]): [number, number];
  selectSensor(id: string | null): void;
  /** The alarm sound: ringing, and how many beeps were produced (renderer/alarms/sound.ts). */
  alarmSound: { playing: boolean; beeps: number; muted: boolean; suspended: boolean; ringing?: string | null };
  /** What the map highlights for the selected alarm: sensor ids and zone ring count (null when nothing). */
  alarmHighlight: { alarmId: string; sensors: string[]; rings: number; members?: string[] } | null;
  selectAlarm(id: string | null): void;
  /** What the map drew in its last frame (map/MapView.tsx): the zoom clustered at, the point clusters, the labels. */
  mapDrawn?: { zoom: number | null; clusters: { typeIds: string[]; count: number; worstId: string; memberIds: string[]; radius: number }[]; labels: { kind: string; text: string }[] };
  /** The open alarms' symbols on the map (map/layers/alarmSymbols.ts): per place, its alarms, priority and cues. */
  alarmSymbols: (AlarmSymbolSummary & { drawn: number; drawnAt: LngLat[] }) | null;
  /** map.jumpTo: shows a place (e.g. one with only the world map under it); resolves when the map is idle there. */
  jumpTo(center: [number, number], zoom: number): Promise<void>;
  /** Replay (issue 10): go to an instant, back to live, what is replayed (the instant, the timeline's view); move the
   * instant, play at a speed (feed ms per wall ms) or pause. */
  replay: {
    enter(at: number): void;
    exit(): void;
    state(): { at: number; view: { from: number; to: number } | null } | null;
    seek(at: number): void;
    play(speed: ReplaySpeed): void;
    pause(): void;
  };
}

/** Replaced by Vite at build time: `import.meta.env.MODE` is the build's --mode. */
export const TEST_HOOKS: boolean = import.meta.env.MODE === 'e2e';

let projector: ((lngLat: [number, number]) => [number, number]) | null = null;
let mapMover: ((center: [number, number], zoom: number) => Promise<void>) | null = null;

export function setMapMover(fn: ((center: [number, number], zoom: number) => Promise<void>) | null): void {
  if (TEST_HOOKS) mapMover = fn;
}

export function setProjector(fn: ((lngLat: [number, number]) => [number, number]) | null): void {
  if (TEST_HOOKS) projector = fn;
}

/** Installs window.__citydesk (e2e builds only). */
export function installTestHooks(store: AppStore): void {
  if (!TEST_HOOKS) return;
  const hooks: CityDeskTestHooks = {
    renderCount: 0,
    mapLoaded: false,
    layersDrawn: {},
    project(lngLat) {
      if (!projector) throw new Error('map not created yet');
      return projector(lngLat);
    },
    selectSensor(id) {
      store.getState().select(id);
    },
    alarmSound: { playing: false, beeps: 0, muted: false, suspended: false },
    alarmHighlight: null,
    alarmSymbols: null,
    selectAlarm(id) {
      store.getState().selectAlarm(id);
    },
    jumpTo(center, zoom) {
      if (!mapMover) return Promise.reject(new Error('map not created yet'));
      return mapMover(center, zoom);
    },
    replay: {
      enter: (at) => store.getState().enterReplay(at),
      exit: () => void store.getState().exitReplay(),
      state: () => {
        const s = store.getState();
        return s.replay ? { at: s.replay.at, view: s.timelineView } : null;
      },
      seek: (at) => store.getState().seekReplay(at),
      play: (speed) => {
        store.getState().setReplaySpeed(speed);
        store.getState().setReplayPlaying(true);
      },
      pause: () => store.getState().setReplayPlaying(false),
    },
  };
  window.__citydesk = hooks;
}

/** The hooks to update, or undefined (always, outside an e2e build). */
export function testHooks(): CityDeskTestHooks | undefined {
  return TEST_HOOKS && typeof window !== 'undefined' ? window.__citydesk : undefined;
}
