/**
 * Honest when a source or the engine is down (issue 12 item 4): which sources are down (the feed's connection, the
 * engine's outage alarms; replay by the replayed instant only), what that makes of a sensor's freshness and colour,
 * the counts, the header, the map's second cue, the tooltip summary and the alarm rows' note.
 */
import { describe, expect, it } from 'vitest';
import { OUTAGE_RULE_ID } from '../../../electron/shared/built-in-alarms';
import { outageSubject, sourceKeyOfSubject, sourceOf } from '../../../electron/shared/source-key';
import { alarmNote } from '../../../renderer/health/alarmNote';
import { headerHealthText } from '../../../renderer/health/headerText';
import { downMarks } from '../../../renderer/health/sourceDownLayer';
import { anythingDown, downSources, downText, NOTHING_DOWN, sensorCounts, sensorDown, type DownSources } from '../../../renderer/health/sourceDown';
import { freshnessOf } from '../../../renderer/map/freshness';
import { sensorsOfType, typeOf } from '../../../renderer/map/layers/common';
import { summarize } from '../../../renderer/panels/describe';
import { airSensor, input, parkingSensor, SHIPPED_REGISTRY, stateOf, status, T0, trafficSensor } from '../fixtures';
import { alarm } from '../workload-fixtures';

const TZ = 'Europe/Copenhagen';
const MIN = 60_000;
/** 10:40 in Copenhagen (summer time) on the fixtures' day. */
const T1040 = Date.UTC(2014, 7, 1, 8, 40);

const parks = Array.from({ length: 8 }, (_, i) => parkingSensor(`P${i}`));
const segs = [trafficSensor('1'), trafficSensor('2')];
const air = airSensor('1');

function outage(key: string, over: Partial<Parameters<typeof alarm>[1]> = {}) {
  return alarm(`${OUTAGE_RULE_ID}|${outageSubject(key)}|${T1040}`, {
    ruleId: OUTAGE_RULE_ID,
    subject: outageSubject(key),
    raisedAt: T1040,
    group: { kind: 'outage', name: 'Car park sensors', members: [], firstOut: 'parking:P0' },
    ...over,
  });
}

const parkingDown = (): DownSources => downSources({ status: status(), alarms: [outage('car-park')], replayAt: null, pack: false });

describe('which sources are down', () => {
  it('the source key is shared with the engine: the source attribute, else the type', () => {
    expect(sourceOf(parks[0]!).key).toBe('car-park');
    expect(sourceOf({ kind: 'car-park', attributes: { source: ' hub-parking ' } }).key).toBe('hub-parking');
    expect(sourceKeyOfSubject(outageSubject('car-park'))).toBe('car-park');
    expect(sourceKeyOfSubject('parking:P0')).toBeNull();
  });

  it('nothing down while the feed talks and no outage alarm is open', () => {
    const d = downSources({ status: status(), alarms: [alarm('x')], replayAt: null, pack: false });
    expect(d).toBe(NOTHING_DOWN);
    expect(anythingDown(d)).toBe(false);
  });

  it('an open outage alarm puts its source down since its raise; cleared, it does not', () => {
    const d = parkingDown();
    expect(d.feed).toBeNull();
    expect(d.sources.get('car-park')).toEqual({ cause: 'source', name: 'Car park sensors', since: T1040 });
    expect(sensorDown(parks[3]!, d)?.since).toBe(T1040);
    expect(sensorDown(segs[0]!, d)).toBeNull();
    const cleared = downSources({ status: status(), alarms: [outage('car-park', { clearedAt: T1040 + 30 * MIN, state: 'cleared' })], replayAt: null, pack: false });
    expect(anythingDown(cleared)).toBe(false);
  });

  it('the feed unreachable puts every source down since downSince; not in replay, not on a pack desk', () => {
    const st = status({ connection: 'disconnected', downSince: T1040, feedName: 'Aarhus demo' });
    const d = downSources({ status: st, alarms: [], replayAt: null, pack: false });
    expect(d.feed).toEqual({ cause: 'feed', name: 'Aarhus demo', since: T1040 });
    for (const s of [...parks, ...segs, air]) expect(sensorDown(s, d)).toBe(d.feed);
    expect(anythingDown(downSources({ status: st, alarms: [], replayAt: T1040 - 60 * MIN, pack: false }))).toBe(false);
    expect(anythingDown(downSources({ status: st, alarms: [], replayAt: null, pack: true }))).toBe(false);
    // Connecting for the first time (no downSince yet) is not an outage.
    expect(anythingDown(downSources({ status: status({ connection: 'connecting', downSince: null }), alarms: [], replayAt: null, pack: false }))).toBe(false);
  });

  it('in replay an outage counts only at the instants it was open', () => {
    const a = outage('car-park', { clearedAt: T1040 + 30 * MIN, state: 'cleared' });
    const at = (t: number) => anythingDown(downSources({ status: status(), alarms: [a], replayAt: t, pack: false }));
    expect(at(T1040 - MIN)).toBe(false);
    expect(at(T1040)).toBe(true);
    expect(at(T1040 + 29 * MIN)).toBe(true);
    expect(at(T1040 + 30 * MIN)).toBe(false);
  });

  it('says "source down since 10:40" in the city\'s time', () => {
    expect(downText({ since: T1040 }, TZ)).toBe('source down since 10:40 CEST');
  });
});

