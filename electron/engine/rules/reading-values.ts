/** A reading's values into a sensor's value array: raw metrics by slot, then the derived ones its rules use. */
import type { Reading, SensorKind } from '../../shared/model';
import { M } from './metrics';
import type { SensorRt } from './runtime-state';

const num = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);

/** Every raw metric of the kind from a reading into vals (slots no rule reads are harmless). */
export function readRaw(kind: SensorKind, values: Reading['values'], vals: Float64Array): void {
  if (kind === 'traffic') {
    vals[M.avgSpeedKmh] = num(values.avgSpeedKmh);
    vals[M.vehicleCount] = num(values.vehicleCount);
    vals[M.avgMeasuredTimeS] = num(values.avgMeasuredTimeS);
    vals[M.medianMeasuredTimeS] = num(values.medianMeasuredTimeS);
  } else if (kind === 'parking') {
    vals[M.vehicleCount] = num(values.vehicleCount);
    vals[M.totalSpaces] = num(values.totalSpaces);
  } else {
    vals[M.air[0]!] = num(values.ozone);
    vals[M.air[1]!] = num(values.particulateMatter);
    vals[M.air[2]!] = num(values.carbonMonoxide);
    vals[M.air[3]!] = num(values.sulfurDioxide);
    vals[M.air[4]!] = num(values.nitrogenDioxide);
  }
}

/** Derived metrics of the sensor's latest reading, from its raw values in vals (only those its rules use). */
export function derive(s: SensorRt, vals: Float64Array): void {
  if (s.derivedOcc) {
    let spaces = vals[M.totalSpaces]!;
    if (!(spaces > 0)) spaces = s.capacity;
    vals[M.occupancyPct] = spaces > 0 ? (vals[M.vehicleCount]! / spaces) * 100 : NaN;
  }
  // A speed of 0 km/h is how this data reports "no vehicle measured" (it only ever comes with a vehicle count of 0;
  // the map flags it zero-speed): unknown, not a standstill. A real jam still has a positive travel-time speed.
  if (s.derivedSpeed) vals[M.speedRatioPct] = s.normalSpeedKmh > 0 && vals[M.avgSpeedKmh]! > 0 ? (vals[M.avgSpeedKmh]! / s.normalSpeedKmh) * 100 : NaN;
  if (s.derivedMax) {
    let mx = NaN;
    for (let i = 0; i < M.air.length; i++) {
      const v = vals[M.air[i]!]!;
      if (v === v && !(v <= mx)) mx = v;
    }
    vals[M.maxIndex] = mx;
  }
}
