import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimelineData } from '../../../electron/engine/api';
import { RpcError } from '../../../renderer/platform/rpc-client';
import { TimelineLoader, covers, requestFor, timelineErrorText, type TimelineLoadState } from '../../../renderer/replay/timelineData';

const T0 = Date.UTC(2014, 7, 1, 8, 0);
const HOUR = 3_600_000;

function answer(p: { from?: number; to?: number; buckets?: number }, newest = T0 + 100 * HOUR): TimelineData {
  const from = p.from ?? T0;
  const to = p.to ?? newest;
  const buckets = p.buckets ?? 10;
  return { from, to, extent: { from: T0, to: newest, rawFrom: T0 }, alarms: [], alarmsTotal: 0, gaps: [], actions: [], density: { bucketMs: (to - from) / buckets, counts: new Array<number>(buckets).fill(1) } };
}

describe('what to fetch for a view', () => {
  it('a view wide on each side, about a bucket per pixel, buckets aligned', () => {
    const view = { from: T0, to: T0 + HOUR };
    const req = requestFor(view, 1000);
    expect(req.buckets).toBe(3000);
    const bucketMs = (req.to - req.from) / req.buckets;
    expect(bucketMs).toBe(3600);
    expect(req.from % bucketMs).toBe(0);
    expect(req.from).toBeLessThanOrEqual(view.from - HOUR);
    expect(req.to).toBeGreaterThanOrEqual(view.to + HOUR - bucketMs);
    expect(covers(req, view, 1000)).toBe(true);
  });
  it('never asks for more buckets than the engine allows', () => {
    expect(requestFor({ from: T0, to: T0 + HOUR }, 5000).buckets).toBe(4000);
  });
  it('held data covers a pan within it and a small zoom, not a view outside it nor a big zoom', () => {
    const req = requestFor({ from: T0, to: T0 + HOUR }, 1000);
    expect(covers(req, { from: T0 + HOUR / 2, to: T0 + 1.5 * HOUR }, 1000)).toBe(true);
    expect(covers(req, { from: T0 + 0.25 * HOUR, to: T0 + 0.75 * HOUR }, 1000)).toBe(true);
    expect(covers(req, { from: T0 + 2 * HOUR, to: T0 + 3 * HOUR }, 1000)).toBe(false);
    expect(covers(req, { from: T0, to: T0 + HOUR / 10 }, 1000)).toBe(false); // buckets 10 px wide: blurred
  });
});

describe('errors in words', () => {
  it("says politely that the engine has no timeline yet", () => {
    const text = timelineErrorText(new RpcError('the timeline is not built yet', 'timeline', 'remote', 'unavailable'));
    expect(text).toBe('The timeline is not available from this engine yet (the timeline is not built yet).');
    expect(timelineErrorText(new RpcError('no answer', 'timeline', 'timeout'))).toMatch(/not answering/);
  });
});

describe('the loader', () => {
  let wall = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    wall = 0;
  });
  afterEach(() => vi.useRealTimers());

  function setup(impl?: (p: { from?: number; to?: number; buckets?: number }) => Promise<TimelineData>) {
    const calls: { from?: number; to?: number; buckets?: number }[] = [];
    const states: TimelineLoadState[] = [];
    const client = {
      call: vi.fn(async (_m: string, p: { from?: number; to?: number; buckets?: number }) => {
        calls.push(p);
        return impl ? impl(p) : answer(p);
      }),
    };
    const loader = new TimelineLoader(client as never, (s) => states.push(s), { debounceMs: 100, now: () => wall });
    return { calls, states, loader };
  }

  it('debounces a burst of views into one fetch, then answers pans from what it holds', async () => {
    const { calls, states, loader } = setup();
    for (let i = 0; i < 20; i++) loader.request({ from: T0 + i * 1000, to: T0 + HOUR + i * 1000 }, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.from).toBeLessThanOrEqual(T0 + 19_000 - HOUR);
    expect(states.at(-1)!.data).not.toBeNull();
    expect(states.at(-1)!.loading).toBe(false);
    loader.request({ from: T0 + HOUR / 2, to: T0 + 1.5 * HOUR }, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(1);
    loader.request({ from: T0 + 10 * HOUR, to: T0 + 11 * HOUR }, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(2);
    // Back to the first view: still held.
    loader.request({ from: T0, to: T0 + HOUR }, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(2);
    loader.dispose();
  });

  it('a view past the newest data is fetched again once the refresh time has passed', async () => {
    const { calls, loader } = setup();
    const live = { from: T0 + 99.5 * HOUR, to: T0 + 100.5 * HOUR };
    loader.request(live, 1000);
    await vi.advanceTimersByTimeAsync(150);
    loader.request(live, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(1);
    wall += 6000;
    loader.request(live, 1000);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(2);
    loader.dispose();
  });

  it('the first load asks for the whole cache; an error is kept in words and the data stays', async () => {
    let fail = false;
    const { calls, states, loader } = setup(async (p) => {
      if (fail) throw new RpcError('the timeline is not built yet', 'timeline', 'remote', 'unavailable');
      return answer(p);
    });
    loader.loadAll(800);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]).toEqual({ buckets: 800, maxAlarms: 5000 });
    const first = states.at(-1)!.data;
    expect(first?.extent.from).toBe(T0);
    fail = true;
    loader.request({ from: T0 + 500 * HOUR, to: T0 + 501 * HOUR }, 800);
    await vi.advanceTimersByTimeAsync(150);
    expect(states.at(-1)!.error).toMatch(/not available from this engine yet/);
    expect(states.at(-1)!.data).toBe(first);
    loader.dispose();
  });
});
