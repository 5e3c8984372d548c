/**
 * The engine API over WebSocket, for the browser mode and tests. Attached to an HTTP server at `/engine`.
 * Only pages from the same host may connect (a browser page elsewhere must not drive a control room's engine).
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine } from '../index';
import { serveRpc, type Channel } from './rpc';

export const ENGINE_WS_PATH = '/engine';

export function wsChannel(ws: WebSocket): Channel {
  return {
    send: (msg) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    },
    onMessage: (cb) =>
      void ws.on('message', (data, isBinary) => {
        if (isBinary) return cb(undefined);
        let parsed: unknown;
        try {
          parsed = JSON.parse(data.toString());
        } catch {
          parsed = undefined; // answered as a malformed request by serveRpc
        }
        cb(parsed);
      }),
    onClose: (cb) => void ws.on('close', cb),
  };
}

/** Same-origin check: the Origin header's host must equal the Host header (or be absent, for Node clients). */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function attachEngineWs(server: HttpServer, engine: Engine): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== ENGINE_WS_PATH || !originAllowed(req)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveRpc(engine, wsChannel(ws)));
  });
  return wss;
}
