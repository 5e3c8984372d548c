/**
 * A drawn incident area from GeoJSON: the `exportIncidentPack` command's `area` (a Polygon) and `npm run incident
 * --area FILE` (a Polygon, a Feature of one, or a FeatureCollection of exactly one). One outer ring of WGS84
 * [lng, lat] positions (an altitude is dropped), at least three distinct corners; holes and MultiPolygons are refused,
 * since a drawn area is one ring. Problems come back with the path in the document and what is wrong. Pure.
 */
import type { IncidentArea } from '../api';
import type { LngLat } from '../../shared/model';

export interface AreaIssue {
  path: string;
  message: string;
}

export type AreaResult = { ok: true; area: Extract<IncidentArea, { kind: 'drawn' }> } | { ok: false; issues: AreaIssue[] };

const fail = (path: string, message: string): AreaResult => ({ ok: false, issues: [{ path, message }] });
const join = (...parts: (string | number)[]) => parts.filter((x) => x !== '').join('.');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function polygonArea(g: unknown, path: string, requireClosed: boolean): AreaResult {
  if (!isObject(g)) return fail(path, 'must be a GeoJSON object');
  if (g.type === 'MultiPolygon') return fail(join(path, 'type'), 'a MultiPolygon is not accepted: an incident area is one polygon');
  if (g.type !== 'Polygon') return fail(join(path, 'type'), `must be "Polygon", got ${JSON.stringify(g.type)}`);
  const rings = g.coordinates;
  const at = (...p: (string | number)[]) => join(path, 'coordinates', ...p);
  if (!Array.isArray(rings) || rings.length === 0) return fail(at(), 'must be a list of rings');
  if (rings.length > 1) return fail(at(1), 'holes are not accepted: give the outer ring only');
  const ring = rings[0] as unknown;
  if (!Array.isArray(ring)) return fail(at(0), 'must be a list of [longitude, latitude] positions');
  const out: LngLat[] = [];
  for (const [i, p] of ring.entries()) {
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) return fail(at(0, i), 'must be [longitude, latitude] (numbers)');
    const [lng, lat] = p as number[];
    if (lng! < -180 || lng! > 180) return fail(at(0, i, 0), `longitude must be from -180 to 180, got ${lng}`);
    if (lat! < -90 || lat! > 90) return fail(at(0, i, 1), `latitude must be from -90 to 90, got ${lat}`);
    out.push([lng!, lat!]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  const closed = first !== undefined && last !== undefined && out.length > 1 && first[0] === last[0] && first[1] === last[1];
  if (requireClosed && !closed) return fail(at(0), 'the ring is not closed (a GeoJSON ring ends on the position it starts with)');
  const corners = closed ? out.slice(0, -1) : out;
  if (new Set(corners.map(([x, y]) => `${x},${y}`)).size < 3) return fail(at(0), 'needs at least three distinct corners');
  if (corners.length > 1000) return fail(at(0), `at most 1000 corners, got ${corners.length}`);
  return { ok: true, area: { kind: 'drawn', polygon: corners } };
}

/** The command's `area`: a Polygon geometry (rings may be left open: the map's drawing sends them so). */
export function areaFromPolygon(g: unknown): AreaResult {
  return polygonArea(g, 'area', false);
}

/** A GeoJSON document from a file: a Polygon, a Feature with one, or a FeatureCollection of exactly one such Feature. */
export function areaFromGeoJson(doc: unknown): AreaResult {
  if (!isObject(doc)) return fail('', 'must be a GeoJSON object');
  if (doc.type === 'FeatureCollection') {
    const fs = doc.features;
    if (!Array.isArray(fs)) return fail('features', 'must be a list of features');
    if (fs.length !== 1) return fail('features', `must hold exactly one Feature (the area), holds ${fs.length}`);
    return featureArea(fs[0], 'features.0');
  }
  if (doc.type === 'Feature') return featureArea(doc, '');
  return polygonArea(doc, '', true);
}

function featureArea(f: unknown, path: string): AreaResult {
  if (!isObject(f) || f.type !== 'Feature') return fail(join(path, 'type'), 'must be "Feature"');
  return polygonArea(f.geometry, join(path, 'geometry'), true);
}
