/**
 * The rules' clock in data time, shared by backtests and the live engine, so that the same readings give the same
 * alarms whatever pace they arrive at (a backtest, a feed at 1x or at 3600x).
 *
 * The clock ticks the evaluator on multiples of stepMs of data time, before the readings at that time: whoever feeds
 * it calls advanceTo(ts) before each reading at ts (readings in time order), and advanceTo(t) when it knows that data
 * time t is complete (a feed's batch stamped t, the end of a backtest). Ticks at which nothing can happen are skipped:
 * the clock jumps to the next timer deadline (Evaluator.nextClockWork) or to the next reading, so a sparse range costs
 * what its readings cost, and the events are those of a tick at every step (a skipped tick would have fired nothing).
 * Zone rules are judged at every step (their area aggregates age with the clock).
 */
import type { AlertEvent } from './evaluator';

/** What the data clock drives: the Evaluator's clock side. */
export interface ClockedEvaluator {
  onClock(nowMs: number): readonly AlertEvent[];
  nextClockWork(): number;
}

/** The step of the rules' clock, live and in backtests: one minute of data time. */
export const DATA_CLOCK_STEP_MS = 60_000;

export class DataClock {
  /** Clock ticks run so far (each one an onClock call). */
  ticks = 0;
  /** The first step not ticked yet (NaN before the first tick). */
  private next = NaN;

  constructor(
    private readonly ev: ClockedEvaluator,
    readonly stepMs: number,
    /** Receives the events of each tick, in order. */
    private readonly emit: (events: readonly AlertEvent[]) => void,
  ) {
    if (!(stepMs > 0)) throw new Error('data clock: stepMs must be more than 0');
  }

  /** True once the clock has ticked (its origin is set). */
  get started(): boolean {
    return this.next === this.next;
  }

  /**
   * Ticks through every step t <= upTo at which something can happen. The first call always ticks the step at or
   * before upTo: it sets the evaluator's origin (silence of never-seen sensors counts from it). A time not after the
   * clock's does nothing.
   */
  advanceTo(upTo: number): void {
    if (!Number.isFinite(upTo)) return;
    const step = this.stepMs;
    if (this.next !== this.next) this.tick(Math.floor(upTo / step) * step);
    // The next tick is never before the next step: most readings fall before it, and are done here.
    if (upTo < this.next) return;
    for (;;) {
      const work = this.ev.nextClockWork();
      const t = work > this.next ? Math.ceil(work / step) * step : this.next;
      if (!(upTo >= t)) return;
      this.tick(t);
    }
  }

  /** Ticks the step after data time t, whether or not anything is due (the tick after a backtest's last reading). */
  tickAfter(t: number): void {
    this.tick(Math.floor(t / this.stepMs) * this.stepMs + this.stepMs);
  }

  private tick(t: number): void {
    this.ticks++;
    this.next = t + this.stepMs;
    const evs = this.ev.onClock(t);
    if (evs.length) this.emit(evs);
  }
}
