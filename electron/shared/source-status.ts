/**
 * The hub's `sources` message (feed protocol, server -> client; electron/hub/README.md): the state of every source of
 * the hub, pushed to subscribed clients when it changes (at most once a second) and once after each subscribe, and
 * served as JSON at the hub's /health. Shared so that the engine can validate it and the UI can show it.
 */
import { z } from 'zod';

/** Socket.IO event name of the message. */
export const SOURCES_EVENT = 'sources';

export const SOURCE_TYPES = ['mqtt', 'sensorthings', 'http', 'file', 'demo'] as const;
export type SourceTypeId = (typeof SOURCE_TYPES)[number];

/** starting: not yet connected or loaded; ok: receiving; failing: see `failure`; stopped: ended (a replay played once); disabled: off in the config. */
export const SOURCE_STATES = ['starting', 'ok', 'failing', 'stopped', 'disabled'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** How many recent rejections a status carries as examples. */
export const MAX_REJECT_EXAMPLES = 5;

const text = (max: number) => z.string().max(max);
const count = z.number().int().nonnegative();
const epochMs = z.number().finite().nullable();

export const sourceStatusSchema = z.object({
  id: text(100),
  name: text(300),
  type: z.enum(SOURCE_TYPES),
  /** The registry type its sensors have. */
  sensorType: text(100),
  state: z.enum(SOURCE_STATES),
  /** Why it is failing (state 'failing'), since when (wall clock), and when it tries again (null: it does not). */
  failure: z.object({ reason: text(100), detail: text(2000), since: z.number().finite(), retryAt: epochMs }).nullable(),
  /** Wall-clock time the last record arrived, and the time (feed clock) of the newest reading it gave. */
  lastRecordAt: epochMs,
  lastReadingTs: epochMs,
  /** Records received in the last 60 s of wall time. */
  recordsPerMinute: count,
  /** Totals since the hub started: records received, readings passed on, sensors discovered. */
  records: count,
  readings: count,
  sensors: count,
  /** Records not passed on that are not errors: outside the mapping's `where`, or a reading already sent (same time). */
  skipped: count,
  /** Records rejected (by the mapping) or unparsable (by the source), by reason. */
  rejected: z.record(text(100), count),
  /** The last few rejections, newest last: reason, detail naming the field and value, origin (file:line, URL, topic). */
  examples: z.array(z.object({ reason: text(100), detail: text(2000), origin: text(500), at: z.number().finite() })).max(MAX_REJECT_EXAMPLES),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export const sourcesMessageSchema = z.object({
  feedId: text(200),
  /** Wall clock when the message was made. */
  at: z.number().finite(),
  sources: z.array(sourceStatusSchema).max(1000),
});
export type SourcesMessage = z.infer<typeof sourcesMessageSchema>;
