/**
 * What the feed clock can plausibly read now: the clock the feed announced in its hello, advanced by its speed times
 * the wall time since (a replay at speed 60 legitimately runs a minute per second). Anchored at every hello only, so
 * that no sequence of batches can walk it forward. Before any hello: the wall clock at speed 1.
 */
import { BATCH_CLOCK_SLACK_WALL_MS, BATCH_CLOCK_TOLERANCE_MS } from '../../shared/protocol';

export class PlausibleFeedClock {
  private anchor: { feed: number; wall: number; speed: number } | null = null;

  constructor(private readonly wallNow: () => number) {}

  hello(feedTime: number, speed: number): void {
    this.anchor = { feed: feedTime, wall: this.wallNow(), speed };
  }

  get speed(): number {
    return this.anchor?.speed ?? 1;
  }

  /** The plausible feed clock now. */
  now(): number {
    const wall = this.wallNow();
    return this.anchor ? this.anchor.feed + (wall - this.anchor.wall) * this.anchor.speed : wall;
  }

  /** The latest batch clock accepted now (PROTOCOL.md, "Time sanity"). */
  batchLimit(): number {
    return this.now() + BATCH_CLOCK_TOLERANCE_MS + this.speed * BATCH_CLOCK_SLACK_WALL_MS;
  }
}
