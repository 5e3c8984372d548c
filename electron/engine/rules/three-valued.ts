/**
 * The three-valued logic of rule conditions, written once: a condition is TRUE, FALSE or UNKNOWN. A missing value
 * (NaN: null, an absent metric, an empty window) compares as UNKNOWN; UNKNOWN never raises an alert and never clears
 * one. all: FALSE wins over UNKNOWN, UNKNOWN over TRUE. any: TRUE wins over UNKNOWN, UNKNOWN over FALSE.
 */
import type { CompareOp } from './schema';

export const TRUE = 1;
export const FALSE = 0;
export const UNKNOWN = -1;

// Comparison op codes.
export const GT = 0;
export const GE = 1;
export const LT = 2;
export const LE = 3;
export const BETWEEN = 4;
export const OUTSIDE = 5;
export const OP_CODE: Record<CompareOp, number> = { '>': GT, '>=': GE, '<': LT, '<=': LE, between: BETWEEN, outside: OUTSIDE };

export function compare(v: number, op: number, a: number, b: number): number {
  if (v !== v) return UNKNOWN;
  switch (op) {
    case GT:
      return v > a ? TRUE : FALSE;
    case GE:
      return v >= a ? TRUE : FALSE;
    case LT:
      return v < a ? TRUE : FALSE;
    case LE:
      return v <= a ? TRUE : FALSE;
    case BETWEEN:
      return v >= a && v <= b ? TRUE : FALSE;
    default:
      return v < a || v > b ? TRUE : FALSE;
  }
}


/** all of two truths: FALSE wins over UNKNOWN, UNKNOWN over TRUE. */
export function and3(a: number, b: number): number {
  return a === FALSE || b === FALSE ? FALSE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : TRUE;
}

/** any of two truths: TRUE wins over UNKNOWN, UNKNOWN over FALSE. */
export function or3(a: number, b: number): number {
  return a === TRUE || b === TRUE ? TRUE : a === UNKNOWN || b === UNKNOWN ? UNKNOWN : FALSE;
}
