/**
 * A reading's values into a sensor's value array: the raw metrics its rules read (and the formulas of the derived ones
 * they use), by slot, then those derived metrics, computed by the registry's formulas (the type document's `derived`,
 * compiled for the sensor by derived-slots.ts; never hand-coded here).
 */
import type { Reading } from '../../shared/model';
import type { SensorRt } from './runtime-state';

/** The raw metrics the sensor's rules read, from a reading into vals (NaN for a metric absent or null). */
export function readRaw(s: SensorRt, values: Reading['values'], vals: Float64Array): void {
  const names = s.readNames;
  const slots = s.readSlots;
  for (let i = 0; i < names.length; i++) {
    const v = values[names[i]!];
    vals[slots[i]!] = typeof v === 'number' ? v : NaN;
  }
}

/** The derived metrics the sensor's rules use, from the raw values already in vals (missing inputs give NaN). */
export function derive(s: SensorRt, vals: Float64Array): void {
  const fns = s.derivedFns;
  const slots = s.derivedSlots;
  for (let i = 0; i < fns.length; i++) vals[slots[i]!] = fns[i]!(vals);
}
