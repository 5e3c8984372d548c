/**
 * The offline base-map style, built in code: no glyphs, no sprites, no remote tiles, no text. The world map (shipped
 * Natural Earth archive) is always at the bottom; a city base map goes over it (basemap/city.ts). Pure.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { cityStyle, type CityBasemap } from './basemap/city';
import { WORLD_SOURCE, worldLayers, worldSource } from './basemap/world-style';

export { roadClass, roadFilter, ROAD_ORDER, ROAD_STYLE, type RoadClass } from './basemap/roads';
export { DEMO_SOURCES as BASEMAP_SOURCES, type DemoSource as BasemapSource } from './basemap/demo-style';

/** The world archive, relative to the page (both hosts serve assets/basemap/ there). */
export const WORLD_ARCHIVE_PATH = './assets/basemap/world/world.pmtiles';

/** The style: the world map from `worldUrl` (a pmtiles:// URL), then the city's sources and layers. */
export function buildStyle(worldUrl: string, city: CityBasemap = { kind: 'none' }): StyleSpecification {
  const c = cityStyle(city);
  return {
    version: 8,
    name: 'CityDesk control room (offline)',
    sources: { [WORLD_SOURCE]: worldSource(worldUrl), ...c.sources },
    layers: [...worldLayers(), ...c.layers],
  };
}
