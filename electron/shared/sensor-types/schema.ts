/**
 * Validation of sensor-type documents: the shape (zod, strict objects) and what a shape cannot say (unique metric
 * ids, formulas and checks that compile against the type's metrics, a headline and size metric that exist, ordered
 * colour bands, known units, min <= max). Every problem comes back with its path (`derived[1].formula`).
 *
 * Carries zod: the engine validates, the renderer receives validated types (it imports registry.ts, not this file).
 */
import { z } from 'zod';
import { compileExpression, ExpressionError, RESERVED_WORDS } from './expression';
import { GENERIC_FLAGS } from './registry';
import { PROVENANCES, TYPE_GEOMETRIES, type SensorType } from './types';
import { isKnownUnit } from './units';

export const TYPE_ID_PATTERN = /^[a-z][a-z0-9-]*$/;
export const METRIC_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const FLAG_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const metricShape = {
  id: z.string().max(64, 'must be at most 64 characters').regex(METRIC_ID_PATTERN, 'must start with a letter and hold only letters, digits and _'),
  label: text(120),
  unit: z.string().max(32, 'must be at most 32 characters'),
  min: finite.optional(),
  max: finite.optional(),
  precision: z.number().int('must be an integer').min(0).max(10),
  higherIsWorse: z.boolean().nullable(),
};

const metricSchema = z.strictObject(metricShape);
const derivedSchema = z.strictObject({ ...metricShape, formula: z.string().max(500, 'must be at most 500 characters') });

const checkSchema = z.strictObject({
  id: z.string().max(64).regex(FLAG_ID_PATTERN, 'must be lower-case letters, digits and -, starting with a letter'),
  label: text(200),
  when: z.string().max(500, 'must be at most 500 characters'),
});

const channel = z.number().int('must be an integer 0..255').min(0, 'must be 0..255').max(255, 'must be 0..255');

const bandSchema = z.strictObject({
  upTo: finite.nullable(),
  label: text(120),
  colour: z.tuple([channel, channel, channel]),
  severity: z.number().int('must be a whole number 0..4').min(0, 'must be 0 (normal) to 4').max(4, 'must be 0 (normal) to 4').optional(),
});

const sizeSchema = z.union([
  z.strictObject({ pixels: z.number().positive().max(100) }),
  z.strictObject({
    metric: z.string(),
    minPixels: z.number().positive().max(100),
    maxPixels: z.number().positive().max(100),
    domain: z.tuple([finite, finite]),
  }),
]);

const styleSchema = z.strictObject({
  headline: z.string(),
  bands: z.array(bandSchema).min(1, 'needs at least one band').max(20, 'at most 20 bands'),
  size: sizeSchema,
  shape: z.enum(['circle', 'square', 'diamond', 'triangle']).optional(),
});

export const sensorTypeSchema = z.strictObject({
  id: z.string().max(64, 'must be at most 64 characters').regex(TYPE_ID_PATTERN, 'must be lower-case letters, digits and -, starting with a letter'),
  schema: z.literal(1, 'must be 1 (the version of this document shape)'),
  label: text(120),
  pluralLabel: text(120),
  description: z.string().max(2000).optional(),
  geometry: z.enum(TYPE_GEOMETRIES),
  provenance: z.enum(PROVENANCES),
  provenanceNote: z.string().max(500).optional(),
  expectedIntervalS: z.number().positive('must be positive').max(31 * 86_400, 'must be at most 31 days'),
  metrics: z.array(metricSchema).min(1, 'a type needs at least one metric').max(200, 'at most 200 metrics'),
  derived: z.array(derivedSchema).max(100, 'at most 100 derived metrics'),
  checks: z.array(checkSchema).max(100, 'at most 100 checks'),
  style: styleSchema,
  starterRules: z.array(z.unknown()).max(100, 'at most 100 starter rules').optional(),
});

export interface SensorTypeIssue {
  /** e.g. `metrics[2].unit`, `derived[1].formula`; '' for the document itself. */
  path: string;
  message: string;
}
export type ParseSensorTypeResult = { ok: true; type: SensorType } | { ok: false; issues: SensorTypeIssue[] };

