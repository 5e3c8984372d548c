/**
 * The panels derive from the registry: a type defined only as JSON (types/river-gauge.json) gets panel rows, chart
 * series with units on their axes and rule-form metric pickers, with no code of its own; the shipped types keep
 * theirs (car park occupancy, the CityPulse simulated index labelled as such, measured air quality in µg/m³).
 */
import { describe, expect, it } from 'vitest';
import { chartAxes, chartSeries, chooseScale, defaultScales, MAX_AXES, seriesLabel, withDerived } from '../../renderer/panels/chartSeries';
import { buildChartData } from '../../renderer/panels/chartData';
import { sensorDetails } from '../../renderer/panels/sensorDetails';
import { describeRule, metricOptions, newRuleForm, toRule, typeOptions, withKind, withName } from '../../renderer/rules/ruleForm';
import { airSensor, parkingSensor, riverGauge, SHIPPED_REGISTRY, stateOf, T0, trafficSensor, WITH_RIVER } from './fixtures';

describe('sensor panel rows from the registry', () => {
  it('a JSON-defined type: label, provenance, metrics to their precision with units, derived, flags, attributes', () => {
    const d = sensorDetails(riverGauge('g1'), stateOf('g1', T0, { waterLevel: 2.8, waterTemp: 7 }, ['gauge-dry']), WITH_RIVER);
    expect(d.typeLabel).toBe('River gauge');
    expect(d.provenance).toEqual({ kind: 'measured', text: 'Measured', note: 'Environment agency telemetry, 15-minute readings' });
    expect(d.metrics.map((r) => [r.label, r.text])).toEqual([
      ['Water level', '2.80 m'],
      ['Water temperature', '7.0 °C'],
    ]);
    // (2.8 - 2.5) * 100 = 30 cm, by the type's formula over the sensor's attribute
    expect(d.derived.map((r) => [r.label, r.text, r.derived])).toEqual([['Above the flood level', '30 cm', true]]);
    expect(d.headline?.row.id).toBe('aboveFloodCm');
    expect(d.headline?.band?.label).toBe('Flooding');
    expect(d.flags).toEqual([{ id: 'gauge-dry', label: 'Gauge reads dry (level at or below 0 m)' }]);
    expect(d.attributes).toEqual([
      { key: 'floodLevelM', value: '2.5' },
      { key: 'river', value: 'Dee' },
    ]);
  });

  it('shows odd values as reported: out of range marked, empty, not reported, undeclared metric listed by id', () => {
    const d = sensorDetails(riverGauge('g1', null), stateOf('g1', T0, { waterLevel: 25, waterTemp: null, salinity: 3.5 }, ['missing-value', 'out-of-range', 'unknown-metric']), WITH_RIVER);
    expect(d.metrics.map((r) => [r.id, r.text, r.outOfRange, r.undeclared])).toEqual([
      ['waterLevel', '25.00 m', true, false],
      ['waterTemp', 'empty', false, false],
      ['salinity', '3.50', false, true],
    ]);
    // no flood level attribute: the derived metric is missing, never 0
    expect(d.derived[0]?.text).toBe('empty');
    expect(d.flags.map((f) => f.label)).toEqual([SHIPPED_REGISTRY.flagLabel('missing-value'), SHIPPED_REGISTRY.flagLabel('out-of-range'), SHIPPED_REGISTRY.flagLabel('unknown-metric')]);
    const never = sensorDetails(riverGauge('g2'), undefined, WITH_RIVER);
    expect(never.metrics.map((r) => r.text)).toEqual(['—', '—']);
    expect(never.derived.map((r) => r.text)).toEqual(['—']);
  });

  it('shipped types: car park occupancy and over-capacity; the CityPulse index says simulated, not measurements', () => {
    const park = sensorDetails(parkingSensor('P', 100), stateOf('parking:P', T0, { vehicleCount: 112, totalSpaces: 100 }, ['over-capacity']), SHIPPED_REGISTRY);
    expect(park.typeLabel).toBe('Car park');
    expect(park.derived.map((r) => [r.label, r.text])).toEqual([['Occupancy', '112 %']]);
    expect(park.flags.map((f) => f.id)).toEqual(['over-capacity']);
    expect(park.headline?.band?.label).toMatch(/over capacity/i);
    const air = sensorDetails(airSensor('1'), stateOf('air:1', T0, { ozone: 112 }), SHIPPED_REGISTRY);
    expect(air.provenance?.kind).toBe('simulated');
    expect(air.provenance?.note).toBe('CityPulse simulated index, not measurements');
    expect(air.metrics.find((r) => r.id === 'ozone')?.text).not.toMatch(/µg/);
  });

  it('a type the registry does not know: said so, values listed by id', () => {
    const d = sensorDetails({ kind: 'hydrant', attributes: {} }, stateOf('h', T0, { pressure: 3.2 }), SHIPPED_REGISTRY);
    expect(d.knownType).toBe(false);
    expect(d.typeLabel).toBe('hydrant');
    expect(d.provenance).toBeNull();
    expect(d.metrics.map((r) => [r.id, r.text, r.undeclared])).toEqual([['pressure', '3.20', true]]);
  });
});

