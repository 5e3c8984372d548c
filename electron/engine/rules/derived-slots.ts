/**
 * Derived metrics for the evaluator's hot path: the registry's formulas (the type document's `derived`, parsed by the
 * registry's expression parser) compiled to closures over a sensor's value array, with the sensor's attributes bound
 * as constants. The registry's own evaluation (SensorTypeRegistry.derive) builds records per reading, which cost the
 * rules evaluator a third of its speed on the demo week; this evaluates the same AST with the same semantics on
 * numbers, NaN standing for missing: a missing input gives a missing result, a division by zero or a result that is
 * not finite is missing, min / max / coalesce skip missing arguments. A property test (derived-slots.test.ts) holds it
 * equal to SensorTypeRegistry.derive on every shipped type.
 */
import { compileExpression, type ExpressionNode } from '../../shared/sensor-types/expression';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import type { Sensor } from '../../shared/model';
import type { TypeSlots } from './metrics';

/** A derived metric of one sensor: computes its value from the sensor's value array (NaN = missing). */
export type DerivedFn = (vals: Float64Array) => number;

export interface DerivedPlan {
  /** The slots to compute, in the type's declaration order (a derived metric may read an earlier one). */
  slots: Int32Array;
  fns: DerivedFn[];
  /** Raw metric slots the formulas read (they must be read from each reading). */
  rawInputs: number[];
}

const fin = (x: number): number => (x - x === 0 ? x : NaN);

function compileNode(n: ExpressionNode, slots: TypeSlots, attrs: Sensor['attributes']): DerivedFn {
  switch (n.kind) {
    case 'number': {
      const v = n.value;
      return () => v;
    }
    case 'metric': {
      const i = slots.index.get(n.name);
      if (i === undefined) return () => NaN;
      return (vals) => vals[i]!;
    }
    case 'attr': {
      const a = attrs[n.name];
      const v = typeof a === 'number' && Number.isFinite(a) ? a : NaN;
      return () => v;
    }
    case 'negate': {
      const f = compileNode(n.arg, slots, attrs);
      return (vals) => -f(vals);
    }
    case 'arithmetic': {
      const l = compileNode(n.left, slots, attrs);
      const r = compileNode(n.right, slots, attrs);
      switch (n.op) {
        case '+':
          return (vals) => fin(l(vals) + r(vals));
        case '-':
          return (vals) => fin(l(vals) - r(vals));
        case '*':
          return (vals) => fin(l(vals) * r(vals));
        case '/':
          return (vals) => {
            const a = l(vals);
            const b = r(vals);
            return b === 0 ? NaN : fin(a / b);
          };
      }
      break;
    }
    case 'call': {
      const args = n.args.map((x) => compileNode(x, slots, attrs));
      const k = args.length;
      switch (n.fn) {
        case 'min':
        case 'max': {
          const isMax = n.fn === 'max';
          return (vals) => {
            let best = NaN;
            for (let i = 0; i < k; i++) {
              const v = args[i]!(vals);
              if (v === v && (best !== best || (isMax ? v > best : v < best))) best = v;
            }
            return best;
          };
        }
        case 'abs': {
          const f = args[0]!;
          return (vals) => Math.abs(f(vals));
        }
        case 'round': {
          const f = args[0]!;
          if (k === 1) return (vals) => Math.round(f(vals));
          const g = args[1]!;
          return (vals) => {
            const v = f(vals);
            const d = g(vals);
            if (v !== v || !Number.isInteger(d) || d < 0 || d > 12) return NaN;
            const p = 10 ** d;
            return fin(Math.round(v * p) / p);
          };
        }
        case 'coalesce':
          return (vals) => {
            for (let i = 0; i < k; i++) {
              const v = args[i]!(vals);
              if (v === v) return v;
            }
            return NaN;
          };
        case 'step':
          return (vals) => {
            const x = args[0]!(vals);
            if (x !== x) return NaN;
            let above = 0;
            for (let i = 1; i < k; i++) {
              const t = args[i]!(vals);
              if (t !== t) return NaN;
              if (x > t) above++;
            }
            return above;
          };
      }
      break;
    }
  }
  throw new Error(`evaluator: a derived formula has a ${n.kind} node where a number is expected`);
}

/**
 * Parsed formulas by registry, then type and metric ('type\nmetric'): parsed once per type, not again for each sensor
 * of the type at each rebuild; only the closures, which bind a sensor's attributes, are per sensor. (By registry, not
 * by TypeSlots: a sensor keeps its TypeSlots across a registry whose type has the same metrics but other formulas.)
 */
const parsedByRegistry = new WeakMap<SensorTypeRegistry, Map<string, { ast: ExpressionNode; inputs: readonly string[] }>>();

/**
 * The plan for the derived metrics `wanted` (slots) of one sensor: those, the derived metrics they read (computed
 * first), and the raw slots they all read.
 */
export function planDerived(registry: SensorTypeRegistry, slots: TypeSlots, sensor: Sensor, wanted: Iterable<number>): DerivedPlan {
  const parsed = parsedByRegistry.get(registry) ?? new Map<string, { ast: ExpressionNode; inputs: readonly string[] }>();
  parsedByRegistry.set(registry, parsed);
  const parse = (slot: number) => {
    const key = `${slots.typeId}\n${slots.names[slot]}`;
    let p = parsed.get(key);
    if (!p) {
      const def = registry.metric(slots.typeId, slots.names[slot]!);
      const formula = def && 'formula' in def ? def.formula : null;
      if (formula === null) throw new Error(`evaluator: ${slots.names[slot]} of ${slots.typeId} has no formula`);
      const c = compileExpression(formula, { names: new Set(slots.names), expect: 'number' });
      parsed.set(key, (p = { ast: c.ast, inputs: c.inputs }));
    }
    return p;
  };
  const need = new Set<number>();
  const raw = new Set<number>();
  const visit = (slot: number) => {
    if (need.has(slot)) return;
    need.add(slot);
    for (const input of parse(slot).inputs) {
      const i = slots.index.get(input);
      if (i === undefined) continue;
      if (slots.derived[i]) visit(i);
      else raw.add(i);
    }
  };
  for (const s of wanted) visit(s);
  const order = [...need].sort((a, b) => a - b); // derived slots follow the type's declaration order
  return {
    slots: Int32Array.from(order),
    fns: order.map((s) => compileNode(parse(s).ast, slots, sensor.attributes)),
    rawInputs: [...raw].sort((a, b) => a - b),
  };
}
