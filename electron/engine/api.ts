/**
 * The engine API: the one contract between the renderer and the engine. Typed both ways; every request is validated
 * at the engine's boundary (see transport/rpc.ts). The renderer imports this file with `import type` only.
 *
 * Transports (MessagePort in Electron, WebSocket in browser mode and tests) carry the same JSON messages:
 *   renderer -> engine  { t: 'req', id, method, params }
 *   engine -> renderer  { t: 'res', id, ok: true, result } | { t: 'res', id, ok: false, error }
 *   engine -> renderer  { t: 'evt', event, payload }
 */
import { z } from 'zod';
import type { RejectReason } from './feed/protocol';
import type { Sensor, SensorState } from './model';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized' | 'incompatible';

export interface FeedStatus {
  connection: ConnectionState;
  feedUrl: string;
  feedName: string;
  feedId: string | null;
  demo: boolean;
  /** The feed clock now (epoch ms), extrapolated between batches; null before the first hello. */
  feedTime: number | null;
  /** Feed-clock ms per wall ms (1 = real time). */
  speed: number;
  /** Accepted readings per wall-clock second, averaged over the last few seconds. */
  readingsPerSecond: number;
  lastSeq: number | null;
  acceptedTotal: number;
  rejects: Partial<Record<RejectReason, number>>;
  /** Most recent reject, for the status bar tooltip. */
  lastReject: { reason: RejectReason; detail: string; at: number } | null;
  lastError: string | null;
  /** Batches the feed could no longer resend after a disconnect (sequence range, and the feed time it was noticed). */
  lostBatches: { from: number; to: number; at: number | null }[];
  /** Wall-clock ms since which the feed is unreachable, or null while connected. */
  downSince: number | null;
  /** Reconnection attempts since the feed went down (the client retries with backoff, 1 s doubling to 30 s). */
  reconnectAttempts: number;
  /** The local cache (SQLite). */
  cache: CacheStatus;
  sensors: { live: number; stale: number; never: number };
}

export interface CacheStatus {
  /** Database file, or ':memory:'. */
  file: string;
  /** Readings stored (raw, within retention). */
  readings: number;
  /** Readings received again and stored once. */
  duplicates: number;
  /** Feed time of the oldest raw reading held, or null. */
  oldest: number | null;
  sizeBytes: number;
  /** Operator actions waiting to be sent to the feed. */
  queuedActions: number;
  /** True when the engine started from the cache (before the feed answered). */
  startedFromCache: boolean;
}

/** A recorded hole in the data: the feed could not supply it. Shown in the UI and in every chart it touches. */
export interface Gap {
  id: number;
  /** 'all' (every sensor of the feed), 'kind:traffic', or a sensor id such as 'traffic:158324'. */
  scope: string;
  from: number;
  to: number;
  reason: string;
}

export type HistoryResolution = 'raw' | '1m' | '1h';

export type ActionStatus = 'queued' | 'sent' | 'rejected';

/** An operator action (a note today; acknowledgements later), queued durably and sent when the feed is reachable. */
export interface OperatorAction {
  id: string;
  kind: 'note';
  sensorId: string | null;
  text: string;
  user: string;
  createdAt: number;
  status: ActionStatus;
  sentAt: number | null;
  error: string | null;
}

export interface EngineSnapshot {
  catalogue: Sensor[];
  states: SensorState[];
  status: FeedStatus;
}

export interface HistoryPoint {
  /** Reading time (raw) or bucket start (rollups). */
  ts: number;
  /** Raw values, or the bucket averages for rollups. */
  values: Record<string, number | null>;
  /** Rollups only: per-metric minimum, maximum and number of readings in the bucket. */
  min?: Record<string, number | null>;
  max?: Record<string, number | null>;
  count?: number;
}

export interface SensorHistory {
  sensorId: string;
  from: number;
  to: number;
  /** Which table answered: raw readings, 1-minute or 1-hour rollups (chosen to fit the range and maxPoints). */
  resolution: HistoryResolution;
  points: HistoryPoint[];
  /**
   * Intervals (feed time) with no data where data was expected: holes between points longer than 1.5 expected
   * intervals, and recorded gaps (with their reason). Charts draw them, never bridge them.
   */
  gaps: { from: number; to: number; reason: string }[];
}

/** Commands: name -> params schema. Results are typed in CommandResults. */
export const commandSchemas = {
  snapshot: z.object({}).strict(),
  history: z
    .object({
      sensorId: z.string().min(3).max(200),
      /** Epoch ms; default: 6 hours before `to`. */
      from: z.number().finite().optional(),
      /** Epoch ms; default: the feed clock now. */
      to: z.number().finite().optional(),
      /** Upper bound on points; the engine picks raw, 1-minute or 1-hour data to stay under it. Default 3000. */
      maxPoints: z.number().int().min(10).max(100_000).optional(),
    })
    .strict()
    .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from must not be after to' }),
  /** Queue an operator note (durably; sent to the feed when it is reachable). */
  addNote: z
    .object({
      sensorId: z.string().min(3).max(200).nullable(),
      text: z.string().trim().min(1, 'a note cannot be empty').max(2000, 'a note is at most 2000 characters'),
    })
    .strict(),
  /** Operator actions, newest first; for one sensor when sensorId is given. */
  actions: z.object({ sensorId: z.string().min(3).max(200).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  /** Recorded gaps overlapping [from, to]. */
  gaps: z.object({ from: z.number().finite(), to: z.number().finite() }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandParams = { [K in CommandName]: z.input<(typeof commandSchemas)[K]> };

export interface CommandResults {
  snapshot: EngineSnapshot;
  history: SensorHistory;
  addNote: OperatorAction;
  actions: OperatorAction[];
  gaps: Gap[];
}

export interface EngineEvents {
  /** Changed sensor states since the last delta, plus the current status. At most every `deltaIntervalMs`. */
  delta: { states: SensorState[]; status: FeedStatus };
  /** The catalogue changed (first hello or a new catalogue from the feed). */
  catalogue: { sensors: Sensor[] };
  /** Operator actions that were added or changed state (queued -> sent / rejected). */
  actions: { actions: OperatorAction[] };
  /** A gap was recorded. */
  gap: { gap: Gap };
}
export type EventName = keyof EngineEvents;

/** What the renderer holds: one object, whatever the transport. */
export interface EngineClient {
  call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]>;
  on<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
  /** Transport-level state: whether the renderer can reach the engine at all. */
  onTransport(listener: (state: 'open' | 'closed') => void): () => void;
  close(): void;
}

export type RpcRequest = { t: 'req'; id: number; method: string; params: unknown };
export type RpcResponse =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: string };
export type RpcEvent = { t: 'evt'; event: EventName; payload: unknown };
export type RpcMessage = RpcRequest | RpcResponse | RpcEvent;

export const rpcRequestSchema = z
  .object({ t: z.literal('req'), id: z.number().int().nonnegative(), method: z.string().max(64), params: z.unknown() })
  .strict();