describe('charts from the registry', () => {
  it('one series per raw metric plus the derived headline; units on the axes, labels with units in the legend', () => {
    const series = chartSeries(WITH_RIVER, 'river-gauge');
    expect(series.map((s) => [s.metric, s.unit, s.derived])).toEqual([
      ['waterLevel', 'm', false],
      ['waterTemp', '°C', false],
      ['aboveFloodCm', 'cm', true],
    ]);
    expect(chartAxes(series).map((a) => a.label)).toEqual(['m', '°C', 'cm']);
    expect(series.map((s) => seriesLabel(s, false))).toEqual(['Water level (m)', 'Water temperature (°C)', 'Above the flood level (cm)']);
    expect(seriesLabel(series[0]!, true)).toBe('Water level (m) avg');
  });

  it('metrics sharing a unit share an axis; unitless ones are named on theirs', () => {
    expect(chartAxes(chartSeries(SHIPPED_REGISTRY, 'traffic')).map((a) => a.label)).toEqual(['km/h', 'Vehicles', 's', '%']);
    expect(chartAxes(chartSeries(SHIPPED_REGISTRY, 'car-park')).map((a) => a.label)).toEqual(['Vehicles / Total spaces', '%']);
    const aq = chartAxes(chartSeries(SHIPPED_REGISTRY, 'air-quality')).map((a) => a.label);
    expect(aq).toContain('µg/m³');
    expect(aq).toContain('mg/m³');
  });

  it('derived series are computed per history point by the formula; a missing input gives a gap, not 0', () => {
    const series = chartSeries(WITH_RIVER, 'river-gauge');
    const history = {
      points: [
        { ts: T0, values: { waterLevel: 2.0, waterTemp: 6 } },
        { ts: T0 + 900_000, values: { waterLevel: null, waterTemp: 6 } },
        { ts: T0 + 1_800_000, values: { waterLevel: 3.0, waterTemp: 6 } },
      ],
      gaps: [],
    };
    const data = buildChartData(withDerived(history, series, WITH_RIVER, 'river-gauge', { floodLevelM: 2.5 }), series.map((s) => s.metric));
    expect(data.data[3]).toEqual([-50, null, 50]);
  });

  it('a type the registry does not know charts the metrics found in its history, without units', () => {
    const series = chartSeries(SHIPPED_REGISTRY, 'hydrant', { points: [{ ts: T0, values: { pressure: 3, flow: 1 } }] });
    expect(series.map((s) => [s.metric, s.unit])).toEqual([
      ['flow', ''],
      ['pressure', ''],
    ]);
  });
});

