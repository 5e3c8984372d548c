/**
 * The app:// protocol: URL -> file. app://citydesk/<path> maps into dist/renderer, except
 * app://citydesk/assets/basemap/<file> which maps into the assets/basemap folder (the repo's, or the packaged app's
 * resources/assets). Anything else is refused: other hosts, other schemes, traversal (raw, percent-encoded, or via
 * encoded slashes/backslashes), absolute or drive-letter paths, NUL bytes. .gz files are served as they are, with
 * Content-Type application/gzip and no Content-Encoding (the renderer decompresses them itself).
 *
 * Pure module (node:path and node:fs only, no electron import). main.ts wraps serveAppRequest in protocol.handle.
 */
import path from 'node:path';
import { promises as fsp } from 'node:fs';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { electronContentSecurityPolicy } from './security';

export interface AppRoots {
  /** Absolute path of dist/renderer. */
  renderer: string;
  /** Absolute path of assets/basemap. */
  basemap: string;
}

export type ResolveResult =
  | { ok: true; filePath: string; root: 'renderer' | 'basemap'; contentType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pbf': 'application/x-protobuf',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export function mimeTypeFor(filePath: string): string {
  return MIME[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

const BASEMAP_PREFIX = ['assets', 'basemap'];
/** '..' or '.' as a path segment, raw or percent-encoded, delimited by / \ or their encodings, ? # or the end. */
export const DOT_SEGMENT = /(?:^|\/|\\|%2f|%5c)(?:\.|%2e){1,2}(?=$|\/|\\|%2f|%5c|\?|#)/i;

export function resolveAppUrl(rawUrl: string, roots: AppRoots): ResolveResult {
  if (typeof rawUrl !== 'string' || rawUrl.length > 4096) return { ok: false, status: 400, reason: 'bad url' };
  const prefix = `${APP_SCHEME}://`;
  if (!rawUrl.toLowerCase().startsWith(prefix)) return { ok: false, status: 400, reason: 'not an app:// url' };
  // Check the raw text before URL parsing: the WHATWG parser would silently resolve '..' (and '%2e%2e') segments,
  // turning an attack into a harmless-looking path. We refuse instead, so that it shows up in logs and tests.
  const afterScheme = rawUrl.slice(prefix.length);
  if (DOT_SEGMENT.test(afterScheme)) return { ok: false, status: 403, reason: 'path traversal refused' };
  if (afterScheme.includes('\\') || /%5c/i.test(afterScheme)) return { ok: false, status: 403, reason: 'backslash refused' };

  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'unparseable url' };
  }
  if (u.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app:// url' };
  if (u.hostname !== APP_HOST || u.port !== '' || u.username !== '' || u.password !== '') {
    return { ok: false, status: 403, reason: `unknown host ${JSON.stringify(u.host)}` };
  }

  const rawSegments = u.pathname.split('/').slice(1); // pathname always starts with '/'
  if (rawSegments.length === 0) rawSegments.push('index.html');
  if (rawSegments.length === 1 && rawSegments[0] === '') rawSegments[0] = 'index.html';
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'bad percent-encoding' };
    }
    if (seg === '') return { ok: false, status: 403, reason: 'empty path segment (absolute path?) refused' };
    if (seg === '.' || seg === '..') return { ok: false, status: 403, reason: 'path traversal refused' };
    if (/[/\\\0]/.test(seg)) return { ok: false, status: 403, reason: 'encoded separator or NUL refused' };
    if (/^[a-z]:/i.test(seg) || seg.includes(':')) return { ok: false, status: 403, reason: 'drive letter or colon refused' };
    segments.push(seg);
  }

  let root: 'renderer' | 'basemap' = 'renderer';
  let rel = segments;
  if (segments.length > BASEMAP_PREFIX.length && BASEMAP_PREFIX.every((s, i) => segments[i] === s)) {
    root = 'basemap';
    rel = segments.slice(BASEMAP_PREFIX.length);
  } else if (segments.length >= 2 && segments[0] === 'assets' && segments[1] === 'basemap') {
    return { ok: false, status: 404, reason: 'no file named' };
  }
  const rootDir = path.resolve(roots[root]);
  const filePath = path.resolve(rootDir, ...rel);
  const relative = path.relative(rootDir, filePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside the served folders' };
  }
  return { ok: true, filePath, root, contentType: mimeTypeFor(filePath) };
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** Minimal file reader, injectable for tests; defaults to node:fs. */
export interface FileReader {
  readFile(filePath: string): Promise<Uint8Array>;
}

const nodeReader: FileReader = { readFile: (p) => fsp.readFile(p) };

/** Resolve and read. Only GET/HEAD; directories and missing files are 404; never throws. */
export async function serveAppRequest(
  req: { url: string; method?: string },
  roots: AppRoots,
  reader: FileReader = nodeReader,
): Promise<AppResponse> {
  const base: Record<string, string> = {
    'Content-Security-Policy': electronContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  const method = (req.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { ...base, 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, body: text('method not allowed') };
  }
  const r = resolveAppUrl(req.url, roots);
  if (!r.ok) return { status: r.status, headers: { ...base, 'Content-Type': 'text/plain; charset=utf-8' }, body: text(r.reason) };
  let data: Uint8Array;
  try {
    data = await reader.readFile(r.filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    const status = code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? 404 : 500;
    return { status, headers: { ...base, 'Content-Type': 'text/plain; charset=utf-8' }, body: text(status === 404 ? 'not found' : 'read error') };
  }
  return {
    status: 200,
    headers: { ...base, 'Content-Type': r.contentType, 'Content-Length': String(data.byteLength) },
    body: method === 'HEAD' ? null : data,
  };
}

function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
