import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileExpression,
  evaluateNode,
  ExpressionError,
  MAX_EXPRESSION_DEPTH,
  parseExpression,
  printExpression,
  type ExpressionNode,
} from '../../../electron/shared/sensor-types/expression';

const NAMES = new Set(['a', 'b', 'c', 'pm10', 'pm2_5', 'constructor']);
const num = (src: string) => compileExpression(src, { names: NAMES, expect: 'number' });
const cond = (src: string) => compileExpression(src, { names: NAMES, expect: 'boolean' });

function errorOf(src: string, expect: 'number' | 'boolean' = 'number'): ExpressionError {
  try {
    compileExpression(src, { names: NAMES, expect });
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`'${src}' compiled`);
}

describe('numeric expressions', () => {
  const values = { a: 6, b: 3, c: null, pm10: 40, pm2_5: 12 };
  const attrs = { capacity: 200, name: 'North', zero: 0, nothing: null };
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['24 / 4 / 2', 3],
    ['-a + 1', -5],
    ['--a', 6],
    ['- (a - b)', -3],
    ['1.5e2', 150],
    ['.5 * 4', 2],
    ['a / b', 2],
    ['a + c', null],
    ['c * 0', null],
    ['a / 0', null],
    ['a / (b - 3)', null],
    ['attr.capacity / 2', 100],
    ['attr.name', null],
    ['attr.absent + 1', null],
    ['attr.nothing', null],
    ['a / attr.zero', null],
    ['min(a, b)', 3],
    ['max(a, b, 100)', 100],
    ['max(c, a)', 6],
    ['min(c, attr.name)', null],
    ['abs(b - a)', 3],
    ['abs(c)', null],
    ['round(2.5)', 3],
    ['round(a / 7, 2)', 0.86],
    ['round(a, c)', null],
    ['round(a, 0.5)', null],
    ['coalesce(c, attr.absent, b, a)', 3],
    ['coalesce(c)', null],
    ['step(pm10, 20, 40, 50, 100, 150)', 1],
    ['step(pm2_5, 10, 20, 25, 50, 75)', 1],
    ['step(5, 10, 20)', 0],
    ['step(25, 10, 20)', 2],
    ['step(20, 10, 20)', 1],
    ['step(c, 10, 20)', null],
    ['step(5, c)', null],
    ['1e308 * 10', null],
    ['constructor + 1', null],
  ] as const)('%s = %s', (src, want) => {
    const got = num(src).evaluate(values, attrs);
    if (typeof want === 'number') expect(got).toBeCloseTo(want, 10);
    else expect(got).toBe(want);
  });

  it('reads own properties only: no prototype names, even when declared as metrics', () => {
    expect(num('constructor').evaluate({}, {})).toBeNull();
    expect(num('attr.constructor').evaluate({}, {})).toBeNull();
    expect(num('attr.__proto__').evaluate({}, {})).toBeNull();
    expect(num('attr.toString + 1').evaluate({}, {})).toBeNull();
    expect(num('attr.__proto__').evaluate(JSON.parse('{}'), JSON.parse('{"__proto__": 5}'))).toBe(5);
    expect(num('constructor * 2').evaluate({ constructor: 4 } as Record<string, number>, {})).toBe(8);
  });

  it('treats non-finite inputs as missing', () => {
    expect(num('a + 1').evaluate({ a: Number.NaN }, {})).toBeNull();
    expect(num('a + 1').evaluate({ a: Number.POSITIVE_INFINITY }, {})).toBeNull();
  });

  it('lists its inputs and attributes once each', () => {
    const e = num('a + a * b / attr.capacity + attr.capacity');
    expect(e.inputs).toEqual(['a', 'b']);
    expect(e.attributes).toEqual(['capacity']);
  });
});

describe('conditions (three-valued)', () => {
  const values = { a: 6, b: 3, c: null };
  it.each([
    ['a > b', true],
    ['a < b', false],
    ['a >= 6', true],
    ['a <= 5.9', false],
    ['a == 6', true],
    ['a != 6', false],
    ['c > 1', null],
    ['c == c', null],
    ['a > b and b > 1', true],
    ['a > b and c > 1', null],
    ['a < b and c > 1', false],
    ['c > 1 and a < b', false],
    ['a > b or c > 1', true],
    ['c > 1 or a > b', true],
    ['a < b or c > 1', null],
    ['a < b or b < 1', false],
    ['not a > b', false],
    ['not c > 1', null],
    ['not not a > b', true],
    ['a > b and not (b > a or c > 1)', null],
    ['a - b > 2 * 1', true],
    ['attr.capacity > 100', true],
  ] as const)('%s is %s', (src, want) => {
    expect(cond(src).evaluate(values, { capacity: 150 })).toBe(want);
  });
});

