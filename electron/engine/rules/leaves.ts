/**
 * The fast paths' view of a condition: a leaf (threshold, window aggregate or rate of change) is a value source, an
 * op and bounds, read by index from the sensor's value array. Rule shapes the evaluator runs inline (FAST_*), and the
 * all / any of leaves judged without closures.
 */
import { type Agg, type Condition, type CompareValue } from './schema';
import { and3, compare, FALSE, GE, GT, LE, LT, BETWEEN, OP_CODE, or3, TRUE } from './three-valued';
import type { TypeSlots } from './metrics';

export const FAST_GENERIC = 0;
export const FAST_LEAF = 1;
export const FAST_SUST = 2;
export const FAST_NODATA = 3;

// Leaf value sources.
export const SRC_VAL = 0;
export const SRC_AVG = 1;
const SRC_MIN = 2;
const SRC_MAX = 3;
const SRC_SUM = 4;
const SRC_COUNT = 5;
const SRC_CHANGE = 6;
const AGG_SRC: Record<Agg, number> = { avg: SRC_AVG, min: SRC_MIN, max: SRC_MAX, sum: SRC_SUM, count: SRC_COUNT };

export interface Leaf {
  src: number;
  slot: number;
  win: number;
  op: number;
  a: number;
  b: number;
}

// StateBlock.one codes: the leaf is an interval test (IN) or its complement (OUT), of a LEAF or a SUST subject.
export const ONE_IN = 1;
export const ONE_OUT = 2;
export const ONE_SUST = 4;
export const C_EXPLICIT = 8;

/** The next double above x (x finite or -Infinity). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  if (x === Infinity || x !== x) return x;
  F64[0] = x;
  if (x > 0) I64[0]! += 1n;
  else I64[0]! -= 1n;
  return F64[0]!;
}
const F64 = new Float64Array(1);
const I64 = new BigInt64Array(F64.buffer);

/**
 * A comparison as an interval, exactly (doubles): `v > a` is `v >= nextUp(a)`, `v < a` is `v <= -nextUp(-a)`.
 * [ONE_IN, lo, hi]: true when lo <= v <= hi; [ONE_OUT, lo, hi]: true when v < lo or v > hi. NaN is never true.
 */
export function leafInterval(op: number, a: number, b: number): [number, number, number] {
  switch (op) {
    case GT:
      return [ONE_IN, nextUp(a), Infinity];
    case GE:
      return [ONE_IN, a, Infinity];
    case LT:
      return [ONE_IN, -Infinity, -nextUp(-a)];
    case LE:
      return [ONE_IN, -Infinity, a];
    case BETWEEN:
      return [ONE_IN, a, b];
    default:
      return [ONE_OUT, a, b];
  }
}

/** A condition as leaves: one leaf, or all / any of leaves; null for other shapes. */
export function leavesOf(c: Condition, windowOf: Map<Condition, number>, slots: TypeSlots): { any: boolean; leaves: Leaf[] } | null {
  const one = leafOf(c, windowOf, slots);
  if (one) return { any: false, leaves: [one] };
  if (c.type !== 'all' && c.type !== 'any') return null;
  const leaves: Leaf[] = [];
  for (const x of c.conditions) {
    const l = leafOf(x, windowOf, slots);
    if (!l) return null;
    leaves.push(l);
  }
  return { any: c.type === 'any', leaves };
}

/** all / any of leaves, as the generic all / any closures judge them (a leaf has no side effects: short cut). */
export function evalLeaves(vals: Float64Array, off: Int32Array, st: number, n: number, any: boolean, p: Float64Array): number {
  if (n === 1) return compare(vals[off[st]!]!, p[0]!, p[1]!, p[2]!);
  let res = any ? FALSE : TRUE;
  for (let j = 0; j < n; j++) {
    const r = compare(vals[off[st + j]!]!, p[3 * j]!, p[3 * j + 1]!, p[3 * j + 2]!);
    // A leaf has no side effects: the first deciding leaf settles it.
    if (any) {
      if ((res = or3(res, r)) === TRUE) return TRUE;
    } else if ((res = and3(res, r)) === FALSE) return FALSE;
  }
  return res;
}

function leafOf(c: Condition, windowOf: Map<Condition, number>, slots: TypeSlots): Leaf | null {
  if (c.type !== 'threshold' && c.type !== 'window' && c.type !== 'rate') return null;
  const [a, b] = bounds(c.value);
  const op = OP_CODE[c.op];
  if (c.type === 'threshold') return { src: SRC_VAL, slot: slots.index.get(c.metric)!, win: -1, op, a, b };
  return { src: c.type === 'rate' ? SRC_CHANGE : AGG_SRC[c.agg], slot: -1, win: windowOf.get(c)!, op, a, b };
}


export function bounds(v: CompareValue): [number, number] {
  return Array.isArray(v) ? [v[0], v[1]] : [v, v];
}
