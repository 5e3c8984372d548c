/**
 * The renderer's state: one vanilla zustand store made of slices (feed, sensors, map/ui), plus React hooks.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createFeedSlice, type FeedSlice } from './feedSlice';
import { createSensorsSlice, type SensorsSlice } from './sensorsSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = FeedSlice & SensorsSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createFeedSlice(...a),
    ...createSensorsSlice(...a),
    ...createUiSlice(...a),
  }));
}

/** The application's store. Tests create their own with createAppStore(). */
export const appStore: AppStore = createAppStore();

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

export { feedNow, type TransportStatus } from './feedSlice';
export type { HoverInfo, LayerVisibility } from './uiSlice';
