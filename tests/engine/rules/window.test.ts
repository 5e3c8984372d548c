import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../../electron/engine/rules/window';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SlidingWindow matches a brute-force window', () => {
  it.each([[1], [2], [3], [4]])('seed %i: avg, min, max, sum, count, change after every push', (seed) => {
    const rand = rng(seed);
    const ms = 30 * 60_000;
    const w = new SlidingWindow(0, ms, { min: true, max: true });
    const all: [number, number][] = [];
    let ts = 0;
    for (let i = 0; i < 3000; i++) {
      ts += Math.floor(rand() * 10 * 60_000) + 1; // irregular steps, sometimes longer than the window
      const v = rand() < 0.1 ? NaN : Math.round(rand() * 200) - 50;
      w.push(ts, v);
      if (v === v) all.push([ts, v]);
      const inWin = all.filter(([t]) => t > ts - ms).map(([, x]) => x);
      const n = inWin.length;
      expect(w.count).toBe(n);
      if (n === 0) {
        expect([w.avg(), w.min(), w.max(), w.total(), w.change()].every(Number.isNaN)).toBe(true);
        continue;
      }
      expect(w.min()).toBe(Math.min(...inWin));
      expect(w.max()).toBe(Math.max(...inWin));
      expect(w.total()).toBe(inWin.reduce((a, b) => a + b, 0));
      expect(w.avg()).toBeCloseTo(inWin.reduce((a, b) => a + b, 0) / n, 9);
      expect(Number.isNaN(w.change()) ? n < 2 : w.change() === inWin[n - 1]! - inWin[0]!).toBe(true);
    }
  });
});
