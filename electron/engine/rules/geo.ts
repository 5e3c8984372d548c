/**
 * Zones for area rules: point-in-polygon (holes and MultiPolygons) and the shipped district polygons.
 * Pure except `loadDistricts`, which reads assets/basemap/districts.geojson.gz.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { LngLat, Sensor, SensorGeometry } from '../../shared/model';

/** A ring is a closed or open list of [lng, lat]; a polygon is an outer ring followed by holes. */
export type Ring = LngLat[];
export type Polygon = Ring[];

export interface Zone {
  /** District number as text (e.g. '170'), or another stable id for ad-hoc zones. */
  id: string;
  name: string;
  /** One or more polygons (a MultiPolygon); a point inside any of them is in the zone. */
  polygons: Polygon[];
  /** Bounding box [minLng, minLat, maxLng, maxLat], for a cheap first test. */
  bbox: [number, number, number, number];
}

export const DISTRICTS_FILE = 'basemap/districts.geojson.gz';

/** Ray casting on one ring (even-odd). Points exactly on an edge may fall either way. */
export function pointInRing(lng: number, lat: number, ring: readonly LngLat[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i]![0];
    const yi = ring[i]![1];
    const xj = ring[j]![0];
    const yj = ring[j]![1];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(lng: number, lat: number, polygon: readonly (readonly LngLat[])[]): boolean {
  const outer = polygon[0];
  if (!outer || !pointInRing(lng, lat, outer)) return false;
  for (let h = 1; h < polygon.length; h++) if (pointInRing(lng, lat, polygon[h]!)) return false;
  return true;
}

export function pointInZone(lng: number, lat: number, zone: Zone): boolean {
  const [a, b, c, d] = zone.bbox;
  if (lng < a || lng > c || lat < b || lat > d) return false;
  return zone.polygons.some((p) => pointInPolygon(lng, lat, p));
}

/** The point that places a sensor: a Point itself, the point halfway along a LineString, an area's centroid. */
export function sensorPoint(geometry: SensorGeometry): LngLat {
  if (geometry.type === 'Point') return geometry.coordinates;
  if (geometry.type === 'Polygon') return ringCentroid(geometry.coordinates[0] ?? []);
  const cs = geometry.coordinates;
  if (cs.length === 1) return cs[0]!;
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < cs.length; i++) {
    const len = Math.hypot(cs[i]![0] - cs[i - 1]![0], cs[i]![1] - cs[i - 1]![1]);
    seg.push(len);
    total += len;
  }
  let half = total / 2;
  for (let i = 1; i < cs.length; i++) {
    const len = seg[i - 1]!;
    if (half <= len || i === cs.length - 1) {
      const t = len === 0 ? 0 : Math.min(1, half / len);
      return [cs[i - 1]![0] + (cs[i]![0] - cs[i - 1]![0]) * t, cs[i - 1]![1] + (cs[i]![1] - cs[i - 1]![1]) * t];
    }
    half -= len;
  }
  return cs[0]!;
}

/** The centroid of a ring (by area; the mean of its corners when it has no area), [NaN, NaN] for an empty one. */
function ringCentroid(ring: readonly LngLat[]): LngLat {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  if (a !== 0) return [x / (3 * a), y / (3 * a)];
  if (ring.length === 0) return [NaN, NaN];
  return [ring.reduce((s, c) => s + c[0], 0) / ring.length, ring.reduce((s, c) => s + c[1], 0) / ring.length];
}

export function sensorInZone(sensor: Pick<Sensor, 'geometry'>, zone: Zone): boolean {
  const [lng, lat] = sensorPoint(sensor.geometry);
  return pointInZone(lng, lat, zone);
}

export function makeZone(id: string, name: string, polygons: Polygon[]): Zone {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const p of polygons)
    for (const [lng, lat] of p[0] ?? []) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  return { id, name, polygons, bbox: [minLng, minLat, maxLng, maxLat] };
}

interface GeoFeature {
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

/** Zones from a GeoJSON FeatureCollection of statistical districts (properties prog_distrikt_nr / _navn). */
export function districtsFromGeoJson(geo: { features?: GeoFeature[] }): Zone[] {
  const zones: Zone[] = [];
  for (const f of geo.features ?? []) {
    const nr = f.properties?.prog_distrikt_nr;
    const name = f.properties?.prog_distrikt_navn;
    const g = f.geometry;
    if ((typeof nr !== 'number' && typeof nr !== 'string') || typeof name !== 'string' || !g) continue;
    const polygons =
      g.type === 'Polygon' ? [g.coordinates as Polygon] : g.type === 'MultiPolygon' ? (g.coordinates as Polygon[]) : null;
    if (!polygons) continue;
    zones.push(makeZone(String(nr), name, polygons));
  }
  return zones.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

/** Reads assets/basemap/districts.geojson.gz (the demo city's 96 districts, WGS84; credited in electron/main/about.ts). */
export function loadDistricts(assetsDir: string): Zone[] {
  const text = gunzipSync(readFileSync(join(assetsDir, DISTRICTS_FILE))).toString('utf8');
  return districtsFromGeoJson(JSON.parse(text) as { features?: GeoFeature[] });
}
