/** The bounding box [west, south, east, north] of every coordinate in GeoJSON feature collections. Pure. */
import type { FeatureCollection, Geometry } from 'geojson';

export type Bbox = [west: number, south: number, east: number, north: number];

export function collectionsBbox(collections: readonly FeatureCollection[]): Bbox | null {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const x = c[0] as number;
      const y = c[1] as number;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
      return;
    }
    for (const inner of c) visit(inner);
  };
  const geometry = (g: Geometry | null | undefined): void => {
    if (!g) return;
    if (g.type === 'GeometryCollection') g.geometries.forEach(geometry);
    else visit(g.coordinates);
  };
  for (const fc of collections) for (const f of fc.features) geometry(f.geometry);
  return Number.isFinite(b[0]) ? b : null;
}
