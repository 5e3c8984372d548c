/**
 * Alarms do not depend on playback speed or machine load (issue 9, item 7). The real Aarhus demo data, from its start
 * (the night the traffic data is missing: every traffic sensor goes silent, then reports again in the morning), with the
 * starter rules the engine installs, played through real engines over Socket.IO from the real demo feed server:
 * - at 3600x for a day, with the event loop stalled now and then (a busy machine: batches come in lumps of hours);
 * - at 60x for 40 minutes, with a feed outage in the middle (the engine catches up from the batches resent);
 * - at 1x pacing (the server's clock moved by the test, one batch per 500 ms of feed time, as a 1x feed sends them,
 *   without waiting in real time) for 8 hours;
 * and the same readings through a backtest. Every raise and clear (rule, subject, time, message) is the same.
 * The alert clock's silence rule (alert-clock.ts) has its own table-driven cases below.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadDemoData, type DemoData } from '../../electron/demo-feed/data';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import type { Alarm } from '../../electron/engine/api';
import { startEngine, type Engine } from '../../electron/engine/index';
import { AlertClock, SILENCE_ALLOWANCE_MS } from '../../electron/engine/alert-clock';
import { Alerting } from '../../electron/engine/alerting';
import { FeedClock } from '../../electron/engine/feed-clock';
import { shippedRegistry } from '../../electron/engine/feed/registry';
import { BacktestRun, presentedAlarms } from '../../electron/engine/rules/backtest';
import { DATA_CLOCK_STEP_MS } from '../../electron/engine/rules/data-clock';
import { loadDistricts, type Zone } from '../../electron/engine/rules/geo';
import { openStore } from '../../electron/engine/store/store';
import type { Rule } from '../../electron/engine/rules/schema';
import type { Reading, Sensor } from '../../electron/shared/model';
import { tinyData, waitFor } from '../helpers/feed';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const MIN = 60_000;
const HOUR = 60 * MIN;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let data: DemoData;
let zones: Zone[];
/** The data's first reading: the feed starts 1 ms before it, so that played times are the data's own. */
let first: number;
beforeAll(() => {
  data = loadDemoData(ASSETS);
  zones = loadDistricts(ASSETS);
  first = data.readings[0]!.ts;
}, 120_000);

/** One raise or clear, as the alarm list records it. */
type Ev = string;
const raise = (ruleId: string, subject: string, at: number, message: string): Ev => `${new Date(at).toISOString()} raise ${ruleId} ${subject} ${message}`;
const clear = (ruleId: string, subject: string, at: number): Ev => `${new Date(at).toISOString()} clear ${ruleId} ${subject}`;

/**
 * Every raise and clear up to data time `until` of these alarms, and of the members of group alarms (a source outage
 * holds its sensors' not-reporting alarms). A group alarm's text changes as members join, so it is left out.
 */
function alarmEvents(alarms: readonly Alarm[], until: number): Ev[] {
  const out: Ev[] = [];
  for (const a of alarms) {
    if (a.raisedAt <= until) out.push(raise(a.ruleId, a.subject, a.raisedAt, a.group ? `group ${a.group.kind} ${a.group.name}` : a.message));
    if (a.clearedAt !== null && a.clearedAt <= until) out.push(clear(a.ruleId, a.subject, a.clearedAt));
    for (const m of a.group?.members ?? []) {
      if (m.raisedAt <= until) out.push(raise(m.ruleId ?? a.ruleId, m.subject, m.raisedAt, `in ${a.subject}: ${m.message}`));
      if (m.clearedAt !== null && m.clearedAt <= until) out.push(clear(m.ruleId ?? a.ruleId, m.subject, m.clearedAt));
    }
  }
  return out.sort();
}

/** What the engine recorded (its cache holds every alarm, resolved too). */
function engineEvents(engine: Engine, until: number): Ev[] {
  return alarmEvents(engine.store.loadAlarms({ includeResolved: true, limit: 10_000_000 }), until);
}

