import { describe, expect, it } from 'vitest';
import { nextIndex, tickerPage } from '../../../renderer/wall/wallPaging';
import { byRule, waitingLongest } from '../../../renderer/wall/wallSummary';
import { alarm } from '../workload-fixtures';

describe('wall ticker paging', () => {
  it('pages through the list and wraps round', () => {
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(tickerPage(items, 3, 0)).toEqual({ items: [1, 2, 3], page: 0, pages: 3 });
    expect(tickerPage(items, 3, 2)).toEqual({ items: [7], page: 2, pages: 3 });
    expect(tickerPage(items, 3, 3)).toEqual({ items: [1, 2, 3], page: 0, pages: 3 });
    expect(tickerPage(items, 3, 10).page).toBe(1); // the list shrank under a late page index
  });

  it('an empty list is one empty page; a bad page size is one a page', () => {
    expect(tickerPage([], 6, 4)).toEqual({ items: [], page: 0, pages: 1 });
    expect(tickerPage([1, 2], 0, 1)).toEqual({ items: [2], page: 1, pages: 2 });
  });

  it('rotations wrap, and nothing to rotate stays at 0', () => {
    expect(nextIndex(0, 2)).toBe(1);
    expect(nextIndex(1, 2)).toBe(0);
    expect(nextIndex(3, 0)).toBe(0);
  });
});

describe('wall summary', () => {
  it('lists the unacknowledged alarms waiting longest, oldest first', () => {
    const list = [alarm('a', { raisedAt: 300 }), alarm('b', { raisedAt: 100, acknowledged: { by: 'x', at: 150 } }), alarm('c', { raisedAt: 200 }), alarm('d', { raisedAt: 50, state: 'cleared' })];
    expect(waitingLongest(list, 2).map((a) => a.id)).toEqual(['d', 'c']);
  });

  it('counts open alarms by rule, most first', () => {
    const list = [alarm('a', { ruleId: 'x' }), alarm('b', { ruleId: 'y' }), alarm('c', { ruleId: 'y' })];
    expect(byRule(list, (a) => a.ruleId.toUpperCase())).toEqual([
      { name: 'Y', count: 2 },
      { name: 'X', count: 1 },
    ]);
  });
});
