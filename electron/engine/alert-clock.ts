/**
 * What moves the alert clock live. Rules run on their data clock (rules/data-clock.ts, the backtest's one-minute
 * stepping), and what advances it decides whether alarms depend on playback speed and machine load:
 *
 * - While the feed talks, its batches do: each batch's readings in time order, then the time the feed stamped the
 *   batch with. Never the wall-extrapolated feed clock, which at 3600x runs up to a batch's worth of feed time ahead of
 *   what was received (noData would fire for readings still on their way), and further ahead when the machine is
 *   busy. So 1x, 60x, 3600x and a backtest of the same readings give the same alarms, and so does a catch-up after an
 *   outage shorter than the allowance: the batches resent are judged as if they had come on time.
 * - When the feed has been silent (unreachable, or connected but sending nothing, not even its heartbeat) for longer
 *   than SILENCE_ALLOWANCE_MS of wall time, the wall-extrapolated feed clock (feed-clock.ts) drives it, so that a real
 *   outage still raises no-data alarms. Silence must be seen at two checks in a row with no batch between them: a
 *   stalled event loop (a long backtest, a busy machine) finds the feed's batches waiting when it runs again, and
 *   these come first.
 */
import type { Reading } from '../shared/model';
import type { FeedClock } from './feed-clock';

/** Wall time the feed may stay silent before the wall-extrapolated feed clock drives the alerts. */
export const SILENCE_ALLOWANCE_MS = 10_000;

/** What the alert clock drives (Alerting). */
export interface AlertClockTarget {
  onReadings(readings: readonly Reading[], upTo?: number): void;
  onClock(feedNow: number): void;
}

export class AlertClock {
  /** Wall time (the engine's clock) of the last batch with a clock, or of the start. */
  private lastBatchAt: number;
  /** Checks in a row that found the feed silent beyond the allowance. */
  private silentChecks = 0;

  constructor(
    private readonly target: AlertClockTarget,
    private readonly feedClock: FeedClock,
    private readonly now: () => number,
    private readonly allowanceMs = SILENCE_ALLOWANCE_MS,
  ) {
    this.lastBatchAt = now();
  }

  /**
   * A batch from the feed: its readings, and the time the feed stamped it with (null when the client rejected the
   * batch's clock: its readings then move the clock as in a backtest, and the batch does not count as the feed talking).
   */
  batch(readings: readonly Reading[], feedTime: number | null): void {
    if (feedTime !== null) {
      this.lastBatchAt = this.now();
      this.silentChecks = 0;
    }
    this.target.onReadings(readings, feedTime ?? undefined);
  }

  /** Called about once a second: while the feed is silent beyond the allowance, the feed clock drives the alerts. */
  check(): void {
    if (this.now() - this.lastBatchAt < this.allowanceMs) {
      this.silentChecks = 0;
      return;
    }
    if (++this.silentChecks < 2) return;
    const t = this.feedClock.now();
    if (t !== null) this.target.onClock(t);
  }
}