/** The same rules over the same readings in a backtest up to data time `until`, through an alarm book as live. */
function backtestEvents(rules: readonly Rule[], until: number): Ev[] {
  const run = new BacktestRun(rules, data.sensors, zones, { stepMs: DATA_CLOCK_STEP_MS, types: [...shippedRegistry().all()] }); // the engine's types
  for (const r of data.readings) {
    if (r.ts > until) break;
    run.push(r);
  }
  run.finish(until);
  const alarms = new Map(presentedAlarms(rules, run.routed).map((p) => [p.alarm.id, p.alarm]));
  return alarmEvents([...alarms.values()], until);
}

/** What only one side has (the first 10 of each, and how many), readable when the runs differ. */
function difference(liveEvents: Ev[], backtest: Ev[]): { onlyLive: string[]; onlyBacktest: string[] } {
  const inLive = new Set(liveEvents);
  const inBacktest = new Set(backtest);
  const only = (a: Ev[], b: Set<Ev>) => {
    const d = a.filter((e) => !b.has(e));
    return d.length > 10 ? [...d.slice(0, 10), `… ${d.length} in all`] : d;
  };
  return { onlyLive: only(liveEvents, inBacktest), onlyBacktest: only(backtest, inLive) };
}

/**
 * A demo feed server playing the data once from its start at `speed`, and an engine on it with the demo districts. The
 * wall clock (of both) stands at the data's first reading - 1 ms (so that played times are the data's own) until the
 * engine is connected, then runs; or the test gives its own.
 */
async function live(opts: { speed: number; now?: () => number; tickMs?: number }): Promise<{ server: DemoServer; engine: Engine }> {
  let real0: number | null = null;
  const realNow = () => (real0 === null ? first - 1 : first - 1 + (Date.now() - real0));
  const now = opts.now ?? realNow;
  const server = await startDemoServer({ data, speed: opts.speed, loop: false, warmupMs: 0, now, feedId: `determinism-${opts.speed}`, ...(opts.tickMs !== undefined ? { tickMs: opts.tickMs } : {}) });
  cleanups.push(() => server.close());
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, demo: true, demoDistricts: true, now, reconnectDelayMs: 100, reconnectDelayMaxMs: 200, deltaIntervalMs: 250 });
  cleanups.push(() => engine.close());
  await waitFor(() => engine.status().connection === 'connected', 10_000, `the ${opts.speed}x engine connected`);
  real0 = Date.now();
  return { server, engine };
}

/** Waits until the feed has sent a batch stamped after `until`, stops it, and waits until the engine holds every batch it sent. */
async function playUntil(server: DemoServer, engine: Engine, until: number, timeoutMs: number): Promise<void> {
  await waitFor(() => (server.buffered().at(-1)?.feedTime ?? -Infinity) > until, timeoutMs, `the feed past ${new Date(until).toISOString()}`);
  server.pause();
  await waitFor(() => engine.status().lastSeq === server.lastSeq(), 30_000, 'the engine holds every batch');
}

async function enabledRules(engine: Engine): Promise<Rule[]> {
  return (await engine.handle('rules', {})).filter((s) => s.rule !== null && s.enabled).map((s) => s.rule!);
}

