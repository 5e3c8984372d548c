import { describe, expect, it } from 'vitest';
import { FLOOD_ALARMS, FLOOD_WINDOW_MS } from '../../electron/shared/alarm-priority';
import { floodSummary, priorityWords, recentAlarms } from '../../renderer/alarms/flood';
import { alarm } from './workload-fixtures';

const NOW = 1_000_000_000;
const names: Record<string, string> = { silent: 'Traffic sensor silent', full: 'Car park full', air: 'Poor air' };
const ruleName = (id: string) => names[id] ?? id;
const noShelves = new Map();

/** n alarms of a rule, raised `agoMs` before NOW. */
function many(ruleId: string, n: number, agoMs: number, priority: 'urgent' | 'high' | 'medium' | 'low' = 'medium') {
  return Array.from({ length: n }, (_, i) => alarm(`${ruleId}-${agoMs}-${i}`, { ruleId, raisedAt: NOW - agoMs, priority }));
}

describe('flood: what is recent', () => {
  it('counts alarms raised in the last window of data time, shelved ones not (late arrivals of old raises are no flood now)', () => {
    const list = [
      ...many('silent', 2, 60_000),
      alarm('old', { raisedAt: NOW - FLOOD_WINDOW_MS }), // exactly one window ago: outside
      alarm('late', { raisedAt: NOW - 2 * FLOOD_WINDOW_MS, announcedAt: NOW - 1000 }), // raised long ago by late readings: not now
      alarm('future', { raisedAt: NOW + 1000 }),
      alarm('shelved', { ruleId: 'full', subject: 'P1', raisedAt: NOW - 1000 }),
    ];
    const shelves = new Map([['full|P1', { key: 'full|P1', by: 'x', at: 0, until: NOW + 1, reason: 'works' }]]);
    expect(recentAlarms(list, shelves, NOW).map((a) => a.id).sort()).toEqual(['silent-60000-0', 'silent-60000-1']);
  });
});

describe('flood: the banner', () => {
  it('no banner at FLOOD_ALARMS new alarms; a banner above, grouped by rule (most first) and by priority', () => {
    const at = many('silent', FLOOD_ALARMS, 1000);
    expect(floodSummary(at, null, ruleName)).toBeNull();
    const recent = [...many('silent', 18, 1000, 'medium'), ...many('full', 3, 2000, 'high'), ...many('full', 2, 3000, 'urgent')];
    const f = floodSummary(recent, null, ruleName)!;
    expect(f.newAlarms).toBe(23);
    expect(f.byRule).toEqual([
      { ruleId: 'silent', name: 'Traffic sensor silent', count: 18 },
      { ruleId: 'full', name: 'Car park full', count: 5 },
    ]);
    expect(f.byPriority).toEqual([
      { priority: 'urgent', count: 2 },
      { priority: 'high', count: 3 },
      { priority: 'medium', count: 18 },
    ]);
    expect(f.text).toBe('Flood: 23 new alarms in 10 min — 18 Traffic sensor silent, 5 Car park full');
    expect(priorityWords(f.byPriority)).toBe('2 urgent, 3 high, 18 medium');
  });

  it("the engine's counts say flood even when few alarms are held here, and its count is the true one", () => {
    const f = floodSummary(many('air', 3, 1000), { flood: true, lastTenMinutes: 453 }, ruleName)!;
    expect(f.newAlarms).toBe(453);
    expect(f.text).toBe('Flood: 453 new alarms in 10 min — 3 Poor air');
    expect(floodSummary(many('air', 3, 1000), { flood: false, lastTenMinutes: 3 }, ruleName)).toBeNull();
  });

  it('the flood ends when the window has moved past the burst', () => {
    const burst = many('silent', 15, 0);
    expect(floodSummary(recentAlarms(burst, noShelves, NOW + 60_000), null, ruleName)).not.toBeNull();
    expect(floodSummary(recentAlarms(burst, noShelves, NOW + FLOOD_WINDOW_MS), null, ruleName)).toBeNull();
  });

  it('names the three biggest rules and says how many more; ties by name', () => {
    const recent = [...many('a', 5, 1), ...many('b', 3, 1), ...many('c', 3, 1), ...many('d', 1, 1), ...many('e', 1, 1)];
    const f = floodSummary(recent, null, (id) => `Rule ${id.toUpperCase()}`)!;
    expect(f.text).toBe('Flood: 13 new alarms in 10 min — 5 Rule A, 3 Rule B, 3 Rule C, 2 more rules');
    expect(f.byRule.map((g) => g.ruleId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
