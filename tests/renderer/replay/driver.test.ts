/**
 * The replay driver (renderer/replay/driver.ts) on the real store with a scripted engine: frames follow the instant
 * (latest wins, one in flight plus the newest pending, answers of an earlier session dropped), errors are shown (the
 * placeholder engine's 'unavailable'), playing advances at the chosen speed without piling requests up and stops at
 * the cache's newest data, and entering at an alarm selects it and flies the map there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, CommandName, CommandParams, CommandResults, EngineClient, ReplayFrame } from '../../../electron/engine/api';
import { RpcError } from '../../../renderer/platform/rpc-client';
import { createReplayDriver } from '../../../renderer/replay/driver';
import { createAppStore, shownAlarms, shownNow, shownStates } from '../../../renderer/store';
import { T0, parkingSensor, stateOf } from '../fixtures';
import { replayAlarm } from './replayFixtures';

const HOUR = 3600_000;

function frameAt(at: number, extentTo: number | null = T0 + 24 * HOUR, alarms: Alarm[] = []): ReplayFrame {
  return {
    at,
    states: [stateOf('parking:A', at - 60_000, { vehicles: Math.round((at - T0) / 60_000) })],
    sensors: { live: 1, stale: 0, never: 0 },
    resolution: 'raw',
    approximate: [],
    alarms,
    counts: { unresolved: alarms.length, unacknowledged: { urgent: 0, high: alarms.length, medium: 0, low: 0 }, shelved: 0, lastTenMinutes: 0, flood: false },
    shelves: [],
    gaps: [],
    extent: { from: T0, to: extentTo, rawFrom: T0 },
  };
}

interface Call {
  at: number;
  resolve(frame?: ReplayFrame): void;
  reject(err: Error): void;
}

/** An engine whose replayFrame answers only when the test says so. */
class ScriptedClient {
  calls: Call[] = [];
  extentTo: number | null = T0 + 24 * HOUR;
  alarms: Alarm[] = [];
  call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]> {
    if (method !== 'replayFrame') return Promise.reject(new Error(`no ${method}`));
    const at = (params as CommandParams['replayFrame']).at;
    return new Promise((resolve, reject) => {
      this.calls.push({ at, resolve: (f) => resolve((f ?? frameAt(at, this.extentTo, this.alarms)) as CommandResults[K]), reject });
    });
  }
  get open(): Call[] {
    return this.calls;
  }
  /** Answers the oldest unanswered call. */
  async answer(frame?: ReplayFrame): Promise<void> {
    const c = this.calls.shift();
    if (!c) throw new Error('no call to answer');
    c.resolve(frame);
    await flush();
  }
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));

const alarm = (id: string, raisedAt: number): Alarm => replayAlarm(id, 'high', raisedAt);

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function setup() {
  const store = createAppStore();
  store.getState().applyCatalogue([parkingSensor('A')]);
  const client = new ScriptedClient();
  let frameCb: (() => void) | null = null;
  let wall = 1000;
  const driver = createReplayDriver(client as unknown as EngineClient, store, {
    requestFrame: (cb) => {
      frameCb = cb;
      return () => {
        if (frameCb === cb) frameCb = null;
      };
    },
    wallNow: () => wall,
  });
  stops.push(driver.stop);
  /** Runs one animation frame `ms` of wall time after the last. */
  const animate = async (ms: number): Promise<boolean> => {
    wall += ms;
    const cb = frameCb;
    frameCb = null;
    cb?.();
    await flush();
    return cb !== null;
  };
  return { store, client, driver, s: () => store.getState(), animate, hasFrame: () => frameCb !== null };
}

describe('replay driver: frames follow the instant', () => {
  it('asks nothing live; entering replay asks for the instant and the selectors show the frame', async () => {
    const { client, s } = setup();
    await flush();
    expect(client.calls).toHaveLength(0);
    s().enterReplay(T0 + HOUR);
    expect(client.calls.map((c) => c.at)).toEqual([T0 + HOUR]);
    // Before the answer: no states shown, the clock is the instant asked for.
    expect(shownStates(s()).size).toBe(0);
    expect(shownNow(s())).toBe(T0 + HOUR);
    await client.answer();
    expect(s().replay?.frame?.at).toBe(T0 + HOUR);
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicles).toBe(60);
    expect(shownNow(s())).toBe(T0 + HOUR);
  });

  it('latest wins: one request in flight, only the newest seek pending, intermediate seeks never asked', async () => {
    const { client, s, driver } = setup();
    s().enterReplay(T0 + HOUR);
    s().seekReplay(T0 + 2 * HOUR);
    s().seekReplay(T0 + 3 * HOUR);
    s().seekReplay(T0 + 4 * HOUR);
    expect(client.calls.map((c) => c.at)).toEqual([T0 + HOUR]);
    await client.answer();
    // The first answer is shown (nearest so far); then only the newest instant is asked.
    expect(client.calls.map((c) => c.at)).toEqual([T0 + 4 * HOUR]);
    await client.answer();
    expect(s().replay?.frame?.at).toBe(T0 + 4 * HOUR);
    expect(driver.stats.requested).toBe(2);
    expect(client.calls).toHaveLength(0);
  });

  it('a seek back to the instant in flight asks nothing more', async () => {
    const { client, s } = setup();
    s().enterReplay(T0 + HOUR);
    s().seekReplay(T0 + 2 * HOUR);
    s().seekReplay(T0 + HOUR);
    await client.answer();
    expect(client.calls).toHaveLength(0);
    expect(s().replay?.frame?.at).toBe(T0 + HOUR);
  });

  it('drops an answer that arrives after going back to live, or after leaving and re-entering', async () => {
    const { client, s, driver } = setup();
    s().enterReplay(T0 + HOUR);
    expect(s().exitReplay()).toBe(true);
    await client.answer();
    expect(s().replay).toBeNull();
    expect(driver.stats.dropped).toBe(1);

    s().enterReplay(T0 + 5 * HOUR);
    expect(client.calls.map((c) => c.at)).toEqual([T0 + 5 * HOUR]);
    s().exitReplay();
    s().enterReplay(T0 + 7 * HOUR);
    // Old session's answer comes first: dropped, then the new instant is asked.
    await client.answer();
    expect(s().replay?.frame).toBeNull();
    expect(client.calls.map((c) => c.at)).toEqual([T0 + 7 * HOUR]);
    await client.answer();
    expect(s().replay?.frame?.at).toBe(T0 + 7 * HOUR);
  });

  it("shows the engine's error (the placeholder's 'unavailable') without crashing, and recovers on the next answer", async () => {
    const { client, s } = setup();
    s().enterReplay(T0 + HOUR);
    client.calls.shift()!.reject(new RpcError('replay is not built yet', 'replayFrame', 'remote', 'unavailable'));
    await flush();
    expect(s().replay?.frameError).toBe('replay is not built yet');
    s().seekReplay(T0 + 2 * HOUR);
    await client.answer();
    expect(s().replay?.frameError).toBeNull();
    expect(s().replay?.frame?.at).toBe(T0 + 2 * HOUR);
  });

  it('an error for an instant already superseded is not shown', async () => {
    const { client, s } = setup();
    s().enterReplay(T0 + HOUR);
    s().seekReplay(T0 + 2 * HOUR);
    client.calls.shift()!.reject(new Error('boom'));
    await flush();
    expect(s().replay?.frameError).toBeNull();
    expect(client.calls.map((c) => c.at)).toEqual([T0 + 2 * HOUR]);
  });
});

