import type { StateCreator } from 'zustand/vanilla';
import type { SensorKind } from '../../electron/shared/model';
import type { AppState } from './index';

export type LayerVisibility = Record<SensorKind, boolean>;

export interface HoverInfo {
  sensorId: string;
  /** CSS px relative to the map container. */
  x: number;
  y: number;
}

export interface UiSlice {
  layers: LayerVisibility;
  selectedId: string | null;
  hovered: HoverInfo | null;
  toggleLayer(kind: SensorKind, visible?: boolean): void;
  select(id: string | null): void;
  hover(info: HoverInfo | null): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  layers: { traffic: true, parking: true, air: true },
  selectedId: null,
  hovered: null,
  toggleLayer: (kind, visible) => set((s) => ({ layers: { ...s.layers, [kind]: visible ?? !s.layers[kind] } })),
  select: (selectedId) => set({ selectedId }),
  hover: (hovered) =>
    set((s) => {
      const h = s.hovered;
      if (h === hovered || (h && hovered && h.sensorId === hovered.sensorId && h.x === hovered.x && h.y === hovered.y)) return s;
      return { hovered };
    }),
});
