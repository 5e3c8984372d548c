import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../electron/engine/api';
import { alarmAdvice } from '../../renderer/panels/sensorDetails';
import { alarm } from './workload-fixtures';

const rationale = { cause: 'Events in town', consequence: 'Drivers circle the centre', action: 'Switch the guidance signs to Bruuns Galleri', respondWithinMinutes: 30 };
const rules = new Map<string, Pick<RuleSummary, 'name' | 'rule'>>([
  ['full', { name: 'Car park full', rule: { rationale } as RuleSummary['rule'] }],
  ['old', { name: 'Old rule', rule: {} as RuleSummary['rule'] }],
]);

describe("sensor panel: what to do for the sensor's open alarms", () => {
  it("gives the rule's action and time to respond, due from when the alarm reached the desk", () => {
    const list = [alarm('a', { ruleId: 'full', subject: 'P', raisedAt: 1000, announcedAt: 5000, priority: 'high' })];
    expect(alarmAdvice('P', list, rules)).toEqual([
      { alarmId: 'a', ruleName: 'Car park full', priority: 'high', state: 'active', acknowledged: false, group: null, action: rationale.action, respondWithinMinutes: 30, fromRule: true, respondBy: 5000 + 30 * 60_000 },
    ]);
  });

  it('a rule without a rationale: no action, the default time to respond for the severity when raised', () => {
    const [a] = alarmAdvice('P', [alarm('b', { ruleId: 'old', subject: 'P', severity: 'critical', raisedSeverity: 'warning', raisedAt: 0 })], rules);
    expect(a).toMatchObject({ action: null, respondWithinMinutes: 60, fromRule: false, respondBy: 60 * 60_000 });
    expect(alarmAdvice('P', [alarm('c', { ruleId: 'deleted', subject: 'P' })], rules)[0]).toMatchObject({ ruleName: 'deleted', action: null });
  });

  it("includes the groups the sensor is a member of, skips resolved and other sensors' alarms, most urgent first", () => {
    const group = { kind: 'rule' as const, name: 'Midtbyen', firstOut: 'Q', members: [{ subject: 'Q', raisedAt: 0, clearedAt: null, message: '' }, { subject: 'P', raisedAt: 1, clearedAt: null, message: '' }] };
    const list = [
      alarm('low', { ruleId: 'full', subject: 'P', priority: 'low', raisedAt: 9 }),
      alarm('grp', { ruleId: 'full', subject: 'zone:1', group, priority: 'urgent', raisedAt: 1 }),
      alarm('done', { ruleId: 'full', subject: 'P', state: 'resolved', priority: 'urgent' }),
      alarm('other', { ruleId: 'full', subject: 'X', priority: 'urgent' }),
      alarm('ack', { ruleId: 'full', subject: 'P', state: 'acknowledged', acknowledged: { by: 'Olav', at: 3 }, priority: 'medium', raisedAt: 5 }),
    ];
    const out = alarmAdvice('P', list, rules);
    expect(out.map((a) => [a.alarmId, a.group, a.acknowledged])).toEqual([
      ['grp', 'Midtbyen', false],
      ['ack', null, true],
      ['low', null, false],
    ]);
    expect(alarmAdvice('nobody', list, rules)).toEqual([]);
  });
});
