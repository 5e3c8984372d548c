/**
 * What every source connector (MQTT, SensorThings, HTTP polling, file replay) gives the hub: raw records and its own
 * state. A source never maps fields or validates values; the hub's mapping (../mapping.ts) turns each record into a
 * sensor and a reading, or into a counted, explained rejection. A source never throws into the hub: a failure is
 * reported through `sink.failing` and retried with back-off by the source itself.
 */

/** One raw record as the source received it: an MQTT message, a CSV row, one element of a JSON array, an Observation. */
export interface SourceRecord {
  /** The record's fields: a parsed JSON value, or a CSV row as an object of strings. */
  value: unknown;
  /** Where it came from, for the preview and for mappings that read it: MQTT topic, URL, file and line. */
  origin: string;
  /** Wall-clock epoch ms when the source received it. */
  receivedAt: number;
  /** Replays only: what to add to the record's own time to place it on the feed clock (see ../replay.ts). */
  replayShiftMs?: number;
  /** Scale mode (../scale.ts): the copy of the city this record is for (0 or absent: the real one). */
  copy?: number;
}

export interface SourceSink {
  /** Records received; may be called many times. */
  records(records: readonly SourceRecord[]): void;
  /** A record that could not even be parsed (bad JSON, a broken CSV line): counted by reason, shown in the status. */
  unparsable(reason: string, detail: string, origin: string): void;
  /** The source is connected / polling successfully. */
  ok(): void;
  /** The source cannot reach its server or read its input; it retries after `retryInMs` (back-off). */
  failing(reason: string, detail: string, retryInMs: number | null): void;
  /** Replays only: a single play-through has delivered its last record. */
  finished?(detail: string): void;
}

export interface Source {
  /** Starts receiving; returns at once (connection happens in the background). */
  start(sink: SourceSink): void;
  /** Stops and releases everything (sockets, timers); resolves when done. Idempotent. */
  stop(): Promise<void>;
  /** Replays only: hands the records due at this feed time to the sink; the hub calls it on every tick. */
  pull?(feedTime: number): void;
}

/** Back-off for reconnects and polls after a failure: 1 s, 2 s, 4 s ... capped, with jitter from `random` (0..1). */
export function backoffMs(attempt: number, capMs = 60_000, random: () => number = Math.random): number {
  const base = Math.min(capMs, 1000 * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(base * (0.75 + 0.5 * random()));
}
