import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, saveSettings, SETTINGS_KEY } from '../../../renderer/settings/settings';
import { createAppStore } from '../../../renderer/store';
import { startSettingsPersistence } from '../../../renderer/store/settingsSlice';

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init));
  return {
    get length() { return m.size; },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('settings', () => {
  it('defaults when nothing is stored', () => {
    expect(parseSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });
  it('keeps the good fields of a damaged document and names the bad ones', () => {
    const r = parseSettings(JSON.stringify({ palette: 'classic', layout: 'ceiling', drawerHeight: 300 }));
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, palette: 'classic', drawerHeight: 300 });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^layout: /);
  });
  it('keeps a mute\'s feed time, and refuses one that is not a time', () => {
    expect(parseSettings(JSON.stringify({ soundMutedAt: 1_407_000_000_000 })).settings.soundMutedAt).toBe(1_407_000_000_000);
    const bad = parseSettings(JSON.stringify({ soundMutedAt: 'yesterday' }));
    expect(bad.settings.soundMutedAt).toBeNull();
    expect(bad.problems[0]).toMatch(/^soundMutedAt: /);
  });
  it('reports text that is not JSON', () => {
    expect(parseSettings('{').problems[0]).toMatch(/not JSON/);
  });
  it('refuses to save an invalid document', () => {
    expect(saveSettings(memoryStorage(), { ...DEFAULT_SETTINGS, drawerHeight: 5 })).toMatch(/not saved/);
  });
  it('survives a reload: a change is written and read back by a new store', () => {
    const storage = memoryStorage();
    const a = createAppStore();
    const stop = startSettingsPersistence(a, storage);
    a.getState().setSetting('palette', 'classic');
    a.getState().setSetting('soundEnabled', true);
    stop();
    expect(JSON.parse(storage.getItem(SETTINGS_KEY) ?? '{}')).toMatchObject({ palette: 'classic', soundEnabled: true });
    const b = createAppStore();
    startSettingsPersistence(b, storage);
    expect(b.getState().settings).toMatchObject({ palette: 'classic', soundEnabled: true });
  });
});
