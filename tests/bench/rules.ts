/**
 * Rules engine bench (part of `npm run bench`, or alone: `npx tsx tests/bench/rules.ts`).
 *
 * 100 mixed rules generated from templates (every condition type, kind / sensors / zone / filter scopes, sensor and
 * zone subjects). Two headlines, both in readings per CPU-second of this process (single thread):
 * 1. Throughput: the CityDesk Evaluator over the real Aarhus demo week (909k readings) with all 100 rules and a clock
 *    tick every minute of data time. Target (issue 4): at least 1,000,000 readings/s on one core.
 * 2. Against json-rules-engine 7.3.1, like for like: the same rules (the ones json-rules-engine can express exactly:
 *    threshold, window and rate conditions combined with all/any; no sustained timers, no noData, no area, which need
 *    a clock or cross-sensor state) and the same readings (the first 10,000 of the week), evaluated by both, one
 *    reading at a time, no clock on either side. json-rules-engine: one engine.run per reading, scope as a sensorId
 *    'in' condition, window and rate conditions as dynamic facts over a per-sensor history. Both count the alarms
 *    raised (a rule turning true for a sensor), as a check that they did the same work. Target (issue 4): at least
 *    50x.
 */
import { join } from 'node:path';
import { Engine, type NestedCondition, type RuleProperties } from 'json-rules-engine';
import { loadDemoData, type DemoData } from '../../electron/demo-feed/data';
import type { Reading, Sensor } from '../../electron/shared/model';
import { Evaluator } from '../../electron/engine/rules/evaluator';
import { loadDistricts, makeZone, sensorInZone, type Zone } from '../../electron/engine/rules/geo';
import { parseRule, type Condition, type Rule } from '../../electron/engine/rules/schema';
import { typeOfV1Kind } from '../../electron/shared/protocol';
import { fmt, median, perCore, runPartIfMain, stopwatch, type PartResult, type Row } from './report';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const STEP_MS = 60_000;
const BASELINE_READINGS = 10_000;
/** RULES_BENCH_ONLY=citydesk skips the (slow) baseline, e.g. for profiling. */
const ONLY_CITYDESK = process.env.RULES_BENCH_ONLY === 'citydesk';
const TARGET_PER_CORE = 1_000_000;
const TARGET_RATIO = 50;

// ---------------------------------------------------------------------------------------------------------------------
// 100 rules from templates

type Template = (i: number) => Omit<Rule, 'schema' | 'id' | 'name' | 'enabled' | 'subject'> & { subject?: 'sensor' | 'zone' };

const th = (metric: string, op: string, value: number): Condition => ({ type: 'threshold', metric, op, value }) as Condition;
const CENTRE_POLY: [number, number][] = [[10.17, 56.14], [10.23, 56.14], [10.23, 56.17], [10.17, 56.17], [10.17, 56.14]];

function templates(sensors: Sensor[]): Template[] {
  const ids = (kind: string, every: number) => sensors.filter((s, i) => s.kind === kind && i % every === 0).map((s) => s.id);
  return [
    (i) => ({ severity: 'warning', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'sustained', minutes: 10 + (i % 4) * 5, condition: th('occupancyPct', '>', 85 + (i % 10)) }, clear: { hysteresis: 5, minClearMinutes: 10 } }),
    (i) => ({ severity: 'info', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 60 + (i % 3) * 30, op: '>', value: 80 + (i % 15) } }),
    (i) => ({ severity: 'warning', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'rate', metric: 'occupancyPct', minutes: 60, op: '>', value: 20 + (i % 20) } }),
    (i) => ({ severity: 'info', kind: 'car-park', scope: { type: 'zone', polygon: CENTRE_POLY }, subject: 'zone', condition: { type: 'area', agg: (['avg', 'max', 'min', 'count'] as const)[i % 4]!, metric: 'occupancyPct', op: '>', value: 70 + (i % 20) } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'kind' }, filter: { roadType: ['MAJOR_ROAD'] }, condition: { type: 'sustained', minutes: 10 + (i % 3) * 5, condition: th('speedRatioPct', '<', 30 + (i % 20)) }, clear: { hysteresis: 10, minClearMinutes: 10 } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'kind' }, condition: { type: 'window', agg: (['avg', 'min', 'max', 'sum', 'count'] as const)[i % 5]!, metric: 'vehicleCount', minutes: 15 + (i % 4) * 15, op: '>', value: 20 + (i % 30) } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'sensors', ids: ids('traffic', 2 + (i % 3)) }, condition: { type: 'all', conditions: [th('avgSpeedKmh', '<', 20 + (i % 20)), { type: 'window', agg: 'avg', metric: 'avgMeasuredTimeS', minutes: 30, op: '>', value: 100 + i }] } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'kind' }, condition: { type: 'noData', minutes: 20 + (i % 5) * 10 } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'zone', polygon: CENTRE_POLY }, condition: { type: 'rate', metric: 'avgSpeedKmh', minutes: 30, op: '<', value: -(15 + (i % 10)) } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'zone', district: (['200', '351', '220', '481'] as const)[i % 4]! }, subject: 'zone', condition: { type: 'area', agg: 'avg', metric: 'speedRatioPct', op: '<', value: 50 + (i % 20) } }),
    (i) => ({ severity: 'critical', kind: 'citypulse-air-index', scope: { type: 'kind' }, condition: { type: 'sustained', minutes: 15, condition: th('maxIndex', '>', 190 + (i % 20)) }, clear: { hysteresis: 10 } }),
    (i) => ({ severity: 'warning', kind: 'citypulse-air-index', scope: { type: 'kind' }, condition: { type: 'any', conditions: [th('ozone', '>', 180 + (i % 20)), { type: 'window', agg: 'max', metric: 'nitrogenDioxide', minutes: 60, op: '>', value: 190 + (i % 10) }] } }),
    (i) => ({ severity: 'info', kind: 'citypulse-air-index', scope: { type: 'sensors', ids: ids('citypulse-air-index', 2) }, condition: { type: 'threshold', metric: 'particulateMatter', op: 'outside', value: [10 + (i % 10), 200] } }),
  ];
}

