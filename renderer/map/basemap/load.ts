/**
 * Loads the base maps for the map view: the world archive (always), and the city base map the host names (the
 * manifest at the platform's base-map URL: /engine/basemap in browser mode, citydesk-basemap:// in Electron; a user's
 * PMTiles archive or GeoJSON folder), else the demo city's
 * shipped GeoJSON. `applyCityBasemap` adds the city's sources and layers to a loaded map and fills its GeoJSON sources.
 */
import type { FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { PMTiles, FetchSource } from 'pmtiles';
import { parseBasemapManifest, type BasemapManifest } from '../../../electron/shared/basemap-manifest';
import { collectionsBbox } from '../../../electron/shared/geojson-bbox';
import { decodeGeoJson, fetchBasemap } from '../basemap';
import { WORLD_ARCHIVE_PATH } from '../style';
import { DEMO_SOURCES } from './demo-style';
import { CITY_GEOJSON_PREFIX, cityStyle, detectSchema, OSM_ATTRIBUTION, pmtilesUrl, type Bbox, type CityBasemap } from './city';
import { CITY_LAYERS, type CityLayer } from './city-style';
import { MemorySource, provideArchive, registerPmtilesProtocol } from './pmtiles-protocol';

export interface LoadedBasemap {
  city: CityBasemap;
  /** GeoJSON source id -> its data (the demo's layers, or a GeoJSON folder's). */
  geojson: Record<string, FeatureCollection>;
}

/** The world archive's URL and the pmtiles:// URL the style names it by; the archive is fetched and provided. */
export function startWorld(base: string, signal: AbortSignal): { styleUrl: string; ready: Promise<PMTiles> } {
  registerPmtilesProtocol();
  const url = new URL(WORLD_ARCHIVE_PATH, base).href;
  const open = (async () => {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`world map: HTTP ${res.status} for ${url}`);
    return new PMTiles(new MemorySource(url, new Uint8Array(await res.arrayBuffer())));
  })();
  return { styleUrl: pmtilesUrl(url), ready: provideArchive(open, url) };
}

/** The host's base-map manifest (at `manifestUrl`, from the platform), or null when the host names none (204). */
export async function fetchManifest(manifestUrl: string, signal: AbortSignal): Promise<BasemapManifest | null> {
  let res: Response;
  try {
    res = await fetch(manifestUrl, { signal, cache: 'no-store' });
  } catch (err) {
    if (signal.aborted) throw err;
    return null; // a host without the route (an unknown scheme may throw)
  }
  if (res.status === 204 || res.status === 404 || res.status === 401) return null; // none given; a host without the route
  if (!res.ok) throw new Error(`base map: HTTP ${res.status} for the host's base-map manifest`);
  return parseBasemapManifest(await res.json());
}

const boundsOf = (h: { minLon: number; minLat: number; maxLon: number; maxLat: number }): Bbox | null =>
  h.minLon < h.maxLon && h.minLat < h.maxLat ? [h.minLon, h.minLat, h.maxLon, h.maxLat] : null;

/** `base` is the page's base URI (the demo's files); `manifestUrl` is the platform's (renderer/platform basemapManifestUrl). */
export async function loadCityBasemap(base: string, manifestUrl: string, signal: AbortSignal): Promise<LoadedBasemap> {
  const manifest = await fetchManifest(manifestUrl, signal);
  if (!manifest) {
    const sources = await Promise.all(DEMO_SOURCES.map(async (name) => [name, await fetchBasemap(name, signal)] as const));
    return { city: { kind: 'demo' }, geojson: Object.fromEntries(sources) };
  }
  if (manifest.format === 'pmtiles') {
    const url = new URL(manifest.url, base).href;
    const archive = await provideArchive(Promise.resolve(new PMTiles(new FetchSource(url, new Headers(), 'same-origin'))), url);
    const [header, metadata] = await Promise.all([archive.getHeader(), archive.getMetadata()]);
    const schema = detectSchema(metadata);
    if (!schema) throw new Error(`${manifest.name}: neither a CityDesk base map (npm run basemap) nor a Protomaps-schema archive; its layers: ${layerIds(metadata)}`);
    const attribution = typeof (metadata as { attribution?: unknown }).attribution === 'string' ? (metadata as { attribution: string }).attribution : OSM_ATTRIBUTION;
    return { city: { kind: 'pmtiles', url, schema, attribution, bounds: boundsOf(header) }, geojson: {} };
  }
  const known = Object.keys(manifest.layers).filter((l): l is CityLayer => (CITY_LAYERS as readonly string[]).includes(l));
  if (known.length === 0) throw new Error(`${manifest.name}: none of its GeoJSON layers (${Object.keys(manifest.layers).join(', ')}) is one CityDesk draws (${CITY_LAYERS.join(', ')})`);
  const geojson: Record<string, FeatureCollection> = {};
  await Promise.all(
    known.map(async (layer) => {
      const url = new URL(manifest.layers[layer]!, base).href;
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`${manifest.name}/${layer}: HTTP ${res.status}`);
      try {
        geojson[`${CITY_GEOJSON_PREFIX}${layer}`] = await decodeGeoJson(new Uint8Array(await res.arrayBuffer()));
      } catch (err) {
        throw new Error(`${manifest.name}/${layer}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
  const layers = Object.fromEntries(known.map((l) => [l, manifest.layers[l]!]));
  return { city: { kind: 'geojson', layers, attribution: OSM_ATTRIBUTION, bounds: collectionsBbox(Object.values(geojson)) }, geojson };
}

function layerIds(metadata: unknown): string {
  const layers = (metadata as { vector_layers?: { id?: unknown }[] } | null)?.vector_layers;
  return Array.isArray(layers) && layers.length ? layers.map((l) => String(l?.id)).join(', ') : 'none listed';
}

/**
 * Adds the city's sources and layers over the world map and gives its GeoJSON sources their data; a user's base map
 * also brings the view to it (the sensors' extent, when known, is the map view's business). Returns the attribution
 * the map should show beside its sources' own.
 */
export async function applyCityBasemap(map: MapLibreMap, loaded: LoadedBasemap): Promise<string | undefined> {
  const style = cityStyle(loaded.city);
  for (const [id, source] of Object.entries(style.sources)) map.addSource(id, source);
  for (const layer of style.layers) map.addLayer(layer);
  const filled: Promise<void>[] = [];
  for (const [id, data] of Object.entries(loaded.geojson)) {
    const source = map.getSource<GeoJSONSource>(id);
    if (source) filled.push(source.setData(data));
  }
  await Promise.all(filled);
  const city = loaded.city;
  if ((city.kind === 'pmtiles' || city.kind === 'geojson') && city.bounds) map.fitBounds(city.bounds, { padding: 20, duration: 0 });
  return style.customAttribution;
}
