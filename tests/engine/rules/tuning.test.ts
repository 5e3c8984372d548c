/**
 * Tuning suggestions (rules/tuning.ts) from the real demo week: the proposed deadband and delays, each with its basis,
 * and what they do when applied (a backtest of the retuned rule raises fewer alarms, and none from an excursion shorter
 * than the on-delay). Bad input through Alerting.suggestTuning: an invalid rule, an operator, a reversed range, an
 * empty cache (nulls with the reason).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../../electron/demo-feed/data';
import { Alerting } from '../../../electron/engine/alerting';
import { ApiError, type TuningSuggestion } from '../../../electron/engine/api';
import { shippedRegistry } from '../../../electron/engine/feed/registry';
import { backtest } from '../../../electron/engine/rules/backtest';
import { loadDistricts, type Zone } from '../../../electron/engine/rules/geo';
import { parseRule, type Rule } from '../../../electron/engine/rules/schema';
import { suggestTuning } from '../../../electron/engine/rules/tuning';
import { openStore } from '../../../electron/engine/store/store';
import type { Reading, Sensor } from '../../../electron/shared/model';
import { typeOfV1Kind } from '../../../electron/shared/protocol';
import { ASSETS } from './fixtures';

const registry = shippedRegistry();
let sensors: Sensor[];
let readings: Reading[];
let zones: Zone[];

/** The demo readings of these sensors with from <= ts <= to (readings are in time order). */
function read(from: number, to: number, ids: readonly string[]): Reading[] {
  const want = new Set(ids);
  let lo = 0;
  let hi = readings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (readings[mid]!.ts < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Reading[] = [];
  for (let i = lo; i < readings.length && readings[i]!.ts <= to; i++) if (want.has(readings[i]!.sensorId)) out.push(readings[i]!);
  return out;
}

const newest = () => readings[readings.length - 1]!.ts;
const suggest = (rule: Rule, range: { from?: number; to?: number } = {}) => suggestTuning({ rule, catalogue: sensors, zones, registry, read, newest: newest(), ...range });

const base = { schema: 1, enabled: true, severity: 'warning', scope: { type: 'kind' } } as const;
const congestion = parseRule({ ...base, id: 'congestion', name: 'Congestion', kind: 'traffic', filter: { roadType: ['MAJOR_ROAD'] }, condition: { type: 'threshold', metric: 'speedRatioPct', op: '<', value: 40 } });
const carParkFull = parseRule({ ...base, id: 'full', name: 'Full', kind: 'car-park', condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } });
const silent = parseRule({ ...base, id: 'silent', name: 'Silent', kind: 'traffic', condition: { type: 'noData', minutes: 30 } });

/** The rule with the suggestion applied (on-delay as a sustained wrapper, off-delay and deadband on the clear). */
function tuned(rule: Rule, s: TuningSuggestion): Rule {
  const condition = rule.condition.type === 'noData' ? { ...rule.condition, minutes: s.onDelayMinutes ?? rule.condition.minutes } : s.onDelayMinutes ? { type: 'sustained' as const, minutes: s.onDelayMinutes, condition: rule.condition } : rule.condition;
  const clear = { ...(s.hysteresis !== null ? { hysteresis: s.hysteresis } : {}), ...(s.offDelayMinutes ? { minClearMinutes: s.offDelayMinutes } : {}) };
  return { ...rule, condition, clear };
}
const raises = (rule: Rule) => backtest(rule, readings, sensors, zones, { stepMs: 60_000 }).filter((e) => e.type === 'raise');

