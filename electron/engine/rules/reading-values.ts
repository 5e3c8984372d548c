/**
 * A reading's values into a sensor's value array: the raw metrics its rules read, by slot, then the derived metrics
 * its rules use, computed by the registry's formulas (the type document's `derived`, never hand-coded here).
 */
import type { Reading } from '../../shared/model';
import type { SensorRt } from './runtime-state';

/** The raw metrics the sensor's rules read, from a reading into vals. */
export function readRaw(s: SensorRt, values: Reading['values'], vals: Float64Array): void {
  const names = s.readNames;
  const slots = s.readSlots;
  for (let i = 0; i < names.length; i++) {
    const v = values[names[i]!];
    vals[slots[i]!] = typeof v === 'number' ? v : NaN;
  }
}

/**
 * The derived metrics the sensor's rules use (s.derivedNames, at s.derivedSlots), of a reading's raw values and the
 * sensor's attributes: the registry's formulas; a missing input gives a missing result (NaN), never 0.
 */
export function derive(s: SensorRt, values: Reading['values'], vals: Float64Array): void {
  const names = s.derivedNames;
  if (names.length === 0) return;
  const d = s.registry.derive(s.kind, s.sensor.attributes, values);
  const slots = s.derivedSlots;
  for (let i = 0; i < names.length; i++) {
    const v = d[names[i]!];
    vals[slots[i]!] = typeof v === 'number' ? v : NaN;
  }
}
