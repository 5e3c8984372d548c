/** The evaluator's timers: due times of (state block, subject) entries, handed out in (due, seq) order. */
import type { StateBlock } from './runtime-state';

/** Width of a timer bucket (ms): one minute, the usual clock step of backtests. */
const BUCKET_MS = 60_000;

/** A bucket's entries are due[0..n), seq[0..n), subj[0..n): buckets are pooled and keep their arrays (no regrowth). */
class Bucket {
  key: number;
  n = 0;
  due: number[] = [];
  seq: number[] = [];
  blk: (StateBlock | null)[] = [];
  idx: number[] = [];
  constructor(key: number) {
    this.key = key;
  }
}

/**
 * Timers: (due, seq) -> subject entries in buckets of BUCKET_MS by due time (a timer wheel without a fixed span).
 * Entries are appended in seq order (seq only grows), so a bucket is in seq order; takeDue hands out the entries due
 * by a time in (due, seq) order, the order a min-heap would pop them, for a fraction of a heap's cost. Stale entries
 * (the subject re-scheduled since) are skipped by the caller.
 */
export class TimerWheel {
  private buckets = new Map<number, Bucket>();
  /** The bucket push used last (pushes cluster: a few Map lookups saved). */
  private lastBucket: Bucket | null = null;
  /** Keys of the buckets, ascending. */
  private keys: number[] = [];
  /** takeDue's output (reused). */
  readonly outDue: number[] = [];
  readonly outSeq: number[] = [];
  readonly outBlk: StateBlock[] = [];
  readonly outIdx: number[] = [];
  outLen = 0;

  /** Emptied buckets, for reuse (their arrays keep their capacity: pushes do not reallocate, less garbage). */
  private pool: Bucket[] = [];

  clear(): void {
    for (const b of this.buckets.values()) this.release(b);
    this.buckets.clear();
    this.lastBucket = null;
    this.keys = [];
    this.outBlk.length = 0;
  }

  private release(b: Bucket): void {
    b.blk.fill(null, 0, b.n);
    b.n = 0;
    this.pool.push(b);
  }

  /** An entry for subject i of blk (blocks only change in Evaluator.rebuild, which clears the wheel). */
  push(due: number, seq: number, blk: StateBlock, i: number): void {
    const key = Math.floor(due / BUCKET_MS);
    let b = this.lastBucket !== null && this.lastBucket.key === key ? this.lastBucket : this.buckets.get(key);
    if (b === undefined) {
      b = this.pool.pop();
      if (b === undefined) b = new Bucket(key);
      else b.key = key;
      this.buckets.set(key, b);
      const keys = this.keys;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      keys.splice(lo, 0, key);
    }
    this.lastBucket = b;
    const n = b.n++;
    b.due[n] = due;
    b.seq[n] = seq;
    b.blk[n] = blk;
    b.idx[n] = i;
  }

  /** The earliest due time held (Infinity when empty; an entry may be stale, so this is a lower bound of real work). */
  earliestDue(): number {
    if (this.keys.length === 0) return Infinity;
    const b = this.buckets.get(this.keys[0]!)!;
    let min = Infinity;
    for (let i = 0; i < b.n; i++) if (b.due[i]! < min) min = b.due[i]!;
    return min;
  }

  /** Moves the entries with due <= now to out* (outLen of them), in (due, seq) order. */
  takeDue(now: number): void {
    const od = this.outDue;
    const os = this.outSeq;
    const ob = this.outBlk;
    const oi = this.outIdx;
    let n = 0;
    const nowKey = Math.floor(now / BUCKET_MS);
    const keys = this.keys;
    let used = 0;
    while (used < keys.length && keys[used]! <= nowKey) {
      const b = this.buckets.get(keys[used]!)!;
      const start = n;
      const bd = b.due;
      const bs = b.seq;
      const bb = b.blk;
      const bi = b.idx;
      let keep = 0;
      const bn = b.n;
      for (let i = 0; i < bn; i++) {
        const d = bd[i]!;
        if (d <= now) {
          od[n] = d;
          os[n] = bs[i]!;
          ob[n] = bb[i]!;
          oi[n] = bi[i]!;
          n++;
        } else {
          bd[keep] = d;
          bs[keep] = bs[i]!;
          bb[keep] = bb[i]!;
          bi[keep] = bi[i]!;
          keep++;
        }
      }
      // Stable insertion sort by due of this bucket's share (already in seq order).
      for (let i = start + 1; i < n; i++) {
        const d = od[i]!;
        if (!(d < od[i - 1]!)) continue;
        const q = os[i]!;
        const u = ob[i]!;
        const x = oi[i]!;
        let j = i - 1;
        while (j >= start && od[j]! > d) {
          od[j + 1] = od[j]!;
          os[j + 1] = os[j]!;
          ob[j + 1] = ob[j]!;
          oi[j + 1] = oi[j]!;
          j--;
        }
        od[j + 1] = d;
        os[j + 1] = q;
        ob[j + 1] = u;
        oi[j + 1] = x;
      }
      if (keep > 0) {
        bb.fill(null, keep, bn);
        b.n = keep;
        break; // the bucket of now: later entries stay
      }
      this.buckets.delete(b.key);
      if (b === this.lastBucket) this.lastBucket = null;
      this.release(b);
      used++;
    }
    if (used > 0) keys.splice(0, used);
    this.outLen = n;
  }
}
