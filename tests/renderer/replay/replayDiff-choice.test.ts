/** What the "Compare rules" panel sends (renderer/replay/rerunChoice.ts): the rule entries and the window. */
import { describe, expect, it } from 'vitest';
import { MAX_RERUN_MS, rerunEntries, rerunWindow } from '../../../renderer/replay/rerunChoice';

const H = 3_600_000;
const AT = Date.UTC(2014, 7, 4, 8, 0);

describe('re-run rule entries', () => {
  it('stored rules at their versions, in id order; the draft first, standing in for the stored rule of its id', () => {
    const checked = new Map<string, 'current' | number>([['z-rule', 'current'], ['a-rule', 3], ['full', 'current']]);
    expect(rerunEntries(checked, null)).toEqual({ entries: [{ ruleId: 'a-rule', version: 3 }, { ruleId: 'full' }, { ruleId: 'z-rule' }], replaced: null });
    const doc = { id: 'full', name: 'Full (draft)' };
    expect(rerunEntries(checked, { id: 'full', doc })).toEqual({ entries: [{ draft: doc }, { ruleId: 'a-rule', version: 3 }, { ruleId: 'z-rule' }], replaced: 'full' });
  });

  it('nothing chosen, or more than the engine takes, says so', () => {
    expect(rerunEntries(new Map(), null)).toEqual({ error: 'Choose at least one rule to re-run.' });
    const many = new Map(Array.from({ length: 51 }, (_, i) => [`r${i}`, 'current' as const]));
    expect(rerunEntries(many, null)).toEqual({ error: 'At most 50 rules can be re-run at once; 51 are chosen.' });
  });
});

describe('re-run window', () => {
  it('around the instant, or the timeline view', () => {
    expect(rerunWindow('6h', AT, null)).toEqual({ from: AT - 6 * H, to: AT + 6 * H });
    expect(rerunWindow('view', AT, { from: AT - H, to: AT + 2 * H })).toEqual({ from: AT - H, to: AT + 2 * H });
  });

  it('no view yet, an empty view or one longer than 31 days is refused with the reason', () => {
    expect(rerunWindow('view', AT, null)).toEqual({ error: expect.stringContaining('no span yet') });
    expect(rerunWindow('view', AT, { from: AT, to: AT })).toEqual({ error: 'The window is empty.' });
    expect(rerunWindow('view', AT, { from: AT, to: AT + MAX_RERUN_MS + 1 })).toEqual({ error: expect.stringContaining('at most 31 days') });
    expect(rerunWindow('view', AT, { from: AT, to: AT + MAX_RERUN_MS })).toEqual({ from: AT, to: AT + MAX_RERUN_MS });
  });
});