/** `['metrics', 2, 'unit']` -> `metrics[2].unit`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** The checks zod cannot do, on a document of the right shape. */
function semanticIssues(t: SensorType): SensorTypeIssue[] {
  const issues: SensorTypeIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const firstUse = new Map<string, string>();
  const all = [...t.metrics.map((m, i) => ({ m, path: `metrics[${i}]` })), ...t.derived.map((m, i) => ({ m, path: `derived[${i}]` }))];
  for (const { m, path } of all) {
    const before = firstUse.get(m.id);
    if (before !== undefined) add(`${path}.id`, `duplicate metric id '${m.id}' (also ${before})`);
    else firstUse.set(m.id, path);
    if (RESERVED_WORDS.has(m.id)) add(`${path}.id`, `'${m.id}' is a reserved word of the expression language`);
    if (!isKnownUnit(m.unit)) add(`${path}.unit`, `unknown unit '${m.unit}'`);
    if (m.min !== undefined && m.max !== undefined && m.min > m.max) add(`${path}.max`, `max (${m.max}) is below min (${m.min})`);
  }

  // A derived metric may read raw metrics and the derived metrics declared before it.
  const known = new Set(t.metrics.map((m) => m.id));
  const allIds = new Set(all.map((x) => x.m.id));
  t.derived.forEach((d, i) => {
    try {
      const compiled = compileExpression(d.formula, { names: allIds, expect: 'number' });
      const later = compiled.inputs.find((id) => !known.has(id));
      if (later !== undefined) {
        add(
          `derived[${i}].formula`,
          later === d.id ? `'${d.id}' cannot use itself` : `'${later}' is derived later: a formula may use raw metrics and the derived metrics declared before it`,
        );
      }
    } catch (e) {
      add(`derived[${i}].formula`, e instanceof ExpressionError ? e.message : String(e));
    }
    known.add(d.id);
  });

  const checkIds = new Set<string>();
  t.checks.forEach((c, i) => {
    if (checkIds.has(c.id)) add(`checks[${i}].id`, `duplicate check id '${c.id}'`);
    checkIds.add(c.id);
    if (Object.prototype.hasOwnProperty.call(GENERIC_FLAGS, c.id)) add(`checks[${i}].id`, `'${c.id}' is a generic flag every type has`);
    try {
      compileExpression(c.when, { names: allIds, expect: 'boolean' });
    } catch (e) {
      add(`checks[${i}].when`, e instanceof ExpressionError ? e.message : String(e));
    }
  });

  if (!allIds.has(t.style.headline)) add('style.headline', `unknown metric '${t.style.headline}'`);
  const size = t.style.size;
  if ('metric' in size) {
    if (!allIds.has(size.metric)) add('style.size.metric', `unknown metric '${size.metric}'`);
    if (size.minPixels > size.maxPixels) add('style.size.maxPixels', `maxPixels (${size.maxPixels}) is below minPixels (${size.minPixels})`);
    if (!(size.domain[0] < size.domain[1])) add('style.size.domain', 'must be [low, high] with low < high');
  }
  const bands = t.style.bands;
  bands.forEach((b, i) => {
    const prev = bands[i - 1];
    if (b.upTo === null) {
      if (i !== bands.length - 1) add(`style.bands[${i}].upTo`, 'only the last band may be open (upTo null)');
    } else if (prev && prev.upTo !== null && !(b.upTo > prev.upTo)) {
      add(`style.bands[${i}].upTo`, `must be above the previous band's ${prev.upTo} (bands ascend)`);
    }
  });
  return issues;
}

/** Validate a sensor-type document: the type, or every problem with its path. Never throws. */
export function parseSensorType(raw: unknown): ParseSensorTypeResult {
  const shape = sensorTypeSchema.safeParse(raw);
  if (!shape.success) {
    return { ok: false, issues: shape.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const type = shape.data as SensorType;
  const issues = semanticIssues(type);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, type };
}

/** "path: message" lines, for an error message or a log. */
export function formatSensorTypeIssues(issues: readonly SensorTypeIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}
