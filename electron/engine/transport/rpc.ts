/**
 * Serves the engine API over any message channel (MessagePort in Electron, WebSocket in browser mode and tests).
 * Every request is validated here, at the boundary: the framing, the method name and the params, each against
 * its schema in api.ts. A bad request gets an error response naming the problem; it never reaches the engine.
 */
import { commandSchemas, rpcRequestSchema, type CommandName, type RpcMessage } from '../api';
import { describeZodError } from '../../shared/protocol';
import type { Engine } from '../index';

export interface Channel {
  send(msg: RpcMessage): void;
  onMessage(cb: (msg: unknown) => void): void;
  onClose(cb: () => void): void;
}

export function serveRpc(engine: Engine, channel: Channel): () => void {
  let open = true;
  // One session per connection: unlocking supervisor mode in one window does not unlock another.
  const session = engine.newSession();
  const unsubscribe = engine.on(({ event, payload }) => {
    if (open) channel.send({ t: 'evt', event, payload });
  });
  const dispose = () => {
    open = false;
    unsubscribe();
  };
  channel.onClose(dispose);
  channel.onMessage((raw) => {
    const req = rpcRequestSchema.safeParse(raw);
    if (!req.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : -1;
      if (open) channel.send({ t: 'res', id, ok: false, error: `malformed request: ${describeZodError(req.error)}` });
      return;
    }
    const { id, method, params } = req.data;
    void handle(method, params).then(
      (result) => open && channel.send({ t: 'res', id, ok: true, result }),
      (err: unknown) => open && channel.send({ t: 'res', id, ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  });

  async function handle(method: string, params: unknown): Promise<unknown> {
    if (!Object.hasOwn(commandSchemas, method)) throw new Error(`unknown method ${JSON.stringify(method)}`);
    const name = method as CommandName;
    const parsed = commandSchemas[name].safeParse(params ?? {});
    if (!parsed.success) throw new Error(`invalid params for ${name}: ${describeZodError(parsed.error)}`);
    return engine.handle(name, parsed.data as never, session);
  }

  return dispose;
}
