import { describe, expect, it } from 'vitest';
import { AlarmBook, AlarmError, type AlarmState } from '../../../electron/engine/rules/alarms';
import type { AlertEvent } from '../../../electron/engine/rules/evaluator';
import { min, rule, T0 } from './fixtures';

const R = rule({ type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 }, { escalation: { afterMinutes: 30, to: 'critical' } });
const raise = (m = 0, subject = 'parking:P1'): AlertEvent => ({ type: 'raise', ruleId: 'r1', ruleVersion: 3, subject, severity: 'warning', at: min(m), value: 97, message: 'Occupancy 97% > 95% at P1' });
const clear = (m: number, subject = 'parking:P1'): AlertEvent => ({ type: 'clear', ruleId: 'r1', subject, severity: 'warning', at: min(m), message: 'Cleared: Occupancy 80% at P1', reason: 'condition' });
const ID = `r1|parking:P1|${T0}`;

type Op = ['ack' | 'resolve', number] | ['clear', number] | ['shelve', number, number] | ['clock', number];
function book(ops: Op[]): { book: AlarmBook; states: AlarmState[]; actions: string[] } {
  const b = new AlarmBook([R]);
  const states: AlarmState[] = [];
  const actions: string[] = [];
  const note = (u: { audit: { action: string; user: string }[] }) => {
    actions.push(...u.audit.map((a) => `${a.action}:${a.user}`));
    states.push(b.alarm(ID)!.state);
  };
  note(b.apply([raise()]));
  for (const op of ops) {
    if (op[0] === 'ack') note(b.acknowledge(ID, 'anna', min(op[1]), 'on it'));
    else if (op[0] === 'resolve') note(b.resolve(ID, 'anna', min(op[1])));
    else if (op[0] === 'clear') note(b.apply([clear(op[1])]));
    else if (op[0] === 'shelve') note(b.shelve(ID, 'anna', min(op[1]), min(op[2]), 'maintenance'));
    else note(b.onClock(min(op[1])));
  }
  return { book: b, states, actions };
}

