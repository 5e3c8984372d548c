/**
 * Where a sensor is, for any geometry the catalogue can carry: a point, a line (drawn as the feed gives it: every
 * vertex, so a segment the feed gives along its road is drawn along the road, and one given by its end points only is
 * a straight line between them, never a path made up here), an area (a polygon's outer ring), or a moving point (its latest
 * reported position, else its catalogue place). Pure; shared by the live map and the incident pack's snapshots.
 */
import type { LngLat, Sensor, SensorState } from './model';

/** A catalogue geometry seen through its GeoJSON type only: tolerant of geometries this build's model lacks. */
interface AnyGeometry {
  type: string;
  coordinates: unknown;
}

function isLngLat(v: unknown): v is LngLat {
  return Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && Number.isFinite(v[0]) && Number.isFinite(v[1]);
}

function lngLats(v: unknown): LngLat[] {
  return Array.isArray(v) ? v.filter(isLngLat).map((c) => [c[0], c[1]] as LngLat) : [];
}

function geometryOf(sensor: Pick<Sensor, 'geometry'>): AnyGeometry {
  return sensor.geometry as AnyGeometry;
}

/** Every coordinate of the sensor's catalogue geometry (a polygon's rings flattened). */
export function coordinatesOf(sensor: Pick<Sensor, 'geometry'>): LngLat[] {
  const g = geometryOf(sensor);
  if (g.type === 'Point') return isLngLat(g.coordinates) ? [[g.coordinates[0], g.coordinates[1]]] : [];
  if (g.type === 'LineString') return lngLats(g.coordinates);
  if (g.type === 'Polygon' && Array.isArray(g.coordinates)) return g.coordinates.flatMap(lngLats);
  return [];
}

/** A point for any geometry: the point itself, a line's first coordinate, the centre of a polygon's outer ring. */
export function anchorOf(sensor: Pick<Sensor, 'id' | 'geometry'>): LngLat {
  const g = geometryOf(sensor);
  if (g.type === 'Polygon') {
    const ring = ringOf(sensor);
    if (ring) return centreOf(ring);
  }
  const first = coordinatesOf(sensor)[0];
  if (!first) throw new Error(`sensor ${sensor.id} has no coordinates`);
  return first;
}

/** A line as the feed gives it (drawn, highlighted, selected along it), or null for another geometry or fewer than 2 coordinates. */
export function pathOf(sensor: Pick<Sensor, 'geometry'>): LngLat[] | null {
  if (geometryOf(sensor).type !== 'LineString') return null;
  const coords = coordinatesOf(sensor);
  return coords.length >= 2 ? coords : null;
}

/** A polygon's outer ring (closed), or null for another geometry or fewer than 3 corners. */
export function ringOf(sensor: Pick<Sensor, 'geometry'>): LngLat[] | null {
  const g = geometryOf(sensor);
  if (g.type !== 'Polygon' || !Array.isArray(g.coordinates)) return null;
  const ring = lngLats(g.coordinates[0]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring.length >= 4 ? ring : null;
}

function centreOf(ring: readonly LngLat[]): LngLat {
  let x = 0;
  let y = 0;
  const corners = ring.slice(0, -1);
  for (const [a, b] of corners) {
    x += a;
    y += b;
  }
  return [x / corners.length, y / corners.length];
}

/** A moving sensor's latest reported position (its latest reading's), or null when it carries none or an impossible one. */
export function reportedPosition(state: SensorState | undefined): LngLat | null {
  const p: unknown = state?.last?.position;
  return isLngLat(p) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90 ? [p[0], p[1]] : null;
}
