/**
 * The base map a user gives a host (`--basemap FILE_OR_FOLDER_OR_CITY`, for the browser-mode web host and Electron's
 * main alike): a PMTiles archive, a folder of GeoJSON layers, or the name of a city shipped in
 * assets/cities/<name>/basemap.pmtiles. Checked at start. What a host answers for it is decided here, once
 * (answerUserBasemap): the manifest, and only the named file(s), whole or by one HTTP byte range; each host only
 * carries the answer (electron/cli/basemap/user-basemap.ts streams it, electron/main/basemap-protocol.ts returns a
 * Response). Node only: no Electron, no DOM.
 */
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { type BasemapManifest, LAYER_FILE } from '../shared/basemap-manifest';
import { contentRange, parseRange } from '../shared/http-range';
import { regularFileSize } from './regular-file';

/** A --basemap that cannot be used; the message says why. */
export class BasemapInputError extends Error {}

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
    throw new BasemapInputError(`--basemap ${file}: cannot be read (${(e as Error).message})`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (head.subarray(0, 7).toString('latin1') !== 'PMTiles') throw new BasemapInputError(`--basemap ${file}: not a PMTiles archive (it does not start with "PMTiles")`);
  if (head[7] !== 3) throw new BasemapInputError(`--basemap ${file}: PMTiles version ${head[7]}, only version 3 is read (convert it with the pmtiles tool: pmtiles convert)`);
}

/**
 * The base map shipped beside a hub config (a shipped city's folder, e.g. assets/cities/aberdeen/hub.json and its
 * basemap.pmtiles), drawn for that city when no --basemap is given; undefined when there is none.
 */
export function basemapBesideHubConfig(hubConfig: string, assetsDir: string): UserBasemap | undefined {
  const file = join(dirname(resolve(hubConfig)), 'basemap.pmtiles');
  try {
    return statSync(file).isFile() ? resolveUserBasemap(file, assetsDir) : undefined;
  } catch {
    return undefined;
  }
}

/** The user's base map from a path or a shipped city's name; a BasemapInputError says what is wrong. */
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
    throw new BasemapInputError(`--basemap ${arg}: no such file or folder, nor a city with a shipped base map (${cities.length ? cities.join(', ') : 'none shipped'})`);
  }
  const path = resolve(arg);
  if (st.isFile()) {
    if (!path.endsWith('.pmtiles')) throw new BasemapInputError(`--basemap ${arg}: a base-map file must be a PMTiles archive (.pmtiles); GeoJSON layers go in a folder`);
    checkPmtiles(path);
    return { kind: 'pmtiles', file: path, name: basename(path) };
  }
  if (!st.isDirectory()) throw new BasemapInputError(`--basemap ${arg}: neither a file nor a folder`);
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
  if (layers.length === 0) throw new BasemapInputError(`--basemap ${arg}: no GeoJSON layers in this folder (expected files like roads.geojson or roads.geojson.gz)`);
  const twice = layers.find((l, i) => layers.indexOf(l) !== i);
  if (twice) throw new BasemapInputError(`--basemap ${arg}: two files make the layer "${twice}"`);
  return { kind: 'geojson', dir: path, name: basename(path), files };
}

/** The manifest, naming each file as `filesBase` + its encoded name (the host's own file route). */
export function manifestOf(user: UserBasemap, filesBase: string): BasemapManifest {
  const fileUrl = (name: string) => `${filesBase}${encodeURIComponent(name)}`;
  if (user.kind === 'pmtiles') return { format: 'pmtiles', name: user.name, url: fileUrl(user.name), bytes: statSync(user.file).size };
  return { format: 'geojson', name: user.name, layers: Object.fromEntries(Object.entries(user.files).map(([name, f]) => [f.layer, fileUrl(name)])) };
}

/** The file an encoded file name names, or null: only the archive itself, or one of the folder's layer files. */
export function userBasemapFile(user: UserBasemap, encodedName: string): string | null {
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return null;
  }
  if (user.kind === 'pmtiles') return name === user.name ? user.file : null;
  return Object.hasOwn(user.files, name) ? user.files[name]!.path : null;
}

/** What a host asks about: the manifest, or a file by its (still encoded) name. */
export type BasemapRequest = { kind: 'manifest' } | { kind: 'file'; encodedName: string };

/**
 * What to answer. `body` is text to send; `file` is a byte span [start, end] of a file to send (absent for an empty
 * file or a 416); header names are lower case. HEAD is the caller's business (same status and headers, no body).
 */
export interface BasemapAnswer {
  status: 200 | 204 | 206 | 404 | 416;
  headers: Record<string, string>;
  body?: string;
  file?: { path: string; start: number; end: number };
}

/**
 * The answer for a request under a host's base-map route. The manifest as JSON (204 when no base map was given); a
 * file whole or by one byte range (206/416, Accept-Ranges); anything else 404.
 */
export function answerUserBasemap(user: UserBasemap | null, request: BasemapRequest | null, rangeHeader: string | undefined, filesBase: string): BasemapAnswer {
  const notFound: BasemapAnswer = { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not found\n' };
  // No base map given: nothing to say (not an error; the page draws the demo's map).
  if (request?.kind === 'manifest' && !user) return { status: 204, headers: { 'cache-control': 'no-store' } };
  if (!user || !request) return notFound;
  if (request.kind === 'manifest') {
    const body = JSON.stringify(manifestOf(user, filesBase));
    return { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)) }, body };
  }
  const file = userBasemapFile(user, request.encodedName);
  const size = regularFileSize(file);
  if (!file || size === null) return notFound;
  const range = parseRange(rangeHeader, size);
  const base = { 'accept-ranges': 'bytes', 'cache-control': 'no-cache', 'content-type': file.endsWith('.pmtiles') ? 'application/vnd.pmtiles' : file.endsWith('.gz') ? 'application/gzip' : 'application/geo+json' };
  if (range.kind === 'unsatisfiable') return { status: 416, headers: { ...base, 'content-range': contentRange(range, size)! } };
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  return {
    status: range.kind === 'partial' ? 206 : 200,
    headers: { ...base, 'content-length': String(size === 0 ? 0 : end - start + 1), ...(range.kind === 'partial' ? { 'content-range': contentRange(range, size)! } : {}) },
    ...(size === 0 ? {} : { file: { path: file, start, end } }),
  };
}
