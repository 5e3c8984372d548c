/**
 * The grouping stage, between the evaluator and the alarm book: the evaluator still gives one alert per sensor; this
 * stage decides what the book makes of each raise. Pure (time is passed in), deterministic.
 *
 * - A rule with `group` (schema.ts Grouping): a sensor's raise joins its group's alarm (`into`): one alarm per
 *   district (`group:district:<id>`), attribute value (`group:attribute:<value>`), drawn area (`group:area:<name>`) or
 *   for the whole scope (`group:scope`). A sensor outside every group (no district, no value, outside every area)
 *   alarms alone, as without grouping.
 * - Source outages (outage.ts): while a sensor's source is in outage, the raises of "not reporting" rules (a noData
 *   condition) join the outage alarm instead of ringing one by one. This comes before a rule's own grouping.
 * Clears are passed on as they come: the book knows where each raise went. Nothing is dropped here.
 */
import type { Reading, Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { shippedRegistry } from '../feed/registry';
import type { BookEvent, GroupTarget } from './alarms';
import type { AlertEvent } from './evaluator';
import { pointInPolygon, pointInZone, sensorPoint, type Zone } from './geo';
import { OUTAGE_RULE_ID, OutageTracker, outageSubject } from './outage';
import type { Rule } from './schema';

export interface GroupingOptions {
  /** The sensor types (names a source by its type's label); default the shipped ones, as the evaluator. */
  registry?: SensorTypeRegistry;
  /** Watch sources for outages (default true; a backtest of a rule that is not a not-reporting rule does without). */
  outages?: boolean;
  /**
   * The sensor types whose sensors are watched for outages (default: all). A backtest reads only its rules' types: the
   * sensors of other types would look silent.
   */
  watchKinds?: ReadonlySet<string>;
}

/** A "not reporting" rule: its condition is a noData condition (its alerts are what a source outage holds). */
export function isNotReportingRule(rule: Pick<Rule, 'condition'>): boolean {
  return rule.condition.type === 'noData';
}

/** The group a sensor's alert of this rule joins, or null when it alarms alone (no grouping, or outside every group). */
export function groupOf(rule: Rule, sensor: Sensor, zones: readonly Zone[]): GroupTarget | null {
  const g = rule.group;
  if (!g) return null;
  const at = () => sensorPoint(sensor.geometry);
  switch (g.by) {
    case 'scope':
      return { ruleId: rule.id, subject: 'group:scope', kind: 'rule', name: 'its whole scope' };
    case 'attribute': {
      const v = sensor.attributes[g.attribute];
      if (v === null || v === undefined || (typeof v === 'string' && !v.trim())) return null;
      const value = String(v).trim();
      return { ruleId: rule.id, subject: `group:attribute:${value}`, kind: 'rule', name: `${g.attribute} ${value}` };
    }
    case 'district': {
      const [lng, lat] = at();
      const z = zones.find((zone) => pointInZone(lng, lat, zone));
      return z ? { ruleId: rule.id, subject: `group:district:${z.id}`, kind: 'rule', name: z.name } : null;
    }
    case 'areas': {
      const [lng, lat] = at();
      const area = g.areas.find((a) => pointInPolygon(lng, lat, [a.polygon]));
      return area ? { ruleId: rule.id, subject: `group:area:${area.name}`, kind: 'rule', name: area.name } : null;
    }
  }
}

export class GroupingStage {
  private rules = new Map<string, Rule>();
  private sensors = new Map<string, Sensor>();
  private zones: readonly Zone[] = [];
  /** groupOf per (rule, sensor), found once. */
  private targets = new Map<string, GroupTarget | null>();
  private readonly outages: OutageTracker | null;
  private registry: SensorTypeRegistry;
  private readonly watchKinds: ReadonlySet<string> | undefined;

  constructor(rules: readonly Rule[], catalogue: readonly Sensor[], zones: readonly Zone[], opts: GroupingOptions = {}) {
    this.registry = opts.registry ?? shippedRegistry();
    this.watchKinds = opts.watchKinds;
    this.outages = opts.outages === false ? null : new OutageTracker([], this.registry);
    this.setRules(rules);
    this.setCatalogue(catalogue, zones, opts.registry);
  }

  setRules(rules: readonly Rule[]): void {
    this.rules = new Map(rules.map((r) => [r.id, r]));
    this.targets.clear();
  }

  setCatalogue(catalogue: readonly Sensor[], zones: readonly Zone[], registry?: SensorTypeRegistry): void {
    if (registry) this.registry = registry;
    this.sensors = new Map(catalogue.map((s) => [s.id, s]));
    this.zones = zones;
    this.targets.clear();
    const kinds = this.watchKinds;
    this.outages?.setCatalogue(kinds ? catalogue.filter((s) => kinds.has(s.kind)) : catalogue, this.registry);
  }

  /** Outages in force when the desk stopped (the subjects `source:<key>` of their open alarms). */
  restoreOutages(subjects: Iterable<string>): void {
    const keys = [...subjects].filter((s) => s.startsWith('source:')).map((s) => s.slice('source:'.length));
    this.outages?.restore(keys);
  }

  /** Readings accepted (a source's sensors report again) and the evaluator's events on them. */
  onReadings(readings: readonly Reading[], events: readonly AlertEvent[]): BookEvent[] {
    this.outages?.onReadings(readings);
    return events.length ? events.map((e) => this.route(e)) : [];
  }

  /** The clock: outages raised first (their members' alerts join them), the evaluator's events, outages cleared. */
  onClock(now: number, events: readonly AlertEvent[]): BookEvent[] {
    const outages = this.outages ? this.outages.onClock(now) : [];
    const out: BookEvent[] = [];
    for (const o of outages) if (o.type === 'raise') out.push({ ...stripSource(o), outage: { name: o.sourceName } });
    for (const e of events) out.push(this.route(e));
    for (const o of outages) if (o.type === 'clear') out.push(stripSource(o));
    return out;
  }

  /** When the clock next matters to the stage (a backtest skips idle ticks up to it). */
  nextClockWork(): number {
    return this.outages ? this.outages.nextClockWork() : Infinity;
  }

  /** Where an evaluator event goes (a raise may join a group; anything else passes on as it is). */
  route(e: AlertEvent): BookEvent {
    if (e.type !== 'raise') return e;
    const rule = this.rules.get(e.ruleId);
    const sensor = this.sensors.get(e.subject);
    if (!rule || !sensor || rule.subject !== 'sensor') return e;
    const subjectName = sensor.name;
    if (this.outages && isNotReportingRule(rule)) {
      const src = this.outages.isOut(sensor.id);
      if (src) return { ...e, subjectName, into: { ruleId: OUTAGE_RULE_ID, subject: outageSubject(src.key), kind: 'outage', name: src.name } };
    }
    if (!rule.group) return e;
    const key = `${rule.id}|${sensor.id}`;
    let target = this.targets.get(key);
    if (target === undefined) this.targets.set(key, (target = groupOf(rule, sensor, this.zones)));
    return target ? { ...e, subjectName, into: target } : e;
  }
}

function stripSource(o: AlertEvent & { sourceName: string }): AlertEvent {
  const { sourceName: _s, ...e } = o;
  return e;
}
