/**
 * A stored rule that cannot be loaded never stops the engine. Regression: a cache seeded directly through SQL with a
 * rule nested 10,000 deep (it once overflowed the stack while loading rules, a restart loop in Electron), a row that
 * is not JSON, and a valid rule: the engine starts, the valid rule raises its alarm, the broken ones are listed with
 * their reasons and treated as disabled.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvents } from '../../electron/engine/api';
import { startDemoServer } from '../../electron/demo-feed/server';
import { startEngine } from '../../electron/engine/index';
import { openStore } from '../../electron/engine/store/store';
import { tinyData, waitFor } from '../helpers/feed';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// parking:P1 holds 90 + i of 100 spaces at step i (5-minute steps): over 95% from step 6 on.
const data = tinyData({ steps: 30 });
let wall = data.start + 10 * 60_000;
const clock = () => wall;

const head = { schema: 1, enabled: true, severity: 'critical', kind: 'parking', scope: { type: 'sensors', ids: ['parking:P1'] } };
const th = { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 };
const good = { ...head, id: 'p1-full', name: 'P1 over 95%', condition: th };
const DEPTH = 10_000;
const deepText = `{"schema":1,"id":"deep","name":"Nested too deep","enabled":true,"severity":"warning","kind":"parking","scope":{"type":"kind"},"condition":${'{"type":"all","conditions":['.repeat(DEPTH)}${JSON.stringify(th)}${']}'.repeat(DEPTH)}}`;

function seed(file: string): void {
  openStore(file, { now: clock }).close(); // the schema, as the engine makes it
  const db = new Database(file);
  const put = (id: string, json: string) => {
    db.prepare('INSERT INTO rules (id, enabled, current_version, updated_at) VALUES (?, 1, 1, ?)').run(id, wall);
    db.prepare('INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES (?, 1, ?, ?, ?)').run(id, json, 'seed', wall);
  };
  put('deep', deepText);
  put('garbage', '{"schema": 1, "id": "garbage", oops');
  put('wrong-shape', JSON.stringify({ ...good, id: 'wrong-shape', condition: { type: 'threshold', metric: 'occupancyPct' } }));
  put('p1-full', JSON.stringify(good));
  db.close();
}

describe('stored rules that cannot be loaded', () => {
  it('are listed as broken with their reasons while the engine starts and the other rules raise alarms', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citydesk-broken-')), 'c.db');
    seed(file);
    const server = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 10 * 60_000, feedId: 'f' });
    cleanups.push(() => server.close());
    const logs: string[] = [];
    const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: file, deltaIntervalMs: 20, now: clock, user: 'ana', log: (_l, m) => logs.push(m) });
    cleanups.push(() => engine.close());
    const alarms: EngineEvents['alarms'][] = [];
    engine.on((e) => e.event === 'alarms' && alarms.push(e.payload as EngineEvents['alarms']));

    const rules = await engine.handle('rules', {});
    expect(rules.map((r) => [r.id, r.broken === null])).toEqual([['deep', false], ['garbage', false], ['p1-full', true], ['wrong-shape', false]]);
    const byId = new Map(rules.map((r) => [r.id, r]));
    expect(byId.get('deep')).toMatchObject({ name: 'Nested too deep', rule: null, kind: null, severity: null, version: 1, author: 'seed' });
    expect(byId.get('deep')!.broken).toMatch(/^condition(\.conditions\[0\]){6}: conditions nest at most 6 levels deep/);
    expect(byId.get('garbage')!.broken).toMatch(/^the stored text is not JSON/);
    expect(byId.get('garbage')!.name).toBe('garbage');
    expect(byId.get('wrong-shape')!.broken).toBe('condition.op: is required; condition.value: must be a number, or [low, high] for between / outside');
    expect(logs.some((m) => m.includes('stored rule deep (version 1) cannot be loaded'))).toBe(true);

    // Treated as disabled: enabling one says why it cannot be.
    const sup = engine.newSession();
    await engine.handle('setSupervisorPassphrase', { next: 'correct horse battery' }, sup);
    await expect(engine.handle('setRuleEnabled', { id: 'deep', enabled: true }, sup)).rejects.toThrow(/rule deep is broken \(condition\.conditions/);

    // The valid rule runs: P1 passes 95% at step 6.
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    for (let i = 0; i < 8; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    await waitFor(() => alarms.some((a) => a.changed.some((x) => x.ruleId === 'p1-full' && x.state === 'active')), 5000, 'the valid rule raises');
    expect(alarms.flatMap((a) => a.changed).every((x) => x.ruleId === 'p1-full')).toBe(true);

    // Publishing a valid version repairs a broken rule.
    const repaired = await engine.handle('publishRule', { rule: { ...good, id: 'garbage', name: 'Repaired' } }, sup);
    expect(repaired).toMatchObject({ id: 'garbage', version: 2, broken: null, name: 'Repaired' });
  });
});
