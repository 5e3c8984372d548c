/**
 * The rule editor's form state and its two-way mapping to the rule JSON (electron/engine/rules/schema.ts).
 *
 * Types, metrics and units come from the sensor-type registry: a type defined only as JSON gets the same form.
 *
 * The form covers the rules a supervisor builds step by step: one condition, or several combined with all / any;
 * each condition a threshold, window aggregate, rate of change, no-data or area aggregate, optionally held for some
 * minutes (sustained). Anything else (nested combinations, a separate clear condition) is edited as JSON.
 *
 * The alarm design parts (ISA-18.2) are fields of the form too: the rationale (cause, consequence, what to do, time to
 * respond), the grouping of a rule's sensor alarms (by district, attribute, drawn areas or the whole scope) and the
 * quality flags the rule skips or requires. The rationale is left out of the JSON until something of it is typed (an
 * older rule without one round-trips unchanged); the editor requires it before publishing (rationale.ts).
 *
 * Numbers are kept as the text typed; toRule() turns them into numbers, or leaves text that is not a number in the
 * JSON so that the engine's validation names the field ("must be a number"). Nothing is ever evaluated as code.
 */
import type { Rule, Severity } from '../../electron/engine/api';
import { t as current, type MessageKey, type Translate } from '../i18n/i18n';
import type { Agg, CompareOp, Condition, Grouping, RuleQuality } from '../../electron/engine/rules/schema';
import type { Sensor } from '../../electron/shared/model';
import { GENERIC_FLAGS, type SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';

export type LeafType = 'threshold' | 'window' | 'rate' | 'noData' | 'area';
export type ConditionFormType = LeafType | 'sustained';
export type InnerType = 'threshold' | 'window' | 'rate' | 'area';
export type ScopeMode = 'kind' | 'sensors' | 'district' | 'polygon';

export interface ConditionForm {
  type: ConditionFormType;
  /** The held condition when type is 'sustained'. */
  inner: InnerType;
  metric: string;
  agg: Agg;
  op: CompareOp;
  value: string;
  /** The high bound for between / outside. */
  value2: string;
  /** Window / rate / no-data minutes (the condition's own). */
  minutes: string;
  /** How long a sustained condition must hold. */
  holdMinutes: string;
  /** Area: sensors silent longer than this are left out (optional). */
  maxAgeMinutes: string;
}

export type GroupBy = 'none' | Grouping['by'];

/** A drawn grouping area: its name and corners. */
export interface GroupArea {
  name: string;
  polygon: [number, number][];
}

/** What the rule does with readings carrying a quality flag (absent from RuleForm.quality: use them). */
export type QualityChoice = 'use' | 'skip' | 'only';

export interface RationaleForm {
  cause: string;
  consequence: string;
  action: string;
  /** Minutes, as typed ('' until chosen). */
  respondWithinMinutes: string;
}

export interface RuleForm {
  id: string;
  /** Derive the id from the name while the rule is new and the id untouched. */
  autoId: boolean;
  name: string;
  description: string;
  enabled: boolean;
  /** The sensor type id the rule applies to. */
  kind: string;
  severity: Severity;
  combine: 'all' | 'any';
  conditions: ConditionForm[];
  scope: ScopeMode;
  sensorIds: string[];
  district: string;
  polygon: [number, number][];
  /** Attribute filter carried from the JSON (shown, removable, not edited here). */
  filter: Record<string, (string | number)[]> | null;
  hysteresis: string;
  minClearMinutes: string;
  activeHours: { enabled: boolean; from: string; to: string; days: number[]; timeZone: string };
  escalation: { enabled: boolean; afterMinutes: string; to: 'warning' | 'critical' };
  rationale: RationaleForm;
  /** How the rule's sensor alarms collapse into one: 'none' keeps one alarm per sensor. */
  group: { by: GroupBy; attribute: string; areas: GroupArea[] };
  /** Flag id -> skip / only, in the order chosen; flags not listed are used like any reading. */
  quality: Record<string, 'skip' | 'only'>;
}

// ---------------------------------------------------------------------------------------------------------------------
// Vocabulary: the sensor types and their metrics come from the registry (a type defined only as JSON gets a form)

export interface MetricOption {
  metric: string;
  label: string;
  /** Unit symbol ('' for a count or an index). */
  unit: string;
  derived: boolean;
}

/** The metrics a rule on this type can use: derived ones first (what supervisors usually mean), then the raw ones. */
export function metricOptions(registry: SensorTypeRegistry, kind: string): MetricOption[] {
  const all = registry.metricsOf(kind).map((m) => ({ metric: m.id, label: m.label, unit: m.unit, derived: !registry.isRaw(kind, m.id) }));
  return [...all.filter((m) => m.derived), ...all.filter((m) => !m.derived)];
}

export interface TypeOption {
  kind: string;
  label: string;
  /** Lower-case plural for sentences: "car parks". */
  plural: string;
  /** Sensors of this type in the catalogue. */
  sensors: number;
}

/**
 * The types a rule can be written for: those of the sensors in the feed (by label), plus `current` (a rule's own type,
 * even if the feed has no such sensor now: it is shown, not silently changed).
 */
export function typeOptions(registry: SensorTypeRegistry, catalogue: ReadonlyMap<string, Pick<Sensor, 'kind'>>, current?: string): TypeOption[] {
  const counts = new Map<string, number>();
  for (const s of catalogue.values()) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  if (current !== undefined && !counts.has(current)) counts.set(current, 0);
  return [...counts]
    .map(([kind, sensors]) => {
      const t = registry.get(kind);
      return { kind, label: t?.label ?? kind, plural: (t?.pluralLabel ?? `${kind} sensors`).toLowerCase(), sensors };
    })
    .sort((x, y) => x.label.localeCompare(y.label));
}

/** A threshold's unit after a number: "95%", "40 km/h", "12" (no unit). */
export function withUnit(value: string, unit: string | undefined): string {
  return unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : value;
}

/** An option whose words are read in the current language at each use. */
function worded<T extends object>(o: T, label: MessageKey, help?: MessageKey): T & { readonly label: string; readonly help: string } {
  return Object.defineProperties(o, {
    label: { get: () => current(label), enumerable: true },
    help: { get: () => (help ? current(help) : ''), enumerable: true },
  }) as T & { readonly label: string; readonly help: string };
}

export const CONDITION_TYPES: readonly { type: ConditionFormType; label: string; help: string }[] = [
  worded({ type: 'threshold' as const }, 'rules.form.cond.threshold', 'rules.form.cond.thresholdHelp'),
  worded({ type: 'sustained' as const }, 'rules.form.cond.sustained', 'rules.form.cond.sustainedHelp'),
  worded({ type: 'window' as const }, 'rules.form.cond.window', 'rules.form.cond.windowHelp'),
  worded({ type: 'rate' as const }, 'rules.form.cond.rate', 'rules.form.cond.rateHelp'),
  worded({ type: 'noData' as const }, 'rules.form.cond.noData', 'rules.form.cond.noDataHelp'),
  worded({ type: 'area' as const }, 'rules.form.cond.area', 'rules.form.cond.areaHelp'),
];

export const INNER_TYPES: readonly { type: InnerType; label: string }[] = [
  worded({ type: 'threshold' as const }, 'rules.form.inner.threshold'),
  worded({ type: 'window' as const }, 'rules.form.inner.window'),
  worded({ type: 'rate' as const }, 'rules.form.inner.rate'),
  worded({ type: 'area' as const }, 'rules.form.inner.area'),
];

export const OPS: readonly { op: CompareOp; label: string }[] = [
  worded({ op: '>' as const }, 'rules.form.op.gt'),
  worded({ op: '>=' as const }, 'rules.form.op.ge'),
  worded({ op: '<' as const }, 'rules.form.op.lt'),
  worded({ op: '<=' as const }, 'rules.form.op.le'),
  worded({ op: 'between' as const }, 'rules.form.op.between'),
  worded({ op: 'outside' as const }, 'rules.form.op.outside'),
];

export const AGG_OPTIONS: readonly { agg: Agg; label: string }[] = [
  worded({ agg: 'avg' as const }, 'rules.form.agg.avg'),
  worded({ agg: 'min' as const }, 'rules.form.agg.min'),
  worded({ agg: 'max' as const }, 'rules.form.agg.max'),
  worded({ agg: 'sum' as const }, 'rules.form.agg.sum'),
  worded({ agg: 'count' as const }, 'rules.form.agg.count'),
];

export const SEVERITY_OPTIONS: readonly { severity: Severity; label: string }[] = [
  worded({ severity: 'critical' as const }, 'rules.form.severity.critical'),
  worded({ severity: 'warning' as const }, 'rules.form.severity.warning'),
  worded({ severity: 'info' as const }, 'rules.form.severity.info'),
];

export const SCOPE_OPTIONS: readonly { scope: ScopeMode; label: string }[] = [
  worded({ scope: 'kind' as const }, 'rules.form.scope.kind'),
  worded({ scope: 'sensors' as const }, 'rules.form.scope.sensors'),
  worded({ scope: 'district' as const }, 'rules.form.scope.district'),
  worded({ scope: 'polygon' as const }, 'rules.form.scope.polygon'),
];

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** The days' short names, Monday first, in the language of `t`. */
export function dayLabels(t: Translate = current): string[] {
  return DAY_KEYS.map((k) => t(`rules.form.day.${k}`));
}

export function metricOption(registry: SensorTypeRegistry, kind: string, metric: string): MetricOption | undefined {
  const m = registry.metric(kind, metric);
  return m ? { metric: m.id, label: m.label, unit: m.unit, derived: !registry.isRaw(kind, m.id) } : undefined;
}

export function isPairOp(op: CompareOp): boolean {
  return op === 'between' || op === 'outside';
}

// ---------------------------------------------------------------------------------------------------------------------
// Defaults and edits

/** A new condition on the type's first metric (its headline when it has one). */
export function newCondition(registry: SensorTypeRegistry, kind: string, type: ConditionFormType = 'threshold'): ConditionForm {
  const headline = registry.get(kind)?.style.headline;
  const options = metricOptions(registry, kind);
  return {
    type,
    inner: 'threshold',
    metric: options.find((m) => m.metric === headline)?.metric ?? options[0]?.metric ?? '',
    agg: 'avg',
    op: '>',
    value: '',
    value2: '',
    minutes: type === 'noData' ? '60' : '15',
    holdMinutes: '15',
    maxAgeMinutes: '',
  };
}

/** A new rule on sensors of `kind`; active hours (when switched on) in `timeZone`, the city's. */
export function newRuleForm(registry: SensorTypeRegistry, kind: string, timeZone: string): RuleForm {
  return {
    id: '',
    autoId: true,
    name: '',
    description: '',
    enabled: true,
    kind,
    severity: 'warning',
    combine: 'all',
    conditions: [newCondition(registry, kind, 'sustained')],
    scope: 'kind',
    sensorIds: [],
    district: '',
    polygon: [],
    filter: null,
    hysteresis: '',
    minClearMinutes: '',
    activeHours: { enabled: false, from: '07:00', to: '19:00', days: [1, 2, 3, 4, 5], timeZone },
    escalation: { enabled: false, afterMinutes: '30', to: 'critical' },
    rationale: { cause: '', consequence: '', action: '', respondWithinMinutes: '' },
    group: { by: 'none', attribute: '', areas: [] },
    quality: proposedQuality(registry, kind, {}),
  };
}

/**
 * Flags a new rule skips unless the supervisor says otherwise: a traffic reading with no vehicle counted has no
 * meaningful speed (it is not a jam).
 */
export const PROPOSED_SKIP: readonly string[] = ['zero-vehicles'];

/** The flags a rule on this type can skip or require: the generic ones, then the type's own checks (registry labels). */
export function qualityFlagOptions(registry: SensorTypeRegistry, kind: string): { id: string; label: string; own: boolean }[] {
  const own = registry.get(kind)?.checks ?? [];
  return [
    ...own.map((c) => ({ id: c.id, label: registry.flagLabel(c.id, kind), own: true })),
    ...Object.keys(GENERIC_FLAGS).map((id) => ({ id, label: registry.flagLabel(id, kind), own: false })),
  ];
}

/** `choices` kept for the flags the type has, plus the proposed skips of the type's flags not yet chosen. */
export function proposedQuality(registry: SensorTypeRegistry, kind: string, choices: RuleForm['quality']): RuleForm['quality'] {
  const ids = qualityFlagOptions(registry, kind).map((f) => f.id);
  const out: RuleForm['quality'] = {};
  for (const [id, c] of Object.entries(choices)) if (ids.includes(id)) out[id] = c;
  for (const id of PROPOSED_SKIP) if (ids.includes(id) && !(id in out)) out[id] = 'skip';
  return out;
}

export function withQuality(form: RuleForm, flag: string, choice: QualityChoice): RuleForm {
  const quality = { ...form.quality };
  if (choice === 'use') delete quality[flag];
  else quality[flag] = choice;
  return { ...form, quality };
}

/** Changing the type keeps what still makes sense: metrics of the new type, chosen sensors of the new type. */
export function withKind(form: RuleForm, kind: string, registry: SensorTypeRegistry, catalogue: ReadonlyMap<string, Pick<Sensor, 'kind'>>): RuleForm {
  if (form.kind === kind) return form;
  const metrics = metricOptions(registry, kind).map((m) => m.metric);
  const first = newCondition(registry, kind).metric;
  return {
    ...form,
    kind,
    conditions: form.conditions.map((c) => (metrics.includes(c.metric) ? c : { ...c, metric: first })),
    sensorIds: form.sensorIds.filter((id) => catalogue.get(id)?.kind === kind),
    filter: null,
    quality: proposedQuality(registry, kind, form.quality),
  };
}

export function withName(form: RuleForm, name: string): RuleForm {
  return form.autoId ? { ...form, name, id: slugify(name) } : { ...form, name };
}

export function toggleSensor(form: RuleForm, sensorId: string): RuleForm {
  const has = form.sensorIds.includes(sensorId);
  return { ...form, sensorIds: has ? form.sensorIds.filter((x) => x !== sensorId) : [...form.sensorIds, sensorId] };
}

/** A drawn area added to the grouping (named "Area N" until the supervisor names it); grouping switches to areas. */
export function withGroupArea(form: RuleForm, polygon: readonly [number, number][]): RuleForm {
  const areas = form.group.by === 'areas' ? form.group.areas : [];
  return { ...form, group: { ...form.group, by: 'areas', areas: [...areas, { name: current('rules.form.areaName', { n: areas.length + 1 }), polygon: polygon.map(([x, y]) => [x, y] as [number, number]) }] } };
}

/** The attributes the type's sensors have (for grouping by one): name, how many sensors have it, distinct values. */
export function attributeOptions(catalogue: ReadonlyMap<string, Pick<Sensor, 'kind' | 'attributes'>>, kind: string): { attribute: string; sensors: number; values: number; examples: string[] }[] {
  const by = new Map<string, { sensors: number; values: Set<string> }>();
  for (const s of catalogue.values()) {
    if (s.kind !== kind) continue;
    for (const [k, v] of Object.entries(s.attributes)) {
      if (v === null || v === '') continue;
      const e = by.get(k) ?? { sensors: 0, values: new Set<string>() };
      e.sensors++;
      e.values.add(String(v));
      by.set(k, e);
    }
  }
  return [...by]
    .map(([attribute, e]) => ({ attribute, sensors: e.sensors, values: e.values.size, examples: [...e.values].slice(0, 3) }))
    .sort((x, y) => x.attribute.localeCompare(y.attribute));
}

/** A rule id from a name: "Car park full (Bruuns)" -> "car-park-full-bruuns". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

// ---------------------------------------------------------------------------------------------------------------------
// Form -> JSON

/** A number from the text typed; empty text leaves the field out; other text is passed on for the engine to reject. */
export function parseNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : t;
}

