/**
 * The unit table: every unit a sensor type may declare, grouped by dimension, with its conversion to the dimension's
 * base unit, and the spellings feeds use for it (aliases). Conversions exist only within a dimension.
 *
 * Not here on purpose: ppb/ppm <-> µg/m³. Converting a mixing ratio to a mass concentration depends on the pollutant's
 * molar mass (and on temperature and pressure), so it is not a unit conversion; a source that sends ppb declares ppb.
 *
 * Pure: no Node, no DOM, no zod.
 */

export type UnitDimension =
  | 'concentration'
  | 'mixing-ratio'
  | 'temperature'
  | 'pressure'
  | 'speed'
  | 'length'
  | 'rain-rate'
  | 'sound-level'
  | 'percent'
  | 'count'
  | 'time'
  | 'angle';

export interface UnitDef {
  /** The canonical symbol, as shown. */
  symbol: string;
  dimension: UnitDimension;
  /** value in this unit -> value in the dimension's base unit. */
  toBase: (v: number) => number;
  /** value in the base unit -> value in this unit. */
  fromBase: (v: number) => number;
  /** Other spellings accepted for it. */
  aliases: readonly string[];
}

/** A unit is value * factor in the base unit. */
function scaled(symbol: string, dimension: UnitDimension, factor: number, aliases: readonly string[] = []): UnitDef {
  return { symbol, dimension, toBase: (v) => v * factor, fromBase: (v) => v / factor, aliases };
}

/** The base unit of each dimension is the first of its group. */
export const UNITS: readonly UnitDef[] = [
  scaled('µg/m³', 'concentration', 1, ['ug/m3', 'µg/m3', 'μg/m³', 'μg/m3', 'ug/m³', 'ugm3']),
  scaled('mg/m³', 'concentration', 1000, ['mg/m3']),
  scaled('ng/m³', 'concentration', 0.001, ['ng/m3']),
  scaled('ppb', 'mixing-ratio', 1),
  scaled('ppm', 'mixing-ratio', 1000),
  scaled('°C', 'temperature', 1, ['degC', 'C', '℃', 'celsius']),
  { symbol: '°F', dimension: 'temperature', toBase: (v) => ((v - 32) * 5) / 9, fromBase: (v) => (v * 9) / 5 + 32, aliases: ['degF', 'F', '℉', 'fahrenheit'] },
  { symbol: 'K', dimension: 'temperature', toBase: (v) => v - 273.15, fromBase: (v) => v + 273.15, aliases: ['kelvin'] },
  scaled('Pa', 'pressure', 1),
  scaled('hPa', 'pressure', 100, ['hpa']),
  scaled('kPa', 'pressure', 1000, ['kpa']),
  scaled('mbar', 'pressure', 100, ['mb']),
  scaled('m/s', 'speed', 1, ['mps']),
  scaled('km/h', 'speed', 1 / 3.6, ['kmh', 'kph', 'km/hr']),
  scaled('mph', 'speed', 0.44704),
  scaled('kn', 'speed', 1852 / 3600, ['knots', 'knot', 'kt']),
  scaled('m', 'length', 1),
  scaled('km', 'length', 1000),
  scaled('cm', 'length', 0.01),
  scaled('mm', 'length', 0.001),
  scaled('mm/h', 'rain-rate', 1, ['mm/hr']),
  scaled('dB(A)', 'sound-level', 1, ['dBA', 'dB(a)']),
  scaled('%', 'percent', 1, ['percent']),
  scaled('', 'count', 1),
  scaled('s', 'time', 1, ['sec']),
  scaled('min', 'time', 60),
  scaled('h', 'time', 3600, ['hr']),
  scaled('°', 'angle', 1, ['deg', 'degrees']),
  scaled('rad', 'angle', 180 / Math.PI),
];

const BY_SPELLING: ReadonlyMap<string, UnitDef> = new Map(UNITS.flatMap((u) => [u.symbol, ...u.aliases].map((s) => [s, u] as const)));

/** A unit that is not in the table, or a conversion between dimensions. */
export class UnitError extends Error {
  override readonly name = 'UnitError';
}

/** The unit for a symbol or alias, or undefined. */
export function findUnit(u: string): UnitDef | undefined {
  return typeof u === 'string' ? BY_SPELLING.get(u.trim()) : undefined;
}

export function isKnownUnit(u: string): boolean {
  return findUnit(u) !== undefined;
}

/** The canonical symbol for display ('ug/m3' -> 'µg/m³'); an unknown unit is shown as given. */
export function unitLabel(u: string): string {
  return findUnit(u)?.symbol ?? u;
}

export function unitDimension(u: string): UnitDimension | undefined {
  return findUnit(u)?.dimension;
}

function describeUnit(u: string): string {
  return `'${u}'`;
}

/** A converter from one unit to another, resolved once (for a source's hot path). Throws UnitError. */
export function unitConverter(from: string, to: string): (value: number) => number {
  const a = findUnit(from);
  const b = findUnit(to);
  if (!a) throw new UnitError(`cannot convert from ${describeUnit(from)} to ${describeUnit(to)}: unknown unit ${describeUnit(from)}`);
  if (!b) throw new UnitError(`cannot convert from ${describeUnit(from)} to ${describeUnit(to)}: unknown unit ${describeUnit(to)}`);
  if (a.dimension !== b.dimension) {
    const why = a.dimension === 'mixing-ratio' || b.dimension === 'mixing-ratio' ? ' (ppb/ppm to a mass concentration depends on the pollutant)' : '';
    throw new UnitError(`cannot convert from ${describeUnit(from)} (${a.dimension}) to ${describeUnit(to)} (${b.dimension}): different dimensions${why}`);
  }
  if (a === b) return (v) => v;
  return (v) => b.fromBase(a.toBase(v));
}

/** value in `from` expressed in `to`. Throws UnitError naming both units when either is unknown or they differ in dimension. */
export function convertUnit(value: number, from: string, to: string): number {
  return unitConverter(from, to)(value);
}
