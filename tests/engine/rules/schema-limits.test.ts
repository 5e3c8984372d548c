/** The documented limits of a rule (RULES.md, "Limits"): nesting, conditions per rule, numeric minimums. */
import { describe, expect, it } from 'vitest';
import { MAX_CONDITION_DEPTH, MAX_CONDITIONS_PER_RULE, validateRule } from '../../../electron/engine/rules/schema';

const base = { schema: 1, id: 'r', name: 'R', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'kind' } };
const th = { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 };

/** all(all(...(threshold))) with `levels` condition objects on the path, built without recursion. */
function nested(levels: number, type: 'all' | 'any' | 'sustained' = 'all'): unknown {
  let c: unknown = th;
  for (let i = 1; i < levels; i++) c = type === 'sustained' ? { type, minutes: 5, condition: c } : { type, conditions: [c] };
  return c;
}
const errorsOf = (json: unknown) => {
  const r = validateRule(json);
  return r.ok ? [] : r.errors;
};

describe('rule limits', () => {
  it(`accepts conditions nested ${MAX_CONDITION_DEPTH} levels deep`, () => {
    expect(errorsOf({ ...base, condition: nested(MAX_CONDITION_DEPTH) })).toEqual([]);
  });

  it('rejects one level more with the path where the limit is passed', () => {
    const path = `condition${'.conditions[0]'.repeat(MAX_CONDITION_DEPTH)}`;
    expect(errorsOf({ ...base, condition: nested(MAX_CONDITION_DEPTH + 1) })).toEqual([`${path}: conditions nest at most ${MAX_CONDITION_DEPTH} levels deep (all / any / sustained inside each other)`]);
  });

  it.each(['all', 'any', 'sustained'] as const)('rejects a rule nested 10,000 deep (%s) without a stack overflow', (type) => {
    const errors = errorsOf({ ...base, condition: nested(10_000, type) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^condition(\.conditions\[0\]|\.condition){6}: conditions nest at most 6 levels deep/);
  });

  it('checks clear.condition too, and a nested document parsed from JSON text', () => {
    const text = `{"schema":1,"id":"r","name":"R","enabled":true,"severity":"warning","kind":"car-park","scope":{"type":"kind"},"condition":${JSON.stringify(th)},"clear":{"condition":${'{"type":"any","conditions":['.repeat(10_000)}${JSON.stringify(th)}${']}'.repeat(10_000)}}}`;
    expect(errorsOf(JSON.parse(text))[0]).toMatch(/^clear\.condition(\.conditions\[0\]){6}: conditions nest at most 6 levels/);
  });

  it(`caps the conditions of a rule at ${MAX_CONDITIONS_PER_RULE}, condition and clear together`, () => {
    const many = (n: number) => ({ type: 'any', conditions: Array.from({ length: n }, () => th) });
    // 1 + 20 + 1 + 20 = 42 conditions: within the cap.
    expect(errorsOf({ ...base, condition: many(20), clear: { condition: many(20) } })).toEqual([]);
    // all + 2 x (any + 20) = 43; the third any is the 44th, its 7th entry ([6]) the 51st.
    const tooMany = { type: 'all', conditions: [many(20), many(20), many(20)] };
    expect(errorsOf({ ...base, condition: tooMany })).toEqual([`condition.conditions[2].conditions[6]: a rule has at most ${MAX_CONDITIONS_PER_RULE} conditions (condition and clear.condition together)`]);
    // A huge list is answered without visiting it all.
    expect(errorsOf({ ...base, condition: many(1_000_000) })[0]).toMatch(/: a rule has at most 50 conditions/);
  });

  it.each([
    ['fractional minutes', { type: 'sustained', minutes: 0.5, condition: th }, 'condition.minutes: must be a whole number of minutes'],
    ['a window under a minute', { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 0, op: '>', value: 1 }, 'condition.minutes: must be at least 1 minute'],
    ['a negative rate span', { type: 'rate', metric: 'occupancyPct', minutes: -5, op: '>', value: 1 }, 'condition.minutes: must be at least 1 minute'],
    ['a huge threshold', { ...th, value: 1e300 }, 'condition.value: must be between -1000000000 and 1000000000'],
  ])('numeric minimums: %s', (_name, condition, error) => {
    expect(errorsOf({ ...base, condition })).toContain(error);
  });

  it('numeric minimums of clear and escalation', () => {
    const base1 = { ...base, condition: th };
    expect(errorsOf({ ...base1, clear: { hysteresis: -1 } })).toEqual(['clear.hysteresis: must be 0 or more']);
    expect(errorsOf({ ...base1, clear: { minClearMinutes: 2.5 } })).toEqual(['clear.minClearMinutes: must be a whole number of minutes']);
    expect(errorsOf({ ...base1, clear: { minClearMinutes: 0 } })).toEqual([]);
    expect(errorsOf({ ...base1, escalation: { afterMinutes: 0, to: 'critical' } })).toEqual(['escalation.afterMinutes: must be at least 1 minute']);
  });
});
