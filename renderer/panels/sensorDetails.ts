/**
 * What the sensor panel shows about one sensor, derived from its type in the registry: the type's label, where its
 * numbers come from (provenance and note), every metric with its label, value to the metric's precision and unit,
 * the derived metrics, the quality flags with their labels, and the attributes; and, for the sensor's open alarms,
 * what to do (the rule's rationale) and by when. Pure: tested without the DOM, for any
 * type, including one defined only as JSON.
 *
 * Values are shown as reported: an impossible or out-of-range value is marked, never hidden or clipped; a metric the
 * type does not declare is still listed (by its id).
 */
import type { Alarm, RuleSummary } from '../../electron/engine/api';
import { DEFAULT_RESPOND_MINUTES, compareByPriority, type Priority } from '../../electron/shared/alarm-priority';
import type { Sensor, SensorState } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { ColourBand, MetricDef } from '../../electron/shared/sensor-types/types';
import { inRange } from '../map/layers/typeStyle';
import { formatValue } from './format';
import { provenanceOf, type ProvenanceText } from './provenance';

export interface MetricRow {
  id: string;
  label: string;
  unit: string;
  value: number | null;
  /** The value to the metric's precision with its unit; 'empty' when reported empty, '—' when not in the reading. */
  text: string;
  derived: boolean;
  /** The value lies outside the metric's valid range (shown as reported, marked). */
  outOfRange: boolean;
  /** The metric is not one the type declares (listed by its id). */
  undeclared: boolean;
}

export interface SensorDetails {
  typeId: string;
  /** False when the registry has no such type: the panel says so and lists the values by id. */
  knownType: boolean;
  typeLabel: string;
  provenance: ProvenanceText | null;
  /** The headline metric (the one that colours the map) and its colour band's label. */
  headline: { row: MetricRow; band: ColourBand | null } | null;
  /** Raw metrics in the type's order, then undeclared ones found in the reading. */
  metrics: MetricRow[];
  derived: MetricRow[];
  flags: { id: string; label: string }[];
  attributes: { key: string; value: string }[];
}

function metricRow(def: Pick<MetricDef, 'id' | 'label' | 'unit' | 'precision' | 'min' | 'max'>, values: Record<string, number | null>, derived: boolean, undeclared = false): MetricRow {
  const present = Object.prototype.hasOwnProperty.call(values, def.id);
  const raw = present ? values[def.id] : undefined;
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
  const outOfRange = value !== null && !inRange(value, def);
  return {
    id: def.id,
    label: def.label,
    unit: def.unit,
    value,
    text: present ? formatValue(raw, def.unit, undeclared ? undefined : def.precision) : '—',
    derived,
    outOfRange,
    undeclared,
  };
}

export function sensorDetails(sensor: Pick<Sensor, 'kind' | 'attributes'>, state: Pick<SensorState, 'last' | 'flags'> | undefined, registry: SensorTypeRegistry): SensorDetails {
  const values = state?.last?.values ?? {};
  const type = registry.get(sensor.kind);
  const declared = new Set(type ? registry.metricsOf(sensor.kind).map((m) => m.id) : []);
  const undeclared = Object.keys(values)
    .filter((id) => !declared.has(id))
    .map((id) => metricRow({ id, label: id, unit: '', precision: 0 }, values, false, true));
  const metrics = type ? type.metrics.map((m) => metricRow(m, values, false)) : [];
  metrics.push(...undeclared);

  let derived: MetricRow[] = [];
  if (type && type.derived.length > 0) {
    // Only when there is a reading: "missing" inputs give missing results, which is what an empty row says anyway.
    const computed = state?.last ? registry.derive(sensor.kind, sensor.attributes, values) : {};
    derived = type.derived.map((d) => metricRow(d, computed, true));
  }

  let headline: SensorDetails['headline'] = null;
  if (type) {
    const row = [...metrics, ...derived].find((r) => r.id === type.style.headline);
    if (row) headline = { row, band: registry.band(sensor.kind, row.value) };
  }

  return {
    typeId: sensor.kind,
    knownType: type !== undefined,
    typeLabel: type?.label ?? sensor.kind,
    provenance: type ? provenanceOf(type) : null,
    headline,
    metrics,
    derived,
    flags: (state?.flags ?? []).map((id) => ({ id, label: registry.flagLabel(id, sensor.kind) })),
    attributes: Object.entries(sensor.attributes).map(([key, v]) => ({ key, value: v === null ? '—' : String(v) })),
  };
}

/** One open alarm of the sensor, with what the operator should do about it (the rule's rationale). */
export interface AlarmAdvice {
  alarmId: string;
  ruleName: string;
  priority: Priority;
  state: Alarm['state'];
  acknowledged: boolean;
  /** The group alarm's name when the sensor is one of its members (not the alarm's own subject). */
  group: string | null;
  /** The rule's "what to do", or null when the rule has no rationale. */
  action: string | null;
  /** Minutes to respond: the rule's, else the default for the severity (`fromRule` says which). */
  respondWithinMinutes: number;
  fromRule: boolean;
  /** When the response is due: the time the alarm reached the desk plus the time to respond (feed clock ms). */
  respondBy: number;
}

/**
 * The sensor's open alarms (its own and the groups it is a member of), most urgent first, each with its rule's
 * "what to do" and time to respond.
 */
export function alarmAdvice(sensorId: string, alarms: Iterable<Alarm>, rules: ReadonlyMap<string, Pick<RuleSummary, 'name' | 'rule'>>): AlarmAdvice[] {
  const out: (AlarmAdvice & { raisedAt: number })[] = [];
  for (const a of alarms) {
    if (a.state === 'resolved') continue;
    const own = a.subject === sensorId;
    if (!own && !a.group?.members.some((m) => m.subject === sensorId)) continue;
    const rule = rules.get(a.ruleId);
    const rationale = rule?.rule?.rationale;
    const respond = rationale?.respondWithinMinutes ?? DEFAULT_RESPOND_MINUTES[a.raisedSeverity];
    out.push({
      alarmId: a.id,
      ruleName: rule?.name ?? a.ruleId,
      priority: a.priority,
      state: a.state,
      acknowledged: a.acknowledged !== null,
      group: own ? null : (a.group?.name ?? null),
      action: rationale?.action ?? null,
      respondWithinMinutes: respond,
      fromRule: rationale !== undefined,
      respondBy: (a.announcedAt ?? a.raisedAt) + respond * 60_000,
      raisedAt: a.raisedAt,
    });
  }
  return out.sort(compareByPriority).map(({ raisedAt: _raisedAt, ...rest }) => rest);
}
