/**
 * Reads the label sources of the city base map from a MapLibre map: the features of its `places` and `roads` layers in
 * the tiles loaded for the view (a vector archive), or the named roads of the demo's GeoJSON (it has no places). Names
 * are used where the data carries them: our archives keep place names, and road names from zoom 13
 * (electron/cli/basemap/profile.ts).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { CITY_SOURCE } from '../basemap/city';
import { placeSources, roadSources, type FeatureLike } from './basemapLabels';
import type { LineLabelSource, PlaceLabelSource } from './labels';

const DEMO_ROADS = 'roads';

export function basemapLabelSources(map: MapLibreMap): { places: PlaceLabelSource[]; roads: LineLabelSource[] } {
  // The demo's GeoJSON roads: named only where a routed traffic segment supports it (electron/cli/basemap-routes.ts).
  const demoRoads = map.getSource(DEMO_ROADS);
  if (demoRoads?.type === 'geojson') {
    if (!map.isSourceLoaded(DEMO_ROADS)) return { places: [], roads: [] };
    return { places: [], roads: roadSources(map.querySourceFeatures(DEMO_ROADS, { filter: ['has', 'name'] }) as FeatureLike[]) };
  }
  const source = map.getSource(CITY_SOURCE);
  if (!source || source.type !== 'vector' || !map.isSourceLoaded(CITY_SOURCE)) return { places: [], roads: [] };
  const query = (sourceLayer: string): FeatureLike[] => map.querySourceFeatures(CITY_SOURCE, { sourceLayer, filter: ['has', 'name'] }) as FeatureLike[];
  return { places: placeSources(query('places')), roads: roadSources(query('roads')) };
}
