/**
 * The user's city base map in Electron (--basemap / CITYDESK_BASEMAP, as `npm run web -- --basemap` takes it): main
 * serves it on the privileged scheme citydesk-basemap:// (registered in main.ts as standard, secure, supportFetchAPI),
 * which the page's CSP allows for connect-src only. citydesk-basemap://basemap/manifest is the manifest (204 when no
 * base map was given); citydesk-basemap://basemap/file/<name> is the configured archive or one of the folder's layer
 * files, with Range requests (206/416). Anything else is 404: other hosts, other paths, other files, traversal.
 * What to answer is decided by electron/hosts/user-basemap.ts, shared with the browser-mode host.
 *
 * Pure module (node:fs and the Fetch API's Request/Response only, no electron import). main.ts passes
 * serveBasemapRequest to protocol.handle.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { ELECTRON_BASEMAP_FILES_URL, ELECTRON_BASEMAP_HOST, ELECTRON_BASEMAP_SCHEME } from '../shared/basemap-manifest';
import { answerUserBasemap, BasemapInputError, resolveUserBasemap, type BasemapRequest, type UserBasemap } from '../hosts/user-basemap';
import { readFlag } from './engine-launch';
import { DOT_SEGMENT } from './protocol';

/** The base map from --basemap or CITYDESK_BASEMAP (the command line wins), resolved; a warning when it is unusable. */
export function basemapLaunchConfig(opts: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  assetsDir: string;
}): { basemap: UserBasemap | null; warnings: string[] } {
  const arg = readFlag(opts.argv, 'basemap') ?? (opts.env.CITYDESK_BASEMAP?.trim() || undefined);
  if (arg === undefined) return { basemap: null, warnings: [] };
  try {
    return { basemap: resolveUserBasemap(arg, opts.assetsDir), warnings: [] };
  } catch (e) {
    if (e instanceof BasemapInputError) return { basemap: null, warnings: [`ignoring the base map: ${e.message}`] };
    throw e;
  }
}

/** What a citydesk-basemap:// URL asks for, or null (404). */
export function basemapRequestOf(rawUrl: string): BasemapRequest | null {
  const prefix = `${ELECTRON_BASEMAP_SCHEME}://`;
  if (!rawUrl.toLowerCase().startsWith(prefix) || DOT_SEGMENT.test(rawUrl.slice(prefix.length))) return null;
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return null;
  }
  if (u.hostname !== ELECTRON_BASEMAP_HOST || u.port !== '' || u.username !== '' || u.password !== '') return null;
  if (u.pathname === '/manifest') return { kind: 'manifest' };
  const m = /^\/file\/([^/]+)$/.exec(u.pathname);
  return m ? { kind: 'file', encodedName: m[1]! } : null;
}

/** Answers one request on citydesk-basemap://. Only GET and HEAD; never throws for a bad URL. */
export function serveBasemapRequest(request: Request, user: UserBasemap | null): Response {
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return new Response('method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
  const answer = answerUserBasemap(user, basemapRequestOf(request.url), request.headers.get('range') ?? undefined, ELECTRON_BASEMAP_FILES_URL);
  const headers = { ...answer.headers, 'x-content-type-options': 'nosniff' };
  const nullBody = method === 'HEAD' || answer.status === 204;
  if (nullBody || !answer.file) return new Response(nullBody ? null : (answer.body ?? null), { status: answer.status, headers });
  const { path, start, end } = answer.file;
  const body = Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: answer.status, headers });
}
