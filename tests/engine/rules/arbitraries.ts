/** fast-check arbitraries for the rules property tests: random parking rule sets and reading / clock streams. */
import fc from 'fast-check';
import { validateRule, type Rule } from '../../../electron/engine/rules/schema';
import { CENTRE, SENSORS } from './fixtures';

const METRICS = ['occupancyPct', 'vehicleCount', 'totalSpaces'] as const;
const OPS = ['>', '>=', '<', '<=', 'between', 'outside'] as const;
const AGGS = ['avg', 'min', 'max', 'sum', 'count'] as const;

/** Values from a small set half the time, so readings often sit exactly on a threshold (boundary cases). */
const POINTS = [0, 20, 50, 90, 100] as const;
const num = (min: number, max: number) => fc.oneof(fc.constantFrom(...POINTS), fc.integer({ min, max }));
const minutesArb = fc.constantFrom(1, 2, 5, 10, 15, 30);
const valueFor = (op: (typeof OPS)[number]) =>
  op === 'between' || op === 'outside'
    ? fc.tuple(num(-5, 110), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 }))).map(([lo, w]) => [lo, lo + w] as [number, number])
    : num(-5, 120);
const compared = fc.constantFrom(...OPS).chain((op) => valueFor(op).map((value) => ({ op, value })));

const leaf = fc.oneof(
  fc.tuple(fc.constantFrom(...METRICS), compared).map(([metric, c]) => ({ type: 'threshold', metric, ...c })),
  fc.tuple(fc.constantFrom(...AGGS), fc.constantFrom(...METRICS), minutesArb, compared).map(([agg, metric, minutes, c]) => ({ type: 'window', agg, metric, minutes, ...c })),
  fc.tuple(fc.constantFrom(...METRICS), minutesArb, compared).map(([metric, minutes, c]) => ({ type: 'rate', metric, minutes, ...c })),
);
const leaves = fc.oneof(
  { arbitrary: leaf, weight: 3 },
  fc.tuple(fc.constantFrom('all', 'any'), fc.array(leaf, { minLength: 1, maxLength: 3 })).map(([type, conditions]) => ({ type, conditions })),
);
const noData = minutesArb.map((minutes) => ({ type: 'noData', minutes }));
/** Shapes the fast paths take (leaves, sustained leaves, noData) and generic ones around them. */
const condition = fc.oneof(
  { arbitrary: leaves, weight: 3 },
  { arbitrary: fc.tuple(minutesArb, leaves).map(([minutes, c]) => ({ type: 'sustained', minutes, condition: c })), weight: 3 },
  { arbitrary: noData, weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('all', 'any'), fc.array(fc.oneof(leaf, noData, fc.tuple(minutesArb, leaf).map(([minutes, c]) => ({ type: 'sustained', minutes, condition: c }))), { minLength: 1, maxLength: 3 }))
      .map(([type, conditions]) => ({ type, conditions })),
    weight: 1,
  },
);
const clear = fc.option(
  fc.oneof(
    fc.record({ hysteresis: fc.integer({ min: 0, max: 15 }) }),
    fc.record({ condition: leaves }),
    fc.record({ minClearMinutes: fc.constantFrom(0, 5, 10) }),
    fc.record({ hysteresis: fc.integer({ min: 1, max: 10 }), minClearMinutes: fc.constantFrom(5, 20) }),
  ),
  { nil: undefined },
);
/** Quality flags of car-park readings: over capacity and a missing value happen in the generated readings. */
const FLAGS = ['over-capacity', 'missing-value', 'negative-value'] as const;
const flagList = fc.uniqueArray(fc.constantFrom(...FLAGS), { minLength: 1, maxLength: 2 });
/** Rule.quality: skip or require flags (a third of the rules). */
export const quality = fc.option(
  fc.oneof(flagList.map((skip) => ({ skip })), flagList.map((only) => ({ only }))),
  { nil: undefined, freq: 2 },
);
const scope = fc.constantFrom<object>({ type: 'kind' }, { type: 'sensors', ids: ['parking:P1', 'parking:P2'] }, { type: 'zone', district: '170' });

const ruleArb = (id: string) =>
  fc.tuple(condition, clear, scope, fc.boolean(), quality).map(([c, cl, sc, night, q]): Rule | null => {
    const v = validateRule(
      {
        schema: 1,
        id,
        name: `Rule ${id}`,
        enabled: true,
        severity: 'warning',
        kind: 'car-park',
        scope: sc,
        condition: c,
        ...(cl ? { clear: cl } : {}),
        ...(night ? { activeHours: { from: '10:30', to: '12:00', timeZone: 'Europe/Copenhagen' } } : {}),
        ...(q ? { quality: q } : {}),
      },
      { zones: [CENTRE] },
    );
    return v.ok ? v.rule : null;
  });
/** A zone rule: an area aggregate over the parking sensors (judged on the clock; ages out with maxAgeMinutes). */
const areaRule = fc
  .tuple(fc.constantFrom('avg', 'min', 'max', 'sum', 'count'), fc.constantFrom(...OPS), fc.constantFrom(5, 20, 60), fc.option(fc.constantFrom(0, 10), { nil: undefined }), quality)
  .chain(([agg, op, maxAgeMinutes, minClearMinutes, q]) =>
    valueFor(op).map((value): Rule | null => {
      const v = validateRule(
        {
          schema: 1,
          id: 'z',
          name: 'Zone rule',
          enabled: true,
          severity: 'info',
          kind: 'car-park',
          scope: { type: 'zone', district: '170' },
          condition: { type: 'area', agg, metric: agg === 'count' ? 'vehicleCount' : 'occupancyPct', op, value: agg === 'count' && !Array.isArray(value) ? value % 3 : value, maxAgeMinutes },
          ...(minClearMinutes !== undefined ? { clear: { minClearMinutes } } : {}),
          ...(q ? { quality: q } : {}),
        },
        { zones: [CENTRE] },
      );
      return v.ok ? v.rule : null;
    }),
  );

export const ruleSet = fc
  .tuple(ruleArb('a'), ruleArb('b'), ruleArb('c'), fc.option(areaRule, { nil: null, freq: 3 }))
  .map((rs) => rs.filter((r): r is Rule => r !== null));

export type Step =
  | { t: 'reading'; dt: number; sensor: number; vehicles: number | null; spaces: number | null }
  | { t: 'clock'; dt: number }
  | { t: 'late'; back: number; sensor: number }
  | { t: 'edit'; rules: Rule[] };

export const parking = SENSORS.filter((s) => s.kind === 'car-park');
export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('reading' as const),
      dt: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 6 }), weight: 8 }, { arbitrary: fc.integer({ min: 20, max: 90 }), weight: 1 }),
      sensor: fc.integer({ min: 0, max: parking.length - 1 }),
      vehicles: fc.option(num(0, 130), { nil: null, freq: 8 }),
      spaces: fc.option(fc.constantFrom(100, 100, 100, 0, 80), { nil: null, freq: 10 }),
    }),
    weight: 10,
  },
  { arbitrary: fc.record({ t: fc.constant('clock' as const), dt: fc.integer({ min: 0, max: 25 }) }), weight: 4 },
  { arbitrary: fc.record({ t: fc.constant('late' as const), back: fc.integer({ min: 0, max: 10 }), sensor: fc.integer({ min: 0, max: parking.length - 1 }) }), weight: 1 },
  { arbitrary: ruleSet.map((rules) => ({ t: 'edit' as const, rules })), weight: 1 },
);