describe('rule form vocabulary from the registry', () => {
  const catalogue = new Map([riverGauge('g1'), riverGauge('g2'), parkingSensor('P'), trafficSensor('1')].map((s) => [s.id, s]));

  it('the type picker lists the types present in the feed, with their counts', () => {
    expect(typeOptions(WITH_RIVER, catalogue).map((t) => [t.kind, t.label, t.sensors])).toEqual([
      ['car-park', 'Car park', 1],
      ['river-gauge', 'River gauge', 2],
      ['traffic', 'Traffic segment', 1],
    ]);
    // a rule's own type stays offered when the feed has none of it
    expect(typeOptions(WITH_RIVER, catalogue, 'waste-bin').find((t) => t.kind === 'waste-bin')).toEqual({ kind: 'waste-bin', label: 'Waste bin', plural: 'waste bins', sensors: 0 });
  });

  it('metric pickers: derived first, then raw, each with its unit', () => {
    expect(metricOptions(WITH_RIVER, 'river-gauge')).toEqual([
      { metric: 'aboveFloodCm', label: 'Above the flood level', unit: 'cm', derived: true },
      { metric: 'waterLevel', label: 'Water level', unit: 'm', derived: false },
      { metric: 'waterTemp', label: 'Water temperature', unit: '°C', derived: false },
    ]);
    expect(metricOptions(SHIPPED_REGISTRY, 'car-park').map((m) => m.metric)).toEqual(['occupancyPct', 'vehicleCount', 'totalSpaces']);
    expect(metricOptions(SHIPPED_REGISTRY, 'hydrant')).toEqual([]);
  });

  it('a rule for the JSON-defined type: starts on its headline, reads with units, switching type keeps what fits', () => {
    let form = withName(newRuleForm(WITH_RIVER, 'river-gauge', 'Europe/London'), 'River high');
    expect(form.conditions[0]?.metric).toBe('aboveFloodCm');
    expect(form.activeHours.timeZone).toBe('Europe/London');
    form = { ...form, conditions: [{ ...form.conditions[0]!, value: '-20' }], scope: 'sensors', sensorIds: ['g1', 'parking:P'] };
    expect(describeRule(form, WITH_RIVER)).toBe('WARNING when above the flood level is above -20 cm for 15 min, at 2 chosen sensors.');
    expect(toRule({ ...form, scope: 'kind' })).toMatchObject({ kind: 'river-gauge', condition: { type: 'sustained', condition: { metric: 'aboveFloodCm', op: '>', value: -20 } } });
    const park = withKind(form, 'car-park', WITH_RIVER, catalogue);
    expect(park.conditions[0]?.metric).toBe('occupancyPct');
    expect(park.sensorIds).toEqual(['parking:P']);
    expect(describeRule({ ...park, scope: 'kind', conditions: [{ ...park.conditions[0]!, value: '95' }] }, WITH_RIVER)).toBe('WARNING when occupancy is above 95% for 15 min, at any of the car parks.');
  });
});

describe('chart axes that fit the panel', () => {
  it('draws the headline unit first and one more; the others are a click away, replacing the oldest', () => {
    const traffic = chartSeries(SHIPPED_REGISTRY, 'traffic');
    const first = defaultScales(traffic, 'speedRatioPct');
    expect(first).toHaveLength(MAX_AXES);
    expect(first[0]).toBe(traffic.find((s) => s.metric === 'speedRatioPct')!.scale);
    const kmh = traffic.find((s) => s.unit === 'km/h')!.scale;
    expect(first[1]).toBe(kmh);
    const seconds = traffic.find((s) => s.unit === 's')!.scale;
    expect(chooseScale(first, seconds)).toEqual([kmh, seconds]);
    expect(chooseScale([kmh, seconds], seconds)).toEqual([kmh]); // a shown one is taken off again
    expect(chooseScale([kmh], kmh)).toEqual([kmh]); // never an empty chart
    // a type with one or two units draws them all
    expect(defaultScales(chartSeries(WITH_RIVER, 'river-gauge'), 'aboveFloodCm')).toHaveLength(2);
    expect(chartAxes(chartSeries(SHIPPED_REGISTRY, 'citypulse-air-index')).map((a) => a.label)).toEqual(['no unit']); // six unitless indexes share one axis
  });
});