describe('alarms do not depend on playback speed or machine load', () => {
  it('1x, 60x with an outage, 3600x on a stalling machine and a backtest of the same demo data raise and clear the same alarms', async () => {
    const start = Math.floor(first / MIN) * MIN;

    // 3600x for a day, the event loop stalled for 700 ms every 2 s (batches then carry 40 minutes of data or more).
    const fastUntil = start + 24 * HOUR;
    const fast = await live({ speed: 3600 });
    const stall = setInterval(() => {
      const t = Date.now();
      while (Date.now() - t < 700);
    }, 2000);
    cleanups.push(() => clearInterval(stall));
    const fastDone = playUntil(fast.server, fast.engine, fastUntil, 90_000).finally(() => clearInterval(stall));

    // 60x for 40 minutes (traffic sensors go silent after 30), the feed unreachable for 4 s of it (4 feed minutes, less
    // than the silence allowance): the engine catches up from the batches the feed resends.
    const midUntil = start + 40 * MIN;
    const mid = await live({ speed: 60 });
    const midDone = (async () => {
      await waitFor(() => mid.server.feedTime() > start + 20 * MIN, 60_000, 'the 60x feed 20 minutes in');
      let blocked = true;
      mid.server.io.use((_socket, next) => {
        const retry = () => (blocked ? setTimeout(retry, 50) : next());
        retry();
      });
      mid.server.io.disconnectSockets(true);
      await waitFor(() => mid.engine.status().connection !== 'connected', 5000, 'the 60x engine cut off');
      const seqAtCut = mid.server.lastSeq();
      await new Promise((r) => setTimeout(r, 4000));
      blocked = false;
      await waitFor(() => mid.engine.status().connection === 'connected', 10_000, 'the 60x engine back');
      expect(mid.server.lastSeq(), 'batches were sent while the engine was away').toBeGreaterThan(seqAtCut + 1);
      await playUntil(mid.server, mid.engine, midUntil, 60_000);
    })();

    // 1x pacing for 8 hours: the test moves the feed's (and the engine's) clock 500 ms per batch, as a 1x feed ticks.
    const slowUntil = start + 8 * HOUR;
    let wall = first - 1;
    const slow = await live({ speed: 1, now: () => wall, tickMs: 1e9 });
    const slowDone = (async () => {
      while (wall <= slowUntil) {
        for (let i = 0; i < 2000 && wall <= slowUntil; i++) {
          wall += 500;
          slow.server.tick();
        }
        await waitFor(() => slow.engine.status().lastSeq === slow.server.lastSeq(), 30_000, 'the 1x engine caught up');
      }
    })();

    await Promise.all([fastDone, midDone, slowDone]);
    const rules = await enabledRules(fast.engine);
    expect(rules.map((r) => r.id).sort()).toEqual((await enabledRules(slow.engine)).map((r) => r.id).sort());

    const fastEvents = engineEvents(fast.engine, fastUntil);
    const midEvents = engineEvents(mid.engine, midUntil);
    const slowEvents = engineEvents(slow.engine, slowUntil);
    const expected = backtestEvents(rules, fastUntil);
    const upTo = (until: number) => expected.filter((e) => Date.parse(e.slice(0, 24)) <= until);

    // Not vacuous: the stretch holds the night's silent traffic sensors and their return, and more.
    const count = (evs: Ev[], what: RegExp) => evs.filter((e) => what.test(e)).length;
    expect(count(upTo(midUntil), / raise traffic-sensor-silent .* in source:traffic: /)).toBeGreaterThan(400);
    expect(count(upTo(midUntil), / raise source-outage source:traffic /)).toBe(1);
    expect(count(upTo(slowUntil), / clear traffic-sensor-silent /)).toBeGreaterThan(300);
    expect(new Set(expected.map((e) => e.split(' ')[2])).size).toBeGreaterThanOrEqual(3);

    expect(difference(midEvents, upTo(midUntil)), '60x with an outage against the backtest').toEqual({ onlyLive: [], onlyBacktest: [] });
    expect(difference(slowEvents, upTo(slowUntil)), '1x against the backtest').toEqual({ onlyLive: [], onlyBacktest: [] });
    expect(difference(fastEvents, expected), '3600x against the backtest').toEqual({ onlyLive: [], onlyBacktest: [] });
    expect(midEvents).toEqual(upTo(midUntil));
    expect(slowEvents).toEqual(upTo(slowUntil));
    expect(fastEvents).toEqual(expected);
  }, 240_000);
});

