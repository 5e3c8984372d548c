/**
 * A sliding time window over one sensor's values of one metric: running sum and count, monotonic deques for min and
 * max (amortised O(1) per reading), first and last value for rates. No allocation per push once the buffers have
 * grown to the window's size. Missing values (NaN) are not stored but still move the window's end forward.
 *
 * The window holds the values with ts in (end - ms, end], where end is the latest pushed timestamp.
 */
import type { QualityTest } from './quality';

/** Numbers written by SlidingWindow.writeAggs. */
export const AGG_STRIDE = 6;

export class SlidingWindow {
  readonly ms: number;
  readonly metric: number;
  private ts: Float64Array;
  private vs: Float64Array;
  private head = 0;
  /** Number of values in the window. */
  count = 0;
  sum = 0;
  private mask: number;
  // Monotonic deques (ring buffers of timestamps and values); null when not needed.
  private minTs: Float64Array | null;
  private minVs: Float64Array | null;
  private minHead = 0;
  private minLen = 0;
  private maxTs: Float64Array | null;
  private maxVs: Float64Array | null;
  private maxHead = 0;
  private maxLen = 0;
  private dqMask: number;
  readonly tracksMin: boolean;
  readonly tracksMax: boolean;

  constructor(metric: number, ms: number, opts: { min?: boolean; max?: boolean } = {}) {
    this.metric = metric;
    this.ms = ms;
    const cap = 8;
    this.mask = cap - 1;
    this.ts = new Float64Array(cap);
    this.vs = new Float64Array(cap);
    this.tracksMin = !!opts.min;
    this.tracksMax = !!opts.max;
    this.dqMask = cap - 1;
    this.minTs = this.tracksMin ? new Float64Array(cap) : null;
    this.minVs = this.tracksMin ? new Float64Array(cap) : null;
    this.maxTs = this.tracksMax ? new Float64Array(cap) : null;
    this.maxVs = this.tracksMax ? new Float64Array(cap) : null;
  }

  /** Adds a value at ts (ts never decreases; the evaluator ignores late readings before they get here). */
  push(ts: number, v: number): void {
    const cut = ts - this.ms;
    // Evict values that left the window.
    while (this.count > 0 && this.ts[this.head]! <= cut) {
      this.sum -= this.vs[this.head]!;
      this.head = (this.head + 1) & this.mask;
      this.count--;
    }
    if (this.count === 0) this.sum = 0; // no drift carried over from an emptied window
    if (this.minLen > 0) {
      const ts0 = this.minTs!;
      while (this.minLen > 0 && ts0[this.minHead]! <= cut) {
        this.minHead = (this.minHead + 1) & this.dqMask;
        this.minLen--;
      }
    }
    if (this.maxLen > 0) {
      const ts0 = this.maxTs!;
      while (this.maxLen > 0 && ts0[this.maxHead]! <= cut) {
        this.maxHead = (this.maxHead + 1) & this.dqMask;
        this.maxLen--;
      }
    }
    if (v !== v) return; // missing: the window moved, nothing added
    if (this.count === this.mask + 1) this.grow();
    const i = (this.head + this.count) & this.mask;
    this.ts[i] = ts;
    this.vs[i] = v;
    this.count++;
    this.sum += v;
    if (this.tracksMin || this.tracksMax) {
      if (Math.max(this.minLen, this.maxLen) === this.dqMask + 1) this.growDeques();
      if (this.tracksMin) {
        const vs = this.minVs!;
        while (this.minLen > 0 && vs[(this.minHead + this.minLen - 1) & this.dqMask]! >= v) this.minLen--;
        const j = (this.minHead + this.minLen) & this.dqMask;
        this.minTs![j] = ts;
        vs[j] = v;
        this.minLen++;
      }
      if (this.tracksMax) {
        const vs = this.maxVs!;
        while (this.maxLen > 0 && vs[(this.maxHead + this.maxLen - 1) & this.dqMask]! <= v) this.maxLen--;
        const j = (this.maxHead + this.maxLen) & this.dqMask;
        this.maxTs![j] = ts;
        vs[j] = v;
        this.maxLen++;
      }
    }
  }

  /** avg / min / max / sum of the values in the window, NaN when it holds none; count is never NaN. */
  avg(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }
  total(): number {
    return this.count > 0 ? this.sum : NaN;
  }
  min(): number {
    return this.minLen > 0 ? this.minVs![this.minHead]! : NaN;
  }
  max(): number {
    return this.maxLen > 0 ? this.maxVs![this.maxHead]! : NaN;
  }
  /**
   * Writes avg, min, max, sum, count and change (AGG_STRIDE numbers, in that order) to out from base: the evaluator
   * keeps them beside the sensor's latest values so a condition reads any of them with one index.
   */
  writeAggs(out: Float64Array, base: number): void {
    const n = this.count;
    out[base] = n > 0 ? this.sum / n : NaN;
    out[base + 1] = this.minLen > 0 ? this.minVs![this.minHead]! : NaN;
    out[base + 2] = this.maxLen > 0 ? this.maxVs![this.maxHead]! : NaN;
    out[base + 3] = n > 0 ? this.sum : NaN;
    out[base + 4] = n;
    out[base + 5] = n > 1 ? this.vs[(this.head + n - 1) & this.mask]! - this.vs[this.head]! : NaN;
  }

