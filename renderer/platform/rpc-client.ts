/**
 * Transport-agnostic client for the engine API (framing documented at the top of electron/engine/api.ts):
 *   renderer -> engine  { t: 'req', id, method, params }
 *   engine -> renderer  { t: 'res', id, ok, result | error }   and   { t: 'evt', event, payload }
 * An engine error arrives as { code, message, issues? } and is thrown as an RpcError with that code: callers decide
 * on the code (never on the message's wording).
 *
 * - Calls made while the channel is closed wait for it to open (within their timeout).
 * - When the channel closes, calls already sent are rejected: their responses can no longer arrive.
 * - `onTransport` listeners are called immediately with the current state, then on every change.
 *
 * The errors made here (timeout, closed, too large, could not send) are shown to the operator (errorText), so they are
 * in the operator's language (namespace `platform`); an engine error's message is the engine's own words.
 */
import type {
  CommandName,
  CommandParams,
  CommandResults,
  EngineClient,
  EngineEvents,
  EventName,
  RpcErrorBody,
  RpcErrorCode,
  RpcIssue,
  RpcRequest,
} from '../../electron/engine/api';
import { MAX_REQUEST_BYTES } from '../../electron/shared/engine-limits';
import type { Channel } from './channel';
import { t } from '../i18n/i18n';
import { formatNumber } from '../panels/format';

export type TransportState = 'open' | 'closed';

export interface RpcClientOptions {
  /** Per-call timeout in ms (default 15 s). */
  timeoutMs?: number;
}

/** What the renderer holds: the engine client plus transport details for the status bar. */
export interface PlatformClient extends EngineClient {
  readonly platform: 'electron' | 'web';
  /** Current transport state. */
  readonly transport: TransportState;
  /** Why the transport last closed, when known. */
  readonly transportError: string | null;
}

interface Pending {
  method: string;
  msg: RpcRequest;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

type AnyListener = (payload: never) => void;

/**
 * A failed call. `code` is the engine's error code for remote errors ('invalid-params', 'forbidden', ...; `issues`
 * name each invalid param), or 'timeout' / 'closed' when the call never got an answer.
 */
export class RpcError extends Error {
  readonly code: RpcErrorCode | 'timeout' | 'closed';
  readonly issues: readonly RpcIssue[];
  constructor(
    message: string,
    readonly method: string,
    /** remote: the engine answered with an error; local: refused here before sending (e.g. too large). */
    readonly kind: 'remote' | 'local' | 'timeout' | 'closed',
    code?: RpcErrorCode,
    issues: readonly RpcIssue[] = [],
  ) {
    super(message);
    this.name = 'RpcError';
    this.code = kind === 'timeout' || kind === 'closed' ? kind : (code ?? 'internal');
    this.issues = issues;
  }
}

/** The error body of a response, checked field by field (an older or foreign engine may send anything). */
export function parseErrorBody(raw: unknown): RpcErrorBody {
  if (typeof raw === 'string') return { code: 'internal', message: raw };
  if (typeof raw !== 'object' || raw === null) return { code: 'internal', message: t('platform.engineError') };
  const e = raw as Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : t('platform.engineError');
  const code = typeof e.code === 'string' ? (e.code as RpcErrorCode) : 'internal';
  const issues = Array.isArray(e.issues)
    ? e.issues.filter((i): i is RpcIssue => typeof i === 'object' && i !== null && typeof (i as RpcIssue).path === 'string' && typeof (i as RpcIssue).message === 'string')
    : [];
  return { code, message, ...(issues.length ? { issues } : {}) };
}

/** Structural check of an incoming message: the engine is trusted, but the channel is not typed. */
export function parseIncoming(
  msg: unknown,
):
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: RpcErrorBody }
  | { t: 'evt'; event: string; payload: unknown }
  | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  if (m.t === 'res' && typeof m.id === 'number') {
    if (m.ok === true) return { t: 'res', id: m.id, ok: true, result: m.result };
    if (m.ok === false) return { t: 'res', id: m.id, ok: false, error: parseErrorBody(m.error) };
    return null;
  }
  if (m.t === 'evt' && typeof m.event === 'string') return { t: 'evt', event: m.event, payload: m.payload };
  return null;
}

/** Calls that may run long on purpose (a backtest reports progress as it goes and can be cancelled): their timeout. */
const LONG_CALL_MS: Partial<Record<CommandName, number>> = { backtestRule: 15 * 60_000, replayRules: 15 * 60_000 };