describe('a down source is never drawn or counted live', () => {
  it('freshness: a reading a minute old is stale when its source is down; never stays never', () => {
    const st = stateOf('parking:P0', T0 - MIN, { vehicleCount: 50, totalSpaces: 100 });
    expect(freshnessOf(parks[0]!, st, T0)).toBe('live');
    const down = sensorDown(parks[0]!, parkingDown());
    expect(freshnessOf(parks[0]!, st, T0, down)).toBe('stale');
    expect(freshnessOf(parks[0]!, undefined, T0, down)).toBe('never');
    expect(freshnessOf(parks[0]!, st, null, down)).toBe('stale');
  });

  it('the layers: car parks of a down source get the stale look, not their band colour; other types stay live', () => {
    const states = [...parks.map((p) => stateOf(p.id, T0 - MIN, { vehicleCount: 95, totalSpaces: 100 })), stateOf(air.id, T0 - MIN, { ozone: 30 })];
    const base = input([...parks, air], states);
    const parkType = typeOf(SHIPPED_REGISTRY, 'car-park');
    const live = sensorsOfType(base, parkType);
    const down = sensorsOfType({ ...base, down: parkingDown() }, parkType);
    expect(live.map((d) => d.freshness)).toEqual(Array(8).fill('live'));
    expect(down.map((d) => d.freshness)).toEqual(Array(8).fill('stale'));
    expect(down[0]!.color).not.toEqual(live[0]!.color);
    const staleLook = sensorsOfType(input(parks, states, T0 + 10 * 3600_000), parkType)[0]!;
    expect(down[0]!.color).toEqual(staleLook.color);
    const airType = typeOf(SHIPPED_REGISTRY, 'citypulse-air-index');
    expect(sensorsOfType({ ...base, down: parkingDown() }, airType)[0]!.freshness).toBe('live');
  });

  it('counts: "0 live · 8 source down", the others by their freshness', () => {
    const states = new Map([...parks, air, ...segs].map((s) => [s.id, stateOf(s.id, T0 - MIN, {})]));
    states.delete(segs[1]!.id);
    const c = sensorCounts([...parks, air, ...segs], states, parkingDown(), (s, st) => freshnessOf(s, st, T0));
    expect(c).toEqual({ live: 2, stale: 0, never: 1, down: 8 });
    const all = sensorCounts([...parks, air], states, downSources({ status: status({ connection: 'disconnected', downSince: T1040 }), alarms: [], replayAt: null, pack: false }), (s, st) => freshnessOf(s, st, T0));
    expect(all).toEqual({ live: 0, stale: 0, never: 0, down: 9 });
  });

  it('the map cue: a mark per down sensor of a visible type (lines along their path, points at their anchor)', () => {
    const catalogue = new Map([...parks, ...segs, air].map((s) => [s.id, s]));
    const feedDown = downSources({ status: status({ connection: 'disconnected', downSince: T1040 }), alarms: [], replayAt: null, pack: false });
    const m = downMarks({ catalogue, down: feedDown, visible: {} });
    expect(m.lines.map((l) => l.id)).toEqual(segs.map((s) => s.id));
    expect(m.lines[0]!.path).toHaveLength(3);
    expect(m.points).toHaveLength(9);
    expect(downMarks({ catalogue, down: feedDown, visible: { traffic: false } }).lines).toEqual([]);
    expect(downMarks({ catalogue, down: parkingDown(), visible: {} }).points.map((p) => p.id)).toEqual(parks.map((p) => p.id));
    expect(downMarks({ catalogue, down: NOTHING_DOWN, visible: {} })).toEqual({ lines: [], points: [] });
  });

  it('the tooltip summary says "source down since" and that the value is the last received', () => {
    const st = stateOf('parking:P0', T0 - MIN, { vehicleCount: 95, totalSpaces: 100 });
    const sum = summarize(parks[0]!, st, T0, SHIPPED_REGISTRY, { down: sensorDown(parks[0]!, parkingDown()), timeZone: TZ });
    expect(sum.freshness).toBe('stale');
    expect(sum.down).toEqual({ text: 'source down since 10:40 CEST', reason: 'no data from Car park sensors' });
    expect(sum.lines[0]!.value).toMatch(/\(last received\)$/);
    expect(summarize(parks[0]!, st, T0, SHIPPED_REGISTRY).down).toBeNull();
  });
});