describe('errors name the problem and the 0-based column', () => {
  it.each([
    ['a + pm25', "unknown metric 'pm25' at column 4"],
    ['a > b', 'expected a number, got a comparison at column 0'],
    ['a + (b', "expected ')', got the end of the expression at column 6"],
    ['a +', 'unexpected end of expression at column 3'],
    ['', 'unexpected end of expression at column 0'],
    ['a b', "unexpected 'b' at column 2"],
    ['a = b', "unexpected '=' (write '==' to compare) at column 2"],
    ['a && b', "unexpected '&' (write 'and', 'or', 'not') at column 2"],
    ['foo(a)', "unknown function 'foo' at column 0"],
    ['max', "unknown metric 'max' ('max' is a function: write max(...)) at column 0"],
    ['abs(a, b)', 'abs() takes 1 argument, got 2 at column 0'],
    ['round()', 'round() takes 1 to 2 arguments, got 0 at column 0'],
    ['step(a)', 'step() takes at least 2 arguments, got 1 at column 0'],
    ['min(a > b)', 'min() needs a number, got a comparison at column 4'],
    ['a + (b > 1)', "'+' needs a number, got a comparison at column 4"],
    ['attr', "expected '.NAME' after 'attr' at column 4"],
    ['attr.', "expected an attribute name after 'attr.' at column 5"],
    ['attr . x', "expected '.NAME' after 'attr' at column 5"],
    ['a.b', "unexpected '.' at column 1"],
    ['2a', "unexpected 'a' after a number at column 1"],
    ['a $ b', "unexpected character '$' at column 2"],
    ['__proto__', "unknown metric '__proto__' at column 0"],
    ['toString', "unknown metric 'toString' at column 0"],
    ['a and b', "'and' needs a condition, got a number at column 0"],
    ['not a', "'not' needs a condition, got a number at column 4"],
  ] as const)('%j', (src, message) => {
    expect(errorOf(src).message).toBe(message);
  });

  it('rejects a number where a condition is expected, and chained comparisons', () => {
    expect(errorOf('a + 1', 'boolean').message).toBe('expected a condition (a comparison), got a number at column 0');
    expect(errorOf('a < b < c', 'boolean').message).toBe("comparisons cannot be chained (write 'a < b and b < c') at column 6");
  });
});

