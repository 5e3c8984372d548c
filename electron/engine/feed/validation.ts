/**
 * Validation of the feed's messages as they arrive: pure functions over the raw payload and what the client knows
 * (catalogue, feed id, plausible clock). They never throw; everything they refuse comes back as a reject with its
 * reason (PROTOCOL.md, "Validation and rejects") and a detail for the log.
 */
import type { Reading, Sensor } from '../../shared/model';
import {
  EARLIEST_PLAUSIBLE_TIME,
  MAX_FEED_AHEAD_OF_WALL_MS,
  MAX_SENSORS,
  PROTOCOL_VERSION,
  batchSchema,
  catalogueSchema,
  describeSpan,
  describeTime,
  describeZodError,
  helloSchema,
  sensorSchema,
  validateReading,
  type Hello,
  type RejectReason,
} from '../../shared/protocol';

export interface Reject {
  reason: RejectReason;
  detail: string;
  count: number;
}

const reject = (reason: RejectReason, detail: string, count = 1): Reject => ({ reason, detail, count });

export type HelloCheck = { ok: true; hello: Hello } | { ok: false; reject: Reject; refusal: 'malformed' | 'protocol' | 'clock' };

/** A hello: its schema, its protocol version, and its clock against the wall clock. */
export function checkHello(raw: unknown, wallNow: number): HelloCheck {
  const parsed = helloSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, refusal: 'malformed', reject: reject('malformed-message', `hello: ${describeZodError(parsed.error)}`) };
  const h = parsed.data;
  if (h.protocol !== PROTOCOL_VERSION) return { ok: false, refusal: 'protocol', reject: reject('protocol-version', `hello with protocol ${h.protocol}`) };
  const clockProblem = feedClockProblem(h.feedTime, wallNow);
  if (clockProblem) return { ok: false, refusal: 'clock', reject: reject('implausible-feed-time', `hello: ${clockProblem}`) };
  return { ok: true, hello: h };
}

/** Why a hello's feed clock is implausible against the wall clock, or null. */
export function feedClockProblem(feedTime: number, wallNow: number): string | null {
  if (feedTime < EARLIEST_PLAUSIBLE_TIME) return `feed clock ${describeTime(feedTime)} is before 2000-01-01 (seconds instead of milliseconds?)`;
  if (feedTime > wallNow + MAX_FEED_AHEAD_OF_WALL_MS) {
    return `feed clock ${describeTime(feedTime)} is ${describeSpan(feedTime - wallNow)} ahead of the wall clock (at most ${describeSpan(MAX_FEED_AHEAD_OF_WALL_MS)}; microseconds instead of milliseconds?)`;
  }
  return null;
}

export interface CatalogueCheck {
  /** The valid sensors, or null when the catalogue was rejected whole (the previous one stays). */
  sensors: Sensor[] | null;
  rejects: Reject[];
}

/** A catalogue: its envelope and size, then each sensor (an invalid or oversized one is dropped, the rest kept). */
export function checkCatalogue(raw: unknown): CatalogueCheck {
  const env = catalogueSchema.safeParse(raw);
  if (!env.success) return { sensors: null, rejects: [reject('malformed-message', `catalogue: ${describeZodError(env.error)}`)] };
  const list = env.data.sensors;
  if (list.length > MAX_SENSORS) return { sensors: null, rejects: [reject('catalogue-too-large', `catalogue of ${list.length.toLocaleString('en-US')} sensors (at most ${MAX_SENSORS.toLocaleString('en-US')}); the previous catalogue stays`)] };
  const sensors: Sensor[] = [];
  const bad = new Tally();
  const seen = new Set<string>();
  list.forEach((s, i) => {
    const p = sensorSchema.safeParse(s);
    if (!p.success) {
      const tooLarge = p.error.issues.some((issue) => issue.code === 'too_big' || (issue.code === 'custom' && /at most/.test(issue.message)));
      bad.add(tooLarge ? 'sensor-too-large' : 'malformed-message', `catalogue.sensors[${i}]: ${describeZodError(p.error)}`);
    } else if (seen.has(p.data.id)) bad.add('malformed-message', `catalogue.sensors[${i}]: ${p.data.id} is listed twice`);
    else {
      seen.add(p.data.id);
      sensors.push(p.data);
    }
  });
  return { sensors, rejects: bad.rejects() };
}

export interface BatchContext {
  /** The connected feed's id (null before hello). */
  feedId: string | null;
  catalogue: ReadonlyMap<string, Sensor>;
  /** The plausible feed clock now, and the latest batch clock accepted now (plausible-clock.ts). */
  plausibleNow: number;
  batchClockLimit: number;
}

export interface BatchCheck {
  /**
   * The batch's sequence number, its clock (null when the clock was rejected: the readings are still checked and
   * kept, against the plausible clock), and its valid readings; null when the batch was rejected whole.
   */
  batch: { seq: number; feedTime: number | null; readings: Reading[] } | null;
  rejects: Reject[];
}

/** A batch: envelope, feed id, clock, then every reading (one bad reading never costs the batch). */
export function checkBatch(raw: unknown, ctx: BatchContext): BatchCheck {
  const env = batchSchema.safeParse(raw);
  if (!env.success) return { batch: null, rejects: [reject('malformed-message', `batch: ${describeZodError(env.error)}`)] };
  const b = env.data;
  if (ctx.feedId !== null && b.feedId !== ctx.feedId) return { batch: null, rejects: [reject('wrong-feed', `batch for feed ${b.feedId}, connected to ${ctx.feedId}`)] };
  const bad = new Tally();
  let feedTime: number | null = b.feedTime;
  if (b.feedTime < EARLIEST_PLAUSIBLE_TIME || b.feedTime > ctx.batchClockLimit) {
    const why =
      b.feedTime < EARLIEST_PLAUSIBLE_TIME
        ? 'is before 2000-01-01'
        : `is ${describeSpan(b.feedTime - ctx.plausibleNow)} ahead of the plausible feed clock ${describeTime(ctx.plausibleNow)} (tolerance ${describeSpan(ctx.batchClockLimit - ctx.plausibleNow)})`;
    bad.add('implausible-feed-time', `batch ${b.seq}: feed clock ${describeTime(b.feedTime)} ${why}; its readings are checked against the plausible clock, its clock is not used`);
    feedTime = null;
  }
  const time = { feedClock: feedTime ?? ctx.plausibleNow };
  const readings: Reading[] = [];
  for (let i = 0; i < b.readings.length; i++) {
    const v = validateReading(b.readings[i], ctx.catalogue, time);
    if (v.ok) readings.push(v.reading);
    else bad.add(v.reason, `batch ${b.seq} readings[${i}]: ${v.detail}`);
  }
  return { batch: { seq: b.seq, feedTime, readings }, rejects: bad.rejects() };
}

/** Rejects counted by reason, each with the detail of its first occurrence. */
class Tally {
  private readonly byReason = new Map<RejectReason, Reject>();

  add(reason: RejectReason, detail: string): void {
    const r = this.byReason.get(reason);
    if (r) r.count++;
    else this.byReason.set(reason, reject(reason, detail));
  }

  rejects(): Reject[] {
    return [...this.byReason.values()];
  }
}