describe('the alert clock: batches drive it while the feed talks, the feed clock when it is silent', () => {
  const T0 = Date.UTC(2014, 7, 1, 0, 0);
  function rig() {
    const clock = { wall: 1_000_000 };
    const feedClock = new FeedClock(() => clock.wall);
    const calls: string[] = [];
    const target = {
      onReadings: (readings: readonly Reading[], upTo?: number) => void calls.push(`readings ${readings.length} upTo ${upTo === undefined ? '-' : (upTo - T0) / MIN}`),
      onClock: (t: number) => void calls.push(`clock ${(t - T0) / MIN}`),
    };
    const ac = new AlertClock(target, feedClock, () => clock.wall);
    const batch = (minute: number) => {
      feedClock.batch(T0 + minute * MIN);
      ac.batch([], T0 + minute * MIN);
    };
    return { clock, feedClock, calls, ac, batch };
  }

  it.each([
    ['a feed that talks drives it by its batches; checks do nothing', [['hello'], ['batch', 1], ['wall', 500], ['check'], ['batch', 2], ['wall', 500], ['check']], ['readings 0 upTo 1', 'readings 0 upTo 2']],
    ['silent beyond the allowance at two checks in a row: the feed clock drives it', [['hello'], ['batch', 1], ['wall', SILENCE_ALLOWANCE_MS], ['check'], ['wall', 1000], ['check'], ['wall', 1000], ['check']], ['readings 0 upTo 1', 'clock 12', 'clock 13']],
    ['silent within the allowance: nothing', [['hello'], ['batch', 1], ['wall', SILENCE_ALLOWANCE_MS - 1000], ['check'], ['wall', 500], ['check']], ['readings 0 upTo 1']],
    ['a stalled event loop: the first check after it sees silence, but batches come before the next', [['hello'], ['batch', 1], ['wall', 3 * SILENCE_ALLOWANCE_MS], ['check'], ['batch', 2], ['check'], ['check']], ['readings 0 upTo 1', 'readings 0 upTo 2']],
    ['a batch whose clock was rejected moves nothing and is not the feed talking', [['hello'], ['batch', 1], ['wall', SILENCE_ALLOWANCE_MS], ['rejected'], ['check'], ['check']], ['readings 0 upTo 1', 'readings 1 upTo -', 'clock 11']],
    ['before anything is heard (no feed clock), nothing drives it', [['wall', 3 * SILENCE_ALLOWANCE_MS], ['check'], ['check']], []],
  ] as const)('%s', (_name, steps, expected) => {
    const { clock, feedClock, calls, ac, batch } = rig();
    for (const s of steps) {
      if (s[0] === 'hello') feedClock.hello(T0, 60);
      else if (s[0] === 'batch') batch(s[1]);
      else if (s[0] === 'wall') clock.wall += s[1];
      else if (s[0] === 'check') ac.check();
      else ac.batch([{ sensorId: 'x', ts: T0, values: {} }], null);
    }
    expect(calls).toEqual(expected);
  });
});

