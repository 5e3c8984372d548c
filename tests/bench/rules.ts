/**
 * Rules engine bench (`npx tsx tests/bench/rules.ts`; the lead calls it from `npm run bench`).
 *
 * 100 mixed rules generated from templates (every condition type, kind / sensors / zone / filter scopes, sensor and
 * zone subjects), evaluated over the real Aarhus demo week (909k readings) by the CityDesk Evaluator, single thread,
 * with a clock tick every minute of data time. Baseline in the same run: the same rules translated to
 * json-rules-engine 7.3.1 (one engine.run per reading, scope as a sensorId 'in' condition, window and rate conditions
 * as dynamic facts over a per-sensor history), over a prefix of the same stream. The baseline does LESS work than
 * CityDesk: it has no sustained timers, no noData and no area conditions (json-rules-engine has no clock), so the
 * ratio is in its favour.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { Engine, type NestedCondition, type RuleProperties } from 'json-rules-engine';
import { loadDemoData, type DemoData } from '../../electron/demo-feed/data';
import type { Reading, Sensor, SensorKind } from '../../electron/shared/model';
import { Evaluator } from '../../electron/engine/rules/evaluator';
import { loadDistricts, makeZone, sensorInZone, type Zone } from '../../electron/engine/rules/geo';
import { parseRule, type Condition, type Rule } from '../../electron/engine/rules/schema';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const STEP_MS = 60_000;
const BASELINE_READINGS = 10_000;
/** RULES_BENCH_ONLY=citydesk skips the (slow) baseline, e.g. for profiling. */
const ONLY_CITYDESK = process.env.RULES_BENCH_ONLY === 'citydesk';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------------------------------
// 100 rules from templates

type Template = (i: number) => Omit<Rule, 'schema' | 'id' | 'name' | 'enabled' | 'subject'> & { subject?: 'sensor' | 'zone' };

const th = (metric: string, op: string, value: number): Condition => ({ type: 'threshold', metric, op, value }) as Condition;
const CENTRE_POLY: [number, number][] = [[10.17, 56.14], [10.23, 56.14], [10.23, 56.17], [10.17, 56.17], [10.17, 56.14]];

function templates(sensors: Sensor[]): Template[] {
  const ids = (kind: SensorKind, every: number) => sensors.filter((s, i) => s.kind === kind && i % every === 0).map((s) => s.id);
  return [
    (i) => ({ severity: 'warning', kind: 'parking', scope: { type: 'kind' }, condition: { type: 'sustained', minutes: 10 + (i % 4) * 5, condition: th('occupancyPct', '>', 85 + (i % 10)) }, clear: { hysteresis: 5, minClearMinutes: 10 } }),
    (i) => ({ severity: 'info', kind: 'parking', scope: { type: 'kind' }, condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 60 + (i % 3) * 30, op: '>', value: 80 + (i % 15) } }),
    (i) => ({ severity: 'warning', kind: 'parking', scope: { type: 'kind' }, condition: { type: 'rate', metric: 'occupancyPct', minutes: 60, op: '>', value: 20 + (i % 20) } }),
    (i) => ({ severity: 'info', kind: 'parking', scope: { type: 'zone', polygon: CENTRE_POLY }, subject: 'zone', condition: { type: 'area', agg: (['avg', 'max', 'min', 'count'] as const)[i % 4]!, metric: 'occupancyPct', op: '>', value: 70 + (i % 20) } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'kind' }, filter: { roadType: ['MAJOR_ROAD'] }, condition: { type: 'sustained', minutes: 10 + (i % 3) * 5, condition: th('speedRatioPct', '<', 30 + (i % 20)) }, clear: { hysteresis: 10, minClearMinutes: 10 } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'kind' }, condition: { type: 'window', agg: (['avg', 'min', 'max', 'sum', 'count'] as const)[i % 5]!, metric: 'vehicleCount', minutes: 15 + (i % 4) * 15, op: '>', value: 20 + (i % 30) } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'sensors', ids: ids('traffic', 2 + (i % 3)) }, condition: { type: 'all', conditions: [th('avgSpeedKmh', '<', 20 + (i % 20)), { type: 'window', agg: 'avg', metric: 'avgMeasuredTimeS', minutes: 30, op: '>', value: 100 + i }] } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'kind' }, condition: { type: 'noData', minutes: 20 + (i % 5) * 10 } }),
    (i) => ({ severity: 'warning', kind: 'traffic', scope: { type: 'zone', polygon: CENTRE_POLY }, condition: { type: 'rate', metric: 'avgSpeedKmh', minutes: 30, op: '<', value: -(15 + (i % 10)) } }),
    (i) => ({ severity: 'info', kind: 'traffic', scope: { type: 'zone', district: (['200', '351', '220', '481'] as const)[i % 4]! }, subject: 'zone', condition: { type: 'area', agg: 'avg', metric: 'speedRatioPct', op: '<', value: 50 + (i % 20) } }),
    (i) => ({ severity: 'critical', kind: 'air', scope: { type: 'kind' }, condition: { type: 'sustained', minutes: 15, condition: th('maxIndex', '>', 190 + (i % 20)) }, clear: { hysteresis: 10 } }),
    (i) => ({ severity: 'warning', kind: 'air', scope: { type: 'kind' }, condition: { type: 'any', conditions: [th('ozone', '>', 180 + (i % 20)), { type: 'window', agg: 'max', metric: 'nitrogenDioxide', minutes: 60, op: '>', value: 190 + (i % 10) }] } }),
    (i) => ({ severity: 'info', kind: 'air', scope: { type: 'sensors', ids: ids('air', 2) }, condition: { type: 'threshold', metric: 'particulateMatter', op: 'outside', value: [10 + (i % 10), 200] } }),
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