function makeRules(sensors: Sensor[], zones: Zone[]): Rule[] {
  const ts = templates(sensors);
  const rules: Rule[] = [];
  for (let i = 0; i < 100; i++) {
    const t = ts[i % ts.length]!(i);
    rules.push(parseRule({ schema: 1, id: `bench-${i}`, name: `Bench rule ${i}`, enabled: true, ...t }, { zones }));
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------------------------------
// CityDesk

/** The Evaluator over `readings`, with a clock tick every STEP_MS of data time when `clock` is set. */
function runCityDesk(data: DemoData, rules: Rule[], zones: Zone[], readings: readonly Reading[], clock: boolean) {
  const ev = new Evaluator(rules, data.sensors, zones);
  let events = 0;
  let raises = 0;
  const count = (es: readonly { type: string }[]) => {
    events += es.length;
    for (const e of es) if (e.type === 'raise') raises++;
  };
  const stop = stopwatch();
  let next = Math.floor(readings[0]!.ts / STEP_MS) * STEP_MS;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    if (clock) {
      while (r.ts >= next) {
        count(ev.onClock(next));
        next += STEP_MS;
      }
    }
    count(ev.onReading(r));
  }
  if (clock) count(ev.onClock(next));
  const { cpuMs, wallMs } = stop();
  return { rate: perCore(readings.length, cpuMs), cpuMs, wallMs, events, raises, evaluations: ev.stats().evaluations, subjects: ev.subjectCount() };
}

// ---------------------------------------------------------------------------------------------------------------------
// json-rules-engine baseline

const JRE_OP: Record<string, string> = { '>': 'greaterThan', '>=': 'greaterThanInclusive', '<': 'lessThan', '<=': 'lessThanInclusive' };

function jreCompare(fact: string, params: Record<string, unknown> | undefined, op: string, value: number | [number, number]): NestedCondition {
  const base = params ? { fact, params } : { fact };
  if (Array.isArray(value)) {
    if (op === 'between') return { all: [{ ...base, operator: 'greaterThanInclusive', value: value[0] }, { ...base, operator: 'lessThanInclusive', value: value[1] }] };
    return { any: [{ ...base, operator: 'lessThan', value: value[0] }, { ...base, operator: 'greaterThan', value: value[1] }] };
  }
  return { ...base, operator: JRE_OP[op]!, value };
}

function jreCondition(c: Condition): NestedCondition | null {
  switch (c.type) {
    case 'threshold':
      return jreCompare(c.metric, undefined, c.op, c.value);
    case 'window':
      return jreCompare('window', { metric: c.metric, minutes: c.minutes, agg: c.agg }, c.op, c.value);
    case 'rate':
      return jreCompare('window', { metric: c.metric, minutes: c.minutes, agg: 'change' }, c.op, c.value);
    case 'all':
    case 'any': {
      const parts = c.conditions.map(jreCondition);
      if (parts.some((x) => x === null)) return null;
      return c.type === 'all' ? { all: parts as NestedCondition[] } : { any: parts as NestedCondition[] };
    }
    default:
      return null; // sustained, noData, area: need timers, a clock or cross-sensor state
  }
}

/** The rules json-rules-engine can express exactly: no timers, no clock, no cross-sensor state, no clearing band. */
function jreExpressible(r: Rule): boolean {
  return jreCondition(r.condition) !== null && !r.clear && !r.activeHours && !r.escalation;
}

function jreRules(rules: Rule[], sensors: Sensor[], zones: Zone[]): RuleProperties[] {
  const out: RuleProperties[] = [];
  for (const r of rules) {
    const cond = jreCondition(r.condition);
    if (!cond) throw new Error(`rules bench: ${r.id} cannot be expressed in json-rules-engine`);
    let inScope = sensors.filter((s) => s.kind === r.kind);
    if (r.scope.type === 'sensors') {
      const ids = new Set(r.scope.ids);
      inScope = inScope.filter((s) => ids.has(s.id));
    } else if (r.scope.type === 'zone') {
      const sc = r.scope;
      const zone = 'polygon' in sc ? makeZone(r.id, r.name, [[sc.polygon]]) : zones.find((z) => z.id === String(sc.district))!;
      inScope = inScope.filter((s) => sensorInZone(s, zone));
    }
    if (r.filter) for (const [k, vs] of Object.entries(r.filter)) inScope = inScope.filter((s) => vs.includes(s.attributes[k] as string));
    out.push({
      name: r.id,
      conditions: { all: [{ fact: 'sensorId', operator: 'in', value: inScope.map((s) => s.id) }, cond] },
      event: { type: 'alert', params: { ruleId: r.id } },
    });
  }
  return out;
}

async function runBaseline(data: DemoData, rules: Rule[], zones: Zone[], readings: readonly Reading[]) {
  const jre = jreRules(rules, data.sensors, zones);
  const engine = new Engine(jre, { allowUndefinedFacts: true });
  const sensors = new Map(data.sensors.map((s) => [s.id, s]));
  const history = new Map<string, { ts: number; v: Record<string, number | null> }[]>();
  let current: { sensorId: string; ts: number } = { sensorId: '', ts: 0 };
  engine.addFact<number | undefined>('window', (raw) => {
    const params = raw as { metric: string; minutes: number; agg: string };
    const h = history.get(current.sensorId) ?? [];
    const from = current.ts - params.minutes * 60_000;
    const vs = h.filter((x) => x.ts > from).map((x) => x.v[params.metric]).filter((x): x is number => typeof x === 'number');
    if (!vs.length) return undefined;
    switch (params.agg) {
      case 'avg':
        return vs.reduce((a, b) => a + b, 0) / vs.length;
      case 'sum':
        return vs.reduce((a, b) => a + b, 0);
      case 'min':
        return Math.min(...vs);
      case 'max':
        return Math.max(...vs);
      case 'count':
        return vs.length;
      default:
        return vs.length > 1 ? vs[vs.length - 1]! - vs[0]! : undefined;
    }
  });
  // Alarms raised: a rule turning true for a sensor (the Evaluator's 'raise'); false again clears it.
  const active = new Set<string>();
  let raises = 0;
  const stop = stopwatch();
  for (const r of readings) {
    const s = sensors.get(r.sensorId)!;
    const v: Record<string, number | null> = { ...r.values };
    // Derived metrics, as CityDesk computes them.
    if (s.kind === 'car-park') {
      const spaces = v.totalSpaces ?? (s.attributes.capacity as number | null);
      v.occupancyPct = v.vehicleCount != null && spaces ? (v.vehicleCount / spaces) * 100 : null;
    } else if (s.kind === 'traffic') {
      const normal = s.attributes.normalSpeedKmh as number | null;
      v.speedRatioPct = v.avgSpeedKmh != null && normal ? (v.avgSpeedKmh / normal) * 100 : null;
    } else {
      const xs = Object.values(r.values).filter((x): x is number => x !== null);
      v.maxIndex = xs.length ? Math.max(...xs) : null;
    }
    let h = history.get(r.sensorId);
    if (!h) history.set(r.sensorId, (h = []));
    h.push({ ts: r.ts, v });
    while (h.length && h[0]!.ts <= r.ts - 24 * 3600_000) h.shift();
    current = { sensorId: r.sensorId, ts: r.ts };
    const facts: Record<string, unknown> = { sensorId: r.sensorId };
    for (const k in v) if (v[k] !== null) facts[k] = v[k];
    const res = await engine.run(facts);
    for (const e of res.events) {
      const key = `${(e.params as { ruleId: string }).ruleId}|${r.sensorId}`;
      if (active.has(key)) continue;
      active.add(key);
      raises++;
    }
    for (const e of res.failureEvents) active.delete(`${(e.params as { ruleId: string }).ruleId}|${r.sensorId}`);
  }
  const { cpuMs, wallMs } = stop();
  return { rate: perCore(readings.length, cpuMs), cpuMs, wallMs, raises, rules: jre.length };
}

// ---------------------------------------------------------------------------------------------------------------------

export async function rulesBench(): Promise<PartResult> {
  const rows: Row[] = [];
  const demo = loadDemoData(ASSETS);
  // The demo's sensors under their registry type ids (a no-op once the demo source sends them so).
  const data = { ...demo, sensors: demo.sensors.map((s) => ({ ...s, kind: typeOfV1Kind(s.kind) })) };
  const zones = loadDistricts(ASSETS);
  const rules = makeRules(data.sensors, zones);
  const types = new Map<string, number>();
  const walk = (c: Condition): void => {
    types.set(c.type, (types.get(c.type) ?? 0) + 1);
    if (c.type === 'sustained') walk(c.condition);
    if (c.type === 'all' || c.type === 'any') c.conditions.forEach(walk);
  };
  rules.forEach((r) => walk(r.condition));
  rows.push({ name: 'demo week', value: `${fmt(data.readings.length)} readings`, note: `${data.sensors.length} sensors` });
  rows.push({ name: 'rules', value: `${rules.length}`, note: [...types].map(([t, n]) => `${t} ${n}`).join(', ') });

  // 1. The whole week, all rules, with the clock. Warm up (JIT) on a slice, then three full runs; the median counts.
  runCityDesk(data, rules, zones, data.readings.slice(0, 100_000), true);
  const runs = [0, 1, 2].map(() => runCityDesk(data, rules, zones, data.readings, true));
  const deskRate = median(runs.map((r) => r.rate));
  const desk = runs.find((r) => r.rate === deskRate)!;
  rows.push({ name: 'rule subjects tracked', value: fmt(desk.subjects), note: '(rule, sensor) and (rule, zone) pairs' });
  rows.push({
    name: 'CityDesk Evaluator, whole week',
    value: `${fmt(deskRate)} readings/s per core`,
    note: `median of 3 (${runs.map((r) => fmt(r.rate)).join(', ')}); ${fmt(desk.cpuMs)} ms CPU, ${fmt(desk.wallMs)} ms wall; ${fmt(desk.evaluations / (desk.cpuMs / 1000))} rule evaluations/s, ${fmt(desk.events)} events, clock every ${STEP_MS / 1000} s of data time`,
  });
  const headlines: PartResult['headlines'] = [
    {
      name: 'rules: 100 rules over the week, per core',
      figure: `${fmt(deskRate)} readings/s`,
      baseline: 'none (absolute target)',
      ratio: '-',
      target: `>= ${fmt(TARGET_PER_CORE)} readings/s per core (issue 4)`,
      met: deskRate >= TARGET_PER_CORE,
    },
  ];
  if (ONLY_CITYDESK) return { rows, headlines };

  // 2. Like for like against json-rules-engine: the same rules, the same readings, no clock on either side.
  const same = rules.filter(jreExpressible);
  const prefix = data.readings.slice(0, BASELINE_READINGS);
  await runBaseline(data, same, zones, data.readings.slice(0, 2_000)); // warm-up
  const base = await runBaseline(data, same, zones, prefix);
  runCityDesk(data, same, zones, prefix, false); // warm-up
  const deskSame = Array.from({ length: 9 }, () => runCityDesk(data, same, zones, prefix, false));
  const deskSameRate = median(deskSame.map((r) => r.rate));
  const sameAlarms = deskSame[0]!.raises === base.raises;
  rows.push({ name: 'rules both engines run', value: `${same.length} of ${rules.length}`, note: 'threshold/window/rate with all/any; no sustained, noData, area or clearing band' });
  rows.push({ name: 'CityDesk Evaluator, same rules', value: `${fmt(deskSameRate)} readings/s per core`, note: `first ${fmt(prefix.length)} readings, no clock; median of 9; ${fmt(deskSame[0]!.raises)} alarms raised` });
  rows.push({ name: 'json-rules-engine 7.3.1, same rules', value: `${fmt(base.rate)} readings/s per core`, note: `the same ${fmt(prefix.length)} readings; ${fmt(base.cpuMs)} ms CPU; ${fmt(base.raises)} alarms raised` });
  rows.push({ name: 'alarms raised, CityDesk vs json-rules-engine', value: `${fmt(deskSame[0]!.raises)} vs ${fmt(base.raises)}`, note: sameAlarms ? 'identical' : 'differ: see the two engines\' semantics for missing values and duplicates' });
  headlines.push({
    name: 'rules vs json-rules-engine, per core',
    figure: `${fmt(deskSameRate)} readings/s`,
    baseline: `json-rules-engine ${fmt(base.rate)} readings/s`,
    ratio: `${(deskSameRate / base.rate).toFixed(0)}x`,
    target: `>= ${TARGET_RATIO}x (issue 4)`,
    met: deskSameRate / base.rate >= TARGET_RATIO,
  });
  return { rows, headlines };
}

runPartIfMain(import.meta.url, `Rules evaluation (readings per CPU-second, single thread)`, rulesBench);
