/**
 * Clustering of overlapping point symbols, in screen space at one zoom (Web Mercator, MapLibre's 512 px tiles). Pure.
 *
 * Greedy, worst first: the points are taken in order of rank (worst first, ties by id); each point not yet taken seeds
 * a cluster at its own position and takes every point not yet taken within `radiusPx` of it (found through a grid of
 * cells of that size, so the work is linear in the number of points). A cluster is therefore always drawn where its
 * worst member is, with that member's look, and no point is ever hidden under a better neighbour: the worst of a place
 * is what is drawn there. As the map zooms in the points move apart and the clusters break up.
 */
import type { LngLat } from '../../../electron/shared/model';

/** Projected size of the world at zoom 0 (MapLibre's tile size). */
const TILE_PX = 512;
const MAX_LAT = 85.051129;

/** A position in world pixels at zoom z (x right, y down), as MapLibre projects it. */
export function worldPx([lng, lat]: LngLat, zoom: number): [number, number] {
  const scale = TILE_PX * 2 ** zoom;
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  const y = (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
  return [((lng + 180) / 360) * scale, y * scale];
}

export interface Clusterable {
  id: string;
  position: LngLat;
}

/** A group of points drawn as one symbol: at `worst`'s position, with its look; `members` worst first. */
export interface Cluster<T extends Clusterable> {
  worst: T;
  members: T[];
  /** The rank of `worst` (the highest of the members'). */
  rank: number;
}

export interface Clustered<T extends Clusterable> {
  /** Points alone at this zoom, best first (so that the worst is drawn last, on top). */
  singles: T[];
  /** Groups of two or more, best first (the worst cluster is drawn on top). */
  clusters: Cluster<T>[];
}

/**
 * Clusters points whose symbols would overlap at `zoom`: `radiusPx` is the distance (CSS px) under which two points are
 * drawn as one. `rank` gives how bad a point's state is (higher is worse). Points with impossible coordinates are kept
 * as singles (drawn where they say they are, never dropped).
 */
export function clusterPoints<T extends Clusterable>(points: readonly T[], zoom: number, radiusPx: number, rank: (d: T) => number): Clustered<T> {
  if (!(radiusPx > 0) || !Number.isFinite(zoom)) throw new Error(`clusterPoints: radius ${radiusPx} px and zoom ${zoom} must be a positive number and a finite number`);
  const ranks = new Map<T, number>();
  for (const p of points) ranks.set(p, rank(p));
  const order = [...points].sort((a, b) => ranks.get(b)! - ranks.get(a)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const px = new Map<T, [number, number]>();
  const grid = new Map<string, T[]>();
  const cellOf = (x: number, y: number): [number, number] => [Math.floor(x / radiusPx), Math.floor(y / radiusPx)];
  const invalid: T[] = [];
  for (const p of order) {
    const [lng, lat] = p.position;
    if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
      invalid.push(p);
      continue;
    }
    const xy = worldPx(p.position, zoom);
    px.set(p, xy);
    const [cx, cy] = cellOf(xy[0], xy[1]);
    const key = `${cx},${cy}`;
    const cell = grid.get(key);
    if (cell) cell.push(p);
    else grid.set(key, [p]);
  }
  const taken = new Set<T>();
  const groups: Cluster<T>[] = [];
  const r2 = radiusPx * radiusPx;
  for (const seed of order) {
    if (taken.has(seed) || !px.has(seed)) continue;
    taken.add(seed);
    const [sx, sy] = px.get(seed)!;
    const [cx, cy] = cellOf(sx, sy);
    const members = [seed];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const p of grid.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (taken.has(p)) continue;
          const [x, y] = px.get(p)!;
          if ((x - sx) ** 2 + (y - sy) ** 2 <= r2) {
            taken.add(p);
            members.push(p);
          }
        }
      }
    }
    // Cells hold their points worst first, but members come from up to nine cells: order them again.
    members.sort((a, b) => ranks.get(b)! - ranks.get(a)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    groups.push({ worst: seed, members, rank: ranks.get(seed)! });
  }
  const singles = [...invalid, ...groups.filter((g) => g.members.length === 1).map((g) => g.worst).reverse()];
  const clusters = groups.filter((g) => g.members.length > 1).reverse();
  return { singles, clusters };
}

/** The box [west, south, east, north] around a cluster's members (to zoom in to it). */
export function clusterBounds(members: readonly Clusterable[]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const { position: [x, y] } of members) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return [w, s, e, n];
}
