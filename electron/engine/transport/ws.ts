/**
 * The engine API over WebSocket, for the browser mode and tests. Attached to an HTTP server at `/engine`.
 *
 * Access (checked on the upgrade, before any frame is read; see README "The engine API"):
 * - Host must name a loopback address with the server's port (a rebound DNS name is refused): 403;
 * - Origin, when present, must be that same http origin (a page elsewhere must not drive a control room's engine): 403;
 * - the per-launch secret must come with it, in the cookie the host set for its own page (Node clients send the same
 *   header: engineAuthHeaders): 401 otherwise.
 * Robustness: every socket has an error handler; a bad frame (malformed, not UTF-8, over MAX_REQUEST_BYTES) closes
 * that one connection with the WebSocket close code saying why; a client that does not read what it is sent (its
 * unsent output over MAX_OUTGOING_BUFFER_BYTES) is disconnected; at most MAX_ENGINE_CONNECTIONS at once.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ENGINE_CLOSE, MAX_ENGINE_CONNECTIONS, MAX_OUTGOING_BUFFER_BYTES, MAX_REQUEST_BYTES } from '../../shared/engine-limits';
import type { Engine, LogFn } from '../index';
import { serveRpc, type Channel } from './rpc';

export const ENGINE_WS_PATH = '/engine';

/** The cookie that carries the per-launch secret; per port, since cookies are not scoped by port. */
export function engineCookieName(port: number): string {
  return `citydesk-engine-${port}`;
}

/** Headers a Node client (tests, tools) sends to reach the engine of a host it started: the same cookie as the page. */
export function engineAuthHeaders(port: number, secret: string): Record<string, string> {
  return { cookie: `${engineCookieName(port)}=${secret}` };
}

/** A loopback host name or address: localhost, 127.0.0.0/8, ::1 (URL hostname form, IPv6 in brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface UpgradeRefusal {
  status: 401 | 403 | 404;
  reason: string;
}

/** Host must be this loopback address and port; Origin, when present, that same http origin. Null when both hold. */
export function checkHostOrigin(headers: Pick<IncomingMessage['headers'], 'host' | 'origin'>, port: number): UpgradeRefusal | null {
  const host = headers.host;
  let hostUrl: URL;
  try {
    hostUrl = new URL(`http://${host ?? ''}`);
  } catch {
    return { status: 403, reason: 'unreadable Host header' };
  }
  if (!host || !isLoopbackHostname(hostUrl.hostname) || (hostUrl.port || '80') !== String(port) || hostUrl.username || hostUrl.pathname !== '/') {
    return { status: 403, reason: `Host ${JSON.stringify(String(host).slice(0, 100))} is not this host's loopback address and port` };
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let o: URL | null = null;
    try {
      o = new URL(origin);
    } catch {
      o = null;
    }
    if (!o || o.protocol !== 'http:' || o.host !== hostUrl.host) return { status: 403, reason: `Origin ${JSON.stringify(origin.slice(0, 100))} is not this host` };
  }
  return null;
}

/** The access checks of an upgrade request (path, Host, Origin, secret); null when it may connect. */
export function checkUpgrade(req: Pick<IncomingMessage, 'headers' | 'url'>, opts: { port: number; secret: string }): UpgradeRefusal | null {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (path !== ENGINE_WS_PATH) return { status: 404, reason: `no WebSocket endpoint at ${JSON.stringify(path.slice(0, 100))}` };
  const hostOrigin = checkHostOrigin(req.headers, opts.port);
  if (hostOrigin) return hostOrigin;
  if (!secretMatches(readCookie(req.headers.cookie, engineCookieName(opts.port)), opts.secret)) {
    return { status: 401, reason: 'missing or wrong engine secret (open the address the host printed)' };
  }
  return null;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Constant-time comparison of a presented secret with the expected one. */
export function secretMatches(presented: string | null, expected: string): boolean {
  if (presented === null || expected.length === 0) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function wsChannel(ws: WebSocket, log: LogFn = () => {}, label = 'connection', maxOutgoingBytes = MAX_OUTGOING_BUFFER_BYTES): Channel {
  ws.on('error', (err: Error & { code?: string }) => {
    // A bad frame: ws has already started closing this connection with the matching close code (1002, 1007, 1009).
    log('warn', `engine WebSocket ${label}: ${err.message}${err.code ? ` (${err.code})` : ''}; connection closed`);
  });
  return {
    send: (msg) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxOutgoingBytes) {
        log('warn', `engine WebSocket ${label}: over ${maxOutgoingBytes} bytes unsent (the client does not read); disconnected`);
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(msg));
    },
    onMessage: (cb) =>
      void ws.on('message', (data, isBinary) => {
        if (isBinary) return cb(undefined); // answered as a malformed request
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        cb(parsed);
      }),
    onClose: (cb) => void ws.on('close', cb),
    close: (code, reason) => {
      log('warn', `engine WebSocket ${label}: closing (${code} ${reason})`);
      ws.close(code, reason.slice(0, 120));
      // A client that does not answer the close handshake is dropped.
      setTimeout(() => ws.terminate(), 2000).unref();
    },
  };
}

export interface EngineWsOptions {
  /** The per-launch secret a client must present (see checkUpgrade). */
  secret: string;
  /** The port the server listens on (known after listen; Host must carry it). */
  port: () => number;
  log?: LogFn;
  /** Lower limits than the defaults in shared/engine-limits.ts (e.g. to exercise them in tests). */
  limits?: EngineWsLimits;
}

export interface EngineWsLimits {
  outgoingBytes?: number;
  inFlight?: number;
}

export interface EngineWs {
  wss: WebSocketServer;
  /** Closes every connection (1001 going away) and the server. */
  close(): void;
}

export function attachEngineWs(server: HttpServer, engine: Engine, opts: EngineWsOptions): EngineWs {
  const log = opts.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES, perMessageDeflate: false });
  wss.on('error', (err) => log('error', `engine WebSocket server: ${err.message}`));
  let seq = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log('warn', `engine WebSocket upgrade socket: ${err.message}`));
    const refusal = checkUpgrade(req, { port: opts.port(), secret: opts.secret });
    const refuse = (status: number, reason: string) => {
      log('warn', `engine WebSocket refused (${status}) from ${req.socket.remoteAddress ?? '?'}: ${reason}`);
      const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Refused';
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason) + 1}\r\n\r\n${reason}\n`);
      socket.destroy();
    };
    if (refusal) return refuse(refusal.status, refusal.reason);
    if (wss.clients.size >= MAX_ENGINE_CONNECTIONS) return refuse(503, `already ${MAX_ENGINE_CONNECTIONS} engine connections`);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const label = `#${++seq}`;
      serveRpc(engine, wsChannel(ws, log, label, opts.limits?.outgoingBytes), { log, label, ...(opts.limits?.inFlight !== undefined ? { maxInFlight: opts.limits.inFlight } : {}) });
    });
  });
  return {
    wss,
    close: () => {
      for (const ws of wss.clients) {
        ws.close(ENGINE_CLOSE.goingAway, 'the CityDesk host is stopping');
        ws.terminate();
      }
      wss.close();
    },
  };
}
