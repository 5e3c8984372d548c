/**
 * The user's base map as the browser-mode host offers it (`npm run web -- --basemap FILE_OR_FOLDER`): the manifest at
 * BASEMAP_MANIFEST_PATH says what it is (204 No Content when none was given), and the files are served under
 * BASEMAP_FILES_PATH. Both sit under the engine
 * path, so that only a page holding this launch's engine cookie (scoped to /engine) may read them. Pure.
 */
export const BASEMAP_MANIFEST_PATH = '/engine/basemap';
export const BASEMAP_FILES_PATH = '/engine/basemap/file/';

/**
 * In Electron the same base map comes from main's privileged protocol (electron/main/basemap-protocol.ts): the
 * manifest at ELECTRON_BASEMAP_MANIFEST_URL, the files under ELECTRON_BASEMAP_FILES_URL. The page's CSP lets it
 * fetch from this scheme (connect-src only).
 */
export const ELECTRON_BASEMAP_SCHEME = 'citydesk-basemap';
export const ELECTRON_BASEMAP_HOST = 'basemap';
export const ELECTRON_BASEMAP_MANIFEST_URL = `${ELECTRON_BASEMAP_SCHEME}://${ELECTRON_BASEMAP_HOST}/manifest`;
export const ELECTRON_BASEMAP_FILES_URL = `${ELECTRON_BASEMAP_SCHEME}://${ELECTRON_BASEMAP_HOST}/file/`;

/** A GeoJSON layer's file name in a base-map folder: `<layer>.geojson`, `<layer>.json`, or either gzip-compressed. */
export const LAYER_FILE = /^([A-Za-z0-9_-]+)\.(geojson|json)(\.gz)?$/;

export type BasemapManifest =
  /** One PMTiles archive (read with HTTP Range requests). */
  | { format: 'pmtiles'; name: string; url: string; bytes: number }
  /** A folder of GeoJSON layers: layer name -> URL (plain or gzip-compressed GeoJSON). */
  | { format: 'geojson'; name: string; layers: Record<string, string> };

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Checks a manifest read from the host; throws an Error that says what is wrong. */
export function parseBasemapManifest(v: unknown): BasemapManifest {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (o.format === 'pmtiles') {
    if (!isStr(o.url) || !isStr(o.name) || typeof o.bytes !== 'number') throw new Error('base-map manifest: a pmtiles manifest needs name, url and bytes');
    return { format: 'pmtiles', name: o.name, url: o.url, bytes: o.bytes };
  }
  if (o.format === 'geojson') {
    const layers = o.layers;
    if (!isStr(o.name) || typeof layers !== 'object' || layers === null || Array.isArray(layers)) throw new Error('base-map manifest: a geojson manifest needs name and layers');
    const entries = Object.entries(layers as Record<string, unknown>);
    if (entries.length === 0 || !entries.every(([, u]) => isStr(u))) throw new Error('base-map manifest: layers must map layer names to URLs');
    return { format: 'geojson', name: o.name, layers: Object.fromEntries(entries) as Record<string, string> };
  }
  throw new Error(`base-map manifest: unknown format ${JSON.stringify(o.format ?? null)}`);
}
