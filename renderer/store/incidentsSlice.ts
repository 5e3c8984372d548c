/**
 * Incident bookmarks' state the map shares with the Incidents tab: the area the map draws (the selected bookmark's, or
 * the form's while one is edited) and the polygon just drawn on the map for the form ("Draw on map": alertUiSlice's
 * draw mode with the 'incident-area' target puts it here; the form takes it and clears it).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { IncidentArea } from '../../electron/engine/api';
import type { LngLat } from '../../electron/shared/model';
import type { AppState } from './index';

export interface IncidentsSlice {
  shownIncidentArea: IncidentArea | null;
  drawnIncidentArea: LngLat[] | null;
  setShownIncidentArea(area: IncidentArea | null): void;
  setDrawnIncidentArea(polygon: LngLat[] | null): void;
}

export const createIncidentsSlice: StateCreator<AppState, [], [], IncidentsSlice> = (set) => ({
  shownIncidentArea: null,
  drawnIncidentArea: null,
  setShownIncidentArea: (shownIncidentArea) => set({ shownIncidentArea }),
  setDrawnIncidentArea: (drawnIncidentArea) => set({ drawnIncidentArea }),
});
