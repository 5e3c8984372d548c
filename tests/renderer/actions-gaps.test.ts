import { describe, expect, it } from 'vitest';
import type { Gap } from '../../electron/engine/api';
import { actionBadge } from '../../renderer/panels/Notes';
import { formErrorText, RpcError } from '../../renderer/platform/rpc-client';
import { cacheTitle } from '../../renderer/panels/StatusBar';
import { formatBytes, formatCount, formatFeedRange, gapScopeText, resolutionText } from '../../renderer/panels/format';
import { HISTORY_MAX_POINTS, HISTORY_RANGES, historyParams } from '../../renderer/panels/SensorPanel';
import { createAppStore } from '../../renderer/store';
import { actionsFor, mergeActions } from '../../renderer/store/actionsSlice';
import { gapsBetween, mergeGaps } from '../../renderer/store/gapsSlice';
import { cacheStatus, note, T0 } from './fixtures';

describe('actions slice', () => {
  it('adds, updates and keeps the map identity when nothing changed', () => {
    const a = mergeActions(new Map(), [note('1'), note('2', { createdAt: T0 + 1000 })]);
    expect(a.size).toBe(2);
    expect(mergeActions(a, [note('1')])).toBe(a);
    const b = mergeActions(a, [note('1', { status: 'sent', sentAt: T0 + 5 })]);
    expect(b).not.toBe(a);
    expect(b.get('1')?.status).toBe('sent');
    expect(a.get('1')?.status).toBe('queued'); // not mutated
  });

  it('never moves an action back from sent or rejected to queued (a stale fetch after the event)', () => {
    const sent = mergeActions(new Map(), [note('1', { status: 'sent', sentAt: T0 })]);
    expect(mergeActions(sent, [note('1')]).get('1')?.status).toBe('sent');
    const rejected = mergeActions(new Map(), [note('1', { status: 'rejected', error: 'sensor unknown to the feed' })]);
    expect(mergeActions(rejected, [note('1')]).get('1')?.status).toBe('rejected');
  });

  it('lists one sensor newest first (general notes under null)', () => {
    const m = mergeActions(new Map(), [
      note('a', { createdAt: T0 }),
      note('b', { createdAt: T0 + 2 }),
      note('c', { createdAt: T0 + 1, sensorId: 'parking:P' }),
      note('d', { createdAt: T0 + 2, sensorId: null }),
      note('e', { createdAt: T0 + 2 }),
    ]);
    expect(actionsFor(m, 'traffic:1').map((x) => x.id)).toEqual(['e', 'b', 'a']);
    expect(actionsFor(m, null).map((x) => x.id)).toEqual(['d']);
    expect(actionsFor(m, 'air:1')).toEqual([]);
  });

  it('the store action upserts and the badge says what happens next', () => {
    const store = createAppStore();
    store.getState().upsertActions([note('1')]);
    const before = store.getState().actions;
    store.getState().upsertActions([note('1')]);
    expect(store.getState().actions).toBe(before);
    store.getState().upsertActions([note('1', { status: 'rejected', error: 'too late' })]);
    expect(actionBadge(store.getState().actions.get('1')!)).toBe('Rejected: too late');
    expect(actionBadge(note('x'))).toBe('Queued — will be sent when the feed is back');
    expect(actionBadge(note('x', { status: 'sent' }))).toBe('Sent');
    const invalid = new RpcError('invalid params for addNote: text: a note cannot be empty', 'addNote', 'remote', 'invalid-params', [{ path: 'text', message: 'a note cannot be empty' }]);
    expect(formErrorText(invalid)).toBe('a note cannot be empty');
    expect(formErrorText(new RpcError('engine connection closed during addNote', 'addNote', 'closed'))).toBe('engine connection closed during addNote');
  });
});

