/**
 * The base map a user gives the browser-mode host (`npm run web -- --basemap FILE_OR_FOLDER_OR_CITY`): a PMTiles
 * archive, a folder of GeoJSON layers, or the name of a city shipped in assets/cities/<name>/basemap.pmtiles. Checked
 * at start; served under the engine path (only to the page holding this launch's engine cookie): the manifest, and
 * only the named file(s), with HTTP Range requests (a PMTiles reader reads the parts it needs).
 */
import { closeSync, createReadStream, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { basename, join, resolve, sep } from 'node:path';
import { BASEMAP_FILES_PATH, BASEMAP_MANIFEST_PATH, type BasemapManifest } from '../../shared/basemap-manifest';
import { contentRange, parseRange } from '../../shared/http-range';
import { InputError, LAYER_FILE } from './input';

export type UserBasemap =
  | { kind: 'pmtiles'; file: string; name: string }
  /** files: URL name -> absolute path, for the layers found in the folder. */
  | { kind: 'geojson'; dir: string; name: string; files: Record<string, { layer: string; path: string }> };

const CITY_NAME = /^[a-z0-9][a-z0-9-]*$/;

function checkPmtiles(file: string): void {
  const head = Buffer.alloc(8);
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    readSync(fd, head, 0, 8, 0);
  } catch (e) {
    throw new InputError(`--basemap ${file}: cannot be read (${(e as Error).message})`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (head.subarray(0, 7).toString('latin1') !== 'PMTiles') throw new InputError(`--basemap ${file}: not a PMTiles archive (it does not start with "PMTiles")`);
  if (head[7] !== 3) throw new InputError(`--basemap ${file}: PMTiles version ${head[7]}, only version 3 is read (convert it with the pmtiles tool: pmtiles convert)`);
}

/** The user's base map from a path or a shipped city's name; an InputError says what is wrong. */
export function resolveUserBasemap(arg: string, assetsDir: string): UserBasemap {
  let st;
  try {
    st = statSync(arg);
  } catch {
    const shipped = join(assetsDir, 'cities', arg, 'basemap.pmtiles');
    if (CITY_NAME.test(arg)) {
      try {
        if (statSync(shipped).isFile()) return resolveUserBasemap(shipped, assetsDir);
      } catch {
        // not a shipped city either
      }
    }
    const cities = (() => {
      try {
        return readdirSync(join(assetsDir, 'cities')).filter((c) => CITY_NAME.test(c));
      } catch {
        return [];
      }
    })();
    throw new InputError(`--basemap ${arg}: no such file or folder, nor a city with a shipped base map (${cities.length ? cities.join(', ') : 'none shipped'})`);
  }
  const path = resolve(arg);
  if (st.isFile()) {
    if (!path.endsWith('.pmtiles')) throw new InputError(`--basemap ${arg}: a base-map file must be a PMTiles archive (.pmtiles); GeoJSON layers go in a folder`);
    checkPmtiles(path);
    return { kind: 'pmtiles', file: path, name: basename(path) };
  }
  if (!st.isDirectory()) throw new InputError(`--basemap ${arg}: neither a file nor a folder`);
  // The folder's own files only: a link to somewhere outside it is not served.
  const realDir = realpathSync(path);
  const files: Record<string, { layer: string; path: string }> = {};
  for (const f of readdirSync(path).sort()) {
    const m = LAYER_FILE.exec(f);
    if (!m) continue;
    let real: string;
    try {
      real = realpathSync(join(path, f));
    } catch {
      continue; // a dangling link
    }
    if (real.startsWith(realDir + sep) && statSync(real).isFile()) files[f] = { layer: m[1]!, path: real };
  }
  const layers = Object.values(files).map((f) => f.layer);
  if (layers.length === 0) throw new InputError(`--basemap ${arg}: no GeoJSON layers in this folder (expected files like roads.geojson or roads.geojson.gz)`);
  const twice = layers.find((l, i) => layers.indexOf(l) !== i);
  if (twice) throw new InputError(`--basemap ${arg}: two files make the layer "${twice}"`);
  return { kind: 'geojson', dir: path, name: basename(path), files };
}

const fileUrl = (name: string) => `${BASEMAP_FILES_PATH}${encodeURIComponent(name)}`;

export function manifestOf(user: UserBasemap): BasemapManifest {
  if (user.kind === 'pmtiles') return { format: 'pmtiles', name: user.name, url: fileUrl(user.name), bytes: statSync(user.file).size };
  return { format: 'geojson', name: user.name, layers: Object.fromEntries(Object.entries(user.files).map(([name, f]) => [f.layer, fileUrl(name)])) };
}

/** The file a request path names, or null: only the archive itself, or one of the folder's layer files. */
export function userBasemapFile(user: UserBasemap, path: string): string | null {
  if (!path.startsWith(BASEMAP_FILES_PATH)) return null;
  let name: string;
  try {
    name = decodeURIComponent(path.slice(BASEMAP_FILES_PATH.length));
  } catch {
    return null;
  }
  if (user.kind === 'pmtiles') return name === user.name ? user.file : null;
  return Object.hasOwn(user.files, name) ? user.files[name]!.path : null;
}

/**
 * Answers a request under the base-map paths (the caller has checked the engine cookie). The manifest as JSON (204
 * when no base map was given); a file whole or by one byte range (206/416, Accept-Ranges); anything else 404.
 */
export function serveUserBasemap(req: IncomingMessage, res: ServerResponse, user: UserBasemap | null, path: string, headers: OutgoingHttpHeaders, onError: (msg: string) => void): void {
  const notFound = () => res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
  if (path === BASEMAP_MANIFEST_PATH && !user) {
    // No base map given: nothing to say (not an error; the page draws the demo's map).
    res.writeHead(204, { ...headers, 'cache-control': 'no-store' }).end();
    return;
  }
  if (!user) return void notFound();
  if (path === BASEMAP_MANIFEST_PATH) {
    const body = JSON.stringify(manifestOf(user));
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }).end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const file = userBasemapFile(user, path);
  let size = -1;
  try {
    if (file && statSync(file).isFile()) size = statSync(file).size;
  } catch {
    size = -1;
  }
  if (!file || size < 0) return void notFound();
  const range = parseRange(req.headers.range, size);
  const base = { ...headers, 'accept-ranges': 'bytes', 'cache-control': 'no-cache', 'content-type': file.endsWith('.pmtiles') ? 'application/vnd.pmtiles' : file.endsWith('.gz') ? 'application/gzip' : 'application/geo+json' };
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'content-range': contentRange(range, size) }).end();
    return;
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  res.writeHead(range.kind === 'partial' ? 206 : 200, {
    ...base,
    'content-length': size === 0 ? 0 : end - start + 1,
    ...(range.kind === 'partial' ? { 'content-range': contentRange(range, size) } : {}),
  });
  if (req.method === 'HEAD' || size === 0) return void res.end();
  const stream = createReadStream(file, { start, end });
  stream.on('error', (err) => {
    onError(`base map: reading ${file}: ${err.message}`);
    res.destroy();
  });
  stream.pipe(res);
}
