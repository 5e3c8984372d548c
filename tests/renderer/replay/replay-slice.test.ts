/**
 * The replay slice's contract (renderer/store/replaySlice.ts): live or replay through the shown* selectors, frames
 * kept nearest to the instant asked for, and an incident pack's desk that starts in replay and cannot go live.
 */
import { describe, expect, it } from 'vitest';
import type { ReplayFrame } from '../../../electron/engine/api';
import { createAppStore, shownAlarms, shownNow, shownStates } from '../../../renderer/store';

const T = Date.UTC(2014, 7, 4, 8);

function frame(at: number, value: number): ReplayFrame {
  return {
    at,
    states: [{ sensorId: 'parking:A', last: { sensorId: 'parking:A', ts: at - 60_000, values: { vehicleCount: value } }, derived: {}, flags: [], count: 1 }],
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

describe('replay slice', () => {
  it('live shows the live states; replay shows the frame of the instant, and back to live', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().applyDelta([{ sensorId: 'parking:A', last: { sensorId: 'parking:A', ts: T + 3_600_000, values: { vehicleCount: 1 } }, derived: {}, flags: [], count: 9 }]);
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicleCount).toBe(1);
    s().enterReplay(T);
    expect(shownNow(s())).toBe(T);
    expect(shownStates(s()).size).toBe(0); // nothing shown until the frame comes: never the live state
    s().setReplayFrame(frame(T, 42));
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicleCount).toBe(42);
    expect(shownAlarms(s()).size).toBe(0);
    expect(s().exitReplay()).toBe(true);
    expect(s().replay).toBeNull();
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicleCount).toBe(1);
  });

  it('answers that arrive out of order: the one nearest the instant asked for stays', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().enterReplay(T);
    s().seekReplay(T + 600_000);
    s().setReplayFrame(frame(T + 600_000, 2));
    s().setReplayFrame(frame(T, 1)); // the older seek's answer, late
    expect(s().replay!.frame!.at).toBe(T + 600_000);
  });

  it('an incident pack starts in replay at its window, read-only: there is no live to return to', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setDeskMode({ mode: 'incident', name: 'Bruuns full', from: T, to: T + 3_600_000, dir: '/p', createdAt: '2014-08-04T10:00:00.000Z', createdBy: 'ana', verified: true, problems: [] });
    expect(s().replay).toMatchObject({ at: T, readOnly: true });
    expect(s().timelineView).toEqual({ from: T, to: T + 3_600_000 });
    expect(s().exitReplay()).toBe(false);
    expect(s().replay).not.toBeNull();
  });

  it('a live desk stays live', () => {
    const store = createAppStore();
    store.getState().setDeskMode({ mode: 'live' });
    expect(store.getState().replay).toBeNull();
  });
});
