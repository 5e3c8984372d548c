import type { StateCreator } from 'zustand/vanilla';
import { isTypeVisible } from '../map/layers/common';
import type { AppState } from './index';

/** Layer visibility per sensor-type id; a type not listed (e.g. one a feed has just added) is visible. */
export type LayerVisibility = Readonly<Record<string, boolean>>;

export interface HoverInfo {
  sensorId: string;
  /** CSS px relative to the map container. */
  x: number;
  y: number;
}

export interface UiSlice {
  visible: LayerVisibility;
  selectedId: string | null;
  hovered: HoverInfo | null;
  /** Shows or hides a type's layer (flips it without `visible`). */
  toggleLayer(typeId: string, visible?: boolean): void;
  select(id: string | null): void;
  hover(info: HoverInfo | null): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  visible: {},
  selectedId: null,
  hovered: null,
  toggleLayer: (typeId, visible) => set((s) => ({ visible: { ...s.visible, [typeId]: visible ?? !isTypeVisible(s.visible, typeId) } })),
  select: (selectedId) => set({ selectedId }),
  hover: (hovered) =>
    set((s) => {
      const h = s.hovered;
      if (h === hovered || (h && hovered && h.sensorId === hovered.sensorId && h.x === hovered.x && h.y === hovered.y)) return s;
      return { hovered };
    }),
});
