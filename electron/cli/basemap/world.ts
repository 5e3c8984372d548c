/**
 * The world base map's layers from Natural Earth (public domain), as packaged by `world-atlas` (TopoJSON, 1:50m):
 * `land` (polygons) and `borders` (land borders between countries: the lines two countries share, so that coasts are
 * not drawn twice). Natural Earth's roads are not in world-atlas, so the world map has none.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { NamedLayer } from './tiler';

export const WORLD_ATTRIBUTION = 'Natural Earth';

interface Topology {
  type: 'Topology';
  objects: Record<string, unknown>;
}

function readTopology(name: string): Topology {
  const file = createRequire(import.meta.url).resolve(`world-atlas/${name}`);
  const t = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  if (t.type !== 'Topology') throw new Error(`${file}: not a TopoJSON topology`);
  return t;
}

const asCollection = (x: FeatureCollection | Feature): FeatureCollection => (x.type === 'FeatureCollection' ? x : { type: 'FeatureCollection', features: [x] });

export function worldLayers(scale: '110m' | '50m' = '50m'): NamedLayer[] {
  const land = readTopology(`land-${scale}.json`);
  const countries = readTopology(`countries-${scale}.json`);
  const landFc = asCollection(feature(land, land.objects.land));
  const borders = mesh(countries, countries.objects.countries, (a, b) => a !== b);
  return [
    { name: 'land', data: { type: 'FeatureCollection', features: landFc.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: {} })) } },
    { name: 'borders', data: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: borders, properties: { kind: 'country' } }] } },
  ];
}