function compareValue(c: ConditionForm): unknown {
  if (isPairOp(c.op)) return [parseNumber(c.value) ?? null, parseNumber(c.value2) ?? null];
  return parseNumber(c.value);
}

/** Sets key only when value is defined (so that a missing field reads "is required"). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) obj[key] = value;
}

function leafJson(type: InnerType | LeafType, c: ConditionForm): Record<string, unknown> {
  const o: Record<string, unknown> = { type };
  switch (type) {
    case 'threshold':
      o.metric = c.metric;
      o.op = c.op;
      put(o, 'value', compareValue(c));
      break;
    case 'window':
      o.agg = c.agg;
      o.metric = c.metric;
      put(o, 'minutes', parseNumber(c.minutes));
      o.op = c.op;
      put(o, 'value', compareValue(c));
      break;
    case 'rate':
      o.metric = c.metric;
      put(o, 'minutes', parseNumber(c.minutes));
      o.op = c.op;
      put(o, 'value', compareValue(c));
      break;
    case 'noData':
      put(o, 'minutes', parseNumber(c.minutes));
      break;
    case 'area':
      o.agg = c.agg;
      o.metric = c.metric;
      o.op = c.op;
      put(o, 'value', compareValue(c));
      put(o, 'maxAgeMinutes', parseNumber(c.maxAgeMinutes));
      break;
  }
  return o;
}

export function conditionJson(c: ConditionForm): Record<string, unknown> {
  if (c.type === 'sustained') {
    const o: Record<string, unknown> = { type: 'sustained' };
    put(o, 'minutes', parseNumber(c.holdMinutes));
    o.condition = leafJson(c.inner, c);
    return o;
  }
  return leafJson(c.type, c);
}

/** True when a condition aggregates over the area (the rule then raises one alarm per zone). */
export function isAreaCondition(c: ConditionForm): boolean {
  return c.type === 'area' || (c.type === 'sustained' && c.inner === 'area');
}

