/**
 * The browser-mode host: serves the built renderer and the base-map assets, the engine API over WebSocket at /engine,
 * and the user's base map (--basemap) under /engine/basemap, with Range requests, and incident packs' zips under
 * /engine/packs/NAME.zip (only files directly inside the engine's packs folder), to the page holding the cookie. Loopback only (anything else is refused at start); every request's Host must be this loopback address and
 * port (DNS rebinding). Static paths are resolved inside their roots, symlinks included (no traversal, no link out).
 *
 * Access to the engine: a random secret per launch. The host prints `url` with it (`/?key=...`); opening that URL sets
 * the secret as an HttpOnly, SameSite=Strict cookie scoped to /engine and redirects to `/` (the key leaves the address
 * bar). Only a holder of the printed URL (the person who started the host) gets the cookie; the engine WebSocket
 * refuses an upgrade without it. Node clients use `engineSecret` with engineAuthHeaders (engine/transport/ws.ts).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../shared/content-security';
import type { Engine, LogFn } from '../engine/index';
import { BASEMAP_FILES_PATH, BASEMAP_MANIFEST_PATH } from '../shared/basemap-manifest';
import { serveUserBasemap, type UserBasemap } from './basemap/user-basemap';
import { regularFileSize } from '../hosts/regular-file';
import { PACK_DOWNLOAD_PREFIX } from '../engine/commands/incident-pack';
import { attachEngineWs, checkHostOrigin, type EngineWsLimits, ENGINE_WS_PATH, engineCookieName, isLoopbackHostname, readCookie, secretMatches } from '../engine/transport/ws';

export interface WebHostOptions {
  engine: Engine;
  rendererDir: string;
  assetsDir: string;
  /** A loopback address or name (default 127.0.0.1); anything else is refused. */
  host?: string;
  port?: number;
  log?: LogFn;
  /** Lower engine WebSocket limits than the documented defaults (tests). */
  limits?: EngineWsLimits;
  /** The user's base map (`--basemap`, checked by resolveUserBasemap), served under /engine/basemap. */
  basemap?: UserBasemap;
}

export interface WebHost {
  /** The address to open: carries this launch's key, which gives the page its engine cookie. */
  url: string;
  /** http://host:port/ without the key. */
  origin: string;
  port: number;
  /** The per-launch secret the engine WebSocket requires (engineAuthHeaders(port, engineSecret) for Node clients). */
  engineSecret: string;
  server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
};

/** The query parameter of the printed URL that carries the key. */
export const LAUNCH_KEY_PARAM = 'key';

export class NonLoopbackHostError extends Error {}

/** Refuses to serve on anything but loopback: the engine API must not be reachable from the network. */
export function checkLoopbackBind(host: string): void {
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  if (!isLoopbackHostname(name)) {
    throw new NonLoopbackHostError(`refusing to serve on ${JSON.stringify(host)}: the browser mode serves on a loopback address only (127.0.0.1, ::1 or localhost); its engine API drives the control room`);
  }
}

/** Resolves a URL path to a file inside `root`, or null when it would leave it (by `..`, or by a symlink). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  return full.startsWith(base) ? full : null;
}

/** Like resolveInside, then the real path (symlinks followed) must still be inside the real root; null otherwise. */
export function resolveRealInside(root: string, urlPath: string): string | null {
  const file = resolveInside(root, urlPath);
  if (!file) return null;
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(file);
    return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) ? real : null;
  } catch {
    return null;
  }
}

/**
 * An incident pack's zip (`/engine/packs/NAME.zip`, behind the engine cookie): only a `.zip` directly inside the
 * engine's packs folder, its real path (symlinks followed) still inside it; anything else is 404.
 */
