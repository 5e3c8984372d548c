/**
 * Replay across the screen, without a DOM: the band's words, the replayed alarm list (the frame's alarms, paged in the
 * live order, searched, shelved apart), which live announcements interrupt, the L key, the chart window around the
 * instant, and the selectors every component reads through.
 */
import { describe, expect, it } from 'vitest';
import type { Alarm, ReplayFrame } from '../../../electron/engine/api';
import { SHORTCUTS, keyAction } from '../../../renderer/alarms/keyboard';
import { playingCentre, replayHistoryParams } from '../../../renderer/panels/SensorPanel';
import { liveCriticalSince } from '../../../renderer/replay/liveCritical';
import { replayAlarmPage, replayPageOf } from '../../../renderer/replay/replayAlarmPage';
import { formatReplayInstant, replayBandText } from '../../../renderer/replay/replayFormat';
import { createAppStore, shownAlarmCounts, shownAlarms, shownNow, shownShelves, shownStates, type Announcement } from '../../../renderer/store';
import { DEFAULT_ALARM_QUERY } from '../../../renderer/store/alarmsSlice';
import { SHIPPED_REGISTRY, T0, parkingSensor, stateOf } from '../fixtures';
import { replayAlarm } from './replayFixtures';

const alarm = replayAlarm;

const ctx = { catalogue: new Map([['parking:A', parkingSensor('A')]]), rules: new Map(), zones: [], registry: SHIPPED_REGISTRY };

describe('the REPLAY band', () => {
  it("names the instant in the city's zone with its weekday, and the speed", () => {
    // 2014-08-04 08:40:00 UTC = 10:40:00 CEST in Aarhus.
    const at = Date.UTC(2014, 7, 4, 8, 40, 0);
    expect(formatReplayInstant(at, 'Europe/Copenhagen')).toBe('Mon 4 Aug 2014 10:40:00 CEST');
    expect(formatReplayInstant(at, 'Europe/London')).toBe('Mon 4 Aug 2014 09:40:00 BST');
    expect(replayBandText(at, 60, 'Europe/Copenhagen', false)).toBe('REPLAY — Mon 4 Aug 2014 10:40:00 CEST, 60x');
    expect(replayBandText(at, 3600, 'Europe/Copenhagen', true)).toBe('Incident pack (read-only) — Mon 4 Aug 2014 10:40:00 CEST, 3600x');
    // Winter: the zone's name follows the instant.
    expect(formatReplayInstant(Date.UTC(2014, 11, 1, 12, 0, 0), 'Europe/Copenhagen')).toBe('Mon 1 Dec 2014 13:00:00 CET');
    expect(formatReplayInstant(null, 'UTC')).toBe('—');
  });
});

describe('the alarm list in replay', () => {
  const a1 = alarm('a1', 'medium', T0 + 1000);
  const a2 = alarm('a2', 'urgent', T0 + 500);
  const a3 = alarm('a3', 'medium', T0 + 3000, { subject: 'parking:B', message: 'Salling full' });
  const a4 = alarm('a4', 'low', T0 + 4000, { acknowledged: { by: 'Ana', at: T0 + 5000 } });
  const shelved = alarm('s1', 'high', T0 + 100, { ruleId: 'other', subject: 'parking:C' });
  const all = new Map([a1, a2, a3, a4, shelved].map((a) => [a.id, a]));
  const shelves = new Map([['other|parking:C', { key: 'other|parking:C', ruleId: 'other', subject: 'parking:C', by: 'Bo', until: T0 + 3600_000, reason: 'works', at: T0 }]]);

  it('sorts by priority, then newest raised (the live order), and pages locally with the true total', () => {
    const page = replayAlarmPage(all, shelves, DEFAULT_ALARM_QUERY, 200, ctx);
    expect(page.alarms.map((a) => a.id)).toEqual(['a2', 'a3', 'a1', 'a4']);
    expect(page.total).toBe(4);
    const second = replayAlarmPage(all, shelves, { ...DEFAULT_ALARM_QUERY, offset: 2 }, 2, ctx);
    expect(second.alarms.map((a) => a.id)).toEqual(['a1', 'a4']);
    expect(second.total).toBe(4);
  });

  it('the Shelved view holds the alarms shelved then; search matches message, place and who acknowledged', () => {
    expect(replayAlarmPage(all, shelves, { ...DEFAULT_ALARM_QUERY, view: 'shelved' }, 200, ctx).alarms.map((a) => a.id)).toEqual(['s1']);
    expect(replayAlarmPage(all, shelves, { ...DEFAULT_ALARM_QUERY, search: 'salling' }, 200, ctx).alarms.map((a) => a.id)).toEqual(['a3']);
    expect(replayAlarmPage(all, shelves, { ...DEFAULT_ALARM_QUERY, search: 'ana' }, 200, ctx).alarms.map((a) => a.id)).toEqual(['a4']);
    expect(replayAlarmPage(all, shelves, { ...DEFAULT_ALARM_QUERY, search: 'nothing like it' }, 200, ctx).total).toBe(0);
  });

  it("the store's page is the frame's in replay (Open and Shelved), the engine's live and for the Resolved history", () => {
    const store = createAppStore();
    const s = () => store.getState();
    expect(replayPageOf(s(), 200)).toBeNull();
    s().enterReplay(T0 + 10_000);
    expect(replayPageOf(s(), 200)).toEqual({ alarms: [], total: 0 });
    s().setReplayFrame(frame(T0 + 10_000, [...all.values()], [...shelves.values()]));
    expect(replayPageOf(s(), 200)?.alarms.map((a) => a.id)).toEqual(['a2', 'a3', 'a1', 'a4']);
    s().setAlarmQuery({ view: 'shelved' });
    expect(replayPageOf(s(), 200)?.alarms.map((a) => a.id)).toEqual(['s1']);
    s().setAlarmQuery({ view: 'resolved' });
    expect(replayPageOf(s(), 200)).toBeNull();
  });
});

