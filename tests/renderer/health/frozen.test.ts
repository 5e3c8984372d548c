/**
 * The feed clock that does not pretend (not advancing while the feed is down, frozen while the engine is gone) and the
 * store-level view of it: the down sources of what is shown (live, or the replayed instant), the alarm rows' note,
 * and recovery when the feed or the engine comes back.
 */
import { describe, expect, it } from 'vitest';
import { OUTAGE_RULE_ID } from '../../../electron/shared/built-in-alarms';
import { alarmSourceNote } from '../../../renderer/health/alarmNote';
import { engineGone, feedClockView } from '../../../renderer/health/frozen';
import { shownDown } from '../../../renderer/health/shownDown';
import { anythingDown } from '../../../renderer/health/sourceDown';
import { createAppStore, feedNow } from '../../../renderer/store';
import { nextFeedDown } from '../../../renderer/store/feedSlice';
import { parkingSensor, status, T0 } from '../fixtures';
import { alarm } from '../workload-fixtures';

const TZ = 'Europe/Copenhagen';
const MIN = 60_000;

describe('the feed clock', () => {
  it('ticks while the feed talks', () => {
    const v = feedClockView({ status: status(), feedDown: null, transport: 'open', now: T0 + 5000, wallNow: T0 + 5000, timeZone: TZ });
    expect(v).toEqual({ text: 'Feed time: 1 Aug 2014 10:00:05 CEST', warn: null });
    expect(feedClockView({ status: status({ speed: 60 }), feedDown: null, transport: 'open', now: T0, wallNow: T0, timeZone: TZ }).text).toMatch(/\(×60\)$/);
  });

  it('feed down: the feed time it stopped at, fixed once per outage, however the engine extrapolates and statuses lag', () => {
    // Connected at T0, then down at T0 + 1 s; the engine's clock runs on (it ages the readings).
    let down = nextFeedDown(null, status({ feedTime: T0 }), T0, null);
    expect(down).toBeNull();
    const downSince = T0 + 1000;
    for (const [later, lag] of [[0, 0], [10 * MIN, 700], [30 * MIN, 1300]] as const) {
      const st = status({ connection: 'disconnected', downSince, feedTime: downSince + later });
      down = nextFeedDown(down, st, downSince + later + lag, T0);
      expect(down).toEqual({ since: downSince, feedTime: T0 });
      const v = feedClockView({ status: st, feedDown: down, transport: 'open', now: downSince + later, wallNow: downSince + later + 1000, timeZone: TZ });
      expect(v.warn).toBe('not-advancing');
      expect(v.text).toBe(`Feed time: 1 Aug 2014 10:00:00 CEST — not advancing for ${later === 0 ? '1 s' : `${later / MIN} min`}`);
    }
    // Never connected (started from the cache): the engine's clock taken back to downSince at the feed's speed.
    expect(nextFeedDown(null, status({ connection: 'disconnected', downSince: T0, feedTime: T0 + 60 * MIN, speed: 60 }), T0 + MIN, null)).toEqual({ since: T0, feedTime: T0 });
    // A new outage: a new record. Connected again: none.
    expect(nextFeedDown(down, status({ connection: 'disconnected', downSince: T0 + 40 * MIN, feedTime: T0 + 40 * MIN }), T0 + 40 * MIN, T0 + 39 * MIN)).toEqual({ since: T0 + 40 * MIN, feedTime: T0 + 39 * MIN });
    expect(nextFeedDown(down, status({ connection: 'connected', downSince: null }), T0, T0)).toBeNull();
  });

  it('engine gone: frozen at the last feed time, not ticking; back when the transport reopens', () => {
    expect(engineGone('closed', status())).toBe(true);
    expect(engineGone('connecting', null)).toBe(false); // the first connection: nothing to freeze
    expect(engineGone('open', status())).toBe(false);
    const st = status({ feedTime: T0 });
    const now = feedNow({ status: st, statusReceivedAt: T0, transport: 'closed' }, T0 + 30 * MIN);
    expect(now).toBe(T0);
    expect(feedClockView({ status: st, feedDown: null, transport: 'closed', now, wallNow: T0 + 30 * MIN, timeZone: TZ })).toEqual({
      text: 'Feed time: 1 Aug 2014 10:00:00 CEST — frozen, engine unreachable',
      warn: 'frozen',
    });
  });
});

describe('from the store', () => {
  const park = parkingSensor('P1');
  const outage = alarm(`${OUTAGE_RULE_ID}|source:car-park|${T0}`, { ruleId: OUTAGE_RULE_ID, subject: 'source:car-park', raisedAt: T0, group: { kind: 'outage', name: 'Car park sensors', members: [], firstOut: '' } });
  const full = alarm(`full|${park.id}|${T0}`, { subject: park.id, message: 'Car park full: 99%' });

  function store() {
    const s = createAppStore();
    s.getState().applyCatalogue([park], undefined, { name: 'Aarhus', timeZone: TZ, home: null, extent: null, attribution: null, source: 'feed' });
    s.getState().setTransport('open', null);
    s.getState().setStatus(status(), T0);
    return s;
  }

  it('an outage alarm arriving puts the source down; its clearing brings it back', () => {
    const s = store();
    s.getState().upsertAlarms([full]);
    expect(anythingDown(shownDown(s.getState()))).toBe(false);
    expect(alarmSourceNote(full, s.getState())).toBeNull();
    s.getState().upsertAlarms([outage]);
    expect(shownDown(s.getState()).sources.get('car-park')?.since).toBe(T0);
    expect(alarmSourceNote(full, s.getState())).toBe('source down since 10:00 CEST — no data from Car park sensors; values are the last received, not live');
    // Memoised: the same answer while its inputs stand.
    expect(shownDown(s.getState())).toBe(shownDown(s.getState()));
    s.getState().upsertAlarms([{ ...outage, state: 'cleared', clearedAt: T0 + 40 * MIN, updatedAt: 1 }]);
    expect(anythingDown(shownDown(s.getState()))).toBe(false);
    expect(alarmSourceNote(full, s.getState())).toBeNull();
  });

  it('the feed down and back; the engine gone and back', () => {
    const s = store();
    s.getState().upsertAlarms([full]);
    s.getState().setStatus(status({ connection: 'disconnected', downSince: T0 + 5 * MIN, feedTime: T0 + 6 * MIN }), T0 + 6 * MIN);
    expect(alarmSourceNote(full, s.getState())).toMatch(/^source down since 10:05 CEST — the feed is unreachable/);
    // The clock's record: the last connected status's feed time (T0), kept while the engine's clock runs on.
    expect(s.getState().feedDown).toEqual({ since: T0 + 5 * MIN, feedTime: T0 });
    s.getState().setStatus(status({ connection: 'disconnected', downSince: T0 + 5 * MIN, feedTime: T0 + 7 * MIN }), T0 + 7 * MIN);
    expect(s.getState().feedDown).toEqual({ since: T0 + 5 * MIN, feedTime: T0 });
    s.getState().setStatus(status({ connection: 'connected', downSince: null }), T0 + 7 * MIN);
    expect(alarmSourceNote(full, s.getState())).toBeNull();
    expect(s.getState().feedDown).toBeNull();
    s.getState().setTransport('closed', 'engine connection lost');
    expect(alarmSourceNote(full, s.getState())).toBe('frozen at 10:00 CEST — engine unreachable');
    s.getState().setTransport('open', null);
    expect(alarmSourceNote(full, s.getState())).toBeNull();
  });
});