describe('live batches on the data clock (Alerting.onReadings)', () => {
  const T0 = Date.UTC(2014, 7, 1, 0, 0);
  const carPark = (id: string): Sensor => ({ id, kind: 'car-park', name: id, geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { capacity: 100 } });
  const reading = (id: string, minute: number, vehicles = 50): Reading => ({ sensorId: id, ts: T0 + minute * MIN, values: { vehicleCount: vehicles, totalSpaces: 100 } });
  /** The car parks' starter rules (car-park-silent: no data for 90 minutes; car-park-full: over 95% for 15 minutes). */
  function alerting() {
    const store = openStore(':memory:', { now: () => T0 });
    cleanups.push(() => store.close());
    const sensors = [carPark('parking:P1'), carPark('parking:P2')];
    store.saveCatalogue(sensors);
    const a = new Alerting(store, [], sensors, () => {}, () => {}, () => {}, () => T0);
    const events = () =>
      a
        .alarms(true)
        .flatMap((x) => [`${(x.raisedAt - T0) / MIN} raise ${x.ruleId} ${x.subject}`, ...(x.clearedAt !== null ? [`${(x.clearedAt - T0) / MIN} clear ${x.ruleId} ${x.subject}`] : [])])
        .sort();
    return { a, events };
  }

  it('no-data fires when a batch stamp passes its deadline, at the minute it is due, not before', () => {
    const { a, events } = alerting();
    a.onReadings([reading('parking:P1', 0), reading('parking:P2', 0)], T0 + 10_000);
    a.onReadings([reading('parking:P2', 60)], T0 + 89 * MIN + 59_000);
    expect(events()).toEqual([]);
    a.onReadings([], T0 + 97 * MIN + 5000); // a heartbeat
    expect(events()).toEqual(['90 raise car-park-silent parking:P1']);
  });

  it('a batch out of time order is judged in time order', () => {
    const sorted = alerting();
    const shuffled = alerting();
    const batch = Array.from({ length: 12 }, (_, i) => reading('parking:P1', i * 5, i < 3 ? 50 : 99));
    sorted.a.onReadings(batch, T0 + 60 * MIN);
    shuffled.a.onReadings([...batch].reverse(), T0 + 60 * MIN);
    expect(sorted.events()).toEqual(['30 raise car-park-full parking:P1']);
    expect(shuffled.events()).toEqual(sorted.events());
  });

  it('a reading ahead of its batch stamp does not move the clock past the stamp (the other sensors do not age)', () => {
    const { a, events } = alerting();
    a.onReadings([reading('parking:P1', 0), reading('parking:P2', 0)], T0);
    a.onReadings([reading('parking:P2', 200)], T0 + 80 * MIN);
    expect(events()).toEqual([]);
    a.onReadings([], T0 + 91 * MIN);
    expect(events()).toEqual(['90 raise car-park-silent parking:P1']);
  });
});

describe('a real outage still raises alarms', () => {
  it('the feed unreachable beyond the allowance: the feed clock drives the rules, no-data fires; the catch-up clears it', async () => {
    // parking:P1 reports every 5 minutes; its starter rule car-park-silent fires after 90 silent minutes.
    const tiny = tinyData({ steps: 60 });
    let wall = tiny.start + 10 * MIN;
    const server = await startDemoServer({ data: tiny, now: () => wall, tickMs: 1e9, warmupMs: 10 * MIN, feedId: 'outage' });
    cleanups.push(() => server.close());
    const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, now: () => wall, reconnectDelayMs: 50, reconnectDelayMaxMs: 100, deltaIntervalMs: 50 });
    cleanups.push(() => engine.close());
    const tick = () => {
      wall += 5 * MIN;
      server.tick();
    };
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    tick();
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
    const lastHeard = wall;

    let blocked = true;
    server.io.use((_socket, next) => {
      const retry = () => (blocked ? setTimeout(retry, 20) : next());
      retry();
    });
    server.io.disconnectSockets(true);
    await waitFor(() => engine.status().connection !== 'connected', 5000, 'cut off');
    for (let i = 0; i < 20; i++) tick(); // 100 minutes the engine does not hear
    const silent = () => engine.store.loadAlarms({ includeResolved: true }).filter((a) => a.ruleId === 'car-park-silent' && a.subject === 'parking:P1');
    await waitFor(() => silent().length === 1, 10_000, 'the no-data alarm during the outage');
    expect(silent()[0]!.raisedAt).toBe(lastHeard + 90 * MIN);

    blocked = false;
    await waitFor(() => engine.status().connection === 'connected' && engine.status().lastSeq === server.lastSeq(), 10_000, 'back and caught up');
    await waitFor(() => silent()[0]!.clearedAt !== null, 5000, 'cleared by the readings resent');
    expect(silent()).toHaveLength(1);
  }, 60_000);
});
