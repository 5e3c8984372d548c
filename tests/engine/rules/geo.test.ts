import { describe, expect, it } from 'vitest';
import type { Sensor } from '../../../electron/shared/model';
import { districtsFromGeoJson, loadDistricts, makeZone, pointInPolygon, pointInZone, sensorInZone, sensorPoint } from '../../../electron/engine/rules/geo';
import { findZone } from '../../../electron/engine/rules/schema';
import { loadDemoData } from '../../../electron/demo-feed/data';
import { ASSETS } from './fixtures';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

describe('point in polygon', () => {
  const withHole = [square(0, 0, 10, 10), square(4, 4, 6, 6)];
  it.each<[string, number, number, boolean]>([
    ['inside', 1, 1, true],
    ['outside', 11, 1, false],
    ['in the hole', 5, 5, false],
    ['between hole and edge', 3, 5, true],
    ['left of everything', -1, 5, false],
  ])('%s', (_n, x, y, inside) => expect(pointInPolygon(x, y, withHole)).toBe(inside));

  it('MultiPolygon: inside any part', () => {
    const z = makeZone('z', 'Z', [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]]);
    expect([pointInZone(0.5, 0.5, z), pointInZone(5.5, 5.5, z), pointInZone(3, 3, z)]).toEqual([true, true, false]);
    expect(z.bbox).toEqual([0, 0, 6, 6]);
  });

  it('a LineString is placed at its midpoint along its length', () => {
    expect(sensorPoint({ type: 'LineString', coordinates: [[0, 0], [2, 0]] })).toEqual([1, 0]);
    expect(sensorPoint({ type: 'LineString', coordinates: [[0, 0], [1, 0], [1, 3]] })).toEqual([1, 1]);
    // An area (protocol v2 polygon) is placed by its outer ring's centroid (an L shape: not its corners' mean).
    expect(sensorPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] })).toEqual([2, 1]);
    const [x, y] = sensorPoint({ type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 3], [0, 3], [0, 0]]] });
    expect([x.toFixed(3), y.toFixed(3)]).toEqual(['1.100', '1.100']);
    const s: Pick<Sensor, 'geometry'> = { geometry: { type: 'LineString', coordinates: [[-1, 5], [3, 5]] } };
    expect(sensorInZone(s, makeZone('a', 'A', [[square(0, 0, 2, 10)]]))).toBe(true);
  });

  it('skips features without a name, number or polygon', () => {
    const zones = districtsFromGeoJson({ features: [{ properties: { prog_distrikt_nr: 1 }, geometry: { type: 'Polygon', coordinates: [square(0, 0, 1, 1)] } }, { properties: { prog_distrikt_nr: 2, prog_distrikt_navn: 'B' }, geometry: { type: 'Point', coordinates: [0, 0] } }] });
    expect(zones).toEqual([]);
  });
});

describe('the shipped districts', () => {
  const zones = loadDistricts(ASSETS);
  it('loads 96 districts with ids and names, MultiPolygons included', () => {
    expect(zones).toHaveLength(96);
    expect(findZone(zones, 170)?.name).toBe('Rådhuskvarteret');
    expect(findZone(zones, 'rådhuskvarteret')?.id).toBe('170');
    expect(zones.filter((z) => z.polygons.length > 1).length).toBe(3);
  });
  it('places the real car parks in their districts', () => {
    const data = loadDemoData(ASSETS);
    const where = (id: string) => zones.filter((z) => sensorInZone(data.sensors.find((s) => s.id === id)!, z)).map((z) => z.name);
    expect(where('parking:BRUUNS')).toEqual(['Rådhuskvarteret']);
    expect(where('parking:MAGASIN')).toEqual(['Åboulevarden']);
  });
});
