/**
 * Which labels the map shows: each kind from the zoom at which it fits, none overlapping each other or a drawn symbol,
 * streets along their line and upright; base-map features with names become places and roads.
 */
import { describe, expect, it } from 'vitest';
import { worldPx } from '../../../renderer/map/cluster/cluster';
import { areaSources, placeSources, roadSources } from '../../../renderer/map/labels/basemapLabels';
import { placeLabels, ringCentroid, uprightAngle, type LabelSources, type LabelView } from '../../../renderer/map/labels/labels';

/** A view of width × height centred on `center` at `zoom` (Web Mercator, as MapLibre projects). */
function view(center: [number, number], zoom: number, width = 1000, height = 700): LabelView {
  const [cx, cy] = worldPx(center, zoom);
  return { zoom, width, height, project: (p) => { const [x, y] = worldPx(p, zoom); return [x - cx + width / 2, y - cy + height / 2]; } };
}

const square = (x: number, y: number, d: number): [number, number][][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const EMPTY: LabelSources = { zones: [], areas: [], points: [], lines: [], places: [], symbols: [] };
const overlap = (a: number[], b: number[]) => a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!;

describe('map labels', () => {
  const zones = [
    { id: 'z1', name: 'Midtbyen', polygons: [square(10.19, 56.15, 0.02)] },
    { id: 'z2', name: 'A very long district name that never fits', polygons: [square(10.21, 56.15, 0.002)] },
  ];

  it('names a district where it is wide enough on screen, from its zoom on; not below it', () => {
    const at12 = placeLabels({ ...EMPTY, zones }, view([10.2, 56.16], 12));
    expect(at12.map((l) => l.text)).toEqual(['Midtbyen']);
    expect(at12[0]!.kind).toBe('district');
    expect(placeLabels({ ...EMPTY, zones }, view([10.2, 56.16], 9))).toEqual([]);
    // A community (area) is named from a lower zoom, as a place.
    const areas = placeLabels({ ...EMPTY, areas: [{ id: 'a', name: 'Viby', polygons: [square(10.1, 56.1, 0.08)] }] }, view([10.14, 56.14], 9.5));
    expect(areas.map((l) => [l.kind, l.text])).toEqual([['place', 'Viby']]);
  });

  it('names sensors drawn alone from street zoom, to the right of the symbol, never over another symbol', () => {
    const points = [
      { id: 'p1', name: 'Salling (Østergade 25)', position: [10.2055, 56.1545] as [number, number], size: 12, priority: 10 },
      { id: 'p2', name: 'Bruuns', position: [10.2056, 56.15451] as [number, number], size: 12, priority: 90 },
    ];
    const v = view([10.2055, 56.1545], 15);
    const labels = placeLabels({ ...EMPTY, points }, v);
    // p2 (higher priority) is named; p1's name would run over p2's symbol.
    expect(labels.map((l) => l.text)).toEqual(['Bruuns']);
    expect(labels[0]!.anchor).toBe('start');
    expect(labels[0]!.offset[0]).toBeGreaterThan(12);
    expect(placeLabels({ ...EMPTY, points }, view([10.2055, 56.1545], 11))).toEqual([]);
  });

  it('names a street along its line, upright, once per stretch, not when the name overruns it', () => {
    const lines = [
      { id: 'l1', name: 'Søftenvej', path: [[10.19, 56.16], [10.21, 56.17]] as [number, number][] },
      { id: 'l2', name: 'Søftenvej', path: [[10.2101, 56.1701], [10.215, 56.1725]] as [number, number][] },
      { id: 'l3', name: 'Kort', path: [[10.2, 56.15], [10.20001, 56.15]] as [number, number][] },
    ];
    const labels = placeLabels({ ...EMPTY, lines }, view([10.2, 56.165], 14.5));
    expect(labels.map((l) => l.key)).toEqual(['street:l1']);
    expect(labels[0]!.angle).toBeGreaterThan(0); // rising to the east: counter-clockwise
    expect(labels[0]!.angle).toBeLessThan(90);
    expect(uprightAngle(Math.PI)).toBeCloseTo(0); // a line drawn westwards is not written upside down
  });

  it('never overlaps two labels (districts, places, sensors together)', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `z${i}`, name: `District ${i}`, polygons: [square(10.15 + (i % 8) * 0.012, 56.13 + Math.floor(i / 8) * 0.01, 0.012)] }));
    const places = [{ name: 'Aarhus', position: [10.2, 56.155] as [number, number], placeClass: 'city' }];
    const labels = placeLabels({ ...EMPTY, zones: many, places }, view([10.2, 56.155], 12.5));
    expect(labels.length).toBeGreaterThan(5);
    expect(labels[0]!.text).toBe('Aarhus'); // a city outranks districts
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!.box, labels[j]!.box)).toBe(false);
  });

  it('centroid of a ring; base-map features with names become places, roads and areas', () => {
    expect(ringCentroid(square(0, 0, 2)[0]!)).toEqual([1, 1]);
    const places = placeSources([
      { properties: { class: 'suburb', name: 'Rosemount' }, geometry: { type: 'Point', coordinates: [-2.11, 57.15] } },
      { properties: { class: 'suburb', name: 'Rosemount' }, geometry: { type: 'Point', coordinates: [-2.11, 57.15] } }, // a tile buffer's copy
      { properties: { class: 'suburb' }, geometry: { type: 'Point', coordinates: [-2.1, 57.1] } },
    ]);
    expect(places).toEqual([{ name: 'Rosemount', position: [-2.11, 57.15], placeClass: 'suburb' }]);
    const roads = roadSources([{ properties: { name: 'Union Street' }, geometry: { type: 'MultiLineString', coordinates: [[[-2.1, 57.14], [-2.09, 57.145]], [[0, 0]]] } }]);
    expect(roads).toEqual([{ id: 'road:0', name: 'Union Street', path: [[-2.1, 57.14], [-2.09, 57.145]] }]);
    // A street split at its junctions (pieces given either way round, one twice) is one line to name; another street stays apart.
    const piece = (name: string, coordinates: [number, number][]) => ({ properties: { name }, geometry: { type: 'LineString', coordinates } });
    const joined = roadSources([
      piece('Vestergade', [[10.2, 56.15], [10.201, 56.15]]),
      piece('Vestergade', [[10.202, 56.15], [10.201, 56.15]]),
      piece('Vestergade', [[10.2, 56.15], [10.201, 56.15]]),
      piece('Vestergade', [[10.199, 56.15], [10.2, 56.15]]),
      piece('Nørregade', [[10.202, 56.15], [10.203, 56.15]]),
    ]);
    expect(joined.map((r) => [r.name, r.path])).toEqual([
      ['Vestergade', [[10.199, 56.15], [10.2, 56.15], [10.201, 56.15], [10.202, 56.15]]],
      ['Nørregade', [[10.202, 56.15], [10.203, 56.15]]],
    ]);
    const areas = areaSources([{ properties: { distrikt: 'Midtbyen' }, geometry: { type: 'Polygon', coordinates: square(10.2, 56.15, 0.01) } }]);
    expect(areas[0]!.name).toBe('Midtbyen');
    expect(areas[0]!.polygons).toHaveLength(1);
  });
});
