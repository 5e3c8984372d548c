/**
 * The sensor-type registry: validated type documents with their formulas and checks compiled once, answering what the
 * engine, the layers, the panels and the rule editor ask of a type (metrics, derived values, quality flags, colour
 * class). Immutable: `with` returns a new registry.
 *
 * Pure and zod-free (the renderer builds one from the engine's snapshot). Types are validated by parseSensorType
 * (schema.ts) before they get here; `from` still refuses a formula or check that does not compile.
 */
import { compileExpression, ExpressionError, type CompiledConditionExpression, type CompiledNumberExpression } from './expression';
import type { ColourBand, DerivedMetricDef, MetricDef, SensorType } from './types';

/**
 * Flags every type gets, before its own checks:
 *   missing-value   a metric of the type was sent empty (null)
 *   negative-value  a raw metric without a declared `min` is below 0 (no `min` means the metric cannot be negative;
 *                   a metric that can, such as a temperature or a delay, declares its `min`)
 *   out-of-range    a raw metric is outside its declared [min, max]
 *   unknown-metric  the reading carries a metric the type does not define (kept out of the type's values, counted)
 * Values are never altered: a flag says what is odd about them.
 */
export const GENERIC_FLAGS: Record<'missing-value' | 'negative-value' | 'out-of-range' | 'unknown-metric', string> = {
  'missing-value': 'A metric was reported empty',
  'negative-value': 'A metric is negative, which is physically impossible',
  'out-of-range': "A value is outside the metric's valid range",
  'unknown-metric': 'A metric this sensor type does not define was reported',
};
export type GenericFlag = keyof typeof GENERIC_FLAGS;

export type Attributes = Readonly<Record<string, string | number | null>>;
export type Values = Readonly<Record<string, number | null>>;

/** A type document that cannot be compiled (a programming error: documents are validated before). */
export class SensorTypeRegistryError extends Error {
  override readonly name = 'SensorTypeRegistryError';
}

interface CompiledType {
  readonly type: SensorType;
  readonly metrics: readonly (MetricDef | DerivedMetricDef)[];
  readonly byId: ReadonlyMap<string, MetricDef | DerivedMetricDef>;
  readonly raw: readonly MetricDef[];
  readonly rawIds: ReadonlySet<string>;
  readonly derived: readonly { id: string; expr: CompiledNumberExpression }[];
  readonly checks: readonly { id: string; label: string; expr: CompiledConditionExpression }[];
  readonly checkLabels: ReadonlyMap<string, string>;
}

const hasOwn = Object.prototype.hasOwnProperty;

function compileType(type: SensorType): CompiledType {
  const metrics = [...type.metrics, ...type.derived];
  const byId = new Map(metrics.map((m) => [m.id, m] as const));
  const where = (path: string, e: unknown): never => {
    const message = e instanceof ExpressionError || e instanceof Error ? e.message : String(e);
    throw new SensorTypeRegistryError(`sensor type '${type.id}': ${path}: ${message}`);
  };
  const known = new Set(type.metrics.map((m) => m.id));
  const derived = type.derived.map((d, i) => {
    let expr: CompiledNumberExpression | undefined;
    try {
      expr = compileExpression(d.formula, { names: known, expect: 'number' });
    } catch (e) {
      where(`derived[${i}].formula`, e);
    }
    known.add(d.id);
    return { id: d.id, expr: expr as CompiledNumberExpression };
  });
  const checks = type.checks.map((c, i) => {
    try {
      return { id: c.id, label: c.label, expr: compileExpression(c.when, { names: known, expect: 'boolean' }) };
    } catch (e) {
      return where(`checks[${i}].when`, e);
    }
  });
  return {
    type,
    metrics,
    byId,
    raw: type.metrics,
    rawIds: new Set(type.metrics.map((m) => m.id)),
    derived,
    checks,
    checkLabels: new Map(type.checks.map((c) => [c.id, c.label])),
  };
}

export class SensorTypeRegistry {
  private constructor(private readonly types: ReadonlyMap<string, CompiledType>) {}

  /** A registry of these types (compiled once). Throws SensorTypeRegistryError on a duplicate id or a bad formula. */
  static from(types: readonly SensorType[]): SensorTypeRegistry {
    const map = new Map<string, CompiledType>();
    for (const t of types) {
      if (map.has(t.id)) throw new SensorTypeRegistryError(`sensor type '${t.id}' is defined twice`);
      map.set(t.id, compileType(t));
    }
    return new SensorTypeRegistry(map);
  }

