/**
 * The evaluator's compiled derived metrics (derived-slots.ts) against the registry's own evaluation
 * (SensorTypeRegistry.derive): equal on every type with derived metrics (the shipped ones and river-level), for random
 * readings with missing, zero, negative and odd values and random attributes. NaN in the value array is null there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDerived } from '../../../electron/engine/rules/derived-slots';
import { MetricSlots } from '../../../electron/engine/rules/metrics';
import type { Sensor } from '../../../electron/shared/model';
import { WITH_RIVER } from './river-level';

const value = fc.oneof(
  fc.constant(null),
  fc.constant(0),
  fc.constantFrom(1, -1, 100, 999.9, 0.5, 1e300),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -5, max: 500 }),
);
const attribute = fc.oneof(fc.constant(null), fc.constant(0), fc.constant('MAJOR_ROAD'), fc.double({ min: -100, max: 2000, noNaN: true }));

const types = WITH_RIVER.all().filter((t) => t.derived.length > 0);

describe('compiled derived metrics equal the registry\u2019s', () => {
  it('has types with derived metrics to compare', () => {
    expect(types.map((t) => t.id)).toEqual(expect.arrayContaining(['car-park', 'traffic', 'citypulse-air-index', 'river-level']));
  });

  it.each(types.map((t) => [t.id, t] as const))('%s', (_id, type) => {
    const slots = new MetricSlots(WITH_RIVER).of(type.id)!;
    const attrNames = [...new Set(type.derived.flatMap((d) => [...d.formula.matchAll(/attr\.(\w+)/g)].map((m) => m[1]!)))];
    const reading = fc.record(Object.fromEntries(type.metrics.map((m) => [m.id, fc.option(value, { nil: undefined })])));
    const attrs = fc.record(Object.fromEntries(attrNames.map((a) => [a, attribute])));
    fc.assert(
      fc.property(reading, attrs, (r, a) => {
        const values = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as Record<string, number | null>;
        const sensor: Sensor = { id: 'x', kind: type.id, name: 'x', geometry: { type: 'Point', coordinates: [0, 0] }, expectedIntervalS: 60, attributes: a as Sensor['attributes'] };
        const plan = planDerived(WITH_RIVER, slots, sensor, type.derived.map((d) => slots.index.get(d.id)!));
        const vals = new Float64Array(slots.names.length).fill(NaN);
        for (const [m, v] of Object.entries(values)) vals[slots.index.get(m)!] = v ?? NaN;
        plan.fns.forEach((f, i) => (vals[plan.slots[i]!] = f(vals)));
        const expected = WITH_RIVER.derive(type.id, a as Sensor['attributes'], values);
        for (const d of type.derived) {
          const got = vals[slots.index.get(d.id)!]!;
          expect(Number.isNaN(got) ? null : got).toBe(expected[d.id] ?? null);
        }
      }),
      { numRuns: 500 },
    );
  });
});
