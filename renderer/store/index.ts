/**
 * The renderer's state: one vanilla zustand store made of slices (feed, sensors, map/ui, operator actions, recorded gaps,
 * alarms, rules, session, alerting UI, replay, incidents, settings), plus React hooks.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createActionsSlice, type ActionsSlice } from './actionsSlice';
import { createAlarmsSlice, type AlarmsSlice } from './alarmsSlice';
import { createAlertUiSlice, type AlertUiSlice } from './alertUiSlice';
import { createFeedSlice, type FeedSlice } from './feedSlice';
import { createGapsSlice, type GapsSlice } from './gapsSlice';
import { createIncidentsSlice, type IncidentsSlice } from './incidentsSlice';
import { createRulesSlice, type RulesSlice } from './rulesSlice';
import { createReplaySlice, type ReplaySlice } from './replaySlice';
import { createSensorsSlice, type SensorsSlice } from './sensorsSlice';
import { createSessionSlice, type SessionSlice } from './sessionSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createUiSlice, type UiSlice } from './uiSlice';

export type AppState = FeedSlice & SensorsSlice & UiSlice & ActionsSlice & GapsSlice & AlarmsSlice & RulesSlice & SessionSlice & AlertUiSlice & ReplaySlice & IncidentsSlice & SettingsSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createFeedSlice(...a),
    ...createSensorsSlice(...a),
    ...createUiSlice(...a),
    ...createActionsSlice(...a),
    ...createGapsSlice(...a),
    ...createAlarmsSlice(...a),
    ...createRulesSlice(...a),
    ...createSessionSlice(...a),
    ...createAlertUiSlice(...a),
    ...createReplaySlice(...a),
    ...createIncidentsSlice(...a),
    ...createSettingsSlice(...a),
  }));
}

/** The application's store. Tests create their own with createAppStore(). */
export const appStore: AppStore = createAppStore();

export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}

/** The city's IANA time zone: every time the renderer shows is in it. */
export function useTimeZone(): string {
  return useStore(appStore, (s) => s.city.timeZone);
}

export { feedNow, type TransportStatus } from './feedSlice';
export { UNKNOWN_CITY, type CityInfo } from './sensorsSlice';
export type { HoverInfo, LayerVisibility } from './uiSlice';
export { actionsFor } from './actionsSlice';
export { GAP_WINDOW_MS, gapsBetween } from './gapsSlice';
export type { Announcement } from './alarmsSlice';
export type { DrawerTab, MapMode } from './alertUiSlice';
export { isSupervisor } from './sessionSlice';
export { isReplay, shownAlarmCounts, shownAlarms, shownNow, shownShelves, shownStates, shownVersion, REPLAY_SPEEDS, type ReplaySpeed, type ReplayState, type TimelineView } from './replaySlice';
export { startSettingsPersistence } from './settingsSlice';
