/**
 * Alert rules: a rule is a versioned JSON document (see RULES.md beside this file), validated with zod. Validation
 * errors name the path and the problem in a supervisor's words: `condition.conditions[1].minutes: must be at most 24 h
 * (1440 minutes)`. Nothing a user types is ever evaluated as code.
 */
import { z } from 'zod';
import { typeOfV1Kind } from '../../shared/protocol';
import { GENERIC_FLAGS, type SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../../shared/severity';

export const RULE_SCHEMA_VERSION = 1;
export const MAX_MINUTES = 24 * 60;
/**
 * Combined conditions nest at most this deep: the root condition is level 1, each all / any / sustained puts its
 * conditions one level deeper. Checked on the raw JSON without recursion before anything else (a rule nested 10,000
 * deep gets a path error, not a stack overflow).
 */
export const MAX_CONDITION_DEPTH = 6;
/** Conditions per rule, condition and clear.condition together, counting every all / any / sustained and leaf. */
export const MAX_CONDITIONS_PER_RULE = 50;
/** Conditions listed in one all / any. */
export const MAX_CONDITIONS_PER_GROUP = 20;
/** Largest magnitude of a compared value or a hysteresis (every metric of the demo city is far below it). */
export const MAX_ABS_VALUE = 1e9;
export { SEVERITIES, SEVERITY_RANK, type Severity };

export const COMPARE_OPS = ['>', '>=', '<', '<=', 'between', 'outside'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export const AGGS = ['avg', 'min', 'max', 'sum', 'count'] as const;
export type Agg = (typeof AGGS)[number];

/** A comparison's right-hand side: a number, or [lo, hi] for between / outside (inclusive bounds). */
export type CompareValue = number | [number, number];

export interface ThresholdCondition {
  type: 'threshold';
  metric: string;
  op: CompareOp;
  value: CompareValue;
}
export interface SustainedCondition {
  type: 'sustained';
  minutes: number;
  condition: Condition;
}
export interface WindowCondition {
  type: 'window';
  agg: Agg;
  metric: string;
  minutes: number;
  op: CompareOp;
  value: CompareValue;
}
export interface RateCondition {
  type: 'rate';
  metric: string;
  minutes: number;
  op: CompareOp;
  value: CompareValue;
}
export interface NoDataCondition {
  type: 'noData';
  minutes: number;
}
export interface AreaCondition {
  type: 'area';
  agg: Agg;
  metric: string;
  op: CompareOp;
  value: CompareValue;
  /** Sensors whose latest reading is older than this are left out of the aggregate. Default 60. */
  maxAgeMinutes?: number;
}
export interface AllCondition {
  type: 'all';
  conditions: Condition[];
}
export interface AnyCondition {
  type: 'any';
  conditions: Condition[];
}
export type Condition =
  | ThresholdCondition
  | SustainedCondition
  | WindowCondition
  | RateCondition
  | NoDataCondition
  | AreaCondition
  | AllCondition
  | AnyCondition;
export type ConditionType = Condition['type'];

export type Scope =
  | { type: 'kind' }
  | { type: 'sensors'; ids: string[] }
  | { type: 'zone'; district: string | number }
  | { type: 'zone'; polygon: [number, number][] };

export interface Rule {
  schema: 1;
  id: string;
  /** Set by the store when a version is saved (rule_versions.version); carried on alert events. */
  version?: number;
  name: string;
  description?: string;
  enabled: boolean;
  severity: Severity;
  /** A sensor type id of the registry (shipped, or sent by the feed), e.g. 'car-park'. */
  kind: string;
  scope: Scope;
  /** Static attribute filter: a sensor is in scope only if each named attribute has one of the listed values. */
  filter?: Record<string, (string | number)[]>;
  condition: Condition;
  clear?: { condition?: Condition; hysteresis?: number; minClearMinutes?: number };
  activeHours?: { from: string; to: string; days?: number[]; timeZone: string };
  escalation?: { afterMinutes: number; to: 'warning' | 'critical' };
  /** 'sensor': one alert per sensor in scope. 'zone': one alert for the whole scope (area conditions). */
  subject: 'sensor' | 'zone';
  /** Why the rule exists and what the operator does about it (filled in the rule editor; older rules lack it). */
  rationale?: Rationale;
  /**
   * Common cause: the sensors' alerts collapse into one alarm per group (its members listed, the first one first-out).
   * Only for sensor subjects.
   */
  group?: Grouping;
  /** Quality flags (the registry's flag ids) the rule ignores or requires; see RuleQuality. */
  quality?: RuleQuality;
}

/** The alarm rationale (ISA-18.2): cause, consequence, corrective action, and the time the operator has to respond. */
export interface Rationale {
  /** What makes the condition happen (`A jam, an accident or road works on the segment`). */
  cause: string;
  /** What happens if nobody acts (`Queues spread to the ring road; buses run late`). */
  consequence: string;
  /** What the operator should do ("what to do", shown on the alarm and in the sensor panel). */
  action: string;
  /** Minutes the operator has to respond; with the severity it sets the alarm's priority (alarm-priority.ts). */
  respondWithinMinutes: number;
}

/**
 * How a rule's sensor alerts group into one alarm:
 * - district: one alarm per district (of the zones the engine knows) the sensors lie in; sensors outside every
 *   district alarm alone;
 * - attribute: one alarm per value of a static attribute (a corridor: `{ by: 'attribute', attribute: 'road' }`);
 *   sensors without the attribute alarm alone;
 * - areas: one alarm per drawn area (named polygons); sensors outside every area alarm alone;
 * - scope: one alarm for the rule's whole scope.
 */
export type Grouping =
  | { by: 'district' }
  | { by: 'attribute'; attribute: string }
  | { by: 'areas'; areas: { name: string; polygon: [number, number][] }[] }
  | { by: 'scope' };

/**
 * Quality flags and a rule. `skip`: a reading carrying any of these flags is unknown to the rule (it neither raises nor
 * clears), e.g. a congestion rule skips `zero-vehicles` (no vehicle counted is not a jam). `only`: the rule sees only
 * readings carrying at least one of these flags (a data-quality rule). Flag ids are the registry's (the type's checks
 * and the generic flags).
 */
export interface RuleQuality {
  skip?: string[];
  only?: string[];
}

// ---------------------------------------------------------------------------------------------------------------------
// zod schemas

/** An error message that says 'is required' when the field is missing. */
const req = (msg: string) => (i: { input?: unknown }) => (i.input === undefined ? 'is required' : msg);

/** Whole minutes from `least` to 24 h. Durations, window sizes and rate spans are at least 1 minute. */
const minutes = (least = 1) =>
  z
    .number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number of minutes') })
    .refine((v) => Number.isFinite(v), 'must be a finite number')
    .refine((v) => Number.isInteger(v), 'must be a whole number of minutes')
    .refine((v) => v >= least, least === 1 ? 'must be at least 1 minute' : `must be at least ${least} minutes`)
    .refine((v) => v <= MAX_MINUTES, `must be at most 24h (${MAX_MINUTES} minutes)`);

const finiteNumber = z
  .number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a number') })
  .refine(Number.isFinite, 'must be a finite number')
  .refine((v) => Math.abs(v) <= MAX_ABS_VALUE, `must be between -${MAX_ABS_VALUE} and ${MAX_ABS_VALUE}`);
const compareValue = z.union([finiteNumber, z.tuple([finiteNumber, finiteNumber])], {
  error: 'must be a number, or [low, high] for between / outside',
});
const op = z.enum(COMPARE_OPS, { error: req(`must be one of ${COMPARE_OPS.map((o) => `'${o}'`).join(', ')}`) });
const agg = z.enum(AGGS, { error: req(`must be one of ${AGGS.map((o) => `'${o}'`).join(', ')}`) });
const metric = z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a metric name') }).min(1, 'must name a metric');

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('threshold'), metric, op, value: compareValue }).strict(),
      z.object({ type: z.literal('sustained'), minutes: minutes(), condition: conditionSchema }).strict(),
      z.object({ type: z.literal('window'), agg, metric, minutes: minutes(), op, value: compareValue }).strict(),
      z.object({ type: z.literal('rate'), metric, minutes: minutes(), op, value: compareValue }).strict(),
      z.object({ type: z.literal('noData'), minutes: minutes() }).strict(),
      z.object({ type: z.literal('area'), agg, metric, op, value: compareValue, maxAgeMinutes: minutes().optional() }).strict(),
      z.object({ type: z.literal('all'), conditions: z.array(conditionSchema).min(1, 'must list at least one condition').max(MAX_CONDITIONS_PER_GROUP, `must list at most ${MAX_CONDITIONS_PER_GROUP} conditions`) }).strict(),
      z.object({ type: z.literal('any'), conditions: z.array(conditionSchema).min(1, 'must list at least one condition').max(MAX_CONDITIONS_PER_GROUP, `must list at most ${MAX_CONDITIONS_PER_GROUP} conditions`) }).strict(),
    ],
    { error: req("must be one of 'threshold', 'sustained', 'window', 'rate', 'noData', 'area', 'all', 'any'") },
  ),
);