export function subjectOf(form: Pick<RuleForm, 'conditions'>): 'sensor' | 'zone' {
  return form.conditions.some(isAreaCondition) ? 'zone' : 'sensor';
}

/** The rule document for the form (field order as a person would write it). Not validated: the engine does that. */
export function toRule(form: RuleForm): Record<string, unknown> {
  const rule: Record<string, unknown> = { schema: 1, id: form.id.trim(), name: form.name };
  if (form.description.trim()) rule.description = form.description;
  rule.enabled = form.enabled;
  rule.severity = form.severity;
  rule.kind = form.kind;
  switch (form.scope) {
    case 'kind':
      rule.scope = { type: 'kind' };
      break;
    case 'sensors':
      rule.scope = { type: 'sensors', ids: [...form.sensorIds] };
      break;
    case 'district':
      rule.scope = { type: 'zone', district: form.district };
      break;
    case 'polygon':
      rule.scope = { type: 'zone', polygon: form.polygon.map(([lng, lat]) => [round6(lng), round6(lat)]) };
      break;
  }
  if (form.filter && Object.keys(form.filter).length > 0) rule.filter = structuredClone(form.filter);
  const first = form.conditions[0];
  rule.condition = form.conditions.length === 1 && first ? conditionJson(first) : { type: form.combine, conditions: form.conditions.map(conditionJson) };
  const clear: Record<string, unknown> = {};
  put(clear, 'hysteresis', parseNumber(form.hysteresis));
  put(clear, 'minClearMinutes', parseNumber(form.minClearMinutes));
  if (Object.keys(clear).length) rule.clear = clear;
  if (form.activeHours.enabled) {
    const h: Record<string, unknown> = { from: form.activeHours.from, to: form.activeHours.to };
    if (form.activeHours.days.length > 0 && form.activeHours.days.length < 7) h.days = [...form.activeHours.days].sort((a, b) => a - b);
    h.timeZone = form.activeHours.timeZone;
    rule.activeHours = h;
  }
  if (form.escalation.enabled) {
    const e: Record<string, unknown> = {};
    put(e, 'afterMinutes', parseNumber(form.escalation.afterMinutes));
    e.to = form.escalation.to;
    rule.escalation = e;
  }
  const r = form.rationale;
  if ([r.cause, r.consequence, r.action, r.respondWithinMinutes].some((t) => t.trim() !== '')) {
    const o: Record<string, unknown> = { cause: r.cause.trim(), consequence: r.consequence.trim(), action: r.action.trim() };
    put(o, 'respondWithinMinutes', parseNumber(r.respondWithinMinutes));
    rule.rationale = o;
  }
  const group = groupJson(form.group);
  if (group) rule.group = group;
  const quality = qualityJson(form.quality);
  if (quality) rule.quality = quality;
  rule.subject = subjectOf(form);
  return rule;
}

