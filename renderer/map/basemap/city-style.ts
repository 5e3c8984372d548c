/**
 * The style of a city base map in CityDesk's schema (the layers `npm run basemap` writes: earth, landuse, water,
 * aeroway, buildings, railways, roads, boundaries; electron/cli/basemap/profile.ts), for either form the data comes
 * in: one vector source (a PMTiles archive made by our command) or one GeoJSON source per layer (a folder of
 * GeoJSON files). Dark, without text (no glyphs offline). Pure.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { CLASS_OR_HIGHWAY_VALUE, ROAD_ORDER, ROAD_STYLE, roadFilter, type RoadClass } from './roads';
import { PALETTE } from './world-style';

/** The layers of the schema the style draws, bottom first. */
export const CITY_LAYERS = ['earth', 'landuse', 'water', 'aeroway', 'buildings', 'railways', 'roads', 'boundaries'] as const;
export type CityLayer = (typeof CITY_LAYERS)[number];

/** Where a schema layer's features come from. */
export type CityBinding = { kind: 'vector'; source: string } | { kind: 'geojson'; sourcePrefix: string };

export function citySourceOf(binding: CityBinding, layer: CityLayer): { source: string; 'source-layer'?: string } {
  return binding.kind === 'vector' ? { source: binding.source, 'source-layer': layer } : { source: `${binding.sourcePrefix}${layer}` };
}

// MapLibre reports Multi* geometries of GeoJSON sources as such, and those of vector tiles as the singular form.
const POLYGON: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const LINE: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];

/** Land cover and land use by OpenMapTiles class. */
const LANDUSE_COLOUR: ExpressionSpecification = [
  'match',
  ['get', 'class'],
  ['wood', 'forest'],
  '#0f1a17',
  ['grass', 'park', 'meadow', 'recreation_ground', 'pitch', 'playground', 'cemetery', 'golf_course'],
  '#0f1816',
  ['farmland', 'farm'],
  '#0d1317',
  ['sand', 'beach'],
  '#17171a',
  ['wetland'],
  '#0c1719',
  ['industrial', 'commercial', 'retail', 'railway'],
  '#12151d',
  ['residential', 'suburb', 'neighbourhood', 'school', 'university', 'hospital', 'college'],
  '#10141c',
  '#0e1219',
];

/** Minimum zoom per road class, as the command's profile writes them (also applied to GeoJSON folders). */
const ROAD_MIN_ZOOM: Partial<Record<RoadClass, number>> = { other: 13, service: 12, residential: 10 };

export function cityLayers(binding: CityBinding, prefix = 'city-'): LayerSpecification[] {
  const src = (layer: CityLayer) => citySourceOf(binding, layer);
  const id = (name: string) => `${prefix}${name}`;
  return [
    { id: id('earth'), type: 'fill', ...src('earth'), paint: { 'fill-color': PALETTE.land, 'fill-antialias': false } },
    { id: id('landuse'), type: 'fill', ...src('landuse'), filter: POLYGON, paint: { 'fill-color': LANDUSE_COLOUR, 'fill-opacity': 0.9 } },
    { id: id('water'), type: 'fill', ...src('water'), filter: POLYGON, paint: { 'fill-color': PALETTE.sea, 'fill-outline-color': PALETTE.seaOutline } },
    {
      id: id('waterways'),
      type: 'line',
      ...src('water'),
      filter: ['all', LINE, ['!=', ['get', 'kind'], 'coastline']],
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': PALETTE.seaOutline, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, ['match', ['get', 'class'], ['river', 'canal'], 1.2, 0.4], 16, ['match', ['get', 'class'], ['river', 'canal'], 4, 1.5]] },
    },
    { id: id('aeroway'), type: 'fill', ...src('aeroway'), filter: POLYGON, minzoom: 11, paint: { 'fill-color': '#151b26' } },
    { id: id('runways'), type: 'line', ...src('aeroway'), filter: LINE, minzoom: 11, paint: { 'line-color': '#2a3342', 'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 11, 1, 16, 14] } },
    { id: id('buildings'), type: 'fill', ...src('buildings'), minzoom: 13, paint: { 'fill-color': '#161d29', 'fill-outline-color': '#1f2838', 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 13, 0.4, 15, 1] } },
    {
      id: id('railways'),
      type: 'line',
      ...src('railways'),
      filter: ['all', LINE, ['==', ['get', 'railway'], 'rail']],
      paint: { 'line-color': '#3c4658', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 16, 2], 'line-dasharray': [3, 2] },
    },
    ...ROAD_ORDER.filter((cls) => cls !== 'unknown').map((cls): LayerSpecification => {
      const s = ROAD_STYLE[cls];
      return {
        id: id(`roads-${cls}`),
        type: 'line',
        ...src('roads'),
        ...(ROAD_MIN_ZOOM[cls] !== undefined ? { minzoom: ROAD_MIN_ZOOM[cls] } : {}),
        filter: ['all', LINE, roadFilter(cls, CLASS_OR_HIGHWAY_VALUE)],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': s.color, 'line-opacity': s.opacity, 'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, s.w10, 16, s.w16] },
      };
    }),
    {
      id: id('boundaries'),
      type: 'line',
      ...src('boundaries'),
      filter: ['<=', ['to-number', ['get', 'admin_level'], 99], 6],
      paint: { 'line-color': '#2b3b52', 'line-width': 1, 'line-dasharray': [4, 2] },
    },
  ];
}
