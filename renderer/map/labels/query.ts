/**
 * Reads the label sources of the city base map from a MapLibre map: the features of its `places` and `roads` layers in
 * the tiles loaded for the view (a vector archive; the demo's GeoJSON has neither names nor places). Names are used when
 * the archive carries them; ours keep place names, and road names where the archive was made with them.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { CITY_SOURCE } from '../basemap/city';
import { placeSources, roadSources, type FeatureLike } from './basemapLabels';
import type { LineLabelSource, PlaceLabelSource } from './labels';

export function basemapLabelSources(map: MapLibreMap): { places: PlaceLabelSource[]; roads: LineLabelSource[] } {
  const source = map.getSource(CITY_SOURCE);
  if (!source || source.type !== 'vector' || !map.isSourceLoaded(CITY_SOURCE)) return { places: [], roads: [] };
  const query = (sourceLayer: string): FeatureLike[] => map.querySourceFeatures(CITY_SOURCE, { sourceLayer, filter: ['has', 'name'] }) as FeatureLike[];
  return { places: placeSources(query('places')), roads: roadSources(query('roads')) };
}
