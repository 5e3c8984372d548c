/**
 * Alerting inside the engine: rules seeded and versioned in the cache, alarms raised by the live stream and the clock,
 * operator actions with their trail, supervisor mode, backtests, import/export.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alarm, EngineEvents } from '../../electron/engine/api';
import { hashPassphrase, verifyPassphrase } from '../../electron/engine/access/passphrase-hash';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { startEngine, type Engine } from '../../electron/engine/index';
import { Alerting } from '../../electron/engine/alerting';
import { loadDistricts } from '../../electron/engine/rules/geo';
import { starterRulesOf } from '../../electron/engine/rules/starter-rules';
import { openStore } from '../../electron/engine/store/store';
import type { Sensor } from '../../electron/shared/model';
import { GAUGES, RIVER_LEVEL } from './rules/river-level';
import { tinyData, waitFor } from '../helpers/feed';

const ASSETS = join(__dirname, '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// parking:P1 holds 90 + i of 100 spaces at step i (5-minute steps): over 95% from step 6 on.
const data = tinyData({ steps: 30 });
let wall = data.start + 10 * 60_000;
const clock = () => wall;

const fullRule = {
  schema: 1,
  id: 'p1-full',
  name: 'P1 over 95%',
  enabled: true,
  severity: 'critical',
  kind: 'car-park',
  scope: { type: 'sensors', ids: ['parking:P1'] },
  condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 },
};

async function setup(db = join(mkdtempSync(join(tmpdir(), 'citydesk-alert-')), 'c.db')) {
  const server: DemoServer = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 10 * 60_000, feedId: 'f' });
  cleanups.push(() => server.close());
  const engine: Engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: db, deltaIntervalMs: 20, now: clock, user: 'ana' });
  cleanups.push(() => engine.close());
  const alarmEvents: EngineEvents['alarms'][] = [];
  engine.on((e) => e.event === 'alarms' && alarmEvents.push(e.payload as EngineEvents['alarms']));
  await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
  const advance = async (steps: number) => {
    for (let i = 0; i < steps; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
  };
  return { server, engine, alarmEvents, advance, db };
}

describe('alerting in the engine', () => {
  it('installs the starter rules of the feed\u2019s types, with their author, lists them and offers them', async () => {
    const { engine } = await setup();
    const rules = await engine.handle('rules', {});
    // The starter rules of the feed's three types (traffic, car-park, citypulse-air-index), from their type documents.
    expect(rules.map((r) => r.id).sort()).toEqual(['air-quality-poor', 'car-park-full', 'car-park-silent', 'major-road-congestion', 'traffic-sensor-silent']);
    expect(rules.every((r) => r.version === 1 && r.author === 'CityDesk starter rules' && r.problems.length === 0)).toBe(true);
    const offers = await engine.handle('listStarterRules', {});
    expect(offers.map((o) => [o.typeId, o.id, o.installed]).sort()).toEqual([
      ['car-park', 'car-park-full', true],
      ['car-park', 'car-park-silent', true],
      ['citypulse-air-index', 'air-quality-poor', true],
      ['traffic', 'major-road-congestion', true],
      ['traffic', 'traffic-sensor-silent', true],
    ]);
  });

  it('only a supervisor publishes; the passphrase is a salted scrypt hash; sessions are per connection', async () => {
    const { engine } = await setup();
    const op = engine.newSession();
    const other = engine.newSession();
    await expect(engine.handle('publishRule', { rule: fullRule }, op)).rejects.toThrow(/only a supervisor can publish rules/);
    expect((await engine.handle('session', {}, op)).supervisorConfigured).toBe(false);
    // The first passphrase is set on the host side, never through the API.
    await expect(engine.handle('setSupervisorPassphrase', { current: 'x', next: 'correct horse battery' }, op)).rejects.toMatchObject({ code: 'not-configured' });
    await engine.access.setFromHost('correct horse battery', { by: 'test host' });
    await engine.handle('unlockSupervisor', { passphrase: 'correct horse battery' }, op);
    expect(op.role).toBe('supervisor');
    await expect(engine.handle('unlockSupervisor', { passphrase: 'nope' }, other)).rejects.toThrow('wrong passphrase');
    expect(other.role).toBe('operator');
    await expect(engine.handle('publishRule', { rule: fullRule }, other)).rejects.toThrow(/only a supervisor/);
    expect((await engine.handle('unlockSupervisor', { passphrase: 'correct horse battery' }, other)).role).toBe('supervisor');
    const stored = engine.store.meta('supervisor_passphrase')!;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassphrase('correct horse battery', stored)).toBe(true);
    expect(await hashPassphrase('x')).not.toBe(await hashPassphrase('x')); // salted
    await expect(engine.handle('setSupervisorPassphrase', { next: 'another one!', current: 'wrong' }, other)).rejects.toThrow(/current passphrase is wrong/);
  });

  it('a published rule trips on the live stream; the operator acknowledges; the audit log shows both; it survives a restart', async () => {
    const { engine, advance, alarmEvents, db, server } = await setup();
    const sup = engine.newSession();
    await engine.access.setFromHost('supervisor-pass', { by: 'test host' });
    await engine.handle('unlockSupervisor', { passphrase: 'supervisor-pass' }, sup);
    await engine.handle('setUser', { name: 'Sofie (supervisor)' }, sup);
    const published = await engine.handle('publishRule', { rule: fullRule }, sup);
    expect(published).toMatchObject({ id: 'p1-full', version: 1, author: 'Sofie (supervisor)' });
    await advance(8);
    await waitFor(() => alarmEvents.some((e) => e.announce.some((a) => a.severity === 'critical')), 5000, 'critical announced');
    const open = await engine.handle('alarms', {});
    const alarm = open.find((a) => a.ruleId === 'p1-full')!;
    expect(alarm).toMatchObject({ subject: 'parking:P1', state: 'active', severity: 'critical' });
    const op = engine.newSession();
    await engine.handle('setUser', { name: 'Ole' }, op);
    const acked = await engine.handle('ackAlarm', { id: alarm.id, comment: 'calling the operator' }, op);
    expect(acked.acknowledged).toMatchObject({ by: 'Ole', comment: 'calling the operator' });
    await expect(engine.handle('ackAlarm', { id: alarm.id }, op)).rejects.toThrow(/already acknowledged/);
    // The acknowledgement also goes to the feed, as an operator action.
    await waitFor(() => server.actions().some((a) => a.kind === 'alarm-ack' && a.alarmId === alarm.id), 5000, 'ack sent to the feed');
    expect(server.actions().find((a) => a.kind === 'alarm-ack')).toMatchObject({ user: 'Ole', text: 'calling the operator', sensorId: 'parking:P1' });
    const trail = await engine.handle('audit', { subject: alarm.id });
    expect(trail.map((t) => [t.action, t.user])).toEqual([['alarm.acknowledge', 'Ole'], ['alarm.raise', 'system']]);
    const all = await engine.handle('audit', { limit: 1000 });
    expect(all.some((t) => t.action === 'rule.publish' && t.user === 'Sofie (supervisor)' && t.subject === 'p1-full')).toBe(true);

    await engine.close();
    await server.close();
    const again = await startEngine({ assetsDir: ASSETS, feedUrl: 'http://127.0.0.1:9', dbFile: db, now: clock });
    cleanups.push(() => again.close());
    const restored = (await again.handle('alarms', {})).find((a: Alarm) => a.id === alarm.id);
    expect(restored).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'Ole' } });
    expect((await again.handle('rules', {})).find((r) => r.id === 'p1-full')?.version).toBe(1);
  });

  it('backtests a rule over the cached history with the live evaluator', async () => {
    const { engine, advance } = await setup();
    await advance(20);
    const r1 = await engine.handle('backtestRule', { rule: fullRule });
    expect(r1.fired).toBe(1);
    expect(r1.events[0]).toMatchObject({ type: 'raise', subject: 'parking:P1', subjectName: 'P1', severity: 'critical' });
    expect(r1.readings).toBeGreaterThan(20);
    const r2 = await engine.handle('backtestRule', { rule: fullRule });
    expect({ ...r2, id: r1.id }).toEqual(r1); // each backtest has its own id
    await expect(engine.handle('backtestRule', { rule: { ...fullRule, condition: { type: 'threshold', metric: 'occupancyPct', op: '>' } } })).rejects.toThrow(/condition.value/);
  });

  it('versions: publish, compare, restore, enable/disable; import is all or nothing; export round-trips', async () => {
    const { engine } = await setup();
    const sup = engine.newSession();
    await engine.access.setFromHost('supervisor-pass', { by: 'test host' });
    await engine.handle('unlockSupervisor', { passphrase: 'supervisor-pass' }, sup);
    await engine.handle('publishRule', { rule: fullRule }, sup);
    await engine.handle('publishRule', { rule: { ...fullRule, condition: { ...fullRule.condition, value: 97 } } }, sup);
    const versions = await engine.handle('ruleVersions', { id: 'p1-full' });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const restored = await engine.handle('restoreRuleVersion', { id: 'p1-full', version: 1 }, sup);
    expect(restored.version).toBe(3);
    expect((restored.rule!.condition as { value: number }).value).toBe(95);
    expect((await engine.handle('setRuleEnabled', { id: 'p1-full', enabled: false }, sup)).enabled).toBe(false);

    const bad = await engine.handle('importRules', { json: { schema: 1, rules: [fullRule, { ...fullRule, id: 'x', condition: { type: 'sustained', minutes: 2000, condition: fullRule.condition } }] } }, sup);
    expect(bad).toEqual({ ok: false, errors: [expect.stringMatching(/^rules\[1\]\.condition\.minutes: must be at most 24h/)] });
    const exported = await engine.handle('exportRules', {});
    const before = (await engine.handle('rules', {})).length;
    const ok = await engine.handle('importRules', { json: exported }, sup);
    expect(ok.ok).toBe(true);
    expect((await engine.handle('rules', {})).length).toBe(before);
  });

  it('a no-data rule fires on the clock while the feed is silent', async () => {
    const { server, advance, alarmEvents } = await setup();
    await advance(2);
    server.pause();
    wall += 95 * 60_000; // car parks report every 30 minutes; the starter rule fires after 90 silent minutes
    await waitFor(() => alarmEvents.some((e) => e.changed.some((a) => a.ruleId === 'car-park-silent' && a.subject === 'parking:P1')), 5000, 'no-data alarm');
  });
});

describe('starter rules per sensor type', () => {
  const zones = loadDistricts(ASSETS);
  const bay = (i: number): Sensor => ({ id: `bay:${i}`, kind: 'parking-bay', name: `Bay ${i}`, geometry: { type: 'Point', coordinates: [-2.1 + i / 1000, 57.14] }, expectedIntervalS: 300, attributes: {} });
  const carPark: Sensor = { id: 'parking:P1', kind: 'car-park', name: 'P1', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { capacity: 100 } };
  const bays = [bay(1), bay(2), bay(3)];
  const open = (file = ':memory:') => {
    const store = openStore(file, { now: () => 1000 });
    cleanups.push(() => store.close());
    return store;
  };
  const alerting = (store: ReturnType<typeof open>, catalogue: Sensor[]) => {
    store.saveCatalogue(catalogue);
    return new Alerting(store, zones, catalogue, () => {}, () => {}, () => {}, () => 1000);
  };
  const idsOf = (typeId: string, store: ReturnType<typeof open>) => starterRulesOf(store.registry(), { zones }, [typeId]).flatMap((o) => (o.rule ? [o.rule.id] : []));

  it('a feed of parking bays only gets the bays\u2019 starter rules, no car-park rules', () => {
    const store = open();
    const a = alerting(store, bays);
    const rules = a.summaries();
    expect(rules.every((r) => r.kind === 'parking-bay')).toBe(true);
    expect(rules.map((r) => r.id).sort()).toEqual(idsOf('parking-bay', store).sort());
    expect(rules.some((r) => r.id === 'car-park-full' || r.id === 'car-park-silent')).toBe(false);
    // Offered: only the types present, and shown as installed.
    const offers = a.starterRules();
    expect(new Set(offers.map((o) => o.typeId))).toEqual(new Set(idsOf('parking-bay', store).length ? ['parking-bay'] : []));
    expect(offers.every((o) => o.installed)).toBe(true);
  });

  it('installs a type\u2019s starter rules when the type first appears in the catalogue, once', () => {
    const store = open();
    const a = alerting(store, bays);
    expect(a.summaries().some((r) => r.kind === 'car-park')).toBe(false);
    store.saveCatalogue([...bays, carPark]);
    a.setCatalogue([...bays, carPark]);
    const carParkRules = a.summaries().filter((r) => r.kind === 'car-park');
    expect(carParkRules.map((r) => r.id).sort()).toEqual(idsOf('car-park', store).sort());
    expect(carParkRules.length).toBeGreaterThan(0);
    expect(carParkRules.every((r) => r.author === 'CityDesk starter rules' && r.version === 1)).toBe(true);
    expect(a.starterRules().filter((o) => o.typeId === 'car-park').every((o) => o.installed)).toBe(true);
    // The same type again (or after a restart) installs nothing more: an edited or disabled starter rule stays so.
    a.setCatalogue([...bays, carPark]);
    const again = new Alerting(store, zones, [...bays, carPark], () => {}, () => {}, () => {}, () => 1000);
    expect(again.summaries().filter((r) => r.kind === 'car-park').map((r) => r.version)).toEqual(carParkRules.map(() => 1));
    expect(store.auditLog(100).filter((e) => e.action === 'rules.seed').map((e) => (e.detail as { types: string[] }).types)).toEqual([['car-park'], ['parking-bay']]);
  });

  it('a cache seeded before starter rules were per type does not get the demo set again', () => {
    const store = open();
    store.setMeta('starter_rules_seeded', '1');
    const a = alerting(store, [carPark, bay(1)]);
    expect(a.summaries().map((r) => r.kind)).not.toContain('car-park');
    expect(a.summaries().map((r) => r.id).sort()).toEqual(idsOf('parking-bay', store).sort());
  });

  it('a type the feed sent (kept in the cache) gets its starter rules, validated against it, and they run', () => {
    const store = open();
    store.saveFeedTypes([RIVER_LEVEL]);
    const a = alerting(store, GAUGES);
    expect(a.summaries().map((r) => [r.id, r.kind, r.problems])).toEqual([['river-near-flood', 'river-level', []]]);
    expect(a.starterRules()).toMatchObject([{ typeId: 'river-level', typeLabel: 'River level gauge', id: 'river-near-flood', installed: true, problems: [] }]);
    a.onReadings([{ sensorId: 'gauge:DON1', ts: 1000, values: { levelM: 1.9, surfaceSpeed: 1 } }]);
    expect(a.alarms().map((x) => [x.ruleId, x.subject])).toEqual([['river-near-flood', 'gauge:DON1']]);
  });
});