function runCityDesk(data: DemoData, rules: Rule[], zones: Zone[], readings: readonly Reading[]) {
  const ev = new Evaluator(rules, data.sensors, zones);
  let events = 0;
  let clockMs = 0;
  const t0 = performance.now();
  let next = Math.floor(readings[0]!.ts / STEP_MS) * STEP_MS;
  for (let i = 0; i < readings.length; i++) {
    const r = readings[i]!;
    if (r.ts >= next) {
      const c0 = performance.now();
      while (r.ts >= next) {
        events += ev.onClock(next).length;
        next += STEP_MS;
      }
      clockMs += performance.now() - c0;
    }
    events += ev.onReading(r).length;
  }
  events += ev.onClock(next).length;
  const ms = performance.now() - t0;
  return { rate: (readings.length / ms) * 1000, ms, clockMs, events, evaluations: ev.stats().evaluations, subjects: ev.subjectCount() };
}

// ---------------------------------------------------------------------------------------------------------------------
// json-rules-engine baseline

const JRE_OP: Record<string, string> = { '>': 'greaterThan', '>=': 'greaterThanInclusive', '<': 'lessThan', '<=': 'lessThanInclusive' };

function jreCompare(fact: string, params: Record<string, unknown> | undefined, op: string, value: number | [number, number]): NestedCondition | null {
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
    case 'sustained':
      return jreCondition(c.condition); // no timers in json-rules-engine: the instantaneous part only
    case 'all':
    case 'any': {
      const parts = c.conditions.map(jreCondition).filter((x): x is NestedCondition => x !== null);
      if (!parts.length) return null;
      return c.type === 'all' ? { all: parts } : { any: parts };
    }
    default:
      return null; // noData, area: need a clock / cross-sensor state
  }
}

function jreRules(rules: Rule[], sensors: Sensor[], zones: Zone[]): RuleProperties[] {
  const out: RuleProperties[] = [];
  for (const r of rules) {
    const cond = jreCondition(r.condition);
    if (!cond) continue;
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
  let fired = 0;
  const t0 = performance.now();
  for (const r of readings) {
    const s = sensors.get(r.sensorId)!;
    const v: Record<string, number | null> = { ...r.values };
    // Derived metrics, as CityDesk computes them.
    if (s.kind === 'parking') {
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
    fired += res.events.length;
  }
  const ms = performance.now() - t0;
  return { rate: (readings.length / ms) * 1000, ms, fired, rules: jre.length };
}

// ---------------------------------------------------------------------------------------------------------------------

async function main() {
  const rows: { name: string; value: string; note?: string }[] = [];
  const data = loadDemoData(ASSETS);
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

  // Warm up (JIT) on a slice, then three full runs; the median counts.
  runCityDesk(data, rules, zones, data.readings.slice(0, 100_000));
  const runs = [0, 1, 2].map(() => runCityDesk(data, rules, zones, data.readings));
  runs.sort((a, b) => a.rate - b.rate);
  const desk = runs[1]!;
  rows.push({ name: 'rule subjects tracked', value: fmt(desk.subjects), note: '(rule, sensor) and (rule, zone) pairs' });
  rows.push({ name: 'CityDesk Evaluator', value: `${fmt(desk.rate)} readings/s`, note: `${fmt(desk.ms)} ms for the week (${fmt(desk.clockMs)} ms of it in onClock), ${fmt(desk.evaluations / (desk.ms / 1000))} rule evaluations/s, ${fmt(desk.events)} events, clock every ${STEP_MS / 1000} s of data time` });

  if (ONLY_CITYDESK) return print(rows);
  const prefix = data.readings.slice(0, BASELINE_READINGS);
  await runBaseline(data, rules, zones, prefix.slice(0, 2_000)); // warm-up
  const base = await runBaseline(data, rules, zones, prefix);
  const deskPrefix = runCityDesk(data, rules, zones, prefix);
  rows.push({ name: 'baseline: json-rules-engine 7.3.1', value: `${fmt(base.rate)} readings/s`, note: `first ${fmt(prefix.length)} readings, ${base.rules} rules (no sustained/noData/area), ${fmt(base.fired)} rule hits` });
  rows.push({ name: 'CityDesk on the same prefix', value: `${fmt(deskPrefix.rate)} readings/s` });
  rows.push({ name: 'ratio CityDesk / json-rules-engine', value: `${(desk.rate / base.rate).toFixed(0)}x`, note: `same prefix: ${(deskPrefix.rate / base.rate).toFixed(0)}x` });

  print(rows);
}

function print(rows: { name: string; value: string; note?: string }[]): void {
  const w = Math.max(...rows.map((r) => r.name.length));
  console.log(`\nCityDesk rules bench (node ${process.version}, ${new Date().toISOString()})`);
  for (const r of rows) console.log(`  ${r.name.padEnd(w)}  ${r.value}${r.note ? `   (${r.note})` : ''}`);
}

main().catch((e: unknown) => {
  console.error(`rules bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
