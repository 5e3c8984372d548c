/**
 * The operator's settings (renderer/settings/settings.ts) in the store: read once at start, written back on every change
 * by startSettingsPersistence (main.tsx). Components read `settings.X` and call setSetting('X', value).
 */
import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '../settings/settings';
import type { AppState, AppStore } from './index';

export interface SettingsSlice {
  settings: Settings;
  /** Problems met reading the stored settings or writing them (shown in the settings menu), newest last. */
  settingsProblems: readonly string[];
  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void;
  loadStoredSettings(settings: Settings, problems: readonly string[]): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  settingsProblems: [],
  setSetting: (key, value) => set((s) => (s.settings[key] === value ? s : { settings: { ...s.settings, [key]: value } })),
  loadStoredSettings: (settings, problems) => set({ settings, settingsProblems: problems }),
});

function browserStorage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

/** Loads the stored settings into the store and saves every later change. Returns the unsubscribe. */
export function startSettingsPersistence(store: AppStore, storage: Storage | null = browserStorage()): () => void {
  const loaded = loadSettings(storage);
  store.getState().loadStoredSettings(loaded.settings, loaded.problems);
  return store.subscribe((s, prev) => {
    if (s.settings === prev.settings) return;
    const problem = saveSettings(storage, s.settings);
    if (problem) store.setState({ settingsProblems: [...s.settingsProblems, problem].slice(-5) });
  });
}
