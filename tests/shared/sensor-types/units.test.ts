import { describe, expect, it } from 'vitest';
import { convertUnit, isKnownUnit, unitConverter, unitDimension, UnitError, unitLabel, UNITS } from '../../../electron/shared/sensor-types/units';

describe('unit conversions, both ways', () => {
  it.each([
    [1, 'mg/m³', 'µg/m³', 1000],
    [250, 'ng/m³', 'µg/m³', 0.25],
    [1, 'ppm', 'ppb', 1000],
    [100, '°C', '°F', 212],
    [-40, '°F', '°C', -40],
    [0, '°C', 'K', 273.15],
    [300, 'K', '°F', 80.33],
    [1013.25, 'hPa', 'Pa', 101325],
    [101.325, 'kPa', 'hPa', 1013.25],
    [1000, 'mbar', 'hPa', 1000],
    [36, 'km/h', 'm/s', 10],
    [60, 'mph', 'km/h', 96.56064],
    [10, 'kn', 'm/s', 5.14444],
    [1.5, 'km', 'm', 1500],
    [25, 'mm', 'cm', 2.5],
    [90, 'min', 'h', 1.5],
    [2, 'h', 's', 7200],
    [180, '°', 'rad', Math.PI],
    [3, 'mm/h', 'mm/h', 3],
    [55, 'dB(A)', 'dB(A)', 55],
    [42, '%', '%', 42],
    [7, '', '', 7],
  ] as const)('%s %s = %s %s', (value, from, to, want) => {
    expect(convertUnit(value, from, to)).toBeCloseTo(want, 4);
    expect(convertUnit(convertUnit(value, from, to), to, from)).toBeCloseTo(value, 9);
  });

  it('accepts the aliases feeds use', () => {
    expect(convertUnit(1, 'ug/m3', 'mg/m3')).toBeCloseTo(0.001, 12);
    expect(convertUnit(5, 'µg/m3', 'µg/m³')).toBe(5);
    expect(convertUnit(5, 'μg/m³', 'µg/m³')).toBe(5); // Greek mu, not the micro sign
    expect(convertUnit(10, 'degC', 'degF')).toBeCloseTo(50, 9);
    expect(convertUnit(10, 'C', 'K')).toBeCloseTo(283.15, 9);
    expect(convertUnit(1000, 'hpa', 'kPa')).toBeCloseTo(100, 9);
    expect(convertUnit(20, 'knots', 'kn')).toBe(20);
    expect(unitLabel('ug/m3')).toBe('µg/m³');
    expect(unitLabel('hpa')).toBe('hPa');
    expect(unitLabel('furlongs')).toBe('furlongs');
  });

  it('refuses different dimensions and unknown units, naming both units and why', () => {
    expect(() => convertUnit(1, 'km/h', '°C')).toThrow(new UnitError("cannot convert from 'km/h' (speed) to '°C' (temperature): different dimensions"));
    expect(() => convertUnit(1, 'ppb', 'µg/m³')).toThrow(
      "cannot convert from 'ppb' (mixing-ratio) to 'µg/m³' (concentration): different dimensions (ppb/ppm to a mass concentration depends on the pollutant)",
    );
    expect(() => convertUnit(1, 'furlongs', 'm')).toThrow("cannot convert from 'furlongs' to 'm': unknown unit 'furlongs'");
    expect(() => convertUnit(1, 'm', 'parsec')).toThrow("cannot convert from 'm' to 'parsec': unknown unit 'parsec'");
    expect(() => convertUnit(1, '', '%')).toThrow("cannot convert from '' (count) to '%' (percent): different dimensions");
    expect(() => unitConverter('__proto__', 'm')).toThrow(UnitError);
    expect(() => unitConverter('constructor', 'm')).toThrow(UnitError);
  });

  it('keeps rain amount (mm, a length) apart from rain intensity (mm/h)', () => {
    expect(unitDimension('mm')).toBe('length');
    expect(unitDimension('mm/h')).toBe('rain-rate');
    expect(() => convertUnit(1, 'mm', 'mm/h')).toThrow(UnitError);
  });

  it('has no spelling twice', () => {
    const spellings = UNITS.flatMap((u) => [u.symbol, ...u.aliases]);
    expect(new Set(spellings).size).toBe(spellings.length);
    for (const s of spellings) expect(isKnownUnit(s)).toBe(true);
    expect(isKnownUnit('toString')).toBe(false);
  });
});
