/**
 * The feed clock: the last feed time heard, extrapolated with the feed's speed between batches. Started from the
 * cache, before any feed answers, it runs at real speed from the later of now and the cached feed time, so that
 * cached readings age visibly and turn stale instead of passing for current.
 */
export class FeedClock {
  private anchor: { feed: number; wall: number } | null = null;
  private speedNow = 1;

  constructor(private readonly wallNow: () => number) {}

  /** The feed clock now (epoch ms), or null before anything was heard (and nothing was cached). */
  now(): number | null {
    return this.anchor ? this.anchor.feed + (this.wallNow() - this.anchor.wall) * this.speedNow : null;
  }

  /** The feed clock, or the wall clock before the feed was ever heard. */
  nowOrWall(): number {
    return this.now() ?? this.wallNow();
  }

  get speed(): number {
    return this.speedNow;
  }

  /** Starting from a cache: run from the later of the wall clock and the cached feed time. */
  startFromCache(cachedFeedTime: number | null): void {
    const wall = this.wallNow();
    this.anchor = { feed: Math.max(wall, cachedFeedTime ?? 0), wall };
  }

  /** The feed said hello: its clock and speed are the truth from now on. */
  hello(feedTime: number, speed: number): void {
    this.speedNow = speed;
    this.anchor = { feed: feedTime, wall: this.wallNow() };
  }

  /**
   * A batch stamped `feedTime` arrived. The clock follows it unless the batch is more than a minute behind the
   * extrapolated clock (resent history must not rewind it).
   */
  batch(feedTime: number): void {
    const current = this.now();
    if (current === null || feedTime >= current - 60_000) this.anchor = { feed: feedTime, wall: this.wallNow() };
  }
}
