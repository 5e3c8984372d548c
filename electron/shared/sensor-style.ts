/**
 * The map style of a sensor type applied to one sensor (pure): whether its headline value can be judged, the class of
 * its state (palette/state.ts: normal, abnormal 1..4, stale, never heard from, cannot be judged, not computable), its
 * colour in a palette (palette/palettes.ts), and its symbol size, which grows with how bad the state is and never
 * shrinks. One place for both maps the desk draws: the live map (renderer/map/layers) and the incident pack's
 * snapshots (electron/engine/incident-pack/raster).
 */
import type { Freshness, Sensor, SensorState } from './model';
import { DEFAULT_PALETTE, type PaletteId, type RGBA } from './palette/palettes';
import { BAND_ALPHA, classify, stateColour, type StateClass } from './palette/state';
import type { SensorTypeRegistry } from './sensor-types/registry';
import type { ColourBand, DerivedMetricDef, MetricDef, SensorType } from './sensor-types/types';

export { BAND_ALPHA } from './palette/state';

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * ok: coloured by its band. cannot-judge: the latest reading lacks a value the headline needs, one is outside its
 * valid range, or a quality check on one fired (drawn violet: an empty or 0 km/h speed is not a traffic jam). unknown: the reading is fine but the headline
 * cannot be computed (e.g. a segment's normal speed is not known). no-reading: nothing received yet.
 */
export type HeadlineJudgement = 'ok' | 'cannot-judge' | 'unknown' | 'no-reading';

/**
 * Line widths by state (px). A line's state sets its width, in steps: normal lines are the type's base width plus up
 * to `valuePx` from its size metric (e.g. vehicles counted); hollow lines (stale, never heard from, not computable)
 * and lines that cannot be judged are one step wider, at least `hollowMinPx` (room for two rails and the hole); each
 * severity of an abnormal band adds a step. The value's share (< a step) never lets a better state out-grow a worse.
 */
export const LINE_WIDTH = { stepPx: 2, valuePx: 1.5, hollowMinPx: 4 } as const;
/** Points: each severity of an abnormal band adds this to the radius (px). */
export const POINT_STEP_PX = 1.5;

/** Metric ids an expression names (identifiers not preceded by "attr."; function names and keywords included). */
export function identifiersOf(expression: string): Set<string> {
  return new Set([...expression.matchAll(/(?<![.\w])([A-Za-z_]\w*)/g)].map((m) => m[1]!));
}

function computeHeadlineInputs(type: SensorType): string[] {
  const id = type.style.headline;
  if (type.metrics.some((m) => m.id === id)) return [id];
  const derivedById = new Map(type.derived.map((d) => [d.id, d]));
  const raw = new Set(type.metrics.map((m) => m.id));
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (derivedId: string): void => {
    const d = derivedById.get(derivedId);
    if (!d || seen.has(derivedId)) return;
    seen.add(derivedId);
    for (const name of identifiersOf(d.formula)) {
      if (raw.has(name)) out.add(name);
      else visit(name);
    }
  };
  visit(id);
  return [...out];
}

/**
 * The type's quality checks that make its headline impossible to judge: those on a value the headline is computed
 * from (a traffic segment's zero or implausible speed), as opposed to checks on the headline itself, which keep its
 * band and get a ring (a car park over capacity is shown as reported).
 */
function computeInputCheckIds(type: SensorType): Set<string> {
  const inputs = computeHeadlineInputs(type);
  const headlineIsRaw = type.metrics.some((m) => m.id === type.style.headline);
  const out = new Set<string>();
  for (const check of type.checks) {
    const names = identifiersOf(check.when);
    if (!headlineIsRaw && names.has(type.style.headline)) continue;
    if (inputs.some((i) => names.has(i))) out.add(check.id);
  }
  return out;
}

/**
 * The type's quality checks on nothing but the metric that sizes its symbols (a segment with zero vehicles): they say
 * nothing about the headline's state, so they get no halo or ring (the tooltip still names them).
 */
function computeSizeOnlyCheckIds(type: SensorType): Set<string> {
  const size = type.style.size;
  const out = new Set<string>();
  if ('pixels' in size) return out;
  const metricIds = new Set([...type.metrics, ...type.derived].map((m) => m.id));
  for (const check of type.checks) {
    const names = [...identifiersOf(check.when)].filter((n) => metricIds.has(n));
    if (names.length > 0 && names.every((n) => n === size.metric)) out.add(check.id);
  }
  return out;
}

/** Whether a reading's flags call for a halo (lines) or ring (points, areas). */
export function showsFlag(type: SensorType, flags: readonly string[]): boolean {
  if (flags.length === 0) return false;
  const sizeOnly = sizeOnlyCheckIds(type);
  return flags.some((f) => !sizeOnly.has(f));
}

/** What a type's style needs from its formulas and checks, worked out once per type document (drawn every frame). */
interface TypeAnalysis {
  inputs: string[];
  inputChecks: Set<string>;
  sizeOnly: Set<string>;
}
const analyses = new WeakMap<SensorType, TypeAnalysis>();

function analysis(type: SensorType): TypeAnalysis {
  let a = analyses.get(type);
  if (!a) {
    a = { inputs: computeHeadlineInputs(type), inputChecks: computeInputCheckIds(type), sizeOnly: computeSizeOnlyCheckIds(type) };
    analyses.set(type, a);
  }
  return a;
}

/** The raw metrics a headline depends on: itself when raw, else the raw metrics its formula names (through derived ones). */
export function headlineInputs(type: SensorType): readonly string[] {
  return analysis(type).inputs;
}

/** The checks on a value the headline is computed from (see computeInputCheckIds). */
export function inputCheckIds(type: SensorType): ReadonlySet<string> {
  return analysis(type).inputChecks;
}

/** The checks on the size metric alone (see computeSizeOnlyCheckIds). */
export function sizeOnlyCheckIds(type: SensorType): ReadonlySet<string> {
  return analysis(type).sizeOnly;
}

/** Within the metric's declared range (any value when it declares none). */
export function inRange(v: number, def: Pick<MetricDef, 'min' | 'max'> | undefined): boolean {
  if (!def) return true;
  return (def.min === undefined || v >= def.min) && (def.max === undefined || v <= def.max);
}

/** A raw value as the registry judges it: within its range, and not negative when the metric declares no minimum. */
function validRaw(v: number, def: Pick<MetricDef, 'min' | 'max'> | undefined): boolean {
  return inRange(v, def) && (def?.min !== undefined || v >= 0);
}

export function headlineJudgement(
  type: SensorType,
  headlineDef: MetricDef | DerivedMetricDef | undefined,
  values: Record<string, number | null>,
  headline: number | null,
  flags: readonly string[],
): HeadlineJudgement {
  if (Object.keys(values).length === 0) return 'no-reading';
  const inputChecks = inputCheckIds(type);
  if (flags.some((f) => inputChecks.has(f))) return 'cannot-judge';
  const inputs = headlineInputs(type);
  for (const input of inputs) {
    const v = values[input];
    if (typeof v === 'number' && Number.isFinite(v) && !validRaw(v, type.metrics.find((m) => m.id === input))) return 'cannot-judge';
  }
  if (headline === null) {
    // A value it needs is empty or absent: the reading cannot be judged. Otherwise something else is unknown.
    return inputs.some((i) => typeof values[i] !== 'number' || !Number.isFinite(values[i])) ? 'cannot-judge' : 'unknown';
  }
  if (!inRange(headline, headlineDef)) return 'cannot-judge';
  return 'ok';
}

/** A state's colour in a palette (palette/state.ts stateColour). */
export function headlineColour(type: SensorType, state: StateClass, band: ColourBand | null, palette: PaletteId = DEFAULT_PALETTE, alpha = BAND_ALPHA): RGBA {
  return stateColour(palette, type, state, band, alpha);
}

/** A numeric attribute, accepting numeric strings (CSV-born catalogues). */
function numericAttribute(sensor: Pick<Sensor, 'attributes'>, key: string): number | null {
  const v = sensor.attributes[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** The value that sizes a symbol: a metric of the latest reading (raw or derived), else the sensor's attribute. */
function sizeValue(metric: string, sensor: Pick<Sensor, 'attributes'>, values: Record<string, number | null>): number | null {
  const v = values[metric];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return numericAttribute(sensor, metric);
}

/** Where the size value lies in the type's size domain (0..1), or null for a fixed size or an unknown value. */
function sizeShare(type: SensorType, sensor: Pick<Sensor, 'attributes'>, values: Record<string, number | null>): number | null {
  const size = type.style.size;
  if ('pixels' in size) return null;
  const v = sizeValue(size.metric, sensor, values);
  if (v === null) return null;
  const [lo, hi] = size.domain;
  return hi === lo ? (v >= hi ? 1 : 0) : clamp((v - lo) / (hi - lo), 0, 1);
}

/** A line's width in px for its state (LINE_WIDTH): worse is never thinner, whatever the size metric says. */
function lineWidth(type: SensorType, share: number | null, state: StateClass): number {
  const size = type.style.size;
  const base = 'pixels' in size ? size.pixels : size.minPixels;
  const valuePx = 'pixels' in size ? 0 : Math.min(LINE_WIDTH.valuePx, Math.max(0, size.maxPixels - size.minPixels));
  const value = valuePx * (share ?? 0);
  const flagged = Math.max(LINE_WIDTH.hollowMinPx, base + LINE_WIDTH.stepPx);
  switch (state.key) {
    case 'normal':
      return base + value;
    case 'unknown':
    case 'never':
    case 'stale':
    case 'cannot-judge':
      return flagged;
    case 'abnormal':
      return flagged + LINE_WIDTH.stepPx * (state.severity - 1) + value;
  }
}

/**
 * Point radius or line width in px. Lines: by state (lineWidth). Points, moving points, areas: the type's size (fixed,
 * or its metric's domain mapped by area (square root) onto [minPixels, maxPixels], minPixels when unknown), plus
 * POINT_STEP_PX per severity when the state is abnormal.
 */
export function symbolSize(type: SensorType, sensor: Pick<Sensor, 'attributes'>, values: Record<string, number | null>, state: StateClass): number {
  const share = sizeShare(type, sensor, values);
  if (type.geometry === 'line') return lineWidth(type, share, state);
  const size = type.style.size;
  const base = 'pixels' in size ? size.pixels : size.minPixels + (size.maxPixels - size.minPixels) * Math.sqrt(share ?? 0);
  return state.key === 'abnormal' ? base + POINT_STEP_PX * state.severity : base;
}

/** The largest size a type's symbols can have (for selection rings and legends): its worst state at its largest value. */
export function maxSymbolSize(type: SensorType): number {
  const size = type.style.size;
  const base = 'pixels' in size ? size.pixels : Math.max(size.minPixels, size.maxPixels);
  return type.geometry === 'line' ? Math.max(LINE_WIDTH.hollowMinPx, base + LINE_WIDTH.stepPx) + LINE_WIDTH.stepPx * 3 + LINE_WIDTH.valuePx : base + POINT_STEP_PX * 4;
}

export function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The latest reading's values with its derived metrics added (raw values are never altered): the engine's, which it
 * computed with the same registry, else computed here (a state from an older engine).
 */
export function valuesOf(registry: SensorTypeRegistry, sensor: Sensor, state: SensorState | undefined): Record<string, number | null> {
  const raw = state?.last?.values;
  if (!raw) return {};
  const engine = state.derived as SensorState['derived'] | undefined;
  return { ...raw, ...(engine && Object.keys(engine).length > 0 ? engine : registry.derive(sensor.kind, sensor.attributes, raw)) };
}

/** How one sensor looks on a map in a given state: what the live map's layers and the pack's snapshots draw. */
export interface SensorLook {
  /** The latest reading's values plus the type's derived metrics ({} when never heard from). */
  values: Record<string, number | null>;
  /** The headline metric's value, or null when absent or not computable. */
  headline: number | null;
  judgement: HeadlineJudgement;
  band: ColourBand | null;
  /** Quality flags of the latest reading (generic and the type's checks), as the engine attached them. */
  flags: readonly string[];
  /** True when a flag halo (line) or ring (point, area) is drawn. */
  flagged: boolean;
  /** The class of its state: rank (higher is worse), severity, second cue (palette/state.ts). */
  stateClass: StateClass;
  /** Its colour in the palette asked for. */
  color: RGBA;
  /** Point radius or line width in CSS px. */
  size: number;
}

/** A sensor's look given its freshness (worked out by the caller on its clock) and its latest state. */
export function sensorLook(
  registry: SensorTypeRegistry,
  type: SensorType,
  sensor: Sensor,
  state: SensorState | undefined,
  freshness: Freshness,
  headlineDef: MetricDef | DerivedMetricDef | undefined = registry.metric(type.id, type.style.headline),
  palette: PaletteId = DEFAULT_PALETTE,
): SensorLook {
  const values = valuesOf(registry, sensor, state);
  const headline = finiteOrNull(values[type.style.headline]);
  const flags = state?.flags ?? [];
  const judgement = headlineJudgement(type, headlineDef, values, headline, flags);
  const band = judgement === 'ok' ? registry.band(type.id, headline) : null;
  const stateOf = classify(type, freshness, judgement, band);
  return {
    values,
    headline,
    judgement,
    band,
    flags,
    flagged: freshness !== 'never' && showsFlag(type, flags),
    stateClass: stateOf,
    color: headlineColour(type, stateOf, band, palette),
    size: symbolSize(type, sensor, values, stateOf),
  };
}
