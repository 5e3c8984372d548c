/**
 * The map redraws for what it shows (renderer/map/redraw.ts): live, every delta; in replay, only a new frame or an
 * operator's change, never the live deltas and alarms still arriving underneath (at 3600x they would keep the map
 * redrawing an unchanged picture).
 */
import { describe, expect, it } from 'vitest';
import type { ReplayFrame } from '../../../electron/engine/api';
import type { SensorState } from '../../../electron/shared/model';
import { mapNeedsRedraw } from '../../../renderer/map/redraw';
import { createAppStore, shownVersion, type AppState } from '../../../renderer/store';
import { replayAlarm } from './replayFixtures';

const T = Date.UTC(2014, 7, 4, 8);

const state = (ts: number, v: number): SensorState => ({ sensorId: 'parking:A', last: { sensorId: 'parking:A', ts, values: { vehicleCount: v } }, derived: {}, flags: [], count: 1 });

function frame(at: number): ReplayFrame {
  return {
    at,
    states: [state(at - 60_000, 7)],
    sensors: { live: 1, stale: 0, never: 0 },
    resolution: 'raw',
    approximate: [],
    alarms: [],
    counts: { unresolved: 0, unacknowledged: { urgent: 0, high: 0, medium: 0, low: 0 }, shelved: 0, lastTenMinutes: 0, flood: false },
    shelves: [],
    gaps: [],
    extent: { from: T - 86_400_000, to: T + 86_400_000, rawFrom: T - 86_400_000 },
  };
}

/** Runs `change` and says whether the map would redraw for it. */
function redraws(store: ReturnType<typeof createAppStore>, change: (s: AppState) => void): boolean {
  const prev = store.getState();
  change(prev);
  return mapNeedsRedraw(store.getState(), prev);
}

describe('map redraw in live and replay', () => {
  it('live: every delta and alarm change redraws', () => {
    const store = createAppStore();
    expect(redraws(store, (s) => s.applyDelta([state(T, 1)]))).toBe(true);
    expect(redraws(store, () => store.setState({ alarms: new Map([['a1', replayAlarm('a1', 'high', T)]]) }))).toBe(true);
  });

  it('replay: live deltas and live alarms underneath neither redraw nor change the shown version; a frame does', () => {
    const store = createAppStore();
    expect(redraws(store, (s) => s.enterReplay(T))).toBe(true);
    expect(redraws(store, (s) => s.setReplayFrame(frame(T)))).toBe(true);
    const shown = shownVersion(store.getState());
    for (let i = 0; i < 5; i++) expect(redraws(store, (s) => s.applyDelta([state(T + 3_600_000 + i, i)]))).toBe(false);
    expect(redraws(store, () => store.setState({ alarms: new Map([['a1', replayAlarm('a1', 'high', T)]]) }))).toBe(false);
    expect(shownVersion(store.getState())).toBe(shown);
    expect(store.getState().version).toBeGreaterThan(shown); // the live store moved on underneath
    // The instant moving on its own (a seek while the next frame is on its way) draws nothing new either.
    expect(redraws(store, (s) => s.seekReplay(T + 60_000))).toBe(false);
    expect(redraws(store, (s) => s.setReplayFrame(frame(T + 60_000)))).toBe(true);
    expect(shownVersion(store.getState())).toBeGreaterThan(shown);
  });

  it('replay: the operator selecting, hiding a layer or leaving replay redraws', () => {
    const store = createAppStore();
    store.getState().enterReplay(T);
    store.getState().setReplayFrame(frame(T));
    expect(redraws(store, (s) => s.select('parking:A'))).toBe(true);
    expect(redraws(store, (s) => s.toggleLayer('parking'))).toBe(true);
    expect(redraws(store, (s) => void s.exitReplay())).toBe(true);
  });
});
