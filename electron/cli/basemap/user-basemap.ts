/**
 * The browser-mode host's side of the user's base map (`npm run web -- --basemap FILE_OR_FOLDER_OR_CITY`): served
 * under the engine path (only to the page holding this launch's engine cookie), as electron/hosts/user-basemap.ts
 * decides; this file only writes that answer to a node:http response, streaming file bytes.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { BASEMAP_FILES_PATH, BASEMAP_MANIFEST_PATH } from '../../shared/basemap-manifest';
import { answerUserBasemap, type BasemapRequest, type UserBasemap } from '../../hosts/user-basemap';

export type { UserBasemap } from '../../hosts/user-basemap';

/** The request a URL path under /engine/basemap makes, or null. */
export function webBasemapRequest(path: string): BasemapRequest | null {
  if (path === BASEMAP_MANIFEST_PATH) return { kind: 'manifest' };
  if (path.startsWith(BASEMAP_FILES_PATH)) return { kind: 'file', encodedName: path.slice(BASEMAP_FILES_PATH.length) };
  return null;
}

/** Answers a request under the base-map paths (the caller has checked the engine cookie). */
export function serveUserBasemap(req: IncomingMessage, res: ServerResponse, user: UserBasemap | null, path: string, headers: OutgoingHttpHeaders, onError: (msg: string) => void): void {
  const answer = answerUserBasemap(user, webBasemapRequest(path), req.headers.range, BASEMAP_FILES_PATH);
  res.writeHead(answer.status, { ...headers, ...answer.headers });
  if (req.method === 'HEAD') return void res.end();
  if (!answer.file) return void res.end(answer.body);
  const { path: file, start, end } = answer.file;
  const stream = createReadStream(file, { start, end });
  stream.on('error', (err) => {
    onError(`base map: reading ${file}: ${err.message}`);
    res.destroy();
  });
  stream.pipe(res);
}
