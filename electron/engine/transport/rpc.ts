/**
 * Serves the engine API over any message channel (MessagePort in Electron, WebSocket in browser mode and tests).
 * Every request is validated here, at the boundary: the framing, the method name and the params, each against
 * its schema in api.ts. A bad request gets a structured error ({ code, message, issues }) and never reaches the
 * engine. A connection that keeps more than MAX_REQUESTS_IN_FLIGHT requests unanswered is closed (it floods).
 */
import type { z } from 'zod';
import { ApiError, commandSchemas, rpcRequestSchema, type CommandName, type RpcErrorBody, type RpcIssue, type RpcMessage } from '../api';
import { ENGINE_CLOSE, MAX_REQUESTS_IN_FLIGHT } from '../../shared/engine-limits';
import type { Engine, LogFn } from '../index';

export interface Channel {
  send(msg: RpcMessage): void;
  onMessage(cb: (msg: unknown) => void): void;
  onClose(cb: () => void): void;
  /** Ends this connection (with a WebSocket close code and reason where the transport has them). */
  close?(code: number, reason: string): void;
}

export interface ServeOptions {
  log?: LogFn;
  /** Requests in flight before the connection is closed (default MAX_REQUESTS_IN_FLIGHT). */
  maxInFlight?: number;
  /** For logs: which connection this is. */
  label?: string;
}

/** A zod error as issues: the dotted path of each problem and its message (at most 20). */
export function zodIssues(err: z.ZodError): RpcIssue[] {
  return err.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function issuesText(issues: readonly RpcIssue[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path || '(params)'}: ${i.message}`)
    .join('; ');
}

/** Any thrown value as the error body sent to the client: ApiError keeps its code; anything else is 'internal'. */
export function errorBody(err: unknown): RpcErrorBody {
  if (err instanceof ApiError) return { code: err.code, message: err.message, ...(err.issues?.length ? { issues: err.issues } : {}) };
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Validates one decoded message: the request to run, or the error to answer (with the id when there is one). */
export function validateRequest(raw: unknown): { ok: true; id: number; method: CommandName; params: unknown } | { ok: false; id: number; error: RpcErrorBody } {
  const req = rpcRequestSchema.safeParse(raw);
  if (!req.success) {
    const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) && rawId >= 0 ? rawId : -1;
    const issues = zodIssues(req.error);
    return { ok: false, id, error: { code: 'malformed-request', message: `malformed request: ${issuesText(issues)}`, issues } };
  }
  const { id, method, params } = req.data;
  if (!Object.hasOwn(commandSchemas, method)) return { ok: false, id, error: { code: 'unknown-method', message: `unknown method ${JSON.stringify(method)}` } };
  const name = method as CommandName;
  const parsed = commandSchemas[name].safeParse(params ?? {});
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return { ok: false, id, error: { code: 'invalid-params', message: `invalid params for ${name}: ${issuesText(issues)}`, issues } };
  }
  return { ok: true, id, method: name, params: parsed.data };
}

export function serveRpc(engine: Engine, channel: Channel, opts: ServeOptions = {}): () => void {
  const log = opts.log ?? (() => {});
  const maxInFlight = opts.maxInFlight ?? MAX_REQUESTS_IN_FLIGHT;
  let open = true;
  let inFlight = 0;
  // One session per connection: unlocking supervisor mode in one window does not unlock another.
  const session = engine.newSession();
  const send = (msg: RpcMessage) => {
    if (!open) return;
    try {
      channel.send(msg);
    } catch (e) {
      log('warn', `engine API${opts.label ? ` ${opts.label}` : ''}: could not send: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const unsubscribe = engine.on(({ event, payload }) => send({ t: 'evt', event, payload }));
  const dispose = () => {
    open = false;
    unsubscribe();
  };
  channel.onClose(dispose);
  channel.onMessage((raw) => {
    if (!open) return;
    const v = validateRequest(raw);
    if (!v.ok) return send({ t: 'res', id: v.id, ok: false, error: v.error });
    if (inFlight >= maxInFlight) {
      log('warn', `engine API${opts.label ? ` ${opts.label}` : ''}: more than ${maxInFlight} requests in flight; closing the connection`);
      dispose();
      channel.close?.(ENGINE_CLOSE.policy, `more than ${maxInFlight} requests in flight`);
      return;
    }
    inFlight++;
    let result: Promise<unknown>;
    try {
      result = engine.handle(v.method, v.params as never, session);
    } catch (e) {
      result = Promise.reject(e);
    }
    void result
      .then(
        (value) => send({ t: 'res', id: v.id, ok: true, result: value }),
        (err: unknown) => {
          const error = errorBody(err);
          if (error.code === 'internal') log('error', `engine API ${v.method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          send({ t: 'res', id: v.id, ok: false, error });
        },
      )
      .finally(() => inFlight--);
  });

  return dispose;
}
