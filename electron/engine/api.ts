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
  sensors: { live: number; stale: number; never: number };
}

export interface EngineSnapshot {
  catalogue: Sensor[];
  states: SensorState[];
  status: FeedStatus;
}

export interface HistoryPoint {
  ts: number;
  values: Record<string, number | null>;
}

export interface SensorHistory {
  sensorId: string;
  from: number;
  to: number;
  points: HistoryPoint[];
  /** Intervals (feed time) with no data where data was expected. Charts draw them, never bridge them. */
  gaps: { from: number; to: number }[];
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
    })
    .strict()
    .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from must not be after to' }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandParams = { [K in CommandName]: z.input<(typeof commandSchemas)[K]> };

export interface CommandResults {
  snapshot: EngineSnapshot;
  history: SensorHistory;
}

export interface EngineEvents {
  /** Changed sensor states since the last delta, plus the current status. At most every `deltaIntervalMs`. */
  delta: { states: SensorState[]; status: FeedStatus };
  /** The catalogue changed (first hello or a new catalogue from the feed). */
  catalogue: { sensors: Sensor[] };
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