describe('hostile input', () => {
  it('refuses over 500 characters (10k characters, no work done)', () => {
    const e = errorOf('a + '.repeat(2500) + 'a');
    expect(e.message).toBe('expression longer than 500 characters at column 500');
  });

  it('refuses nesting deeper than the limit, and accepts it at the limit', () => {
    const deep = '('.repeat(MAX_EXPRESSION_DEPTH) + 'a' + ')'.repeat(MAX_EXPRESSION_DEPTH);
    expect(errorOf(deep).message).toMatch(/^nested deeper than 32 levels at column \d+$/);
    const ok = '('.repeat(MAX_EXPRESSION_DEPTH - 2) + 'a' + ')'.repeat(MAX_EXPRESSION_DEPTH - 2);
    expect(num(ok).evaluate({ a: 2 }, {})).toBe(2);
    expect(errorOf('-'.repeat(100) + 'a').message).toMatch(/^nested deeper than 32 levels/);
    expect(errorOf('not '.repeat(60) + 'a > 1', 'boolean').message).toMatch(/^nested deeper than 32 levels/);
    expect(errorOf('abs('.repeat(40) + 'a' + ')'.repeat(40)).message).toMatch(/^nested deeper than 32 levels/);
  });

  it('a long flat expression within the limit evaluates', () => {
    const src = Array.from({ length: 120 }, () => 'a').join('+');
    expect(num(src).evaluate({ a: 1 }, {})).toBe(120);
  });

  it('never calls code: property names and JavaScript are just unknown names', () => {
    for (const src of ['process.exit(1)', 'this', 'globalThis', 'a["x"]', '`a`', "'a'", 'a; b', 'eval(a)', 'Function(a)']) {
      expect(() => num(src)).toThrow(ExpressionError);
    }
  });

  it('refuses a non-string', () => {
    expect(() => compileExpression(42 as unknown as string, { names: NAMES, expect: 'number' })).toThrow('an expression must be a string');
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Property: a random AST printed and re-parsed evaluates to the same value.

const METRICS = ['a', 'b', 'c'];
const numberNode: fc.Memo<ExpressionNode> = fc.memo((n): fc.Arbitrary<ExpressionNode> =>
  n <= 1
    ? fc.oneof<fc.Arbitrary<ExpressionNode>[]>(
        fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((value) => ({ kind: 'number' as const, value })),
        fc.integer({ min: 0, max: 100 }).map((value) => ({ kind: 'number' as const, value })),
        fc.constantFrom(...METRICS).map((name) => ({ kind: 'metric' as const, name })),
        fc.constantFrom('capacity', 'label', 'absent').map((name) => ({ kind: 'attr' as const, name })),
      )
    : fc.oneof<fc.Arbitrary<ExpressionNode>[]>(
        numberNode(n - 1).map((arg) => ({ kind: 'negate' as const, arg })),
        fc
          .record({ op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), left: numberNode(n - 1), right: numberNode(n - 1) })
          .map((r) => ({ kind: 'arithmetic' as const, ...r })),
        fc
          .record({ fn: fc.constantFrom('min' as const, 'max' as const, 'coalesce' as const), args: fc.array(numberNode(n - 1), { minLength: 1, maxLength: 3 }) })
          .map((r) => ({ kind: 'call' as const, ...r })),
        numberNode(n - 1).map((x) => ({ kind: 'call' as const, fn: 'abs' as const, args: [x] })),
        fc.tuple(numberNode(n - 1), fc.integer({ min: 0, max: 3 })).map(([x, d]) => ({ kind: 'call' as const, fn: 'round' as const, args: [x, { kind: 'number' as const, value: d }] })),
        fc.tuple(numberNode(n - 1), fc.array(numberNode(1), { minLength: 1, maxLength: 3 })).map(([x, ts]) => ({ kind: 'call' as const, fn: 'step' as const, args: [x, ...ts] })),
      ),
);
const conditionNode: fc.Memo<ExpressionNode> = fc.memo((n): fc.Arbitrary<ExpressionNode> =>
  n <= 1
    ? fc
        .record({ op: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const, '==' as const, '!=' as const), left: numberNode(2), right: numberNode(2) })
        .map((r) => ({ kind: 'compare' as const, ...r }))
    : fc.oneof<fc.Arbitrary<ExpressionNode>[]>(
        conditionNode(n - 1),
        conditionNode(n - 1).map((arg) => ({ kind: 'not' as const, arg })),
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: conditionNode(n - 1), right: conditionNode(n - 1) }),
      ),
);
const scope = fc.record({
  a: fc.option(fc.double({ min: -1000, max: 1000, noNaN: true }), { nil: null }),
  b: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  c: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
});
const attrs = fc.record({ capacity: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }), label: fc.constant('x') });

describe('printing and re-parsing', () => {
  it('gives the same value for random numeric ASTs', () => {
    fc.assert(
      fc.property(numberNode(3), scope, attrs, (ast, values, attributes) => {
        const src = printExpression(ast);
        fc.pre(src.length <= 500);
        const reparsed = parseExpression(src, new Set(METRICS));
        expect(reparsed.type).toBe('number');
        expect(Object.is(evaluateNode(reparsed.node, values, attributes), evaluateNode(ast, values, attributes))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same value for random conditions', () => {
    fc.assert(
      fc.property(conditionNode(3), scope, attrs, (ast, values, attributes) => {
        const src = printExpression(ast);
        fc.pre(src.length <= 500);
        const compiled = compileExpression(src, { names: new Set(METRICS), expect: 'boolean' });
        expect(compiled.evaluate(values, attributes)).toBe(evaluateNode(ast, values, attributes));
      }),
      { numRuns: 400 },
    );
  });
});
