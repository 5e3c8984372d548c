/**
 * Browser mode: the engine API over a WebSocket at ws(s)://<host>/engine, reconnecting with capped exponential backoff.
 * The host lets in only a page opened from the address it printed (its per-launch key becomes an HttpOnly cookie);
 * when the socket is refused, the page asks /engine/access why, and says so.
 */
import type { RpcRequest } from '../../electron/engine/api';
import { BASEMAP_MANIFEST_PATH } from '../../electron/shared/basemap-manifest';
import { ENGINE_CLOSE, MAX_REQUEST_BYTES } from '../../electron/shared/engine-limits';
import type { Channel } from './channel';
import { createRpcClient, type PlatformClient } from './rpc-client';
import { t } from '../i18n/i18n';
import { formatNumber } from '../panels/format';

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

/** The user's city base map: the host's manifest under the engine path, beside the page (`pageBase`: its base URI). */
export function webBasemapManifestUrl(pageBase: string): string {
  return new URL(`.${BASEMAP_MANIFEST_PATH}`, pageBase).href;
}

export function engineAccessUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol}//${loc.host}/engine/access`;
}

/**
 * What the operator reads when the engine closed the connection with one of its close codes (in the operator's
 * language; a reason the engine gave is its own words).
 */
export function closeText(code: number, reason: string): string {
  const why =
    code === ENGINE_CLOSE.tooLarge
      ? t('platform.closeTooLarge', { mib: formatNumber(MAX_REQUEST_BYTES / 1024 / 1024) })
      : code === ENGINE_CLOSE.policy
        ? t('platform.closePolicy', { reason: reason || t('platform.closeTooManyRequests') })
        : code === ENGINE_CLOSE.goingAway
          ? reason || t('platform.closeHostStopping')
          : code === ENGINE_CLOSE.protocol || code === 1007
            ? t('platform.closeProtocol')
            : reason;
  return why ? t('platform.connectionLostWhy', { code, why }) : t('platform.connectionLost', { code });
}

/** Why the host refused this page (401 from /engine/access), in the operator's language. */
export function noAccessText(): string {
  return t('platform.noAccess');
}

/** Asks the host whether this page may connect: a reason when it may not, null when it may or the host is away. */
export type AccessCheck = () => Promise<string | null>;

const fetchAccessCheck =
  (url: string): AccessCheck =>
  async () => {
    try {
      const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
      return res.status === 401 ? noAccessText() : null;
    } catch {
      return null;
    }
  };

type WebSocketFactory = (url: string) => WebSocket;

export function createWebSocketChannel(
  url: string,
  factory: WebSocketFactory = (u) => new WebSocket(u),
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  accessCheck: AccessCheck = async () => null,
): Channel {
  const messageListeners: ((msg: unknown) => void)[] = [];
  const openListeners: (() => void)[] = [];
  const closeListeners: ((reason: string | null) => void)[] = [];
  let ws: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let opens = 0;

  const connect = (): void => {
    if (stopped) return;
    let socket: WebSocket;
    try {
      socket = factory(url);
    } catch (err) {
      for (const l of closeListeners) l(t('platform.cannotOpen', { url, error: err instanceof Error ? err.message : String(err) }));
      scheduleRetry();
      return;
    }
    ws = socket;
    let opened = false;
    socket.onopen = () => {
      if (ws !== socket) return;
      opened = true;
      opens++;
      attempt = 0;
      for (const l of openListeners) l();
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (ws !== socket || typeof ev.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(ev.data);
      } catch {
        console.warn('engine sent invalid JSON'); // developer text (the console), English
        return;
      }
      for (const l of messageListeners) l(parsed);
    };
    // 'error' carries no detail in browsers; 'close' follows it and has the code.
    socket.onclose = (ev: CloseEvent) => {
      if (ws !== socket) return;
      ws = null;
      scheduleRetry();
      if (opened) {
        for (const l of closeListeners) l(closeText(ev.code, ev.reason));
        return;
      }
      // Refused before opening: browsers do not say why (1006); the host does.
      const opensBefore = opens;
      void accessCheck().then((denied) => {
        if (stopped || opens !== opensBefore) return; // reconnected meanwhile: old news
        for (const l of closeListeners) l(denied ?? t('platform.cannotReach', { url, code: ev.code }));
      });
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
      // Shown inside "could not send …" (rpc-client.ts): in the operator's language.
      if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error(t('platform.socketNotOpen'));
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
      socket?.close(1000, 'client closed'); // the close frame's reason, for the host's log: English
      for (const l of closeListeners) l(null);
    },
  };
}

export function connectWeb(): PlatformClient {
  return createRpcClient(createWebSocketChannel(engineWebSocketUrl(window.location), undefined, undefined, fetchAccessCheck(engineAccessUrl(window.location))), 'web');
}
