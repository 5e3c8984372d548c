/**
 * Replaying a recorded span as live: the feed clock (wall clock times a speed) and the mapping of the feed clock to
 * the recording. The recording's times are shifted so that the replay starts at the same weekday and time of day as
 * now (UTC-based: rush hour plays at rush hour), and each loop adds one more span (at least a week, so weekdays keep
 * lining up) to the shift, so that times keep increasing. Used by the demo source and by file replay.
 */

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The span a recording from `first` to `last` (epoch ms) loops on: up to a week loops on a week, a longer one on a whole number of weeks. */
export function loopSpanMs(first: number, last: number): number {
  return Math.ceil((last - first + 1) / WEEK_MS) * WEEK_MS;
}

/**
 * The shift (a whole number of weeks) that moves a recording from `first` to `last` (epoch ms) so that `now` falls
 * inside it at the same weekday and time of day (UTC): recorded time + shift = played time, and
 * first + shift <= now < first + shift + loopSpanMs(first, last).
 */
export function weekAlignedShiftMs(first: number, last: number, now: number): number {
  return now - (first + mod(now - first, loopSpanMs(first, last)));
}

/** Feed time = start + (wall time since start) x speed. */
export class FeedClock {
  readonly start: number;
  private readonly wall0: number;

  constructor(
    readonly speed: number,
    private readonly now: () => number,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
    this.wall0 = now();
    this.start = this.wall0;
  }

  feedTime(): number {
    return this.start + (this.now() - this.wall0) * this.speed;
  }
}

export interface Recording<T> {
  /** Sorted by time (ascending). */
  items: readonly T[];
  /** The recorded time of an item (epoch ms). */
  timeOf(item: T): number;
}

/**
 * Walks a recording along a feed clock. `due(upTo, emit)` hands every item whose shifted time is in (sent, upTo] to
 * `emit` with the shift to add to its recorded time, in time order.
 */
export class Replay<T> {
  /** Feed time = recorded time + shift + loop x span. */
  private readonly shift: number;
  private readonly span: number;
  private readonly first: number;
  private cursor = 0;
  private loop = 0;

  constructor(
    private readonly rec: Recording<T>,
    startFeedTime: number,
    private readonly looping: boolean,
  ) {
    if (rec.items.length === 0) throw new Error('a replay needs at least one recorded item');
    this.first = rec.timeOf(rec.items[0]!);
    const last = rec.timeOf(rec.items[rec.items.length - 1]!);
    this.span = loopSpanMs(this.first, last);
    // A loop lines "now" up by weekday and time of day; a single play-through starts at the top, 1 ms after now, so
    // that its very first items are live, not warm-up.
    this.shift = looping ? weekAlignedShiftMs(this.first, last, startFeedTime) : startFeedTime - this.first + 1;
  }

  /** True once a single play-through has handed out its last item. */
  get finished(): boolean {
    return !this.looping && this.loop >= 0 && this.cursor >= this.rec.items.length;
  }

  /** Items with feed time in (sent, upTo], advancing the cursor; `from` re-positions first (warm-up only). */
  due(upTo: number, emit: (item: T, shift: number) => void, from?: number): void {
    if (from !== undefined) this.seek(from);
    const items = this.rec.items;
    const timeOf = this.rec.timeOf;
    for (;;) {
      const base = this.shift + this.loop * this.span;
      while (this.cursor < items.length && timeOf(items[this.cursor]!) + base <= upTo) emit(items[this.cursor++]!, base);
      if (this.cursor < items.length) break;
      // Played once: nothing more. (Warm-up before a single play-through reads the loop before it, loop -1.)
      if (!this.looping && this.loop >= 0) break;
      // End of the span: loop, and keep going if the next loop already has due items.
      this.cursor = 0;
      this.loop++;
      if (this.first + this.shift + this.loop * this.span > upTo) break;
    }
  }

  /** Marks everything up to feed time t as sent. */
  markSent(t: number): void {
    this.seek(t);
  }

  /** Places the cursor at the first item with feed time > t. */
  private seek(t: number): void {
    const items = this.rec.items;
    this.loop = Math.floor((t - this.shift - this.first) / this.span);
    const base = this.shift + this.loop * this.span;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rec.timeOf(items[mid]!) + base <= t) lo = mid + 1;
      else hi = mid;
    }
    this.cursor = lo;
  }
}

function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