describe('the header and the alarm rows say so', () => {
  it('header: nothing when all is well; the source, the feed, or frozen', () => {
    expect(headerHealthText({ down: NOTHING_DOWN, frozen: null, timeZone: TZ })).toBeNull();
    expect(headerHealthText({ down: parkingDown(), frozen: null, timeZone: TZ })).toBe('source down since 10:40 CEST: Car park sensors');
    const feed = downSources({ status: status({ connection: 'disconnected', downSince: T1040, feedName: 'Aarhus demo' }), alarms: [], replayAt: null, pack: false });
    expect(headerHealthText({ down: feed, frozen: null, timeZone: TZ })).toBe('source down since 10:40 CEST: the feed is unreachable, no sensor is live');
    expect(headerHealthText({ down: parkingDown(), frozen: { at: T1040 }, timeZone: TZ })).toBe('frozen at 10:40 CEST — engine unreachable');
    const two = downSources({ status: status(), alarms: [outage('car-park'), outage('traffic', { raisedAt: T1040 - 5 * MIN, group: { kind: 'outage', name: 'Traffic sensors', members: [], firstOut: '' } })], replayAt: null, pack: false });
    expect(headerHealthText({ down: two, frozen: null, timeZone: TZ })).toBe('2 sources down (first since 10:35 CEST): Car park sensors, Traffic sensors');
  });

  it('an alarm of a down source\'s sensor is not a live "ACTIVE … 13% of normal"', () => {
    const catalogue = new Map([...parks, ...segs].map((s) => [s.id, s]));
    const base = { catalogue, down: parkingDown(), frozen: null, timeZone: TZ };
    const full = alarm('full|parking:P2|1', { subject: 'parking:P2', message: 'Car park full: 99%' });
    expect(alarmNote(full, base)).toBe('source down since 10:40 CEST — no data from Car park sensors; values are the last received, not live');
    // Its source up: no note.
    expect(alarmNote(alarm('slow|traffic:1|1', { subject: 'traffic:1' }), base)).toBeNull();
    // The outage alarm says what it is itself.
    expect(alarmNote(outage('car-park'), base)).toBeNull();
    // A group: how many of its sensors are down.
    const group = alarm('g', { subject: 'district:x', group: { kind: 'rule', name: 'Midtbyen', firstOut: 'parking:P0', members: [{ subject: 'parking:P0', raisedAt: 0, clearedAt: null, message: '' }, { subject: 'traffic:1', raisedAt: 0, clearedAt: null, message: '' }] } });
    expect(alarmNote(group, base)).toMatch(/^1 of 2 sensors: source down since 10:40 CEST/);
    // The engine gone: every row says frozen, the outage alarm too.
    expect(alarmNote(outage('car-park'), { ...base, frozen: { at: T1040 } })).toBe('frozen at 10:40 CEST — engine unreachable');
  });
});
