/**
 * The Aarhus demo's detailed base map: GeoJSON sources (roads, districts, water, and the local communities, which are
 * not drawn but named: map/labels) shipped in assets/basemap/ and filled at run time (renderer/map/basemap.ts). Drawn
 * over the world map. Pure.
 */
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { ROAD_ORDER, ROAD_STYLE, roadFilter } from './roads';
import { PALETTE } from './world-style';

export const DEMO_SOURCES = ['roads', 'districts', 'water', 'communities'] as const;
export type DemoSource = (typeof DEMO_SOURCES)[number];

export const DEMO_ATTRIBUTION =
  '© OpenStreetMap contributors (ODbL) · Districts and local communities: Aarhus Kommune (CC BY 4.0) · Sensor data: CityPulse Dataset Collection (CC BY 4.0), Aarhus Kommune';

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export function demoSources(): Record<DemoSource, SourceSpecification> {
  return {
    districts: { type: 'geojson', data: empty(), attribution: 'Districts: Aarhus Kommune (CC BY 4.0)' },
    water: { type: 'geojson', data: empty() },
    roads: { type: 'geojson', data: empty(), attribution: '© OpenStreetMap contributors (ODbL)' },
    communities: { type: 'geojson', data: empty(), attribution: 'Local communities: Aarhus Kommune (CC BY 4.0)' },
  };
}

export function demoLayers(): LayerSpecification[] {
  return [
    { id: 'districts-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#141c28', 'fill-opacity': 0.55 } },
    { id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': PALETTE.sea, 'fill-outline-color': PALETTE.seaOutline } },
    {
      id: 'districts-line',
      type: 'line',
      source: 'districts',
      paint: { 'line-color': '#2b3b52', 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 15, 1.2], 'line-opacity': 0.8 },
    },
    ...ROAD_ORDER.map((cls): LayerSpecification => {
      const s = ROAD_STYLE[cls];
      return {
        id: `roads-${cls}`,
        type: 'line',
        source: 'roads',
        filter: roadFilter(cls),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': s.color,
          'line-opacity': s.opacity,
          'line-width': ['interpolate', ['exponential', 1.5], ['zoom'], 10, s.w10, 16, s.w16] as ExpressionSpecification,
        },
      };
    }),
  ];
}