export function createRpcClient(channel: Channel, platform: 'electron' | 'web', options: RpcClientOptions = {}): PlatformClient {
  const defaultTimeoutMs = options.timeoutMs ?? 15_000;
  let nextId = 1;
  let state: TransportState = 'closed';
  let transportError: string | null = null;
  let closedForGood = false;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<AnyListener>>();
  const transportListeners = new Set<(s: TransportState) => void>();

  const emitTransport = (): void => {
    for (const l of [...transportListeners]) {
      try {
        l(state);
      } catch (err) {
        console.error('transport listener failed', err);
      }
    }
  };

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    return p;
  };

  const trySend = (p: Pending): void => {
    if (state !== 'open' || p.sent) return;
    const bytes = requestBytes(p.msg);
    if (bytes > MAX_REQUEST_BYTES) {
      // The engine would close the connection on it: refuse it here, with the reason.
      settle(p.msg.id);
      const mib = (n: number) => formatNumber(n / 1024 / 1024, { decimals: 1 });
      p.reject(new RpcError(t('platform.requestTooLarge', { method: p.method, size: mib(bytes), max: mib(MAX_REQUEST_BYTES) }), p.method, 'local', 'too-large'));
      return;
    }
    try {
      channel.send(p.msg);
      p.sent = true;
    } catch (err) {
      settle(p.msg.id);
      p.reject(new RpcError(t('platform.couldNotSend', { method: p.method, error: errorText(err) }), p.method, 'closed'));
    }
  };

  channel.onOpen(() => {
    if (closedForGood) return;
    state = 'open';
    transportError = null;
    emitTransport();
    for (const p of [...pending.values()]) trySend(p);
  });

  channel.onClose((reason) => {
    const wasOpen = state === 'open';
    state = 'closed';
    if (reason) transportError = reason;
    for (const [id, p] of [...pending]) {
      if (!p.sent && !closedForGood) continue; // still waiting for the channel to (re)open
      settle(id);
      p.reject(new RpcError(t('platform.closedDuring', { method: p.method }), p.method, 'closed'));
    }
    if (wasOpen || reason) emitTransport();
  });

  channel.onMessage((raw) => {
    const msg = parseIncoming(raw);
    if (!msg) {
      console.warn('engine sent an unrecognised message', raw);
      return;
    }
    if (msg.t === 'res') {
      const p = settle(msg.id);
      if (!p) return; // late answer to a timed-out call
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new RpcError(msg.error.message, p.method, 'remote', msg.error.code, msg.error.issues));
      return;
    }
    const set = eventListeners.get(msg.event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        (l as (payload: unknown) => void)(msg.payload);
      } catch (err) {
        console.error(`listener for ${msg.event} failed`, err);
      }
    }
  });

  return {
    platform,
    get transport() {
      return state;
    },
    get transportError() {
      return transportError;
    },
    call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]> {
      if (closedForGood) return Promise.reject(new RpcError(t('platform.clientClosed'), method, 'closed'));
      return new Promise<CommandResults[K]>((resolve, reject) => {
        const id = nextId++;
        const timeoutMs = Math.max(defaultTimeoutMs, LONG_CALL_MS[method] ?? 0);
        const p: Pending = {
          method,
          msg: { t: 'req', id, method, params },
          sent: false,
          timer: setTimeout(() => {
            if (settle(id)) reject(new RpcError(t('platform.timedOut', { method, ms: formatNumber(timeoutMs) }), method, 'timeout'));
          }, timeoutMs),
          resolve: resolve as (v: unknown) => void,
          reject,
        };
        pending.set(id, p);
        trySend(p);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
      let set = eventListeners.get(event);
      if (!set) {
        set = new Set();
        eventListeners.set(event, set);
      }
      set.add(listener as AnyListener);
      return () => {
        set.delete(listener as AnyListener);
      };
    },
    onTransport(listener: (s: TransportState) => void): () => void {
      transportListeners.add(listener);
      listener(state);
      return () => {
        transportListeners.delete(listener);
      };
    },
    close(): void {
      if (closedForGood) return;
      closedForGood = true;
      for (const [id, p] of [...pending]) {
        settle(id);
        p.reject(new RpcError(t('platform.clientClosed'), p.method, 'closed'));
      }
      const wasOpen = state === 'open';
      state = 'closed';
      channel.close();
      if (wasOpen) emitTransport();
    },
  };
}

/** The request's size on the wire (UTF-8 JSON), counted exactly only when it could be near the limit. */
export function requestBytes(msg: RpcRequest): number {
  const text = JSON.stringify(msg);
  return text.length * 3 <= MAX_REQUEST_BYTES ? text.length : new TextEncoder().encode(text).length;
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * The text to show next to a form: for invalid params, what is wrong with each field (the issues' messages, without
 * the engine's "invalid params for ..." envelope); otherwise the error's message.
 */
export function formErrorText(err: unknown): string {
  if (err instanceof RpcError && err.code === 'invalid-params' && err.issues.length > 0) return err.issues.map((i) => i.message).join('; ');
  return errorText(err);
}

/** True when `err` is an engine error with this code. */
export function hasErrorCode(err: unknown, code: RpcError['code']): err is RpcError {
  return err instanceof RpcError && err.code === code;
}
