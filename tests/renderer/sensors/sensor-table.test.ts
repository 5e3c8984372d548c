import { describe, expect, it } from 'vitest';
import type { Sensor, SensorState } from '../../../electron/shared/model';
import { sensorBases, sensorRows, type SensorRow } from '../../../renderer/sensors/sensorRows';
import { filterRows, NO_FILTER, nextSort, rowCounts, sortRows, stateRank } from '../../../renderer/sensors/tableView';
import { scrollToShow, virtualWindow } from '../../../renderer/sensors/virtualWindow';
import { airSensor, parkingSensor, SHIPPED_REGISTRY, stateOf, T0, trafficSensor } from '../fixtures';

const MIN = 60_000;
const NOW = T0 + 10 * MIN;

/** Car parks with the data's quirks (full, over capacity, empty count, a zero), a stale one, one never heard. */
function desk(): { rows: SensorRow[]; sensors: Sensor[] } {
  const sensors: Sensor[] = [
    { ...parkingSensor('SALLING', 100), name: 'Salling (Østergade 25)', attributes: { capacity: 100, street: 'Østergade' } },
    { ...parkingSensor('MAGASIN', 100), name: 'Magasin (Åboulevarden 70)' },
    { ...parkingSensor('BRUUNS', 100), name: 'Bruuns' },
    { ...parkingSensor('NORREPORT', 100), name: 'Norreport' },
    { ...parkingSensor('SKOLEBAKKEN', 100), name: 'Skolebakken' },
    { ...parkingSensor('KALKVAERKSVEJ', 100), name: 'Kalkværksvej' },
    trafficSensor('1'),
    airSensor('9'),
  ];
  const states: SensorState[] = [
    stateOf('parking:SALLING', NOW - MIN, { vehicleCount: 130 }, ['over-capacity']),
    stateOf('parking:MAGASIN', NOW - 2 * MIN, { vehicleCount: 50 }),
    stateOf('parking:BRUUNS', NOW - 3 * MIN, { vehicleCount: null }, ['missing-value']),
    stateOf('parking:NORREPORT', NOW - 4 * MIN, { vehicleCount: 0 }),
    stateOf('parking:SKOLEBAKKEN', NOW - 120 * MIN, { vehicleCount: 80 }),
    stateOf('traffic:1', NOW - MIN, { avgSpeedKmh: 25, vehicleCount: 4 }),
  ];
  const bases = sensorBases(new Map(sensors.map((s) => [s.id, s])), SHIPPED_REGISTRY);
  return { rows: sensorRows(bases, new Map(states.map((s) => [s.sensorId, s])), NOW, SHIPPED_REGISTRY), sensors };
}

const byId = (rows: readonly SensorRow[], id: string) => rows.find((r) => r.id === id)!;
const ids = (rows: readonly SensorRow[]) => rows.map((r) => r.id);

describe('rows: what the table shows, gaps and impossible values included', () => {
  it('every sensor is a row, with the map freshness, the headline value and unit, and the age', () => {
    const { rows, sensors } = desk();
    expect(rows).toHaveLength(sensors.length);
    expect(byId(rows, 'parking:MAGASIN')).toMatchObject({ typeLabel: 'Car park', state: 'live', value: 50, valueText: '50 %', valueWarn: false, valueLabel: 'Occupancy', ageMs: 2 * MIN });
    expect(byId(rows, 'parking:SKOLEBAKKEN')).toMatchObject({ state: 'stale', value: 80, ageMs: 120 * MIN });
    expect(byId(rows, 'parking:KALKVAERKSVEJ')).toMatchObject({ state: 'never', value: null, valueText: 'no reading', valueWarn: false, ageMs: null });
    expect(byId(rows, 'parking:SALLING').place).toBe('Østergade');
  });
  it('over capacity is shown as reported, flagged and marked; an empty value says empty; a zero is a zero', () => {
    const { rows } = desk();
    expect(byId(rows, 'parking:SALLING')).toMatchObject({ value: 130, valueText: '130 %', valueWarn: true });
    expect(byId(rows, 'parking:SALLING').flags[0]).toMatch(/more vehicles than spaces/i);
    expect(byId(rows, 'parking:BRUUNS')).toMatchObject({ value: null, valueText: 'empty', valueWarn: true });
    expect(byId(rows, 'parking:BRUUNS').flags.length).toBeGreaterThan(0);
    expect(byId(rows, 'parking:NORREPORT')).toMatchObject({ value: 0, valueText: '0 %', valueWarn: false });
  });
  it('in replay the rows are those of the replayed states and instant (whatever map and clock are passed)', () => {
    const { sensors } = desk();
    const bases = sensorBases(new Map(sensors.map((s) => [s.id, s])), SHIPPED_REGISTRY);
    const past = new Map([['parking:MAGASIN', stateOf('parking:MAGASIN', T0, { vehicleCount: 99 })]]);
    const rows = sensorRows(bases, past, T0 + MIN, SHIPPED_REGISTRY);
    expect(byId(rows, 'parking:MAGASIN')).toMatchObject({ value: 99, state: 'live', ageMs: MIN });
    expect(byId(rows, 'parking:SALLING').state).toBe('never');
  });
});

