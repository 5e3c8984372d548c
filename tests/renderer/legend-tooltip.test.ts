/**
 * The legend and the tooltip say what the registry says: per type its label, provenance (with its note), headline
 * metric with unit, and bands; per sensor its type, headline value to its precision with unit and band, provenance,
 * and flags in words. For the demo's types and for a type defined only as JSON.
 */
import { describe, expect, it } from 'vitest';
import { bandRanges, LEGEND_STATES, typeLegend } from '../../renderer/map/legend';
import { formatMetric, summarize } from '../../renderer/panels/describe';
import { airSensor, parkingSensor, SHIPPED_REGISTRY, stateOf, T0, trafficSensor } from './fixtures';
import { RIVER_GAUGE, sensorOf, TEST_REGISTRY } from './typeFixtures';

describe('legend', () => {
  it('a type from JSON: plural label, provenance with its note, headline with unit, bands with ranges, size', () => {
    const l = typeLegend(RIVER_GAUGE, TEST_REGISTRY);
    expect(l).toMatchObject({
      typeId: 'river-gauge',
      label: 'River gauges',
      geometry: 'point',
      shape: 'square',
      provenance: { kind: 'measured', text: 'Measured', note: 'Test fixture: gauges of a river authority' },
      headline: 'Above flood level (m)',
      bands: [
        { label: 'Normal', colours: { classic: [40, 160, 90] }, range: '≤ -0.5 m', state: { key: 'normal', severity: 0 }, symbol: { cue: 'normal', hollow: false } },
        { label: 'High', colours: { classic: [240, 170, 40] }, range: '-0.5–0 m', state: { key: 'abnormal', severity: 1 }, symbol: { cue: 'abnormal 1/4, larger' } },
        { label: 'Flooding', colours: { classic: [210, 40, 40] }, range: '> 0 m', state: { key: 'abnormal', severity: 2 }, symbol: { cue: 'abnormal 2/4, larger' } },
      ],
      size: 'Size: Flow speed (0–4 → 4–12 px), +1.5 px a level worse',
    });
    // The calm palette: the normal band grey, the others coloured; each legend symbol at least as large as the one before.
    const [normal, high, flooding] = l.bands;
    expect(new Set(normal!.colours.hmi).size).toBeLessThanOrEqual(3);
    expect(normal!.colours.hmi[2]! - normal!.colours.hmi[0]!).toBeLessThan(10);
    expect(high!.colours.hmi).not.toEqual(normal!.colours.hmi);
    expect(high!.symbol.sizePx).toBeGreaterThan(normal!.symbol.sizePx);
    expect(flooding!.symbol.sizePx).toBeGreaterThan(high!.symbol.sizePx);
  });

  it('the demo types: simulated air says so; traffic width by vehicles; car parks by occupancy', () => {
    const air = typeLegend(SHIPPED_REGISTRY.get('citypulse-air-index')!, SHIPPED_REGISTRY);
    expect(air.provenance.kind).toBe('simulated');
    expect(air.provenance.text).toMatch(/not measurements/);
    expect(air.provenance.note).toMatch(/CityPulse/);
    expect(air.bands.map((b) => b.range)).toEqual(['≤ 50', '50–100', '100–150', '150–200', '> 200']);
    const traffic = typeLegend(SHIPPED_REGISTRY.get('traffic')!, SHIPPED_REGISTRY);
    expect(traffic.headline).toBe('Speed as % of normal (%)');
    expect(traffic.size).toMatch(/^Width: wider is worse; within a state, Vehicles/);
    // Congested is the widest legend line, free flow the thinnest.
    const widths = traffic.bands.map((b) => b.symbol.sizePx);
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
    expect(traffic.bands[0]!.symbol.cue).toBe('abnormal 3/4, wider');
    const parks = typeLegend(SHIPPED_REGISTRY.get('car-park')!, SHIPPED_REGISTRY);
    expect(parks.label).toBe('Car parks');
    expect(parks.headline).toBe('Occupancy (%)');
    expect(parks.bands.at(-1)?.label).toMatch(/Over capacity/);
  });

  it('a single open band covers any value; the shared states are listed once', () => {
    const all = bandRanges(RIVER_GAUGE, [{ upTo: null, label: 'All', colour: [1, 2, 3] }], '');
    expect(all).toMatchObject([{ label: 'All', colours: { classic: [1, 2, 3] }, range: 'any value' }]);
    expect(LEGEND_STATES.map((s) => s.key)).toEqual(['stale', 'never', 'cannot-judge', 'unknown', 'flagged']);
  });
});