describe('tuning suggestions from the demo week', () => {
  beforeAll(() => {
    const d = loadDemoData(ASSETS);
    sensors = d.sensors.map((s) => ({ ...s, kind: typeOfV1Kind(s.kind) }));
    readings = d.readings;
    zones = loadDistricts(ASSETS);
  });

  it('congestion on major roads: a deadband in %, an on-delay over one-reading dips, an off-delay against chatter; applied, fewer alarms', async () => {
    const s = await suggest(congestion);
    expect(s.hysteresis).toBeGreaterThan(0);
    expect(s.hysteresis).toBeLessThan(40);
    expect(Number.isInteger(s.hysteresis)).toBe(true); // the metric's precision is 0
    // The segments report every 5 minutes: a one- or two-reading excursion lasts 5 or 10 minutes.
    expect(s.onDelayMinutes).toBeGreaterThan(5);
    expect(s.onDelayMinutes).toBeLessThanOrEqual(60);
    expect(s.offDelayMinutes).toBeGreaterThan(0);
    expect(s.basis.join('\n')).toMatch(/Deadband \d+%: the 75th percentile/);
    expect(s.basis.join('\n')).toMatch(/On-delay \d+ min: [\d,]+ excursions of [\d,]+/);
    expect(s.basis.join('\n')).toMatch(/Off-delay \d+ min/);
    expect(s.basis[0]).toMatch(/sensors, 31 Jul 2014 .* to 7 Aug 2014/);
    const before = raises(congestion);
    const after = raises(tuned(congestion, s));
    expect(after.length).toBeGreaterThan(0);
    expect(after.length).toBeLessThan(before.length / 2);
  });

  it('car park full: a deadband in points of occupancy, and delays', async () => {
    const s = await suggest(carParkFull);
    expect(s.hysteresis).toBeGreaterThan(0);
    expect(s.onDelayMinutes).not.toBeNull();
    expect(s.basis.join('\n')).toMatch(/occupancy at each reading \(8 sensors/);
    expect(raises(tuned(carParkFull, s)).length).toBeLessThanOrEqual(raises(carParkFull).length);
  });

  it('traffic sensor silent (noData): the limit from the reporting gaps, an off-delay that stops gappy sensors chattering', async () => {
    const s = await suggest(silent);
    expect(s.hysteresis).toBeNull();
    expect(s.onDelayMinutes).toBeGreaterThanOrEqual(5);
    expect(s.onDelayMinutes! % 5).toBe(0);
    expect(s.offDelayMinutes).toBeGreaterThan(0);
    expect(s.basis.join('\n')).toMatch(/On-delay \(noData minutes\) \d+ min: the shortest limit .* [\d,]+ silences shared by half of the sensors or more \(a source outage/);
    // Applied (limit and off-delay together): fewer raises than the starter rule's 30 minutes without an off-delay.
    expect(raises(tuned(silent, s)).length).toBeLessThan(raises(silent).length);
    expect(s.basis.join('\n')).toMatch(/Off-delay \d+ min: [\d,]+ sensor returns/);
    // The off-delay alone (same limit): fewer raises of the same rule.
    const offOnly = { ...silent, clear: { minClearMinutes: s.offDelayMinutes! } };
    expect(raises(offOnly).length).toBeLessThan(raises(silent).length);
  });

  it('honours the rule\u2019s quality flags: skipping zero-vehicles changes what is measured, and says so', async () => {
    const skipping = { ...congestion, quality: { skip: ['zero-vehicles'] } };
    const [a, b] = [await suggest(congestion), await suggest(skipping)];
    expect(b.basis[0]).toMatch(/leaving out the readings the rule.s quality flags exclude/);
    expect(a.basis[0]).not.toMatch(/quality/);
    expect(b.basis).not.toEqual(a.basis);
  });

  it('a zone rule: from the zone\u2019s aggregate every minute', async () => {
    const zone = parseRule({ ...base, id: 'centre', name: 'Centre busy', kind: 'car-park', scope: { type: 'kind' }, subject: 'zone', condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 60 } });
    const s = await suggest(zone);
    expect(s.basis[0]).toMatch(/the zone's avg of occupancy every minute/);
    expect(s.hysteresis).not.toBeNull();
  });

  it('a range without readings, or a metric never past the threshold: nulls with the reason', async () => {
    const empty = await suggest(congestion, { from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 0, 2) });
    expect(empty.hysteresis).toBeNull();
    expect(empty.onDelayMinutes).toBeNull();
    expect(empty.basis.join(' ')).toMatch(/Deadband: not enough pairs/);
    const never = await suggest({ ...carParkFull, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 100_000 } });
    expect(never.onDelayMinutes).toBeNull();
    expect(never.offDelayMinutes).toBeNull();
    expect(never.basis.join(' ')).toMatch(/On-delay: no excursion past the threshold in the range/);
    await expect(suggest(congestion, { from: 2, to: 1 })).rejects.toThrow(/from must not be after to/);
    await expect(suggest(congestion, { from: 0, to: 40 * 86_400_000 })).rejects.toThrow(/at most 31 days/);
  });
});

describe('suggestTuning through Alerting (the store, roles, bad input)', () => {
  const supervisor = { role: 'supervisor' as const, user: 'sam' };
  const small: Sensor[] = [{ id: 'parking:P1', kind: 'car-park', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } }];
  function alerting() {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'citydesk-tuning-')), 'c.db'));
    store.saveCatalogue(small);
    const a = new Alerting(store, [], small, () => {}, () => {}, () => {}, () => Date.UTC(2014, 7, 4));
    return { store, a };
  }
  const rule = { ...base, id: 'p1-full', name: 'P1 full', kind: 'car-park', condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } };

  it('an empty cache: nulls, and the reason', async () => {
    const { a, store } = alerting();
    const s = await a.suggestTuning(supervisor, rule);
    expect(s).toEqual({ hysteresis: null, onDelayMinutes: null, offDelayMinutes: null, basis: ['No suggestion: the cache holds no readings.'] });
    store.close();
  });

  it('reads the cached readings of the store', async () => {
    const { a, store } = alerting();
    const t0 = Date.UTC(2014, 7, 4);
    // Occupancy 90..99 and back, every 5 minutes, a few times: excursions over 95% of one or two readings.
    const pcts = [90, 96, 91, 97, 98, 92, 90, 96, 93, 90, 99, 97, 96, 97, 98, 99, 90, 91, 92, 93];
    store.ingest('f', pcts.map((p, i) => ({ sensorId: 'parking:P1', ts: t0 + i * 300_000, values: { vehicleCount: p, totalSpaces: 100 } })), null, null);
    store.flush();
    const s = await a.suggestTuning(supervisor, rule);
    expect(s.hysteresis).toBeGreaterThan(0);
    // Excursions of one reading (5 min) and two (10 min): the on-delay is just over 10 minutes.
    expect(s.onDelayMinutes).toBe(11);
    expect(s.basis[0]).toMatch(/1 sensor, 28 Jul 2014/);
    store.close();
  });

  it('refuses an invalid rule with its path errors, an operator, and a reversed range', async () => {
    const { a, store } = alerting();
    const bad = a.suggestTuning(supervisor, { ...rule, condition: { type: 'threshold', metric: 'ozone', op: '>', value: 1 } });
    await expect(bad).rejects.toBeInstanceOf(ApiError);
    await expect(bad).rejects.toThrow(/condition.metric: "ozone" is not a metric of/);
    await expect(a.suggestTuning({ role: 'operator', user: 'olu' }, rule)).rejects.toThrow(/only a supervisor/);
    await expect(a.suggestTuning(supervisor, rule, 10, 5)).rejects.toThrow(/from must not be after to/);
    store.close();
  });
});