  /** Last value minus first value in the window; NaN with fewer than two values. */
  change(): number {
    return this.count > 1 ? this.vs[(this.head + this.count - 1) & this.mask]! - this.vs[this.head]! : NaN;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const ts = new Float64Array(cap);
    const vs = new Float64Array(cap);
    for (let k = 0; k < this.count; k++) {
      ts[k] = this.ts[(this.head + k) & this.mask]!;
      vs[k] = this.vs[(this.head + k) & this.mask]!;
    }
    this.ts = ts;
    this.vs = vs;
    this.head = 0;
    this.mask = cap - 1;
  }

  private growDeques(): void {
    const cap = (this.dqMask + 1) * 2;
    const copy = (src: Float64Array | null, head: number, len: number) => {
      if (!src) return null;
      const dst = new Float64Array(cap);
      for (let k = 0; k < len; k++) dst[k] = src[(head + k) & this.dqMask]!;
      return dst;
    };
    this.minTs = copy(this.minTs, this.minHead, this.minLen);
    this.minVs = copy(this.minVs, this.minHead, this.minLen);
    this.maxTs = copy(this.maxTs, this.maxHead, this.maxLen);
    this.maxVs = copy(this.maxVs, this.maxHead, this.maxLen);
    this.minHead = 0;
    this.maxHead = 0;
    this.dqMask = cap - 1;
  }
}

/**
 * The sliding windows of one sensor's metric, of any lengths, over ONE ring buffer of (ts, value): each value is stored
 * once however many windows (a traffic sensor's 15, 30, 45 and 60 minute vehicle counts) read it. Each window keeps
 * its own start in the ring, running sum and min / max deques (of ring positions). Semantics as SlidingWindow: a
 * window holds the values with ts in (end - ms, end]; missing values (NaN) are not stored but still move the windows.
 * Positions are absolute (they only grow); the ring keeps the values from the earliest start of its windows.
 */
export class WindowGroup {
  readonly metric: number;
  ts: Float64Array;
  vs: Float64Array;
  mask: number;
  /** Position of the next value. */
  end = 0;
  wins: GroupWindow[] = [];
  /** Where each window of wins writes its aggregates (push's out). */
  bases: Int32Array = new Int32Array(0);

  constructor(
    metric: number,
    /** The quality flags of the rules over the group (quality.ts): a reading they exclude is pushed as missing. */
    readonly excludes: QualityTest | null = null,
  ) {
    this.metric = metric;
    this.ts = new Float64Array(8);
    this.vs = new Float64Array(8);
    this.mask = 7;
  }

  /** A new, empty window over the group's next values. */
  window(ms: number, opts: { min?: boolean; max?: boolean }): GroupWindow {
    return new GroupWindow(this, ms, !!opts.min, !!opts.max);
  }

  /** Adds a value at ts (ts increases) to every window in wins, writing each one's aggregates to out. */
  push(ts: number, v: number, out: Float64Array): void {
    const wins = this.wins;
    const bases = this.bases;
    const tsa = this.ts;
    const mask = this.mask;
    const end = this.end;
    let first = end;
    for (let k = 0; k < wins.length; k++) {
      const w = wins[k]!;
      const cut = ts - w.ms;
      let st = w.start;
      if (st < end && tsa[st & mask]! <= cut) {
        const vs = this.vs;
        let sum = w.sum;
        do {
          sum -= vs[st & mask]!;
          st++;
        } while (st < end && tsa[st & mask]! <= cut);
        w.sum = sum;
        w.start = st;
      }
      if (st === end) w.sum = 0; // no drift carried over from an emptied window
      if (w.minLen > 0) w.evictDeque(true, st);
      if (w.maxLen > 0) w.evictDeque(false, st);
      if (st < first) first = st;
    }
    if (v === v) {
      if (end - first === mask + 1) this.grow(first);
      const m = this.mask;
      this.ts[end & m] = ts;
      this.vs[end & m] = v;
      this.end = end + 1;
      for (let k = 0; k < wins.length; k++) {
        const w = wins[k]!;
        w.sum += v;
        if (w.tracksMin || w.tracksMax) w.pushDeques(end, v);
      }
    }
    for (let k = 0; k < wins.length; k++) wins[k]!.writeAggs(out, bases[k]!);
  }

