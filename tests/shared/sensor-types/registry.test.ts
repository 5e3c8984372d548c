import { describe, expect, it } from 'vitest';
import { GENERIC_FLAGS, SensorTypeRegistry, SensorTypeRegistryError } from '../../../electron/shared/sensor-types/registry';
import { gauge } from './gauge-type';

describe('SensorTypeRegistry', () => {
  const reg = SensorTypeRegistry.from([gauge()]);

  it('answers what a type holds', () => {
    expect(reg.has('gauge')).toBe(true);
    expect(reg.has('constructor')).toBe(false);
    expect(reg.get('gauge')?.label).toBe('Gauge');
    expect(reg.get('toString')).toBeUndefined();
    expect(reg.all().map((t) => t.id)).toEqual(['gauge']);
    expect(reg.metricsOf('gauge').map((m) => m.id)).toEqual(['level', 'count', 'levelCm', 'pctOfFlood']);
    expect(reg.metricsOf('nope')).toEqual([]);
    expect(reg.metric('gauge', 'levelCm')?.unit).toBe('cm');
    expect(reg.metric('gauge', 'constructor')).toBeUndefined();
    expect(reg.isRaw('gauge', 'level')).toBe(true);
    expect(reg.isRaw('gauge', 'levelCm')).toBe(false);
    expect(reg.isRaw('nope', 'level')).toBe(false);
  });

  it('derives in declaration order (a derived metric uses an earlier one); missing stays missing', () => {
    expect(reg.derive('gauge', { floodCm: 400 }, { level: 2, count: 3 })).toEqual({ levelCm: 200, pctOfFlood: 50 });
    expect(reg.derive('gauge', {}, { level: 2 })).toEqual({ levelCm: 200, pctOfFlood: null });
    expect(reg.derive('gauge', { floodCm: 'high' }, { level: 2 })).toEqual({ levelCm: 200, pctOfFlood: null });
    expect(reg.derive('gauge', { floodCm: 0 }, { level: 2 })).toEqual({ levelCm: 200, pctOfFlood: null });
    expect(reg.derive('gauge', { floodCm: 400 }, { level: null })).toEqual({ levelCm: null, pctOfFlood: null });
    expect(reg.derive('nope', {}, { level: 1 })).toEqual({});
  });

  it('does not let a reading override a derived metric', () => {
    expect(reg.derive('gauge', { floodCm: 400 }, { level: 1, levelCm: 9999 } as Record<string, number>)).toEqual({ levelCm: 100, pctOfFlood: 25 });
  });

  it.each<[string, Record<string, number | null>, Record<string, string | number | null>, string[]]>([
    ['a clean reading', { level: 1, count: 2 }, { floodCm: 400 }, []],
    ['an empty metric', { level: null, count: 2 }, { floodCm: 400 }, ['missing-value']],
    ['a negative metric without min', { level: 1, count: -1 }, { floodCm: 400 }, ['negative-value']],
    ['below min (declared)', { level: -3, count: 1 }, { floodCm: 400 }, ['out-of-range']],
    ['negative within a declared min', { level: -1, count: 1 }, { floodCm: 400 }, []],
    ['above max', { level: 11, count: 1 }, { floodCm: 400 }, ['out-of-range', 'flood']],
    ['an unknown metric', { level: 1, count: 1, salinity: 3 }, { floodCm: 400 }, ['unknown-metric']],
    ['a check raised', { level: 4, count: 0 }, { floodCm: 400 }, ['flood', 'zero-count']],
    ['a check that cannot be decided is not raised', { level: 4, count: 1 }, {}, []],
    ['generic flags first, each once', { level: null, count: null, x: 1, y: 2 }, {}, ['missing-value', 'unknown-metric']],
  ])('flags: %s', (_name, values, attributes, want) => {
    expect(reg.flags('gauge', attributes, values)).toEqual(want);
  });

  it('flags: reuses derived values when given', () => {
    expect(reg.flags('gauge', {}, { level: 1, count: 1 }, { levelCm: 100, pctOfFlood: 150 })).toEqual(['flood']);
  });

  it('flags: an unknown type flags every metric as unknown', () => {
    expect(reg.flags('nope', {}, { level: 1 })).toEqual(['unknown-metric']);
    expect(reg.flags('nope', {}, {})).toEqual([]);
  });

  it('labels flags: the type check, the generic text, another type, the id', () => {
    const two = reg.with([gauge({ id: 'other', checks: [{ id: 'flood', label: 'Other flood', when: 'level > 5' }] })]);
    expect(two.flagLabel('flood', 'gauge')).toBe('At or above flood level');
    expect(two.flagLabel('flood', 'other')).toBe('Other flood');
    expect(two.flagLabel('flood')).toBe('At or above flood level');
    expect(two.flagLabel('missing-value', 'gauge')).toBe(GENERIC_FLAGS['missing-value']);
    expect(two.flagLabel('zero-count', 'nope')).toBe('Nothing counted');
    expect(two.flagLabel('mystery')).toBe('mystery');
    expect(two.flagLabel('constructor')).toBe('constructor');
    expect(two.flagLabel('__proto__')).toBe('__proto__');
  });

  it.each([
    [0, 'Low'],
    [50, 'Low'],
    [50.01, 'High'],
    [100, 'High'],
    [1e9, 'Flood'],
    [-20, 'Low'],
  ])('band(%s) is %s', (value, label) => {
    expect(reg.band('gauge', value)?.label).toBe(label);
  });

  it('has no band for a missing value, an unknown type, or above a closed last band', () => {
    expect(reg.band('gauge', null)).toBeNull();
    expect(reg.band('gauge', Number.NaN)).toBeNull();
    expect(reg.band('nope', 1)).toBeNull();
    const closed = SensorTypeRegistry.from([gauge({ style: { ...gauge().style, bands: [{ upTo: 10, label: 'Only', colour: [1, 2, 3] }] } })]);
    expect(closed.band('gauge', 11)).toBeNull();
  });

  it('with() adds and overrides, leaving the original as it was', () => {
    const next = reg.with([gauge({ label: 'Gauge v2' }), gauge({ id: 'gauge-b' })]);
    expect(next.get('gauge')?.label).toBe('Gauge v2');
    expect(next.has('gauge-b')).toBe(true);
    expect(reg.get('gauge')?.label).toBe('Gauge');
    expect(reg.has('gauge-b')).toBe(false);
  });

  it('refuses duplicates and formulas that do not compile, naming type and path', () => {
    expect(() => SensorTypeRegistry.from([gauge(), gauge()])).toThrow(new SensorTypeRegistryError("sensor type 'gauge' is defined twice"));
    const bad = gauge({ derived: [{ id: 'x', label: 'X', unit: '', precision: 0, higherIsWorse: null, formula: 'level + pm25' }] });
    expect(() => SensorTypeRegistry.from([bad])).toThrow("sensor type 'gauge': derived[0].formula: unknown metric 'pm25' at column 8");
    const badCheck = gauge({ checks: [{ id: 'c', label: 'C', when: 'level' }] });
    expect(() => reg.with([badCheck])).toThrow("sensor type 'gauge': checks[0].when: expected a condition (a comparison), got a number at column 0");
  });
});
