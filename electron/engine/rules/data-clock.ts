/**
 * The rules' clock in data time, shared by backtests and the live engine, so that the same readings give the same
 * alarms whatever pace they arrive at (a backtest, a feed at 1x or at 3600x).
 *
 * It feeds the evaluator and the grouping stage (source outages, groups) readings and clock ticks in one order: the
 * clock ticks on multiples of stepMs of data time, before the readings at that time. Whoever feeds it hands it the
 * readings in time order (reading()), and calls advanceTo(t) when it knows that data time t is complete (a feed's batch
 * stamped t, the end of a backtest). Ticks at which nothing can happen are skipped: the clock jumps to the next timer
 * deadline (Evaluator.nextClockWork, GroupingStage.nextClockWork) or to the next reading, so a sparse range costs what
 * its readings cost, and the events are those of a tick at every step (a skipped tick would have fired nothing). Zone
 * rules are judged at every step (their area aggregates age with the clock).
 */
import type { Reading } from '../../shared/model';
import type { BookEvent } from './alarms';
import type { AlertEvent, Evaluator } from './evaluator';
import type { GroupingStage } from './grouping';

/** The step of the rules' clock, live and in backtests: one minute of data time. */
export const DATA_CLOCK_STEP_MS = 60_000;

/** Receives what each reading and each tick gave: the evaluator's events, and the same as the grouping stage routes them to the alarm book. */
export type DataClockSink = (events: readonly AlertEvent[], routed: readonly BookEvent[]) => void;

export class DataClock {
  /** Clock ticks run so far (each one an onClock call). */
  ticks = 0;
  /** The first step not ticked yet (NaN before the first tick). */
  private next = NaN;
  /** One reading, as the grouping stage takes them (reused: the stage does not keep it). */
  private readonly one: Reading[] = [];

  constructor(
    private readonly ev: Evaluator,
    private readonly stage: GroupingStage,
    readonly stepMs: number,
    private readonly sink: DataClockSink,
  ) {
    if (!(stepMs > 0)) throw new Error('data clock: stepMs must be more than 0');
  }

  /**
   * A reading (in time order): the clock first steps up to its time, or up to `upTo` if that is earlier (a reading
   * ahead of what its feed vouches for does not age the other sensors).
   */
  reading(r: Reading, upTo = r.ts): void {
    this.advanceTo(r.ts < upTo ? r.ts : upTo);
    const evs = this.ev.onReading(r);
    this.one[0] = r;
    const routed = this.stage.onReadings(this.one, evs);
    if (evs.length || routed.length) this.sink(evs, routed);
  }

  /**
   * Ticks through every step t <= upTo at which something can happen. The first call always ticks the step at or
   * before upTo: it sets the origin (silence of never-seen sensors counts from it). A time not after the clock's, or
   * not finite, does nothing.
   */
  advanceTo(upTo: number): void {
    if (!Number.isFinite(upTo)) return;
    const step = this.stepMs;
    if (this.next !== this.next) this.tick(Math.floor(upTo / step) * step);
    // The next tick is never before the next step: most readings fall before it, and are done here.
    if (upTo < this.next) return;
    for (;;) {
      const work = Math.min(this.ev.nextClockWork(), this.stage.nextClockWork());
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
    const routed = this.stage.onClock(t, evs);
    if (evs.length || routed.length) this.sink(evs, routed);
  }
}
