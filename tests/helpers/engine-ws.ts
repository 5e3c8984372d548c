/** A test client of the engine API over WebSocket, with the host's per-launch secret (the same cookie as the page). */
import WebSocket from 'ws';
import type { WebHost } from '../../electron/cli/web-host';
import { engineAuthHeaders } from '../../electron/engine/transport/ws';

export interface EngineWsClient {
  ws: WebSocket;
  /** Sends a request (an object, or raw text carrying an id) and resolves with its response. */
  call(msg: unknown): Promise<any>;
  /** Events received so far. */
  events: any[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Connects to `host`'s engine; rejects with "HTTP <status>" when the upgrade is refused. */
export function connectEngine(host: Pick<WebHost, 'port' | 'engineSecret'>, headers: Record<string, string> = {}, opts: { secret?: boolean } = {}): Promise<EngineWsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/engine`, { headers: { ...(opts.secret === false ? {} : engineAuthHeaders(host.port, host.engineSecret)), ...headers } });
    const events: any[] = [];
    const pending = new Map<number, (m: any) => void>();
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.t === 'evt') events.push(m);
      else if (m.t === 'res') pending.get(m.id)?.(m);
    });
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('open', () =>
      resolve({
        ws,
        events,
        closed,
        call: (msg: any) =>
          new Promise((res) => {
            pending.set(typeof msg === 'string' ? (JSON.parse(msg) as { id: number }).id : msg.id, res);
            ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
          }),
      }),
    );
  });
}