describe('tooltip summary', () => {
  it('a type from JSON: its label, headline to its precision with unit and band, inputs, provenance, flags in words', () => {
    const gauge = sensorOf(RIVER_GAUGE, 'g1', { type: 'Point', coordinates: [-2.1, 57.15] }, { floodLevelM: 3 });
    const sum = summarize(gauge, stateOf('g1', T0, { levelM: 3.456, flowMs: 1.25 }, ['above-flood-level', 'missing-value']), T0, TEST_REGISTRY);
    expect(sum.typeLabel).toBe('River gauge');
    expect(sum.lines).toEqual([
      { label: 'Above flood level', value: '0.46 m · Flooding', warn: false },
      { label: 'Water level', value: '3.46 m', warn: false },
    ]);
    expect(sum.band).toBe('Flooding');
    expect(sum.provenance).toEqual({ kind: 'measured', text: 'Measured', note: 'Test fixture: gauges of a river authority' });
    expect(sum.flags).toEqual([
      { flag: 'above-flood-level', text: "The water is above the gauge's flood level" },
      { flag: 'missing-value', text: expect.stringMatching(/empty|missing/i) as unknown as string },
    ]);
    expect(sum.freshness).toBe('live');
  });

  it('a value outside its valid range is shown as reported, marked', () => {
    const gauge = sensorOf(RIVER_GAUGE, 'g2', { type: 'Point', coordinates: [-2.1, 57.15] }, { floodLevelM: 3 });
    const sum = summarize(gauge, stateOf('g2', T0, { levelM: 40 }, ['out-of-range']), T0, TEST_REGISTRY);
    expect(sum.lines[1]).toEqual({ label: 'Water level', value: '40.00 m', warn: true });
  });

  it('a car park over capacity: occupancy and its band, the counts, the flag', () => {
    const sum = summarize(parkingSensor('B', 65), stateOf('parking:B', T0, { vehicleCount: 130, totalSpaces: 65 }, ['over-capacity']), T0, SHIPPED_REGISTRY);
    expect(sum.typeLabel).toBe('Car park');
    expect(sum.lines[0]).toMatchObject({ label: 'Occupancy', value: expect.stringMatching(/^200 % · Over capacity/) as unknown as string });
    expect(sum.lines.slice(1)).toEqual([
      { label: 'Vehicles', value: '130', warn: false },
      { label: 'Total spaces', value: '65', warn: false },
    ]);
    expect(sum.flags.map((f) => f.flag)).toEqual(['over-capacity']);
  });

  it('traffic: speed as % of normal from the speed; the CityPulse air index says it is simulated', () => {
    const t = summarize(trafficSensor('1', 50), stateOf('traffic:1', T0, { avgSpeedKmh: 0, vehicleCount: 0 }, ['zero-speed']), T0, SHIPPED_REGISTRY);
    expect(t.lines.map((l) => [l.label, l.value])).toEqual([
      ['Speed as % of normal', expect.stringMatching(/^0 %/)],
      ['Average speed', '0 km/h'],
    ]);
    expect(t.flags[0]?.text).toMatch(/0 km\/h/);
    const a = summarize(airSensor('1'), stateOf('air:1', T0, { ozone: 30, particulateMatter: 70, carbonMonoxide: 1, sulfurDioxide: 1, nitrogenDioxide: 1 }), T0, SHIPPED_REGISTRY);
    expect(a.lines[0]?.value).toMatch(/^70 · Moderate/);
    expect(a.provenance.kind).toBe('simulated');
    expect(a.provenance.note).toMatch(/CityPulse/);
  });

  it('never heard from: no values, age unknown; an unknown type lists its values by id', () => {
    const never = summarize(parkingSensor('N'), undefined, T0, SHIPPED_REGISTRY);
    expect(never.freshness).toBe('never');
    expect(never.lines[0]).toMatchObject({ label: 'Occupancy', value: '—' });
    const odd = { id: 'x', kind: 'mystery', name: 'X', geometry: { type: 'Point' as const, coordinates: [0, 0] as [number, number] }, expectedIntervalS: 60, attributes: {} };
    const sum = summarize(odd, stateOf('x', T0, { foo: 1.5 }), T0, SHIPPED_REGISTRY);
    expect(sum.typeLabel).toContain('mystery');
    expect(sum.lines).toEqual([{ label: 'foo', value: '1.5' }]);
  });

  it('formats to the metric precision with the unit symbol; empty values say so', () => {
    expect(formatMetric(12.345, { unit: 'µg/m³', precision: 1 })).toBe('12.3 µg/m³');
    expect(formatMetric(null, { unit: 'm', precision: 2 })).toBe('empty');
    expect(formatMetric(87.4, { unit: '%', precision: 0 })).toBe('87 %');
  });
});
