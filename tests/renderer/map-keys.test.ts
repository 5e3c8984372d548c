/** Map selection by keys (mapKeys.ts), the screen's regions for F6 (regions.ts) and the layer chips' words. */
import { describe, expect, it } from 'vitest';
import type { Sensor, SensorState } from '../../electron/shared/model';
import { nearestInDirection, selectionSentence, stepSensor, walkableSensors, type SensorPoint } from '../../renderer/keyboard/mapKeys';
import { nextRegion } from '../../renderer/keyboard/regions';
import { chipWords, openAlarmsByType } from '../../renderer/panels/LayerPanel';
import type { Alarm } from '../../electron/engine/api';

const point = (id: string, lng: number, lat: number, kind = 'car-park', name = id): Sensor => ({
  id,
  kind,
  name,
  geometry: { type: 'Point', coordinates: [lng, lat] },
  expectedIntervalS: 60,
  attributes: {},
});

// A cross around C at Aarhus: N, S, E, W about 500 m away, and NE off the diagonal.
const LAT = 56.15;
const LNG = 10.2;
const D = 0.0045; // ~500 m north
const DX = D / Math.cos((LAT * Math.PI) / 180); // ~500 m east
const sensors = [
  point('C', LNG, LAT, 'car-park', 'Centre'),
  point('N', LNG, LAT + D, 'car-park', 'North'),
  point('S', LNG, LAT - D, 'car-park', 'South'),
  point('E', LNG + DX, LAT, 'traffic', 'East'),
  point('W', LNG - DX, LAT, 'traffic', 'West'),
  point('NE', LNG + DX * 0.9, LAT + D * 0.3, 'traffic', 'North-east'),
  point('FARN', LNG + DX * 0.05, LAT + D * 3, 'car-park', 'Far north'),
];
const catalogue = new Map(sensors.map((s) => [s.id, s]));
const labels: Record<string, string> = { 'car-park': 'Car parks', traffic: 'Traffic' };
const all = walkableSensors(catalogue, new Map(), () => true, (t) => labels[t] ?? t);