describe('alarm lifecycle', () => {
  it.each<[string, Op[], AlarmState[], string[]]>([
    ['ack, then clear: resolved', [['ack', 5], ['clear', 10]], ['active', 'acknowledged', 'resolved'], ['raise:system', 'acknowledge:anna', 'clear:system']],
    ['clear, then ack: resolved', [['clear', 5], ['ack', 10]], ['active', 'cleared', 'resolved'], ['raise:system', 'clear:system', 'acknowledge:anna']],
    ['clear, then resolve by an operator', [['clear', 5], ['resolve', 10]], ['active', 'cleared', 'resolved'], ['raise:system', 'clear:system', 'resolve:anna']],
    ['escalates when not acknowledged in time (once)', [['clock', 29], ['clock', 30], ['clock', 90]], ['active', 'active', 'active', 'active'], ['raise:system', 'escalate:system']],
    ['no escalation once acknowledged', [['ack', 10], ['clock', 60]], ['active', 'acknowledged', 'acknowledged'], ['raise:system', 'acknowledge:anna']],
    ['no escalation while shelved; unshelved at expiry, then escalates', [['shelve', 5, 45], ['clock', 40], ['clock', 45], ['clock', 46]], ['active', 'active', 'active', 'active', 'active'], ['raise:system', 'shelve:anna', 'unshelve:system', 'escalate:system']],
  ])('%s', (_n, ops, states, actions) => {
    const r = book(ops);
    expect(r.states).toEqual(states);
    expect(r.actions).toEqual(actions);
  });

  it('forgets only resolved alarms resolved before the cut-off', () => {
    const b = new AlarmBook([R]);
    b.apply([raise(0)]);
    b.apply([clear(5)]);
    b.acknowledge(ID, 'anna', min(10)); // cleared + acknowledged = resolved at 10
    b.apply([raise(20)]);
    expect(b.prune(min(10))).toBe(0); // resolved at 10: not before 10
    expect(b.prune(min(11))).toBe(1);
    expect(b.alarm(ID)).toBeUndefined();
    expect(b.open().map((a) => a.raisedAt)).toEqual([min(20)]);
  });

  it('an alarm raised by late readings (catching up) escalates counting from when it reached the desk', () => {
    const b = new AlarmBook([R]);
    b.apply([raise(0)], min(120)); // the reading was two hours old when it arrived
    expect(b.alarm(ID)!.announcedAt).toBe(min(120));
    expect(b.onClock(min(121)).audit).toEqual([]); // 121 min after raisedAt, but 1 min after it was announced
    expect(b.onClock(min(150)).audit.map((a) => a.action)).toEqual(['escalate']);
  });

  it('records who acknowledged, with the comment, and the escalated severity', () => {
    const { book: b } = book([['clock', 31], ['ack', 40]]);
    expect(b.alarm(ID)).toMatchObject({ id: ID, state: 'acknowledged', severity: 'critical', raisedSeverity: 'warning', ruleVersion: 3, acknowledged: { by: 'anna', at: min(40), comment: 'on it' }, escalatedAt: min(31) });
  });

  it('escalation yields an escalate event to announce', () => {
    const b = new AlarmBook([R]);
    b.apply([raise()]);
    const u = b.onClock(min(30));
    expect(u.announce).toEqual([{ type: 'escalate', ruleId: 'r1', ruleVersion: 3, subject: 'parking:P1', severity: 'critical', at: min(30), value: 97, message: 'Escalated to critical: not acknowledged for 30 min. Occupancy 97% > 95% at P1' }]);
    expect(u.audit).toEqual([{ at: min(30), user: 'system', action: 'escalate', alarmId: ID, detail: 'warning -> critical: not acknowledged within 30 min' }]);
  });

  it('shelving covers the (rule, subject): a re-raise while shelved is not announced; after expiry it is', () => {
    const b = new AlarmBook([R]);
    expect(b.apply([raise(0)]).announce).toHaveLength(1);
    b.shelve(ID, 'anna', min(1), min(61), 'sensor being repaired');
    b.apply([clear(5)]);
    const again = b.apply([raise(10)]);
    expect(again.announce).toEqual([]);
    expect(again.audit[0]!.detail).toContain('shelved until');
    expect(b.onClock(min(60)).announce).toEqual([]);
    const off = b.onClock(min(61));
    // Off the shelf, and overdue for escalation (raised 51 min ago, not acknowledged): both happen now.
    expect(off.audit).toMatchObject([{ action: 'unshelve', user: 'system', alarmId: `r1|parking:P1|${min(10)}`, detail: 'shelving expired' }, { action: 'escalate' }]);
    expect(off.announce.map((e) => e.type)).toEqual(['raise', 'escalate']);
    expect(b.isShelved(`r1|parking:P1|${min(10)}`)).toBe(false);
  });

  it('ids are deterministic and applying the same raise twice is harmless', () => {
    const b = new AlarmBook();
    b.apply([raise(0), raise(0)]);
    expect(b.open().map((a) => a.id)).toEqual([ID]);
  });

  it('a clear with nothing open is ignored', () => {
    expect(new AlarmBook().apply([clear(3)]).changed).toEqual([]);
  });

  it('restores open alarms and shelves from the store', () => {
    const { book: b } = book([['shelve', 1, 100]]);
    const copy = new AlarmBook([R], b.open(), [b.shelf(ID)!]);
    expect(copy.isShelved(ID)).toBe(true);
    expect(copy.apply([clear(5)]).changed.map((a) => a.state)).toEqual(['cleared']);
  });

  it.each<[string, (b: AlarmBook) => unknown, string]>([
    ['ack a resolved alarm', (b) => { b.apply([clear(1)]); b.acknowledge(ID, 'anna', min(2)); return b.acknowledge(ID, 'bo', min(3)); }, `alarm ${ID} is resolved: nothing to acknowledge`],
    ['ack twice', (b) => { b.acknowledge(ID, 'anna', min(2)); return b.acknowledge(ID, 'bo', min(3)); }, `alarm ${ID} is already acknowledged (by anna)`],
    ['resolve while the condition holds', (b) => b.resolve(ID, 'anna', min(2)), `alarm ${ID} cannot be resolved while its condition still holds (acknowledge or shelve it instead)`],
    ['shelve without a reason', (b) => b.shelve(ID, 'anna', min(1), min(10), '  '), 'shelving needs a reason'],
    ['shelve into the past', (b) => b.shelve(ID, 'anna', min(10), min(5), 'x'), 'shelving must end after it starts'],
    ['shelve for more than 7 days', (b) => b.shelve(ID, 'anna', min(0), min(8 * 24 * 60), 'x'), 'shelving is limited to 7 days'],
    ['shelve a resolved alarm', (b) => { b.apply([clear(1)]); b.resolve(ID, 'anna', min(2)); return b.shelve(ID, 'anna', min(3), min(9), 'x'); }, `alarm ${ID} is resolved: nothing to shelve`],
    ['unshelve what is not shelved', (b) => b.unshelve(ID, 'anna', min(1)), `alarm ${ID} is not shelved`],
    ['an unknown alarm', (b) => b.acknowledge('nope', 'anna', min(1)), 'cannot acknowledge: no alarm nope'],
    ['an action without a user', (b) => b.acknowledge(ID, '', min(1)), 'an operator action needs the operator\u2019s name'],
    ["an operator posing as 'system'", (b) => b.acknowledge(ID, 'system', min(1)), "'system' is reserved for automatic transitions"],
  ])('illegal: %s', (_n, act, message) => {
    const b = new AlarmBook([R]);
    b.apply([raise()]);
    let err: unknown;
    try {
      act(b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AlarmError);
    expect((err as Error).message).toBe(message);
  });
});
