/**
 * Browser mode: the engine API over a WebSocket at ws(s)://<host>/engine, reconnecting with capped exponential backoff.
 */
import type { RpcRequest } from '../../electron/engine/api';
import type { Channel } from './channel';
import { createRpcClient, type PlatformClient } from './rpc-client';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

/** Delay before reconnect attempt `attempt` (0-based): doubling, capped, with up to 20% jitter. */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(base * (0.8 + 0.2 * random()));
}

export function engineWebSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/engine`;
}

type WebSocketFactory = (url: string) => WebSocket;

export function createWebSocketChannel(url: string, factory: WebSocketFactory = (u) => new WebSocket(u), backoff: BackoffOptions = DEFAULT_BACKOFF): Channel {
  const messageListeners: ((msg: unknown) => void)[] = [];
  const openListeners: (() => void)[] = [];
  const closeListeners: ((reason: string | null) => void)[] = [];
  let ws: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const connect = (): void => {
    if (stopped) return;
    let socket: WebSocket;
    try {
      socket = factory(url);
    } catch (err) {
      for (const l of closeListeners) l(`cannot open ${url}: ${err instanceof Error ? err.message : String(err)}`);
      scheduleRetry();
      return;
    }
    ws = socket;
    let opened = false;
    socket.onopen = () => {
      if (ws !== socket) return;
      opened = true;
      attempt = 0;
      for (const l of openListeners) l();
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (ws !== socket || typeof ev.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.data);
      } catch {
        console.warn('engine sent invalid JSON');
        return;
      }
      for (const l of messageListeners) l(parsed);
    };
    // 'error' carries no detail in browsers; 'close' follows it and has the code.
    socket.onclose = (ev: CloseEvent) => {
      if (ws !== socket) return;
      ws = null;
      const reason = opened
        ? `connection to the engine lost (code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`
        : `cannot reach the engine at ${url} (code ${ev.code})`;
      for (const l of closeListeners) l(reason);
      scheduleRetry();
    };
  };

  const scheduleRetry = (): void => {
    if (stopped || retryTimer) return;
    const delay = backoffDelay(attempt++, backoff);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  // Listeners are registered synchronously by the RPC client right after construction; connect on the next tick.
  queueMicrotask(connect);

  return {
    send(msg: RpcRequest) {
      if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('WebSocket not open');
      ws.send(JSON.stringify(msg));
    },
    onMessage: (l) => void messageListeners.push(l),
    onOpen: (l) => void openListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const socket = ws;
      ws = null;
      socket?.close(1000, 'client closed');
      for (const l of closeListeners) l(null);
    },
  };
}

export function connectWeb(): PlatformClient {
  return createRpcClient(createWebSocketChannel(engineWebSocketUrl(window.location)), 'web');
}