describe('map selection by keys', () => {
  it('walks the sensors shown, by type then name; a hidden layer is skipped', () => {
    expect(all.map((p) => p.id)).toEqual(['C', 'FARN', 'N', 'S', 'E', 'NE', 'W']);
    const parks = walkableSensors(catalogue, new Map(), (t) => t !== 'traffic', (t) => labels[t] ?? t);
    expect(parks.map((p) => p.id)).toEqual(['C', 'FARN', 'N', 'S']);
  });

  it('a moving sensor is walked at its reported place', () => {
    const bus: Sensor = { ...point('BUS', 0, 0, 'bus', 'Bus 2A') };
    const state = { last: { position: [LNG, LAT + 2 * D] } } as unknown as SensorState;
    const pts = walkableSensors(new Map([...catalogue, ['BUS', bus]]), new Map([['BUS', state]]), () => true, (t) => labels[t] ?? 'Buses');
    expect(pts.find((p) => p.id === 'BUS')!.position).toEqual([LNG, LAT + 2 * D]);
    // North of the centre, the bus (1 km) comes before the far car park (1.5 km).
    expect(nearestInDirection(pts, 'C', 'north')!.id).toBe('N');
    expect(nearestInDirection(pts, 'N', 'north')!.id).toBe('BUS');
  });

  it('next / previous step through them and wrap round; from nothing, the first or the last', () => {
    expect(stepSensor(all, null, 1)!.id).toBe('C');
    expect(stepSensor(all, null, -1)!.id).toBe('W');
    expect(stepSensor(all, 'C', 1)!.id).toBe('FARN');
    expect(stepSensor(all, 'W', 1)!.id).toBe('C');
    expect(stepSensor(all, 'C', -1)!.id).toBe('W');
    expect(stepSensor([], null, 1)).toBeNull();
  });

  it('an arrow goes to the nearest sensor that way, straight ahead before one nearer off to the side', () => {
    expect(nearestInDirection(all, 'C', 'north')!.id).toBe('N');
    expect(nearestInDirection(all, 'C', 'south')!.id).toBe('S');
    expect(nearestInDirection(all, 'C', 'west')!.id).toBe('W');
    // NE (about 455 m east, 150 m north) is nearer than E but off the axis: E straight ahead wins on the score.
    expect(nearestInDirection(all, 'C', 'east')!.id).toBe('E');
    // South of NE: E (150 m down, 50 m across) before C (450 m across: beyond 60°) or S.
    expect(nearestInDirection(all, 'NE', 'south')!.id).toBe('E');
    expect(nearestInDirection(all, 'S', 'north')!.id).toBe('C');
    // Nothing further north of the far car park; an unknown start finds nothing.
    expect(nearestInDirection(all, 'FARN', 'north')).toBeNull();
    expect(nearestInDirection(all, 'gone', 'north')).toBeNull();
  });

  it('a sensor just off the axis beyond 60° is not "that way"', () => {
    const pts: SensorPoint[] = [
      { id: 'A', name: 'A', typeLabel: 'T', position: [LNG, LAT] },
      { id: 'B', name: 'B', typeLabel: 'T', position: [LNG + DX, LAT + D * 0.5] }, // 63° off north
    ];
    expect(nearestInDirection(pts, 'A', 'north')).toBeNull();
    expect(nearestInDirection(pts, 'A', 'east')!.id).toBe('B');
  });

  it('announces the selection in words, with where it is in the walk', () => {
    const c = all[0]!;
    expect(selectionSentence(c, 'Occupancy 97 % · Full', all)).toBe('Car parks: Centre, Occupancy 97 % · Full. 1 of 7 sensors on the map.');
    expect(selectionSentence(c, null, all)).toBe('Car parks: Centre. 1 of 7 sensors on the map.');
  });
});

describe('regions for F6', () => {
  it('steps to the next region on screen, wrapping round, skipping those not there', () => {
    const present = [true, true, false, true, false, false, true];
    expect(nextRegion(present, 0, 1)).toBe(1);
    expect(nextRegion(present, 1, 1)).toBe(3);
    expect(nextRegion(present, 6, 1)).toBe(0);
    expect(nextRegion(present, 0, -1)).toBe(6);
    expect(nextRegion(present, -1, 1)).toBe(0);
    expect(nextRegion(present, -1, -1)).toBe(6);
    expect(nextRegion([false, false], -1, 1)).toBe(-1);
  });
});

describe('layer chips', () => {
  it('say what they show, and that hiding a layer never hides its alarms', () => {
    expect(chipWords('Car parks', true, 3)).toEqual({ state: 'shown on the map', note: null, name: 'Car parks on the map' });
    expect(chipWords('Car parks', false, 3).state).toBe('hidden from the map');
    expect(chipWords('Car parks', false, 3).note).toBe('Symbols hidden only: its 3 open alarms stay on the map and in the list.');
    expect(chipWords('Car parks', false, 1).note).toContain('its 1 open alarm stay');
    expect(chipWords('Car parks', false, 0).note).toBe('Symbols hidden only: its alarms stay on the map and in the list.');
  });

  it('count open alarms per type by their subject (a group by its first-out), resolved ones not', () => {
    const alarm = (subject: string, state: Alarm['state'], group?: string) => ({ subject, state, group: group ? { firstOut: group } : undefined }) as unknown as Alarm;
    const counts = openAlarmsByType([alarm('C', 'active'), alarm('N', 'acknowledged'), alarm('S', 'resolved'), alarm('zone:1', 'active', 'E'), alarm('zone:2', 'active')], catalogue);
    expect(Object.fromEntries(counts)).toEqual({ 'car-park': 2, traffic: 1 });
  });
});