function frame(at: number, alarms: Alarm[] = [], shelves: ReplayFrame['shelves'] = []): ReplayFrame {
  return {
    at,
    states: [stateOf('parking:A', at - 120_000, { vehicles: 42, capacity: 100 })],
    sensors: { live: 1, stale: 2, never: 3 },
    resolution: 'raw',
    approximate: [],
    alarms,
    counts: { unresolved: alarms.length, unacknowledged: { urgent: 1, high: 0, medium: 2, low: 0 }, shelved: shelves.length, lastTenMinutes: 0, flood: false },
    shelves,
    gaps: [],
    extent: { from: T0, to: T0 + 86_400_000, rawFrom: T0 },
  };
}

describe('what the components read: live, or the frame', () => {
  it('states, clock, alarms, counts and shelves switch to the frame in replay and back to live after', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().applyCatalogue([parkingSensor('A')]);
    s().applyDelta([stateOf('parking:A', T0 + 7 * 86_400_000, { vehicles: 99, capacity: 100 })]);
    const live = alarm('live', 'high', T0 + 7 * 86_400_000);
    s().upsertAlarms([live]);
    s().setAlarmCounts({ unresolved: 1, unacknowledged: { urgent: 0, high: 1, medium: 0, low: 0 }, shelved: 0, lastTenMinutes: 1, flood: false });
    const past = alarm('past', 'urgent', T0 + 1000);
    s().enterReplay(T0 + 60_000, { alarmId: past.id });
    s().setReplayFrame(frame(T0 + 60_000, [past]));
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicles).toBe(42);
    expect(shownNow(s())).toBe(T0 + 60_000);
    expect([...shownAlarms(s()).keys()]).toEqual(['past']);
    expect(shownAlarmCounts(s())?.unacknowledged.urgent).toBe(1);
    expect(shownShelves(s()).size).toBe(0);
    expect(s().selectedAlarmId).toBe('past');
    // The live state is untouched underneath.
    expect(s().states.get('parking:A')?.last?.values.vehicles).toBe(99);
    expect(s().alarms.has('past')).toBe(false);
    expect(s().exitReplay()).toBe(true);
    expect(shownStates(s()).get('parking:A')?.last?.values.vehicles).toBe(99);
    expect([...shownAlarms(s()).keys()]).toEqual(['live']);
  });

  it("a read-only pack has no live to return to", () => {
    const store = createAppStore();
    store.getState().enterReplay(T0, { readOnly: true });
    expect(store.getState().exitReplay()).toBe(false);
    expect(store.getState().replay).not.toBeNull();
  });
});

describe('interrupts and keys', () => {
  const ann = (seq: number, severity: Announcement['severity']): Announcement => ({ seq, alarmId: `x${seq}`, severity, message: `m${seq}`, receivedAt: 0 });
  it('only live critical announcements newer than the start of the replay interrupt', () => {
    const list = [ann(1, 'critical'), ann(2, 'warning'), ann(3, 'critical'), ann(4, 'info'), ann(5, 'critical')];
    expect(liveCriticalSince(list, 1).map((a) => a.seq)).toEqual([3, 5]);
    expect(liveCriticalSince(list, 5)).toEqual([]);
  });

  it('L goes back to live, not while typing, with a dialog open or with a modifier; no other shortcut uses L, Esc stays the dialogs\'', () => {
    const idle = { typing: false, dialogOpen: false, inList: false, helpOpen: false };
    expect(keyAction({ key: 'l' }, idle)).toBe('live');
    expect(keyAction({ key: 'L' }, idle)).toBe('live');
    expect(keyAction({ key: 'l' }, { ...idle, typing: true })).toBeNull();
    expect(keyAction({ key: 'l' }, { ...idle, dialogOpen: true })).toBeNull();
    expect(keyAction({ key: 'l', ctrlKey: true }, idle)).toBeNull();
    expect(keyAction({ key: 'Escape' }, idle)).toBeNull();
    expect(SHORTCUTS.filter((x) => x.keys.includes('l'))).toHaveLength(1);
  });
});

describe('the sensor chart in replay', () => {
  it('asks for a window centred on the instant; while playing the centre moves in eighths of the range', () => {
    const H6 = 6 * 3600_000;
    expect(replayHistoryParams('parking:A', H6, T0)).toMatchObject({ sensorId: 'parking:A', from: T0 - H6 / 2, to: T0 + H6 / 2 });
    const c = playingCentre(T0 + 1000, H6);
    expect(Math.abs(c - (T0 + 1000))).toBeLessThanOrEqual(H6 / 16);
    expect(playingCentre(T0 + 1000, H6)).toBe(playingCentre(T0 + 2000, H6));
  });
});