const lngLat = z.tuple([
  finiteNumber.refine((v) => v >= -180 && v <= 180, 'longitude must be between -180 and 180'),
  finiteNumber.refine((v) => v >= -90 && v <= 90, 'latitude must be between -90 and 90'),
]);

const scopeSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('kind') }).strict(),
    z
      .object({
        type: z.literal('sensors'),
        ids: z
          .array(z.string().regex(/^\S+$/, 'must be a sensor id such as parking:MAGASIN (no spaces)').max(200, 'must be at most 200 characters'))
          .min(1, 'must list at least one sensor')
          .max(1000, 'must list at most 1000 sensors'),
      })
      .strict(),
    z
      .object({
        type: z.literal('zone'),
        district: z.union([z.string().trim().min(1, 'must name a district'), z.number().int()]).optional(),
        polygon: z.array(lngLat).min(3, 'must have at least 3 corners').max(10_000, 'must have at most 10000 corners').optional(),
      })
      .strict()
      .refine((s) => (s.district === undefined) !== (s.polygon === undefined), { message: 'a zone needs either a district or a polygon (not both)' }),
  ],
  { error: req("must be one of 'kind', 'sensors', 'zone'") },
);

const flagId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a quality flag id such as zero-vehicles');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (00:00 to 23:59)');

