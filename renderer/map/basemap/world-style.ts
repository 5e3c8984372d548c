/**
 * The world under every map: sea (the background), land and country borders from the shipped Natural Earth archive
 * (assets/basemap/world/world.pmtiles, layers `land` and `borders`, zoom 0-6, overzoomed beyond). Pure.
 */
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

export const WORLD_SOURCE = 'world';
export const WORLD_ATTRIBUTION = 'Natural Earth';

/** The dark control-room palette shared by the base-map styles. */
export const PALETTE = {
  sea: '#0c2436',
  seaOutline: '#123650',
  land: '#0a0e14',
  border: '#3a4d66',
} as const;

export function worldSource(url: string): SourceSpecification {
  return { type: 'vector', url, attribution: WORLD_ATTRIBUTION };
}

export function worldLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': PALETTE.sea } },
    { id: 'world-land', type: 'fill', source: WORLD_SOURCE, 'source-layer': 'land', paint: { 'fill-color': PALETTE.land, 'fill-antialias': false } },
    {
      id: 'world-borders',
      type: 'line',
      source: WORLD_SOURCE,
      'source-layer': 'borders',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': PALETTE.border, 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 8, 1.4], 'line-dasharray': [3, 2] },
    },
  ];
}
