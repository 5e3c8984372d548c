/**
 * A sliding time window over one sensor's values of one metric: running sum and count, monotonic deques for min and
 * max (amortised O(1) per reading), first and last value for rates. No allocation per push once the buffers have
 * grown to the window's size. Missing values (NaN) are not stored but still move the window's end forward.
 *
 * The window holds the values with ts in (end - ms, end], where end is the latest pushed timestamp.
 */
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
