/** Incident areas from GeoJSON (incident-pack/area.ts) and the affected sensors (select.ts). */
import { describe, expect, it } from 'vitest';
import { areaFromGeoJson, areaFromPolygon } from '../../../electron/engine/incident-pack/area';
import { affectedSensors } from '../../../electron/engine/incident-pack/select';
import { AREA, INSIDE, SENSORS } from './fixture';

const square = [[10.15, 56.1], [10.25, 56.1], [10.25, 56.2], [10.15, 56.2], [10.15, 56.1]];

describe('incident area', () => {
  it('accepts a Polygon, a Feature and a FeatureCollection of one; the closing corner is dropped, an altitude too', () => {
    const want = { ok: true, area: { kind: 'drawn', polygon: square.slice(0, -1) } };
    expect(areaFromGeoJson({ type: 'Polygon', coordinates: [square] })).toEqual(want);
    expect(areaFromGeoJson({ type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [square.map(([x, y]) => [x, y, 12])] } })).toEqual(want);
    expect(areaFromGeoJson({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square] } }] })).toEqual(want);
    // The desk's drawing may send an open ring.
    expect(areaFromPolygon({ type: 'Polygon', coordinates: [square.slice(0, -1)] })).toEqual(want);
  });

  it('refuses what is not one polygon, with the path and the problem', () => {
    const issue = (doc: unknown) => {
      const r = areaFromGeoJson(doc);
      return r.ok ? null : `${r.issues[0]!.path}: ${r.issues[0]!.message}`;
    };
    expect(issue([1, 2])).toBe(': must be a GeoJSON object');
    expect(issue({ type: 'Point', coordinates: [1, 2] })).toBe('type: must be "Polygon", got "Point"');
    expect(issue({ type: 'MultiPolygon', coordinates: [] })).toMatch(/^type: a MultiPolygon is not accepted/);
    expect(issue({ type: 'Polygon', coordinates: [square, square] })).toMatch(/^coordinates\.1: holes are not accepted/);
    expect(issue({ type: 'Polygon', coordinates: [[[10, 56], [200, 56], [10, 57], [10, 56]]] })).toBe('coordinates.0.1.0: longitude must be from -180 to 180, got 200');
    expect(issue({ type: 'Polygon', coordinates: [[[10, 56], [11, 95], [10, 57], [10, 56]]] })).toBe('coordinates.0.1.1: latitude must be from -90 to 90, got 95');
    expect(issue({ type: 'Polygon', coordinates: [[[10, 56], [11, 56], [10, 57]]] })).toMatch(/^coordinates\.0: the ring is not closed/);
    expect(issue({ type: 'Polygon', coordinates: [[[10, 56], [11, 56], [10, 56]]] })).toMatch(/^coordinates\.0: needs at least three distinct corners/);
    expect(issue({ type: 'Polygon', coordinates: [[[10, '56'], [11, 56], [10, 57], [10, 56]]] })).toBe('coordinates.0.0: must be [longitude, latitude] (numbers)');
    expect(issue({ type: 'FeatureCollection', features: [] })).toBe('features: must hold exactly one Feature (the area), holds 0');
    expect(issue({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null }] })).toBe('features.0.geometry: must be a GeoJSON object');
    const bad = areaFromPolygon({ type: 'Polygon', coordinates: [[[10, 56], [11, 56]]] });
    expect(bad.ok ? null : bad.issues[0]!.path).toBe('area.coordinates.0');
  });

  it('affected sensors: a point inside, a line with any vertex inside; without an area every sensor', () => {
    expect(affectedSensors(SENSORS, AREA).map((s) => s.id)).toEqual(INSIDE);
    expect(affectedSensors(SENSORS, null)).toEqual(SENSORS);
    const district = { kind: 'district' as const, name: 'Far', polygons: [[[[10.39, 56.39], [10.6, 56.39], [10.6, 56.6], [10.39, 56.6], [10.39, 56.39]]]] as [number, number][][][] };
    expect(affectedSensors(SENSORS, district).map((s) => s.id)).toEqual(['parking:OUT', 'traffic:OUT']);
  });
});
