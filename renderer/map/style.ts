/**
 * The offline base-map style, built in code: no glyphs, no sprites, no remote tiles, no text. Three GeoJSON sources
 * (roads, districts, water) start empty and are filled at run time from ./assets/basemap/*.geojson.gz.
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';

export const BASEMAP_SOURCES = ['roads', 'districts', 'water'] as const;
export type BasemapSource = (typeof BASEMAP_SOURCES)[number];

export const MAP_CENTER: [number, number] = [10.19, 56.155];
export const MAP_ZOOM = 11.5;

export const ATTRIBUTION =
  '© OpenStreetMap contributors (ODbL) · Districts: Aarhus Kommune (CC BY 4.0) · Sensor data: CityPulse Dataset Collection (CC BY 4.0), Aarhus Kommune';

export type RoadClass = 'motorway' | 'primary' | 'secondary' | 'tertiary' | 'residential' | 'service' | 'other' | 'unknown';

/** OSM `highway` -> road class. 'unknown' is the data's own value (most of the roads). */
export function roadClass(highway: unknown): RoadClass {
  switch (highway) {
    case 'motorway':
    case 'motorway_link':
    case 'trunk':
    case 'trunk_link':
      return 'motorway';
    case 'primary':
    case 'primary_link':
      return 'primary';
    case 'secondary':
    case 'secondary_link':
      return 'secondary';
    case 'tertiary':
    case 'tertiary_link':
      return 'tertiary';
    case 'residential':
    case 'living_street':
    case 'unclassified':
    case 'road':
      return 'residential';
    case 'service':
      return 'service';
    case 'unknown':
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other'; // footway, cycleway, path, steps, pedestrian, track, construction, ...
  }
}

/** Draw order (bottom first), colour and width at zoom 10 / 16 per class. */
export const ROAD_STYLE: Record<RoadClass, { color: string; w10: number; w16: number; opacity: number }> = {
  unknown: { color: '#2a3342', w10: 0.3, w16: 1.0, opacity: 0.55 },
  other: { color: '#2d3745', w10: 0.3, w16: 1.0, opacity: 0.6 },
  service: { color: '#323c4c', w10: 0.4, w16: 1.6, opacity: 0.8 },
  residential: { color: '#3b4658', w10: 0.5, w16: 2.6, opacity: 0.9 },
  tertiary: { color: '#4d5b70', w10: 0.8, w16: 4.0, opacity: 1 },
  secondary: { color: '#5c6c84', w10: 1.0, w16: 5.0, opacity: 1 },
  primary: { color: '#6e7f99', w10: 1.3, w16: 6.5, opacity: 1 },
  motorway: { color: '#8a94b8', w10: 1.8, w16: 8.0, opacity: 1 },
};
export const ROAD_ORDER: readonly RoadClass[] = ['unknown', 'other', 'service', 'residential', 'tertiary', 'secondary', 'primary', 'motorway'];

/** The `highway` values of one class as listed in roadClass (for style filters). */
const CLASS_VALUES: Record<Exclude<RoadClass, 'other'>, string[]> = {
  motorway: ['motorway', 'motorway_link', 'trunk', 'trunk_link'],
  primary: ['primary', 'primary_link'],
  secondary: ['secondary', 'secondary_link'],
  tertiary: ['tertiary', 'tertiary_link'],
  residential: ['residential', 'living_street', 'unclassified', 'road'],
  service: ['service'],
  unknown: ['unknown'],
};

export function roadFilter(cls: RoadClass): ExpressionSpecification {
  const highway: ExpressionSpecification = ['coalesce', ['get', 'highway'], 'unknown'];
  if (cls === 'other') {
    const known = Object.values(CLASS_VALUES).flat();
    return ['!', ['in', highway, ['literal', known]]];
  }
  return ['in', highway, ['literal', CLASS_VALUES[cls]]];
}

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function buildStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'CityDesk control room (offline)',
    sources: {
      districts: { type: 'geojson', data: empty(), attribution: 'Districts: Aarhus Kommune (CC BY 4.0)' },
      water: { type: 'geojson', data: empty() },
      roads: { type: 'geojson', data: empty(), attribution: '© OpenStreetMap contributors (ODbL)' },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#0a0e14' } },
      { id: 'districts-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#141c28', 'fill-opacity': 0.55 } },
      { id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': '#0c2436', 'fill-outline-color': '#123650' } },
      {
        id: 'districts-line',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#2b3b52', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 1.2], 'line-opacity': 0.8 },
      },
      ...ROAD_ORDER.map((cls) => {
        const s = ROAD_STYLE[cls];
        return {
          id: `roads-${cls}`,
          type: 'line' as const,
          source: 'roads',
          filter: roadFilter(cls),
          layout: { 'line-cap': 'round' as const, 'line-join': 'round' as const },
          paint: {
            'line-color': s.color,
            'line-opacity': s.opacity,
            'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, s.w10, 16, s.w16] as ExpressionSpecification,
          },
        };
      }),
    ],
  };
}
