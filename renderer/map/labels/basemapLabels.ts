/**
 * Label sources from the city base map's own data, for archives that carry names: places (CityDesk schema: `class` and
 * `name`; Protomaps: `kind` and `name`) and named roads (`name`). The features are what MapLibre has loaded for the
 * view (querySourceFeatures); tiles cut a road into pieces, which are labelled each (the declutter keeps one per
 * stretch). Pure.
 */
import type { LngLat } from '../../../electron/shared/model';
import type { LineLabelSource, PlaceLabelSource, ZoneLike } from './labels';

/** The part of a GeoJSON feature read here (MapLibre's query results are GeoJSON features). */
export interface FeatureLike {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates?: unknown } | null;
}

const isLngLat = (v: unknown): v is LngLat => Array.isArray(v) && v.length >= 2 && Number.isFinite(v[0]) && Number.isFinite(v[1]);
const nameOf = (f: FeatureLike): string => {
  const p = f.properties ?? {};
  const n = p['name:en'] ?? p.name;
  return typeof n === 'string' ? n.trim() : '';
};

export function placeSources(features: readonly FeatureLike[]): PlaceLabelSource[] {
  const seen = new Set<string>();
  const out: PlaceLabelSource[] = [];
  for (const f of features) {
    const name = nameOf(f);
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : undefined;
    if (!name || !isLngLat(c)) continue;
    const p = f.properties ?? {};
    const placeClass = String(p.class ?? p.kind_detail ?? p.kind ?? '');
    const key = `${name}|${placeClass}`;
    if (seen.has(key)) continue; // a place repeated in neighbouring tiles' buffers
    seen.add(key);
    out.push({ name, position: [c[0], c[1]], placeClass });
  }
  return out;
}

export function roadSources(features: readonly FeatureLike[]): LineLabelSource[] {
  const byName = new Map<string, LngLat[][]>();
  for (const f of features) {
    const name = nameOf(f);
    if (!name || !f.geometry) continue;
    const lines: unknown[] = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.type === 'MultiLineString' && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : [];
    for (const line of lines) {
      const path = Array.isArray(line) ? line.filter(isLngLat).map((c): LngLat => [c[0], c[1]]) : [];
      if (path.length >= 2) byName.set(name, [...(byName.get(name) ?? []), path]);
    }
  }
  const out: LineLabelSource[] = [];
  let i = 0;
  for (const [name, paths] of byName) for (const path of joinPaths(paths)) out.push({ id: `road:${i++}`, name, path });
  return out;
}

const sameAt = (a: LngLat, b: LngLat): boolean => Math.abs(a[0] - b[0]) < 1e-7 && Math.abs(a[1] - b[1]) < 1e-7;

/**
 * Pieces of one street joined end to end where they meet (a road split at every junction, or repeated by neighbouring
 * tiles, is named along its length rather than on pieces too short for its name); a piece given twice is kept once.
 */
export function joinPaths(paths: readonly LngLat[][]): LngLat[][] {
  const seen = new Set<string>();
  const pool = paths.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const out: LngLat[][] = [];
  while (pool.length > 0) {
    let chain = pool.shift()!;
    for (let grown = true; grown; ) {
      grown = false;
      for (let j = 0; j < pool.length; j++) {
        const p = pool[j]!;
        const head = chain[0]!;
        const tail = chain[chain.length - 1]!;
        let next: LngLat[] | null = null;
        if (sameAt(tail, p[0]!)) next = [...chain, ...p.slice(1)];
        else if (sameAt(tail, p[p.length - 1]!)) next = [...chain, ...[...p].reverse().slice(1)];
        else if (sameAt(head, p[p.length - 1]!)) next = [...p, ...chain.slice(1)];
        else if (sameAt(head, p[0]!)) next = [...[...p].reverse(), ...chain.slice(1)];
        if (next) {
          chain = next;
          pool.splice(j, 1);
          grown = true;
          break;
        }
      }
    }
    out.push(chain);
  }
  return out;
}

/** Named polygons (the demo's local communities: `distrikt`, or `name`) as areas to label at their centre. */
export function areaSources(features: readonly FeatureLike[], nameKey = 'distrikt'): ZoneLike[] {
  const out: ZoneLike[] = [];
  features.forEach((f, i) => {
    const raw = f.properties?.[nameKey] ?? f.properties?.name;
    const name = typeof raw === 'string' ? raw.trim() : '';
    const g = f.geometry;
    if (!name || !g || !Array.isArray(g.coordinates)) return;
    const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []) as [number, number][][][];
    if (polygons.length) out.push({ id: `area:${i}`, name, polygons });
  });
  return out;
}
