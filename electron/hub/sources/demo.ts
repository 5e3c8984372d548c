/**
 * The demo source: the shipped Aarhus week (electron/demo-feed/data.ts), already sensors and readings, replayed along
 * the hub's feed clock like a file replay (../replay.ts). It needs no mapping; its history before "now" fills the
 * resume buffer in 5-minute steps before the hub listens, as the demo feed always did.
 */
import { z } from 'zod';
import type { Reading, Sensor } from '../../shared/model';
import type { DemoData } from '../../demo-feed/data';
import { sensorExtent } from '../../shared/model';
import type { FeedClock } from '../replay';
import { CopyIds, ScaledReplay, scaleSensors, tileSize } from '../scale';

export const demoConnectionSchema = z
  .object({
    /** Feed seconds per wall second. */
    speed: z.number().positive().max(100_000).default(1),
    /** Start again at the end of the week (default); false: play it once. */
    loop: z.boolean().default(true),
  })
  .strict();
export type DemoConnection = z.infer<typeof demoConnectionSchema>;

const STEP_MS = 5 * 60_000;

export class DemoReplay {
  private readonly replay: ScaledReplay<Reading>;
  private readonly copies: CopyIds;
  /** The real sensors and, in scale mode (../scale.ts), their copies. */
  readonly sensors: Sensor[];

  /** `scale` (default 1): the real sensors multiplied that many times (../scale.ts); their readings made as they fall due. */
  constructor(
    data: DemoData,
    private readonly clock: FeedClock,
    looping: boolean,
    scale = 1,
  ) {
    if (data.readings.length === 0) throw new Error('the demo data holds no readings');
    const tile = tileSize(sensorExtent(data.sensors));
    this.sensors = scale === 1 ? data.sensors : scaleSensors(data.sensors, scale, tile);
    this.copies = new CopyIds(scale, tile);
    this.replay = new ScaledReplay({ items: data.readings, timeOf: (r) => r.ts }, clock.start, looping, scale);
  }

  /** The last `warmupMs` of feed time before the replay's start, in 5-minute steps, as if the hub had been running. */
  warmUp(push: (readings: Reading[], feedTime: number) => void, warmupMs: number): void {
    // The start, not "now": time passing during the warm-up must not skip readings; the first tick sends them.
    const t0 = this.clock.start;
    for (let t = t0 - warmupMs; t < t0; ) {
      const step = Math.min(t0, t + STEP_MS);
      push(this.due(step, t), step);
      t = step;
    }
    this.replay.markSent(t0);
  }

  /** Readings due up to feed time `upTo` (`from` re-positions first). */
  due(upTo: number, from?: number): Reading[] {
    const out: Reading[] = [];
    this.replay.due(upTo, (r, shift, k) => void out.push(k === 0 ? { sensorId: r.sensorId, ts: r.ts + shift, values: r.values } : this.copies.reading(r, shift, k)), from);
    return out;
  }
}