describe('sorting', () => {
  it('by value either way; empty values and never-heard sensors stay last, listed', () => {
    const parks = filterRows(desk().rows, { ...NO_FILTER, type: 'car-park' });
    expect(ids(sortRows(parks, { key: 'value', dir: 'desc' }))).toEqual(['parking:SALLING', 'parking:SKOLEBAKKEN', 'parking:MAGASIN', 'parking:NORREPORT', 'parking:BRUUNS', 'parking:KALKVAERKSVEJ']);
    expect(ids(sortRows(parks, { key: 'value', dir: 'asc' }))).toEqual(['parking:NORREPORT', 'parking:MAGASIN', 'parking:SKOLEBAKKEN', 'parking:SALLING', 'parking:BRUUNS', 'parking:KALKVAERKSVEJ']);
  });
  it('by state: worst first (never heard, stale, flagged, live), ties by name', () => {
    const sorted = sortRows(desk().rows, { key: 'state', dir: 'desc' });
    expect(sorted.map(stateRank)).toEqual([...sorted.map(stateRank)].sort((a, b) => b - a));
    expect(ids(sorted).slice(0, 4)).toEqual(['air:9', 'parking:KALKVAERKSVEJ', 'parking:SKOLEBAKKEN', 'parking:BRUUNS']);
  });
  it('by name, type and age', () => {
    expect(sortRows(desk().rows, { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual(['Air 9', 'Bruuns', 'Kalkværksvej', 'Magasin (Åboulevarden 70)', 'Norreport', 'Salling (Østergade 25)', 'Segment 1', 'Skolebakken']);
    expect(sortRows(desk().rows, { key: 'type', dir: 'desc' })[0]!.typeLabel).toBe('Traffic segment');
    const byAge = sortRows(desk().rows, { key: 'age', dir: 'desc' });
    expect(ids(byAge)[0]).toBe('parking:SKOLEBAKKEN');
    expect(ids(byAge).slice(-2).sort()).toEqual(['air:9', 'parking:KALKVAERKSVEJ']);
  });
  it('clicking a column: the current one turns round; another starts worst first for state, value and age', () => {
    expect(nextSort({ key: 'value', dir: 'desc' }, 'value')).toEqual({ key: 'value', dir: 'asc' });
    expect(nextSort({ key: 'name', dir: 'asc' }, 'age')).toEqual({ key: 'age', dir: 'desc' });
    expect(nextSort({ key: 'age', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
  });
});

describe('filtering', () => {
  it('by type, by state (flagged included), by text with accents folded; combined', () => {
    const { rows } = desk();
    expect(filterRows(rows, { ...NO_FILTER, type: 'traffic' }).map((r) => r.id)).toEqual(['traffic:1']);
    expect(ids(filterRows(rows, { ...NO_FILTER, state: 'stale' }))).toEqual(['parking:SKOLEBAKKEN']);
    expect(ids(filterRows(rows, { ...NO_FILTER, state: 'never' })).sort()).toEqual(['air:9', 'parking:KALKVAERKSVEJ']);
    expect(ids(filterRows(rows, { ...NO_FILTER, state: 'flagged' })).sort()).toEqual(['parking:BRUUNS', 'parking:SALLING']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'ostergade' }))).toEqual(['parking:SALLING']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'kalkvaerks' }))).toEqual(['parking:KALKVAERKSVEJ']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'parking:mag' }))).toEqual(['parking:MAGASIN']);
    expect(ids(filterRows(rows, { type: 'car-park', state: 'live', text: 'a' })).sort()).toEqual(['parking:BRUUNS', 'parking:MAGASIN', 'parking:NORREPORT', 'parking:SALLING']);
    expect(filterRows(rows, NO_FILTER)).toHaveLength(rows.length);
  });
  it('the summary counts empty, flagged, stale and never heard', () => {
    expect(rowCounts(desk().rows)).toEqual({ total: 8, empty: 1, flagged: 2, stale: 1, never: 2 });
  });
});

describe('virtual window: only the rows in view are drawn', () => {
  it('10,000 rows, 400 px at 24 px a row: about 30 drawn, the rest is padding', () => {
    const w = virtualWindow(0, 400, 24, 10_000);
    expect(w).toEqual({ start: 0, end: 24, padTop: 0, padBottom: (10_000 - 24) * 24 });
    const mid = virtualWindow(24 * 5000 + 10, 400, 24, 10_000);
    expect(mid.start).toBe(5000 - 6);
    expect(mid.end).toBe(5000 + 18 + 6);
    expect(mid.padTop + (mid.end - mid.start) * 24 + mid.padBottom).toBe(10_000 * 24);
    const end = virtualWindow(24 * 10_000, 400, 24, 10_000);
    expect(end.end).toBe(10_000);
    expect(end.start).toBeLessThan(10_000);
  });
  it('no rows, or a list shorter than the view', () => {
    expect(virtualWindow(0, 400, 24, 0)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    expect(virtualWindow(0, 400, 24, 3)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
  });
  it('scrolling to show a row moves as little as possible', () => {
    expect(scrollToShow(10, 0, 240, 24)).toBe(24); // row 10 at 240..264: just below the view
    expect(scrollToShow(2, 100, 240, 24)).toBe(48); // above: to its top
    expect(scrollToShow(5, 48, 240, 24)).toBe(48); // in view: no move
  });
});
