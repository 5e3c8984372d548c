/**
 * The base map under a snapshot: the demo city's shipped layers (assets/basemap/{roads,water,districts}.geojson.gz:
 * OpenStreetMap roads by class, water, the statistical districts with their names), read once and kept. Other cities
 * (elsewhere) have no base map the engine can draw (their archives are the renderer's): null, and the snapshot says
 * "no base map".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CityInfo } from '../../api';
import { loadDistricts } from '../../rules/geo';
import { roadClass } from '../../../shared/road-classes';
import type { SnapshotBasemap } from '../render-types';

export const SNAPSHOT_BASEMAP_ATTRIBUTION = 'Base map: © OpenStreetMap contributors (ODbL) · Districts: Aarhus Kommune (CC BY 4.0)';

/** Whether two [west, south, east, north] boxes overlap. */
function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}

/** [west, south, east, north] of the districts' rings. */
function boxOf(districts: SnapshotBasemap['districts']): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const d of districts)
    for (const ring of d.rings)
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
  return box;
}

type Position = [number, number];
interface Feature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

function readCollection(assetsDir: string, name: string): Feature[] {
  const file = join(assetsDir, 'basemap', `${name}.geojson.gz`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  } catch (err) {
    throw new Error(`snapshot base map: cannot read ${file}: ${(err as Error).message}`);
  }
  const features = (parsed as { features?: unknown }).features;
  if (!Array.isArray(features)) throw new Error(`snapshot base map: ${file} is not a GeoJSON FeatureCollection`);
  return features as Feature[];
}

const isPosition = (p: unknown): p is Position => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number';
const positions = (v: unknown): Position[] => (Array.isArray(v) ? v.filter(isPosition).map((p) => [p[0], p[1]] as Position) : []);

/** Roads (LineString and MultiLineString) with their class (roadClass of OSM `highway`). */
export function roadsOf(features: readonly Feature[]): SnapshotBasemap['roads'] {
  const out: SnapshotBasemap['roads'] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g) continue;
    const cls = roadClass(f.properties?.highway);
    const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' && Array.isArray(g.coordinates) ? g.coordinates : [];
    for (const l of lines as unknown[]) {
      const line = positions(l);
      if (line.length >= 2) out.push({ cls, line });
    }
  }
  return out;
}

/** Water polygons (Polygon and MultiPolygon), rings kept with their holes. */
export function waterOf(features: readonly Feature[]): SnapshotBasemap['water'] {
  const out: SnapshotBasemap['water'] = [];
  for (const f of features) {
    const g = f.geometry;
    if (!g || !Array.isArray(g.coordinates)) continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const p of polygons as unknown[]) {
      const rings = Array.isArray(p) ? p.map(positions).filter((r) => r.length >= 3) : [];
      if (rings.length > 0) out.push(rings);
    }
  }
  return out;
}

const cache = new Map<string, { basemap: SnapshotBasemap; box: [number, number, number, number] }>();

/**
 * The shipped base map when `city` lies on it (its home view or its sensors' extent overlaps the shipped districts),
 * else null: decided by place, never by a city's name (read once per assets folder, then cached).
 */
export function loadSnapshotBasemap(assetsDir: string, city: Pick<CityInfo, 'home' | 'extent'>): SnapshotBasemap | null {
  const where = city.home ?? city.extent;
  if (where === null) return null;
  const map = shippedBasemap(assetsDir);
  return overlaps(where, map.box) ? map.basemap : null;
}

function shippedBasemap(assetsDir: string): { basemap: SnapshotBasemap; box: [number, number, number, number] } {
  const hit = cache.get(assetsDir);
  if (hit) return hit;
  const basemap: SnapshotBasemap = {
    roads: roadsOf(readCollection(assetsDir, 'roads')),
    water: waterOf(readCollection(assetsDir, 'water')),
    districts: loadDistricts(assetsDir).map((z) => ({ name: z.name, rings: z.polygons.flatMap((p) => p.map((r) => r.map(([a, b]) => [a, b] as Position))) })),
    attribution: SNAPSHOT_BASEMAP_ATTRIBUTION,
  };
  const entry = { basemap, box: boxOf(basemap.districts) };
  cache.set(assetsDir, entry);
  return entry;
}
