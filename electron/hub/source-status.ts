/**
 * One source's status as the hub shows it (electron/shared/source-status.ts): state and failure, record rates, totals
 * and rejections by reason with the last few examples. Fed by the source's sink and by the mapping's results.
 */
import { MAX_REJECT_EXAMPLES, type SourceState, type SourceStatus, type SourceTypeId } from '../shared/source-status';

const MINUTE_BUCKETS = 60;

export class SourceStatusTracker {
  private state: SourceState;
  private failure: SourceStatus['failure'] = null;
  private lastRecordAt: number | null = null;
  private lastReadingTs: number | null = null;
  private records = 0;
  private readings = 0;
  private sensors = 0;
  private skipped = 0;
  private readonly rejected: Record<string, number> = {};
  private readonly examples: SourceStatus['examples'] = [];
  /** Records per wall-clock second over the last minute: bucket i holds second `seconds[i]`. */
  private readonly counts = new Array<number>(MINUTE_BUCKETS).fill(0);
  private readonly seconds = new Array<number>(MINUTE_BUCKETS).fill(-1);

  constructor(
    private readonly base: { id: string; name: string; type: SourceTypeId; sensorType: string },
    private readonly now: () => number,
    enabled = true,
  ) {
    this.state = enabled ? 'starting' : 'disabled';
  }

  ok(): void {
    this.state = 'ok';
    this.failure = null;
  }

  failing(reason: string, detail: string, retryInMs: number | null): void {
    const now = this.now();
    const since = this.state === 'failing' && this.failure ? this.failure.since : now;
    this.state = 'failing';
    this.failure = { reason: reason.slice(0, 100), detail: detail.slice(0, 2000), since, retryAt: retryInMs === null ? null : now + retryInMs };
  }

  stopped(): void {
    if (this.state !== 'failing' && this.state !== 'disabled') this.state = 'stopped';
  }

  recordsReceived(n: number): void {
    const now = this.now();
    this.records += n;
    this.lastRecordAt = now;
    const sec = Math.floor(now / 1000);
    const i = sec % MINUTE_BUCKETS;
    if (this.seconds[i] !== sec) {
      this.seconds[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i]! += n;
  }

  reading(ts: number): void {
    this.readings++;
    if (this.lastReadingTs === null || ts > this.lastReadingTs) this.lastReadingTs = ts;
  }

  /** Readings passed on in bulk, beyond those counted one by one with `reading` (the demo's pre-mapped readings). */
  readingsPassed(n: number): void {
    this.readings += n;
  }

  skip(): void {
    this.skipped++;
  }

  sensorAdded(): void {
    this.sensors++;
  }

  reject(reason: string, detail: string, origin: string): void {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    this.examples.push({ reason: reason.slice(0, 100), detail: detail.slice(0, 2000), origin: origin.slice(0, 500), at: this.now() });
    if (this.examples.length > MAX_REJECT_EXAMPLES) this.examples.shift();
  }

  snapshot(): SourceStatus {
    const sec = Math.floor(this.now() / 1000);
    let perMinute = 0;
    for (let i = 0; i < MINUTE_BUCKETS; i++) if (sec - this.seconds[i]! < MINUTE_BUCKETS) perMinute += this.counts[i]!;
    return {
      ...this.base,
      state: this.state,
      failure: this.failure,
      lastRecordAt: this.lastRecordAt,
      lastReadingTs: this.lastReadingTs,
      recordsPerMinute: perMinute,
      records: this.records,
      readings: this.readings,
      sensors: this.sensors,
      skipped: this.skipped,
      rejected: { ...this.rejected },
      examples: this.examples.map((e) => ({ ...e })),
    };
  }
}