describe('replay driver: playing', () => {
  it('advances feed time = wall time × speed, only while no frame is on its way, and stops at the newest data', async () => {
    const { client, s, animate } = setup();
    client.extentTo = T0 + HOUR + 10 * 60_000;
    s().enterReplay(T0 + HOUR);
    await client.answer();
    s().setReplaySpeed(60);
    s().setReplayPlaying(true);
    await animate(16); // first frame: the clock starts
    expect(s().replay?.at).toBe(T0 + HOUR);
    await animate(1000); // 1 s of wall time at 60x: one minute
    expect(s().replay?.at).toBe(T0 + HOUR + 60_000);
    expect(client.calls.map((c) => c.at)).toEqual([T0 + HOUR + 60_000]);
    // The frame is on its way: the instant waits (no pile-up), however many animation frames pass.
    await animate(500);
    await animate(500);
    expect(s().replay?.at).toBe(T0 + HOUR + 60_000);
    expect(client.calls).toHaveLength(1);
    await client.answer();
    // The next step covers the wall time since the last move (2 s at 60x): the pace stays the chosen one.
    await animate(1000);
    expect(s().replay?.at).toBe(T0 + HOUR + 60_000 + 120_000);
    await client.answer();
    // Far past the end: clamped to the newest data, then playing stops.
    s().setReplaySpeed(3600);
    await animate(1000);
    expect(s().replay?.at).toBe(T0 + HOUR + 10 * 60_000);
    await client.answer();
    await animate(16);
    expect(s().replay?.playing).toBe(false);
    expect(s().replay?.at).toBe(T0 + HOUR + 10 * 60_000);
  });

  it('stops playing on an error (nothing to advance over)', async () => {
    const { client, s, animate } = setup();
    s().enterReplay(T0 + HOUR);
    s().setReplayPlaying(true);
    client.calls.shift()!.reject(new RpcError('replay is not built yet', 'replayFrame', 'remote', 'unavailable'));
    await flush();
    await animate(16);
    expect(s().replay?.playing).toBe(false);
    expect(s().replay?.frameError).toMatch(/not built/);
  });

  it('pausing stops the clock; going live stops the animation', async () => {
    const { client, s, animate, hasFrame } = setup();
    s().enterReplay(T0 + HOUR);
    await client.answer();
    s().setReplayPlaying(true);
    await animate(16);
    s().setReplayPlaying(false);
    await animate(5000);
    expect(s().replay?.at).toBe(T0 + HOUR);
    expect(hasFrame()).toBe(false);
    s().setReplayPlaying(true);
    await animate(16);
    s().exitReplay();
    await animate(16);
    expect(hasFrame()).toBe(false);
    expect(client.calls).toHaveLength(0);
  });
});

describe('replay driver: entering at an alarm', () => {
  it('selects the alarm and flies the map to its subject once the frame holds it', async () => {
    const { client, s } = setup();
    const a = alarm('car-park-full|parking:A|1', T0 + 2 * HOUR);
    client.alarms = [a];
    expect(s().focus).toBeNull();
    s().enterReplay(a.raisedAt, { alarmId: a.id });
    expect(s().selectedAlarmId).toBe(a.id);
    expect(s().focus).toBeNull(); // not known yet (not live either)
    await client.answer();
    expect(shownAlarms(s()).get(a.id)?.state).toBe('active');
    const focus = s().focus;
    expect(focus).not.toBeNull();
    expect(focus!.bounds[0][0]).toBeCloseTo(10.2, 5);
    // Later frames do not fly again.
    s().seekReplay(a.raisedAt + 60_000);
    await client.answer();
    expect(s().focus).toBe(focus);
    // The past copy never enters the live alarms.
    expect(s().alarms.has(a.id)).toBe(false);
  });
});