  private grow(first: number): void {
    const cap = (this.mask + 1) * 2;
    const ts = new Float64Array(cap);
    const vs = new Float64Array(cap);
    const m = cap - 1;
    for (let p = first; p < this.end; p++) {
      ts[p & m] = this.ts[p & this.mask]!;
      vs[p & m] = this.vs[p & this.mask]!;
    }
    this.ts = ts;
    this.vs = vs;
    this.mask = m;
  }
}

/** One window of a WindowGroup (see there). */
export class GroupWindow {
  readonly group: WindowGroup;
  readonly metric: number;
  readonly ms: number;
  readonly tracksMin: boolean;
  readonly tracksMax: boolean;
  start: number;
  sum = 0;
  // Deques of ring positions (ring buffers); empty when not tracked.
  private minQ: Float64Array;
  private minHead = 0;
  minLen = 0;
  private maxQ: Float64Array;
  private maxHead = 0;
  maxLen = 0;
  private qMask = 7;

  constructor(group: WindowGroup, ms: number, min: boolean, max: boolean) {
    this.group = group;
    this.metric = group.metric;
    this.ms = ms;
    this.tracksMin = min;
    this.tracksMax = max;
    this.start = group.end;
    this.minQ = new Float64Array(min ? 8 : 0);
    this.maxQ = new Float64Array(max ? 8 : 0);
  }

  get count(): number {
    return this.group.end - this.start;
  }

  evictDeque(min: boolean, st: number): void {
    const q = min ? this.minQ : this.maxQ;
    let h = min ? this.minHead : this.maxHead;
    let n = min ? this.minLen : this.maxLen;
    while (n > 0 && q[h]! < st) {
      h = (h + 1) & this.qMask;
      n--;
    }
    if (min) {
      this.minHead = h;
      this.minLen = n;
    } else {
      this.maxHead = h;
      this.maxLen = n;
    }
  }

  pushDeques(p: number, v: number): void {
    if (Math.max(this.minLen, this.maxLen) === this.qMask + 1) this.growDeques();
    const vs = this.group.vs;
    const gm = this.group.mask;
    const m = this.qMask;
    if (this.tracksMin) {
      const q = this.minQ;
      while (this.minLen > 0 && vs[q[(this.minHead + this.minLen - 1) & m]! & gm]! >= v) this.minLen--;
      q[(this.minHead + this.minLen) & m] = p;
      this.minLen++;
    }
    if (this.tracksMax) {
      const q = this.maxQ;
      while (this.maxLen > 0 && vs[q[(this.maxHead + this.maxLen - 1) & m]! & gm]! <= v) this.maxLen--;
      q[(this.maxHead + this.maxLen) & m] = p;
      this.maxLen++;
    }
  }

  avg(): number {
    const n = this.count;
    return n > 0 ? this.sum / n : NaN;
  }
  total(): number {
    return this.count > 0 ? this.sum : NaN;
  }
  min(): number {
    return this.minLen > 0 ? this.group.vs[this.minQ[this.minHead]! & this.group.mask]! : NaN;
  }
  max(): number {
    return this.maxLen > 0 ? this.group.vs[this.maxQ[this.maxHead]! & this.group.mask]! : NaN;
  }
  change(): number {
    const g = this.group;
    return g.end - this.start > 1 ? g.vs[(g.end - 1) & g.mask]! - g.vs[this.start & g.mask]! : NaN;
  }

  /** avg, min, max, sum, count, change (AGG_STRIDE numbers) to out from base, as SlidingWindow.writeAggs. */
  writeAggs(out: Float64Array, base: number): void {
    const g = this.group;
    const gm = g.mask;
    const vs = g.vs;
    const n = g.end - this.start;
    out[base] = n > 0 ? this.sum / n : NaN;
    out[base + 1] = this.minLen > 0 ? vs[this.minQ[this.minHead]! & gm]! : NaN;
    out[base + 2] = this.maxLen > 0 ? vs[this.maxQ[this.maxHead]! & gm]! : NaN;
    out[base + 3] = n > 0 ? this.sum : NaN;
    out[base + 4] = n;
    out[base + 5] = n > 1 ? vs[(g.end - 1) & gm]! - vs[this.start & gm]! : NaN;
  }

  private growDeques(): void {
    const cap = (this.qMask + 1) * 2;
    const copy = (src: Float64Array, head: number, len: number) => {
      if (src.length === 0) return src;
      const dst = new Float64Array(cap);
      for (let k = 0; k < len; k++) dst[k] = src[(head + k) & this.qMask]!;
      return dst;
    };
    this.minQ = copy(this.minQ, this.minHead, this.minLen);
    this.maxQ = copy(this.maxQ, this.maxHead, this.maxLen);
    this.minHead = 0;
    this.maxHead = 0;
    this.qMask = cap - 1;
  }
}