describe('gaps slice', () => {
  const gap = (id: number, from: number, to: number, scope = 'all'): Gap => ({ id, scope, from, to, reason: 'feed unreachable' });

  it('merges by id and prunes gaps that ended before the window', () => {
    let m = mergeGaps(new Map(), [gap(1, 0, 10), gap(2, 20, 30)]);
    m = mergeGaps(m, [gap(2, 20, 35), gap(3, 40, 50)], 15);
    expect([...m.keys()]).toEqual([2, 3]);
    expect(m.get(2)?.to).toBe(35);
  });

  it('counts the gaps overlapping a window, oldest first', () => {
    const m = mergeGaps(new Map(), [gap(3, 50, 60), gap(1, 0, 10), gap(2, 20, 30)]);
    expect(gapsBetween(m, 10, 55).map((g) => g.id)).toEqual([1, 2, 3]);
    expect(gapsBetween(m, 11, 19)).toEqual([]);
  });

  it('the store keeps event gaps that a slower fetch did not contain', () => {
    const store = createAppStore();
    store.getState().addGap(gap(9, 100, 200));
    store.getState().setGaps([gap(1, 50, 60)], 0);
    expect([...store.getState().gaps.keys()].sort()).toEqual([1, 9]);
    store.getState().setGapsError('x');
    store.getState().setGaps([], 0);
    expect(store.getState().gapsError).toBeNull();
  });

  it('describes scopes in words', () => {
    expect(gapScopeText('all')).toBe('all sensors');
    expect(gapScopeText('kind:traffic', undefined, (t) => (t === 'traffic' ? 'Traffic segments' : undefined))).toBe('all traffic segments');
    expect(gapScopeText('kind:bus')).toBe('all bus sensors');
    expect(gapScopeText('traffic:1', (id) => (id === 'traffic:1' ? 'Segment 1' : undefined))).toBe('Segment 1 (traffic:1)');
    expect(gapScopeText('traffic:2', () => undefined)).toBe('traffic:2');
  });
});

describe('history request and status bar formatting', () => {
  it('asks for the selected range ending at the feed clock, bounded in points', () => {
    const d7 = HISTORY_RANGES.find((r) => r.key === '7d')!;
    expect(historyParams('traffic:1', d7.ms, T0)).toEqual({ sensorId: 'traffic:1', from: T0 - 7 * 24 * 3600_000, to: T0, maxPoints: HISTORY_MAX_POINTS });
    expect(historyParams('traffic:1', d7.ms, null)).toEqual({ sensorId: 'traffic:1', maxPoints: HISTORY_MAX_POINTS });
    expect(HISTORY_RANGES.map((r) => r.key)).toEqual(['6h', '24h', '7d']);
    expect((['raw', '1m', '1h'] as const).map(resolutionText)).toEqual(['raw readings', '1-minute averages', '1-hour averages']);
  });

  it('formats sizes, counts and feed-time ranges compactly', () => {
    expect(formatBytes(3_400_000)).toBe('3.40 MB');
    expect(formatBytes(123_456_789)).toBe('123.5 MB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_345)).toBe('12.3k');
    expect(formatCount(1_000)).toBe('1k');
    expect(formatCount(1_250_000)).toBe('1.25M');
    // in the zone passed in, named once: 08:00Z is 10:00 CEST, 09:00 BST
    expect(formatFeedRange(T0, T0 + 12 * 60_000, 'Europe/Copenhagen')).toBe('1 Aug 10:00 – 10:12 CEST');
    expect(formatFeedRange(T0, T0 + 24 * 3600_000, 'Europe/Copenhagen')).toBe('1 Aug 10:00 – 2 Aug 10:00 CEST');
    expect(formatFeedRange(T0, T0 + 12 * 60_000, 'Europe/London')).toBe('1 Aug 09:00 – 09:12 BST');
  });

  it('the cache tooltip has the file, the oldest reading and the duplicates', () => {
    const t = cacheTitle(cacheStatus({ startedFromCache: true, queuedActions: 2 }), 'Europe/Copenhagen');
    expect(t).toContain('/tmp/citydesk/cache.db');
    expect(t).toContain('Oldest reading: 1 Aug 2014 04:00:00 CEST');
    expect(t).toContain('Duplicates received and stored once: 7');
    expect(t).toContain('queued for the feed: 2');
    expect(t).toContain('Started from the cache');
  });
});
