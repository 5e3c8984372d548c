import type { SensorType } from '../../../electron/shared/sensor-types/types';

/** A small valid sensor type (not shipped) for the registry and schema tests; `over` replaces top-level fields. */
export function gauge(over: Partial<SensorType> = {}): SensorType {
  return {
    id: 'gauge',
    schema: 1,
    label: 'Gauge',
    pluralLabel: 'Gauges',
    geometry: 'point',
    provenance: 'measured',
    expectedIntervalS: 60,
    metrics: [
      { id: 'level', label: 'Level', unit: 'm', min: -2, max: 10, precision: 2, higherIsWorse: true },
      { id: 'count', label: 'Count', unit: '', precision: 0, higherIsWorse: null },
    ],
    derived: [
      { id: 'levelCm', label: 'Level (cm)', unit: 'cm', precision: 0, higherIsWorse: true, formula: 'level * 100' },
      { id: 'pctOfFlood', label: '% of flood level', unit: '%', precision: 0, higherIsWorse: true, formula: 'levelCm / attr.floodCm * 100' },
    ],
    checks: [
      { id: 'flood', label: 'At or above flood level', when: 'pctOfFlood >= 100' },
      { id: 'zero-count', label: 'Nothing counted', when: 'count == 0' },
    ],
    style: {
      headline: 'pctOfFlood',
      bands: [
        { upTo: 50, label: 'Low', colour: [0, 200, 0] },
        { upTo: 100, label: 'High', colour: [255, 180, 0] },
        { upTo: null, label: 'Flood', colour: [255, 0, 0] },
      ],
      size: { pixels: 5 },
    },
    ...over,
  };
}