const ruleSchema = z
  .object({
    schema: z.literal(RULE_SCHEMA_VERSION, { error: req(`must be ${RULE_SCHEMA_VERSION} (this CityDesk reads rule schema version ${RULE_SCHEMA_VERSION})`) }),
    id: z
      .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug: lower-case letters, digits and single dashes (e.g. car-park-full)')
      .max(64, 'must be at most 64 characters'),
    version: z.number().int('must be a whole number').min(1, 'must be 1 or more').optional(),
    name: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') }).trim().min(1, 'cannot be empty').max(120, 'must be at most 120 characters'),
    description: z.string().max(2000, 'must be at most 2000 characters').optional(),
    enabled: z.boolean({ error: (i) => (i.input === undefined ? 'is required' : 'must be true or false') }),
    severity: z.enum(SEVERITIES, { error: req("must be one of 'info', 'warning', 'critical'") }),
    kind: z
      .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a sensor type id') })
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a sensor type id: lower-case letters, digits and single dashes (e.g. car-park)')
      .max(64, 'must be at most 64 characters'),
    scope: scopeSchema,
    filter: z
      .record(z.string().min(1), z.array(z.union([z.string(), finiteNumber])).min(1, 'must list at least one value'))
      .optional(),
    condition: conditionSchema,
    clear: z
      .object({
        condition: conditionSchema.optional(),
        hysteresis: finiteNumber.refine((v) => v >= 0, 'must be 0 or more').optional(),
        minClearMinutes: minutes(0).optional(),
      })
      .strict()
      .optional(),
    activeHours: z
      .object({
        from: hhmm,
        to: hhmm,
        days: z.array(z.number().int().min(1, 'days are 1 (Monday) to 7 (Sunday)').max(7, 'days are 1 (Monday) to 7 (Sunday)')).min(1, 'must list at least one day').optional(),
        // No city is assumed: a rule without a zone is read in UTC. The rule editor always writes the city's zone, and
        // stored rules were saved with their zone filled in, so they keep their meaning.
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London or UTC').default('UTC'),
      })
      .strict()
      .refine((h) => h.from !== h.to, { message: 'must differ from activeHours.from (leave activeHours out for all day)', path: ['to'] })
      .optional(),
    escalation: z
      .object({ afterMinutes: minutes(), to: z.enum(['warning', 'critical'], { error: req("must be 'warning' or 'critical'") }) })
      .strict()
      .optional(),
    subject: z.enum(['sensor', 'zone'], { error: "must be 'sensor' or 'zone'" }).optional(),
    rationale: z
      .object({
        cause: rationaleText('the cause'),
        consequence: rationaleText('the consequence'),
        action: rationaleText('what the operator should do'),
        respondWithinMinutes: minutes(),
      })
      .strict()
      .optional(),
    group: z
      .discriminatedUnion(
        'by',
        [
          z.object({ by: z.literal('district') }).strict(),
          z.object({ by: z.literal('attribute'), attribute: z.string().trim().min(1, 'must name an attribute').max(100, 'must be at most 100 characters') }).strict(),
          z
            .object({
              by: z.literal('areas'),
              areas: z
                .array(
                  z
                    .object({
                      name: z.string().trim().min(1, 'must name the area').max(120, 'must be at most 120 characters'),
                      polygon: z.array(lngLat).min(3, 'must have at least 3 corners').max(10_000, 'must have at most 10000 corners'),
                    })
                    .strict(),
                )
                .min(1, 'must list at least one area')
                .max(100, 'must list at most 100 areas'),
            })
            .strict(),
          z.object({ by: z.literal('scope') }).strict(),
        ],
        { error: req("must be one of 'district', 'attribute', 'areas', 'scope'") },
      )
      .optional(),
    quality: z
      .object({
        skip: z.array(flagId).min(1, 'must list at least one flag').max(50).optional(),
        only: z.array(flagId).min(1, 'must list at least one flag').max(50).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

function rationaleText(what: string) {
  return z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(3, `say ${what} (at least 3 characters)`)
    .max(2000, 'must be at most 2000 characters');
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// validation

export interface ValidateOptions {
  /** Districts the app knows (from loadDistricts): a zone scope's district must be one of them. */
  zones?: readonly { id: string; name: string }[];
  /**
   * The sensor types the app knows: the rule's kind must be one of them and its metrics metrics of that type (raw or
   * derived). Without it only the document's shape is checked (a stored rule whose type is absent is not broken: the
   * evaluator lists the problem on the rule and does not evaluate it, see typeProblems).
   */
  types?: SensorTypeRegistry;
}

export type ValidationResult = { ok: true; rule: Rule } | { ok: false; errors: string[] };

/** Validates a rule document. Errors: one line per problem, `path: problem`, in document order, at most 20. */
export function validateRule(json: unknown, opts: ValidateOptions = {}): ValidationResult {
  const tooBig = checkTreeLimits(json);
  if (tooBig) return { ok: false, errors: [tooBig] };
  const parsed = ruleSchema.safeParse(json);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.slice(0, 20).map(describeIssue) };
  const p = parsed.data;
  const errors: string[] = [];
  const hasArea = containsType(p.condition, 'area');
  const subject = p.subject ?? (hasArea ? 'zone' : 'sensor');
  checkCondition(p.condition, 'condition', subject, errors, false);
  if (p.clear?.condition) checkCondition(p.clear.condition, 'clear.condition', subject, errors, false);
  if (opts.types) errors.push(...typeProblems(p as Pick<Rule, 'kind' | 'condition' | 'clear'>, opts.types));
  if (p.clear?.condition && p.clear.hysteresis !== undefined) errors.push('clear.hysteresis: use either clear.condition or clear.hysteresis, not both');
  if (p.escalation && SEVERITY_RANK[p.escalation.to] <= SEVERITY_RANK[p.severity]) {
    errors.push(`escalation.to: must be more severe than the rule's severity (${p.severity})`);
  }
  if (p.group && subject !== 'sensor') errors.push('group: only rules with one alert per sensor (subject sensor) can group their alerts');
  if (p.quality?.skip && p.quality.only) {
    const both = p.quality.skip.filter((f) => p.quality!.only!.includes(f));
    if (both.length) errors.push(`quality: ${both.join(', ')} cannot be both skipped and required`);
  }
  if (opts.types && p.quality) errors.push(...qualityProblems(p.kind, p.quality, opts.types));
  if (p.scope.type === 'zone' && p.scope.district !== undefined && opts.zones) {
    if (!findZone(opts.zones, p.scope.district)) errors.push(`scope.district: no district called ${JSON.stringify(String(p.scope.district))}`);
  }
  if (errors.length) return { ok: false, errors: errors.slice(0, 20) };
  const rule: Rule = { ...(p as Omit<Rule, 'subject'>), subject } as Rule;
  if (!rule.activeHours) delete rule.activeHours;
  return { ok: true, rule };
}

/**
 * The depth and size limits of the condition trees, on the raw JSON with an explicit stack (no recursion, so any
 * nesting is answered with an error naming the path where the limit is passed). Null when within the limits.
 */
export function checkTreeLimits(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const stack: { node: unknown; path: string; depth: number }[] = [];
  const clear = (json as { clear?: unknown }).clear;
  if (typeof clear === 'object' && clear !== null) stack.push({ node: (clear as { condition?: unknown }).condition, path: 'clear.condition', depth: 1 });
  stack.push({ node: (json as { condition?: unknown }).condition, path: 'condition', depth: 1 });
  let count = 0;
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    if (depth > MAX_CONDITION_DEPTH) return `${path}: conditions nest at most ${MAX_CONDITION_DEPTH} levels deep (all / any / sustained inside each other)`;
    if (++count > MAX_CONDITIONS_PER_RULE) return `${path}: a rule has at most ${MAX_CONDITIONS_PER_RULE} conditions (condition and clear.condition together)`;
    const { conditions, condition } = node as { conditions?: unknown; condition?: unknown };
    if (condition !== undefined) stack.push({ node: condition, path: `${path}.condition`, depth: depth + 1 });
    if (Array.isArray(conditions)) {
      // In document order off the stack; no more than the count limit can be visited.
      for (let i = Math.min(conditions.length, MAX_CONDITIONS_PER_RULE + 1) - 1; i >= 0; i--) stack.push({ node: conditions[i], path: `${path}.conditions[${i}]`, depth: depth + 1 });
    }
  }
  return null;
}

/** Like validateRule, but throws an Error listing the problems (for rules shipped with the app). */
export function parseRule(json: unknown, opts?: ValidateOptions): Rule {
  const r = validateRule(json, opts);
  if (!r.ok) throw new Error(`invalid rule${typeof json === 'object' && json && 'id' in json ? ` ${String((json as { id: unknown }).id)}` : ''}: ${r.errors.join('; ')}`);
  return r.rule;
}

/** A district by id (its number, as text or number) or by name (case-insensitive). */
export function findZone<Z extends { id: string; name: string }>(zones: readonly Z[], key: string | number): Z | undefined {
  const k = String(key).trim().toLowerCase();
  return zones.find((z) => z.id.toLowerCase() === k) ?? zones.find((z) => z.name.toLowerCase() === k);
}

function containsType(c: Condition, type: ConditionType): boolean {
  if (c.type === type) return true;
  if (c.type === 'sustained') return containsType(c.condition, type);
  if (c.type === 'all' || c.type === 'any') return c.conditions.some((x) => containsType(x, type));
  return false;
}

/**
 * The rule against the sensor types: its kind must be a known type and every metric it names a metric of that type
 * (raw or derived). One line per problem, `path: problem`; empty when the rule fits the registry.
 */
export function typeProblems(rule: Pick<Rule, 'kind' | 'condition' | 'clear'>, types: SensorTypeRegistry): string[] {
  const type = types.get(rule.kind);
  if (!type) {
    const renamed = typeOfV1Kind(rule.kind);
    return [`kind: no sensor type ${JSON.stringify(rule.kind)} is known${renamed !== rule.kind ? ` (it is now called ${JSON.stringify(renamed)})` : ` (known: ${types.all().map((t) => t.id).join(', ')})`}`];
  }
  const ids = types.metricsOf(rule.kind).map((m) => m.id);
  const problems: string[] = [];
  const visit = (c: Condition, path: string): void => {
    if ('metric' in c && !ids.includes(c.metric)) problems.push(`${path}.metric: ${JSON.stringify(c.metric)} is not a metric of ${type.label} (${rule.kind}); use one of ${ids.join(', ')}`);
    if (c.type === 'sustained') visit(c.condition, `${path}.condition`);
    else if (c.type === 'all' || c.type === 'any') c.conditions.forEach((x, i) => visit(x, `${path}.conditions[${i}]`));
  };
  visit(rule.condition, 'condition');
  if (rule.clear?.condition) visit(rule.clear.condition, 'clear.condition');
  return problems;
}

/** Quality flags a rule names that its type does not have (generic flags and the type's checks are known). */
export function qualityProblems(kind: string, quality: RuleQuality, types: SensorTypeRegistry): string[] {
  const type = types.get(kind);
  if (!type) return []; // typeProblems says so
  const known = [...Object.keys(GENERIC_FLAGS), ...type.checks.map((c) => c.id)];
  const problems: string[] = [];
  for (const part of ['skip', 'only'] as const) {
    (quality[part] ?? []).forEach((f, i) => {
      if (!known.includes(f)) problems.push(`quality.${part}[${i}]: ${JSON.stringify(f)} is not a quality flag of ${type.label} (${kind}); use one of ${known.join(', ')}`);
    });
  }
  return problems;
}

function checkCondition(c: Condition, path: string, subject: 'sensor' | 'zone', errors: string[], inSustained: boolean): void {
  if ('op' in c) {
    const pair = Array.isArray(c.value);
    if ((c.op === 'between' || c.op === 'outside') && !pair) errors.push(`${path}.value: '${c.op}' needs [low, high]`);
    else if (c.op !== 'between' && c.op !== 'outside' && pair) errors.push(`${path}.value: '${c.op}' needs a single number ([low, high] is for between / outside)`);
    else if (pair && (c.value as [number, number])[0] > (c.value as [number, number])[1]) errors.push(`${path}.value: low must not be above high`);
  }
  switch (c.type) {
    case 'threshold':
    case 'window':
    case 'rate':
      if (subject === 'zone') errors.push(`${path}: a ${c.type} condition looks at one sensor; a zone rule uses area conditions`);
      break;
    case 'noData':
      if (subject === 'zone') errors.push(`${path}: noData looks at one sensor; a zone rule uses area conditions (e.g. count)`);
      if (inSustained) errors.push(`${path}: noData already has its own minutes; do not wrap it in sustained`);
      break;
    case 'area':
      if (subject === 'sensor') errors.push(`${path}: an area condition needs subject 'zone'`);
      break;
    case 'sustained':
      checkCondition(c.condition, `${path}.condition`, subject, errors, true);
      break;
    case 'all':
    case 'any':
      c.conditions.forEach((x, i) => checkCondition(x, `${path}.conditions[${i}]`, subject, errors, inSustained));
      break;
  }
}

/** `condition.conditions[1].minutes` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || '(rule)';
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  tuple: 'a list',
};

function describeIssue(i: z.core.$ZodIssue): string {
  const path = formatPath(i.path);
  switch (i.code) {
    case 'invalid_type': {
      // zod leaves the input out of issues; its default message says what it received.
      if (i.message && !i.message.startsWith('Invalid input')) return `${path}: ${i.message}`;
      if (/received undefined$/.test(i.message)) return `${path}: is required`;
      return `${path}: must be ${TYPE_WORDS[i.expected] ?? i.expected}`;
    }
    case 'unrecognized_keys':
      return i.keys.map((k) => `${formatPath([...i.path, k])}: is not a known field`).join('; ');
    case 'invalid_union':
      if ('note' in i && i.note === 'No matching discriminator') {
        return `${path}: ${i.message.startsWith('Invalid') ? 'is not a known type' : i.message}`;
      }
      return `${path}: ${i.message.startsWith('Invalid') ? 'has the wrong shape' : i.message}`;
    case 'invalid_value':
      return `${path}: ${i.message.startsWith('Invalid') ? `must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}` : i.message}`;
    case 'too_small':
      return `${path}: ${i.message.startsWith('Too small') ? `must have at least ${String(i.minimum)}` : i.message}`;
    case 'too_big':
      return `${path}: ${i.message.startsWith('Too big') ? `must have at most ${String(i.maximum)}` : i.message}`;
    default:
      return `${path}: ${i.message}`;
  }
}
