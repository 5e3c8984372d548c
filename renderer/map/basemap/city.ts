/**
 * Which city base map is drawn over the world, and its sources and layers. Pure: the loading is in ../basemap.ts.
 *
 * - `demo`: the demo city's shipped GeoJSON (the default when the host names no base map);
 * - `pmtiles`: an archive, drawn with our style when it is in CityDesk's schema (made by `npm run basemap`) or with
 *   the Protomaps style when it is in the Protomaps schema;
 * - `geojson`: a folder of GeoJSON layers in our schema's names (roads, water, buildings, landuse, ...);
 * - `none`: the world map alone.
 */
import type { FeatureCollection } from 'geojson';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { demoLayers, demoSources, DEMO_ATTRIBUTION } from './demo-style';
import { CITY_LAYERS, cityLayers, type CityLayer } from './city-style';
import { protomapsCityLayers } from './protomaps-style';

import type { Bbox } from '../../../electron/shared/geojson-bbox';

export type { Bbox };
export type ArchiveSchema = 'citydesk' | 'protomaps';

export type CityBasemap =
  | { kind: 'demo' }
  | { kind: 'none' }
  | { kind: 'pmtiles'; url: string; schema: ArchiveSchema; attribution: string; bounds: Bbox | null }
  | { kind: 'geojson'; layers: Partial<Record<CityLayer, string>>; attribution: string; bounds: Bbox | null };

export const CITY_SOURCE = 'city';
export const CITY_GEOJSON_PREFIX = 'city-';
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors';

/** The `pmtiles://` URL MapLibre asks the registered protocol for. */
export const pmtilesUrl = (archiveUrl: string): string => `pmtiles://${archiveUrl}`;

/** The schema of an archive from its metadata: ours names itself; Protomaps' has its characteristic layers. */
export function detectSchema(metadata: unknown): ArchiveSchema | null {
  const m = (typeof metadata === 'object' && metadata !== null ? metadata : {}) as { schema?: { name?: unknown }; vector_layers?: unknown };
  if (m.schema?.name === 'citydesk-basemap') return 'citydesk';
  const ids = new Set(Array.isArray(m.vector_layers) ? m.vector_layers.map((l: { id?: unknown }) => l?.id) : []);
  if (['earth', 'roads', 'water', 'places'].every((id) => ids.has(id))) return 'protomaps';
  if (ids.has('roads') && [...ids].every((id) => typeof id === 'string' && (CITY_LAYERS as readonly string[]).concat('places').includes(id))) return 'citydesk';
  return null;
}

export interface CityStyle {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  /** Shown in the map's attribution control beside the sources' own (the demo's sensor-data credits). */
  customAttribution?: string;
}

const emptyCollection = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function cityStyle(city: CityBasemap): CityStyle {
  switch (city.kind) {
    case 'none':
      return { sources: {}, layers: [] };
    case 'demo':
      return { sources: demoSources(), layers: demoLayers(), customAttribution: DEMO_ATTRIBUTION };
    case 'pmtiles': {
      const source: SourceSpecification = { type: 'vector', url: pmtilesUrl(city.url), attribution: city.attribution };
      const layers = city.schema === 'protomaps' ? protomapsCityLayers(CITY_SOURCE) : cityLayers({ kind: 'vector', source: CITY_SOURCE });
      return { sources: { [CITY_SOURCE]: source }, layers };
    }
    case 'geojson': {
      const present = CITY_LAYERS.filter((l) => city.layers[l] !== undefined);
      const sources = Object.fromEntries(
        present.map((l, i): [string, SourceSpecification] => [`${CITY_GEOJSON_PREFIX}${l}`, { type: 'geojson', data: emptyCollection(), ...(i === 0 ? { attribution: city.attribution } : {}) }]),
      );
      const layers = cityLayers({ kind: 'geojson', sourcePrefix: CITY_GEOJSON_PREFIX }).filter((l) => 'source' in l && Object.hasOwn(sources, l.source));
      return { sources, layers };
    }
  }
}