  /** This registry plus these types; a type with an existing id replaces it. */
  with(types: readonly SensorType[]): SensorTypeRegistry {
    const map = new Map(this.types);
    const added = new Set<string>();
    for (const t of types) {
      if (added.has(t.id)) throw new SensorTypeRegistryError(`sensor type '${t.id}' is defined twice`);
      added.add(t.id);
      map.set(t.id, compileType(t));
    }
    return new SensorTypeRegistry(map);
  }

  get(typeId: string): SensorType | undefined {
    return this.types.get(typeId)?.type;
  }

  has(typeId: string): boolean {
    return this.types.has(typeId);
  }

  all(): readonly SensorType[] {
    return [...this.types.values()].map((c) => c.type);
  }

  /** Raw metrics first, then derived ones, in declaration order; empty for an unknown type. */
  metricsOf(typeId: string): readonly (MetricDef | DerivedMetricDef)[] {
    return this.types.get(typeId)?.metrics ?? [];
  }

  metric(typeId: string, metricId: string): MetricDef | DerivedMetricDef | undefined {
    return this.types.get(typeId)?.byId.get(metricId);
  }

  /** True for a metric the sensor sends (not a derived one). */
  isRaw(typeId: string, metricId: string): boolean {
    return this.types.get(typeId)?.rawIds.has(metricId) ?? false;
  }

  /**
   * The derived metrics of a reading, in declaration order (a derived metric may use an earlier one). Missing inputs
   * give null, never 0. Empty for an unknown type.
   */
  derive(typeId: string, attributes: Attributes, values: Values): Record<string, number | null> {
    const c = this.types.get(typeId);
    const out: Record<string, number | null> = {};
    if (!c || c.derived.length === 0) return out;
    const scope: Record<string, number | null> = {};
    for (const m of c.raw) if (hasOwn.call(values, m.id)) scope[m.id] = values[m.id] ?? null;
    for (const d of c.derived) {
      const v = d.expr.evaluate(scope, attributes);
      scope[d.id] = v;
      out[d.id] = v;
    }
    return out;
  }

  /**
   * Quality flags of a reading: the generic flags (GENERIC_FLAGS, in that order, each at most once), then each of the
   * type's checks whose condition is true (a check that cannot be decided, for lack of a value, is not raised).
   * `derived` may pass what derive() returned for the same reading, to skip computing it again.
   */
  flags(typeId: string, attributes: Attributes, values: Values, derived?: Readonly<Record<string, number | null>>): string[] {
    const c = this.types.get(typeId);
    let missing = false;
    let negative = false;
    let outOfRange = false;
    let unknown = false;
    for (const key in values) {
      if (!hasOwn.call(values, key)) continue;
      const m = c?.rawIds.has(key) ? c.byId.get(key) : undefined;
      if (!m) {
        unknown = true;
        continue;
      }
      const v = values[key];
      if (v === null || v === undefined || !Number.isFinite(v)) {
        missing = true;
        continue;
      }
      if (m.min === undefined && v < 0) negative = true;
      if ((m.min !== undefined && v < m.min) || (m.max !== undefined && v > m.max)) outOfRange = true;
    }
    const out: string[] = [];
    if (missing) out.push('missing-value');
    if (negative) out.push('negative-value');
    if (outOfRange) out.push('out-of-range');
    if (unknown) out.push('unknown-metric');
    if (!c || c.checks.length === 0) return out;
    const scope: Record<string, number | null> = {};
    for (const m of c.raw) if (hasOwn.call(values, m.id)) scope[m.id] = values[m.id] ?? null;
    const d = derived ?? this.derive(typeId, attributes, values);
    for (const { id } of c.derived) scope[id] = hasOwn.call(d, id) ? (d[id] ?? null) : null;
    for (const check of c.checks) if (check.expr.evaluate(scope, attributes) === true) out.push(check.id);
    return out;
  }

  /** What a flag means: the type's check label, else the generic text, else another type's check label, else the id. */
  flagLabel(flagId: string, typeId?: string): string {
    if (typeId !== undefined) {
      const own = this.types.get(typeId)?.checkLabels.get(flagId);
      if (own !== undefined) return own;
    }
    if (hasOwn.call(GENERIC_FLAGS, flagId)) return GENERIC_FLAGS[flagId as GenericFlag];
    for (const c of this.types.values()) {
      const label = c.checkLabels.get(flagId);
      if (label !== undefined) return label;
    }
    return flagId;
  }

  /** The colour class of a headline value: the first band whose `upTo` is at least the value (null: open). */
  band(typeId: string, value: number | null): ColourBand | null {
    if (value === null || !Number.isFinite(value)) return null;
    const bands = this.types.get(typeId)?.type.style.bands;
    if (!bands) return null;
    for (const b of bands) if (b.upTo === null || value <= b.upTo) return b;
    return null;
  }
}