function groupJson(g: RuleForm['group']): Record<string, unknown> | null {
  switch (g.by) {
    case 'none':
      return null;
    case 'attribute':
      return { by: 'attribute', attribute: g.attribute };
    case 'areas':
      return { by: 'areas', areas: g.areas.map((a) => ({ name: a.name, polygon: a.polygon.map(([lng, lat]) => [round6(lng), round6(lat)]) })) };
    default:
      return { by: g.by };
  }
}

function qualityJson(q: RuleForm['quality']): RuleQuality | null {
  const skip = Object.keys(q).filter((f) => q[f] === 'skip');
  const only = Object.keys(q).filter((f) => q[f] === 'only');
  if (!skip.length && !only.length) return null;
  return { ...(skip.length ? { skip } : {}), ...(only.length ? { only } : {}) };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

// ---------------------------------------------------------------------------------------------------------------------
// JSON -> form

export type FromRuleResult = { ok: true; form: RuleForm } | { ok: false; reason: string };

function text(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

function leafToForm(c: Condition, base: ConditionForm): ConditionForm | null {
  const withValue = (f: ConditionForm, value: number | [number, number]): ConditionForm =>
    Array.isArray(value) ? { ...f, value: String(value[0]), value2: String(value[1]) } : { ...f, value: String(value), value2: '' };
  switch (c.type) {
    case 'threshold':
      return withValue({ ...base, type: 'threshold', metric: c.metric, op: c.op }, c.value);
    case 'window':
      return withValue({ ...base, type: 'window', agg: c.agg, metric: c.metric, op: c.op, minutes: text(c.minutes) }, c.value);
    case 'rate':
      return withValue({ ...base, type: 'rate', metric: c.metric, op: c.op, minutes: text(c.minutes) }, c.value);
    case 'noData':
      return { ...base, type: 'noData', minutes: text(c.minutes) };
    case 'area':
      return withValue({ ...base, type: 'area', agg: c.agg, metric: c.metric, op: c.op, maxAgeMinutes: text(c.maxAgeMinutes) }, c.value);
    default:
      return null;
  }
}

function conditionToForm(c: Condition, base: ConditionForm): ConditionForm | null {
  if (c.type === 'sustained') {
    const inner = leafToForm(c.condition, base);
    if (!inner || inner.type === 'noData') return null;
    return { ...inner, type: 'sustained', inner: inner.type as InnerType, holdMinutes: text(c.minutes) };
  }
  return leafToForm(c, base);
}

/**
 * The form for a (valid) rule, or why the form cannot show it (then it is edited as JSON). `timeZone` (the city's) is
 * used when active hours are switched on later.
 */
export function fromRule(rule: Rule, registry: SensorTypeRegistry, timeZone: string): FromRuleResult {
  const form = newRuleForm(registry, rule.kind, timeZone);
  const base = newCondition(registry, rule.kind, 'threshold');
  if (rule.clear?.condition) return { ok: false, reason: current('rules.form.ownClear') };
  let combine: 'all' | 'any' = 'all';
  let conditions: ConditionForm[];
  if (rule.condition.type === 'all' || rule.condition.type === 'any') {
    combine = rule.condition.type;
    const list = rule.condition.conditions.map((c) => conditionToForm(c, base));
    if (list.some((c) => c === null)) return { ok: false, reason: current('rules.form.nested') };
    conditions = list as ConditionForm[];
  } else {
    const c = conditionToForm(rule.condition, base);
    if (!c) return { ok: false, reason: current('rules.form.shape') };
    conditions = [c];
  }
  const scope = rule.scope;
  return {
    ok: true,
    form: {
      ...form,
      id: rule.id,
      autoId: false,
      name: rule.name,
      description: rule.description ?? '',
      enabled: rule.enabled,
      severity: rule.severity,
      combine,
      conditions,
      scope: scope.type === 'kind' ? 'kind' : scope.type === 'sensors' ? 'sensors' : 'district' in scope ? 'district' : 'polygon',
      sensorIds: scope.type === 'sensors' ? [...scope.ids] : [],
      district: scope.type === 'zone' && 'district' in scope ? String(scope.district) : '',
      polygon: scope.type === 'zone' && 'polygon' in scope ? scope.polygon.map(([a, b]) => [a, b] as [number, number]) : [],
      filter: rule.filter ? structuredClone(rule.filter) : null,
      hysteresis: text(rule.clear?.hysteresis),
      minClearMinutes: text(rule.clear?.minClearMinutes),
      activeHours: rule.activeHours
        ? { enabled: true, from: rule.activeHours.from, to: rule.activeHours.to, days: rule.activeHours.days ? [...rule.activeHours.days] : [1, 2, 3, 4, 5, 6, 7], timeZone: rule.activeHours.timeZone }
        : form.activeHours,
      escalation: rule.escalation ? { enabled: true, afterMinutes: String(rule.escalation.afterMinutes), to: rule.escalation.to } : form.escalation,
      rationale: rule.rationale
        ? { cause: rule.rationale.cause, consequence: rule.rationale.consequence, action: rule.rationale.action, respondWithinMinutes: String(rule.rationale.respondWithinMinutes) }
        : form.rationale,
      group: rule.group
        ? {
            by: rule.group.by,
            attribute: rule.group.by === 'attribute' ? rule.group.attribute : '',
            areas: rule.group.by === 'areas' ? rule.group.areas.map((a) => ({ name: a.name, polygon: a.polygon.map(([x, y]) => [x, y] as [number, number]) })) : [],
          }
        : form.group,
      // A stored rule keeps exactly its own choices (nothing is proposed for it).
      quality: Object.fromEntries([...(rule.quality?.skip ?? []).map((f) => [f, 'skip'] as const), ...(rule.quality?.only ?? []).map((f) => [f, 'only'] as const)]),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation messages next to the fields

/** Field keys: 'id', 'name', 'kind', 'severity', 'scope', 'combine', 'c0.metric', 'c0.hold', …, 'clear', 'activeHours', 'escalation'. */
export interface FieldErrors {
  fields: Map<string, string[]>;
  /** Errors that name no form field (shown in a list). */
  other: string[];
}

/** Splits "condition.conditions[1].minutes: must be at most 24h" into path and message. */
export function splitError(line: string): { path: string; message: string } {
  const m = /^([A-Za-z_][\w.[\]]*|\(rule\)):\s(.*)$/s.exec(line);
  return m ? { path: m[1]!, message: m[2]! } : { path: '', message: line };
}

/** The JSON path of condition i's own fields (inside the sustained wrapper for a sustained one). */
function conditionPaths(form: Pick<RuleForm, 'conditions'>, i: number): { base: string; leaf: string } {
  const base = form.conditions.length === 1 ? 'condition' : `condition.conditions[${i}]`;
  return { base, leaf: form.conditions[i]?.type === 'sustained' ? `${base}.condition` : base };
}

function fieldForPath(path: string, form: Pick<RuleForm, 'conditions'>): string | null {
  const top = /^[a-zA-Z]+/.exec(path)?.[0] ?? '';
  if (['id', 'name', 'description', 'kind', 'severity', 'enabled', 'filter'].includes(top) && (path === top || path.startsWith(`${top}.`) || path.startsWith(`${top}[`))) return top;
  if (top === 'scope') return 'scope';
  if (path === 'clear.hysteresis') return 'hysteresis';
  if (path === 'clear.minClearMinutes') return 'minClearMinutes';
  if (top === 'clear') return 'clear';
  if (top === 'activeHours') return 'activeHours';
  if (top === 'escalation') return 'escalation';
  if (top === 'subject') return 'c0.type';
  if (top === 'rationale') {
    const part = /^rationale\.(cause|consequence|action|respondWithinMinutes)/.exec(path)?.[1];
    return part ? `rationale.${part}` : 'rationale.cause';
  }
  if (top === 'group') return 'group';
  if (top === 'quality') return 'quality';
  if (top !== 'condition') return null;
  if (form.conditions.length > 1 && (path === 'condition' || path === 'condition.conditions' || path === 'condition.type')) return 'combine';
  for (let i = 0; i < form.conditions.length; i++) {
    const { base, leaf } = conditionPaths(form, i);
    const c = form.conditions[i]!;
    if (c.type === 'sustained' && path === `${base}.minutes`) return `c${i}.hold`;
    if (path === leaf || path === base || path === `${base}.type` || path === `${leaf}.type`) return `c${i}.type`;
    const rest = path.startsWith(`${leaf}.`) ? path.slice(leaf.length + 1) : path.startsWith(`${leaf}[`) ? path.slice(leaf.length) : null;
    if (rest === null) continue;
    const field = /^[a-zA-Z]+/.exec(rest)?.[0];
    if (field === 'value') return rest.startsWith('value[1]') ? `c${i}.value2` : `c${i}.value`;
    if (field && ['metric', 'op', 'minutes', 'agg', 'maxAgeMinutes'].includes(field)) return `c${i}.${field}`;
    return `c${i}.type`;
  }
  return null;
}

/**
 * The engine's validation errors by form field. Their messages stay in the engine's English ("must be a number"): the
 * engine validates in one language; only the words made here (a field's path in words: humanError) are translated.
 */
export function fieldErrors(errors: readonly string[], form: Pick<RuleForm, 'conditions'>): FieldErrors {
  const fields = new Map<string, string[]>();
  const other: string[] = [];
  for (const line of errors) {
    for (const part of line.split(/;\s(?=[A-Za-z_][\w.[\]]*:\s)/)) {
      const { path, message } = splitError(part);
      const key = path ? fieldForPath(path, form) : null;
      if (key) fields.set(key, [...(fields.get(key) ?? []), message]);
      else other.push(humanError(part));
    }
  }
  return { fields, other };
}

/** "condition.conditions[1].minutes: …" -> "Condition 2 › minutes: …" (for the general list). */
export function humanError(line: string, t: Translate = current): string {
  const { path, message } = splitError(line);
  if (!path) return message;
  const words = path
    .replace(/^condition\.conditions\[(\d+)\]/, (_, n: string) => t('rules.editor.condition', { n: Number(n) + 1 }))
    .replace(/^condition/, t('rules.form.conditionWord'))
    .replace(/\.condition\b/g, ` › ${t('rules.form.heldCondition')}`)
    .replace(/\[(\d+)\]/g, (_, n: string) => ` #${Number(n) + 1}`)
    .replace(/\./g, ' › ');
  return `${words}: ${message}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Plain-language summary

export function describeCondition(c: ConditionForm, registry: SensorTypeRegistry, kind: string, t: Translate = current): string {
  const m = metricOption(registry, kind, c.metric);
  const metric = m?.label.toLowerCase() ?? c.metric;
  const op = OPS.find((o) => o.op === c.op)?.label ?? c.op;
  const value = isPairOp(c.op) ? t('rules.describe.pair', { low: withUnit(c.value || '?', m?.unit), high: withUnit(c.value2 || '?', m?.unit) }) : withUnit(c.value || '?', m?.unit);
  const minutes = c.minutes || '?';
  const agg = AGG_OPTIONS.find((a) => a.agg === c.agg)?.label ?? c.agg;
  const leaf = (type: InnerType | LeafType): string => {
    switch (type) {
      case 'threshold':
        return t('rules.describe.threshold', { metric, op, value });
      case 'window':
        return t('rules.describe.window', { agg, metric, minutes, op, value });
      case 'rate':
        return t('rules.describe.rate', { metric, minutes, op, value });
      case 'noData':
        return t('rules.describe.noData', { minutes });
      case 'area':
        return t('rules.describe.area', { agg, metric, op, value });
    }
  };
  return c.type === 'sustained' ? t('rules.describe.sustained', { what: leaf(c.inner), minutes: c.holdMinutes || '?' }) : leaf(c.type);
}

export function describeRule(form: RuleForm, registry: SensorTypeRegistry, districtName?: string, t: Translate = current): string {
  const plural = (registry.get(form.kind)?.pluralLabel ?? t('alarms.kindSensors', { kind: form.kind })).toLowerCase();
  const where =
    form.scope === 'kind'
      ? t('rules.describe.anyOf', { plural })
      : form.scope === 'sensors'
        ? t('rules.describe.chosen', { count: form.sensorIds.length })
        : form.scope === 'district'
          ? t('rules.describe.district', { name: districtName ?? (form.district || '?') })
          : t('rules.describe.drawn', { count: form.polygon.length });
  const conds = form.conditions.map((c) => describeCondition(c, registry, form.kind, t));
  const what = conds.length === 1 ? conds[0]! : conds.join(form.combine === 'all' ? ` ${t('rules.describe.and')} ` : ` ${t('rules.describe.or')} `);
  return t('rules.describe.rule', { severity: t(`alarms.severityWord.${form.severity}`).toUpperCase(), what, where });
}
