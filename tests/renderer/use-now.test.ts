/**
 * The one ticking clock (renderer/time/useNow.ts): one shared timer while anything listens, a tick each second to
 * every listener, stopped when the last one leaves; a relative text fed by it moves as it ticks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatRelative } from '../../electron/shared/zone-time';
import { TICK_MS, subscribeTick, tickRunning } from '../../renderer/time/useNow';

describe('the shared ticking clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks every listener each second from one timer, and stops with the last listener', () => {
    expect(TICK_MS).toBeLessThanOrEqual(60_000);
    expect(tickRunning()).toBe(false);
    const a = vi.fn();
    const b = vi.fn();
    const offA = subscribeTick(a);
    const offB = subscribeTick(b);
    expect(tickRunning()).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3 * TICK_MS);
    expect(a).toHaveBeenCalledTimes(3);
    expect(b).toHaveBeenCalledTimes(3);
    offA();
    vi.advanceTimersByTime(TICK_MS);
    expect(a).toHaveBeenCalledTimes(3);
    expect(b).toHaveBeenCalledTimes(4);
    offB();
    expect(tickRunning()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a relative text read at each tick moves with the clock ("raised 20 min ago" becomes 21 min)', () => {
    const raised = Date.UTC(2026, 10, 30, 9, 0);
    let now = raised + 20 * 60_000;
    const texts: string[] = [];
    const off = subscribeTick(() => {
      now += TICK_MS;
      texts.push(formatRelative(raised, now));
    });
    vi.advanceTimersByTime(60 * TICK_MS);
    off();
    expect(texts[0]).toBe('20 min ago');
    expect(texts.at(-1)).toBe('21 min ago');
  });
});
