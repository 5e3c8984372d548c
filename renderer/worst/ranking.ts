/**
 * "Worst now" (pure: the layers' input in, a ranking out; no store, no DOM): per sensor type present, the sensors
 * ranked worst first by the type's own measure of "worse", taken from the sensor-type registry, never from type ids:
 * the headline metric when it has a direction (traffic: speed as % of normal, lowest first; car parks: occupancy,
 * highest first, so over capacity comes first; air: the highest index or EAQI level), else the first metric of the
 * type that has one (weather: wind speed). A type with no such metric is not ranked.
 *
 * Honest about the data:
 *   - a value that cannot be judged (a quality check on a value it is computed from fired, e.g. a 0 km/h speed; a
 *     value outside its valid range; an empty one) is listed as flagged, with the flags in words: never ranked as the
 *     worst, never dropped;
 *   - a value that can be judged keeps its flags beside it (a car park over capacity is ranked, as reported, flagged);
 *   - a stale reading is marked stale with its age and ranked after the live ones (it is not "now");
 *   - sensors never heard from are counted.
 */
import { t } from '../i18n/i18n';
import type { Freshness, Sensor } from '../../electron/shared/model';
import { headlineInputs, identifiersOf, inputCheckIds, inRange } from '../../electron/shared/sensor-style';
import type { DerivedMetricDef, MetricDef, SensorType } from '../../electron/shared/sensor-types/types';
import { ageMs } from '../map/freshness';
import { sensorsOfType, type LayerInput, type SensorDatum } from '../map/layers/common';
import { drawOrder, presentTypes } from '../map/layers/index';

export type Direction = 'higher' | 'lower';

/** The metric a type is ranked by and which way is worse, or null when no metric of the type has a direction. */
export function rankingMetric(type: SensorType): { metric: MetricDef | DerivedMetricDef; worse: Direction } | null {
  const all = [...type.derived, ...type.metrics];
  const headline = all.find((m) => m.id === type.style.headline);
  const metric = headline && headline.higherIsWorse !== null ? headline : all.find((m) => m.higherIsWorse !== null);
  return metric ? { metric, worse: metric.higherIsWorse ? 'higher' : 'lower' } : null;
}

export interface WorstEntry {
  sensorId: string;
  name: string;
  /** The value ranked by (null when there is none). */
  value: number | null;
  /** The headline's colour band in words when ranked by the headline ("Congested (≤ 40 % of normal speed)"). */
  band: string | null;
  freshness: Freshness;
  ageMs: number | null;
  /** Quality flags of the latest reading, in words. */
  flags: { id: string; label: string }[];
  /** Why it is not ranked (flagged entries only). */
  reason?: string;
}

export interface WorstSection {
  type: SensorType;
  metric: MetricDef | DerivedMetricDef;
  worse: Direction;
  /** Worst first: live readings, then stale ones; each by value. At most `limit`. */
  ranked: WorstEntry[];
  /** Sensors with a value that can be ranked (ranked.length may be fewer). */
  rankedTotal: number;
  /** Readings that cannot be judged: listed, not ranked. */
  flagged: WorstEntry[];
  /** Sensors never heard from. */
  never: number;
  /** Sensors whose latest reading does not carry the metric at all (a station without a wind sensor). */
  without: number;
}

/** Entries per type shown by default. */
export const WORST_LIMIT = 5;

function rawValid(v: number, def: MetricDef | undefined): boolean {
  return inRange(v, def) && (def?.min !== undefined || v >= 0);
}

function isNumber(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** What about the raw values `inputs` makes them unusable ("Average speed outside its valid range"), or null. */
function badInput(d: SensorDatum, inputs: readonly string[]): string | null {
  for (const input of inputs) {
    const v = d.values[input];
    const def = d.type.metrics.find((m) => m.id === input);
    if (isNumber(v) && !rawValid(v, def)) return `${def?.label ?? input} outside its valid range`;
  }
  for (const input of inputs) {
    if (d.values[input] === null) return `${d.type.metrics.find((m) => m.id === input)?.label ?? input} reported empty`;
  }
  return null;
}

/**
 * Why a value cannot be ranked, or null when it can. The headline is judged as the map judges it (sensor-style.ts:
 * checks on its inputs, inputs empty or out of range); another metric by its own value and the checks that name it.
 */
function unjudgeable(d: SensorDatum, metric: MetricDef | DerivedMetricDef, flagLabel: (f: string) => string): string | null {
  const isHeadline = metric.id === d.type.style.headline;
  if (isHeadline && d.judgement === 'ok') return null;
  const isRaw = d.type.metrics.some((m) => m.id === metric.id);
  const blocking = isHeadline ? inputCheckIds(d.type) : new Set(d.type.checks.filter((c) => isRaw && identifiersOf(c.when).has(metric.id)).map((c) => c.id));
  const blocked = d.flags.filter((f) => blocking.has(f));
  if (blocked.length) return blocked.map(flagLabel).join('; ');
  const bad = badInput(d, isHeadline ? headlineInputs(d.type) : isRaw ? [metric.id] : []);
  if (bad) return bad;
  const v = d.values[metric.id];
  if (!isNumber(v)) return `${metric.label} cannot be computed`;
  if (!inRange(v, metric)) return `${metric.label} outside its valid range`;
  return null;
}

function nameOf(s: Sensor): string {
  return s.name || s.id;
}

/** One section per present type that has a ranking metric, in the map's drawing order. */
export function worstNow(input: LayerInput, limit = WORST_LIMIT): WorstSection[] {
  const out: WorstSection[] = [];
  for (const type of drawOrder(presentTypes(input))) {
    const rm = rankingMetric(type);
    if (!rm) continue;
    const flagLabel = (f: string): string => input.registry.flagLabel(f, type.id);
    const ranked: WorstEntry[] = [];
    const flagged: WorstEntry[] = [];
    let never = 0;
    let without = 0;
    for (const d of sensorsOfType(input, type)) {
      if (d.freshness === 'never') {
        never++;
        continue;
      }
      const raw = d.values[rm.metric.id];
      if (raw === undefined && rm.metric.id !== type.style.headline) {
        without++;
        continue;
      }
      const value = isNumber(raw) ? raw : null;
      const entry: WorstEntry = {
        sensorId: d.id,
        name: nameOf(d.sensor),
        value,
        band: rm.metric.id === type.style.headline ? (d.band?.label ?? null) : null,
        freshness: d.freshness,
        ageMs: ageMs(d.state, input.now),
        flags: d.flags.map((f) => ({ id: f, label: flagLabel(f) })),
      };
      const reason = unjudgeable(d, rm.metric, flagLabel);
      if (reason !== null || value === null) flagged.push({ ...entry, reason: reason ?? t('worst.cannotCompute', { metric: rm.metric.label }) });
      else ranked.push(entry);
    }
    const sign = rm.worse === 'higher' ? -1 : 1;
    ranked.sort((a, b) => Number(a.freshness !== 'live') - Number(b.freshness !== 'live') || sign * (a.value! - b.value!) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    flagged.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    out.push({ type, metric: rm.metric, worse: rm.worse, ranked: ranked.slice(0, limit), rankedTotal: ranked.length, flagged, never, without });
  }
  return out;
}

/** What a section ranks by: "highest: Occupancy", "lowest: Speed as % of normal". */
export function rankedBy(s: Pick<WorstSection, 'metric' | 'worse'>): string {
  return t(s.worse === 'higher' ? 'worst.highest' : 'worst.lowest', { metric: s.metric.label });
}