function servePackZip(req: IncomingMessage, res: ServerResponse, packsDir: string, name: string, headers: OutgoingHttpHeaders, log: LogFn): void {
  let decoded = '';
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // stays '': refused below
  }
  const file = /^[^/\\]+\.zip$/.test(decoded) && !decoded.startsWith('.') ? resolveRealInside(packsDir, name) : null;
  const size = regularFileSize(file);
  if (!file || size === null) {
    res.writeHead(404, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }).end('no such incident pack\n');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/zip',
    'content-length': size,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(decoded)}`,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else pipeFile(res, file, log);
}

/** A file's bytes as the body (headers already written); a read error ends the response. */
function pipeFile(res: ServerResponse, file: string, log: LogFn): void {
  const stream = createReadStream(file);
  stream.on('error', (err) => {
    log('warn', `web host: reading ${file}: ${err.message}`);
    res.destroy();
  });
  stream.pipe(res);
}

/** Headers on every response: the renderer's CSP (with this host's engine WebSocket), no framing, no sniffing. */
export function securityHeaders(hostHeader: string): OutgoingHttpHeaders {
  return {
    'content-security-policy': contentSecurityPolicy({ 'connect-src': [`ws://${hostHeader}${ENGINE_WS_PATH}`] }),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? (() => {});
  const bindHost = opts.host ?? '127.0.0.1';
  checkLoopbackBind(bindHost);
  const basemapDir = join(opts.assetsDir, 'basemap');
  const secret = randomBytes(32).toString('base64url');
  let port = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // The same Host/Origin rules as the engine socket (a rebound DNS name gets nothing, not even the page).
    const hostHeader = req.headers.host ?? '';
    const refusal = checkHostOrigin(req.headers, port);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' }).end(`${refusal.reason}\n`);
      return;
    }
    const headers = securityHeaders(hostHeader);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const path = url.pathname;
    const key = url.searchParams.get(LAUNCH_KEY_PARAM);
    if (key !== null && (path === '/' || path === '/index.html')) {
      // The printed URL: give this browser the engine cookie, and take the key out of the address bar (other
      // parameters stay: `&layout=wall` opens the wall layout).
      const ok = secretMatches(key, secret);
      url.searchParams.delete(LAUNCH_KEY_PARAM);
      if (!ok) log('warn', `a request with a wrong launch key from ${req.socket.remoteAddress ?? '?'}`);
      res
        .writeHead(303, {
          ...headers,
          location: `/${url.search}`,
          'cache-control': 'no-store',
          ...(ok ? { 'set-cookie': `${engineCookieName(port)}=${secret}; Path=${ENGINE_WS_PATH}; HttpOnly; SameSite=Strict` } : {}),
        })
        .end();
      return;
    }
    const basemapPath = path === BASEMAP_MANIFEST_PATH || path.startsWith(BASEMAP_FILES_PATH);
    const packPath = path.startsWith(PACK_DOWNLOAD_PREFIX);
    if (path === `${ENGINE_WS_PATH}/access` || basemapPath || packPath) {
      // Only for the page holding this launch's engine cookie (scoped to /engine): /access tells the page whether it may
      // connect (it cannot read its HttpOnly cookie; this tells it why the socket is refused); the user's base map.
      if (!secretMatches(readCookie(req.headers.cookie, engineCookieName(port)), secret)) {
        res.writeHead(401, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }).end('open the address the CityDesk host printed (it carries this launch\'s key)\n');
      } else if (basemapPath) {
        serveUserBasemap(req, res, opts.basemap ?? null, path, headers, (msg) => log('warn', `web host: ${msg}`));
      } else if (packPath) {
        servePackZip(req, res, opts.engine.packsDir, path.slice(PACK_DOWNLOAD_PREFIX.length), headers, log);
      } else {
        res.writeHead(204, { ...headers, 'cache-control': 'no-store', 'content-type': 'text/plain; charset=utf-8' }).end();
      }
      return;
    }
    let file: string | null;
    if (path.startsWith('/assets/basemap/')) file = resolveRealInside(basemapDir, path.slice('/assets/basemap/'.length));
    else file = resolveRealInside(opts.rendererDir, path === '/' ? 'index.html' : path.slice(1));
    const size = regularFileSize(file);
    if (!file || size === null) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else pipeFile(res, file, log);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      log('error', `web host: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  });
  // Malformed HTTP from any local program: answer 400 (or drop the socket), never crash.
  server.on('clientError', (err: Error & { code?: string }, socket) => {
    log('warn', `web host: bad HTTP request: ${err.code ?? err.message}`);
    if (socket.writable && err.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('connection', (socket) => socket.on('error', (err) => log('warn', `web host socket: ${err.message}`)));
  const engineWs = attachEngineWs(server, opts.engine, { secret, port: () => port, log, ...(opts.limits ? { limits: opts.limits } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log('error', `web host: ${err.message}`));
  port = (server.address() as AddressInfo).port;
  const origin = `http://${bindHost.includes(':') ? `[${bindHost}]` : bindHost}:${port}/`;
  return {
    url: `${origin}?${LAUNCH_KEY_PARAM}=${secret}`,
    origin,
    port,
    engineSecret: secret,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        engineWs.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
