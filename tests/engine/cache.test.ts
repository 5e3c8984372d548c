/**
 * The engine with its SQLite cache: restart without loss, start offline, operator actions queued while offline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { startEngine, type Engine } from '../../electron/engine/index';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../electron/engine/store/migrations';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openStore } from '../../electron/engine/store/store';
import { damage } from '../helpers/damaged-cache';
import { tinyData, waitFor, key } from '../helpers/feed';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const data = tinyData({ steps: 300 });
let wall = data.start + 2 * 3600_000;
const clock = () => wall;

async function server(port = 0, feedId = 'feed-x'): Promise<DemoServer> {
  const s = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 30 * 60_000, port, feedId });
  cleanups.push(() => s.close());
  return s;
}

async function engine(feedUrl: string, dbFile: string): Promise<Engine> {
  const e = await startEngine({ assetsDir: '/none', feedUrl, dbFile, deltaIntervalMs: 20, now: clock, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, user: 'ana' });
  cleanups.push(() => e.close());
  return e;
}

const stored = (file: string) => {
  const s = openStore(file, { readonly: true });
  try {
    return [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
  } finally {
    s.close();
  }
};

describe('engine with the cache', () => {
  it('after a restart resumes from the stored cursor: what the feed sent meanwhile is stored exactly once', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const srv = await server();
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().connection === 'connected' && e1.status().lastSeq === srv.lastSeq(), 5000, 'first run caught up');
    await e1.close();
    for (let i = 0; i < 4; i++) {
      wall += 5 * 60_000;
      srv.tick();
    }
    const e2 = await engine(srv.url, db);
    expect(e2.status().cache.startedFromCache).toBe(true);
    await waitFor(() => e2.status().lastSeq === srv.lastSeq(), 5000, 'second run resumed');
    await e2.close();
    const sent = srv.buffered().flatMap((b) => b.readings);
    const got = stored(db);
    expect(got.map(key).sort()).toEqual([...new Set(sent.map(key))].sort());
    expect(got).toHaveLength(sent.length);
  });

  it('starts offline from the cache: last known state, marked stale, a banner-worthy status; recovers when the feed returns', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const port = await freePort();
    const srv = await server(port, 'feed-y');
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().lastSeq === srv.lastSeq() && e1.status().lastSeq !== null, 5000, 'filled');
    const before = await e1.handle('snapshot', {});
    await e1.close();
    await srv.close();

    wall += 3 * 3600_000; // three hours later, the feed is down
    const e2 = await engine(`http://127.0.0.1:${port}`, db);
    const snap = await e2.handle('snapshot', {});
    expect(snap.catalogue).toHaveLength(3);
    expect(snap.states.map((s) => s.last)).toEqual(before.states.map((s) => s.last));
    await waitFor(() => e2.status().downSince !== null, 5000, 'down');
    const st = e2.status();
    expect(st.connection).toBe('disconnected');
    expect(st.cache.startedFromCache).toBe(true);
    expect(st.sensors).toEqual({ live: 0, stale: 3, never: 0 });
    await waitFor(() => e2.status().reconnectAttempts >= 2, 5000, 'retrying');

    const back = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 30 * 60_000, port, feedId: 'feed-y2' });
    cleanups.push(() => back.close());
    await waitFor(() => e2.status().connection === 'connected', 10_000, 'reconnected');
    await waitFor(() => e2.status().sensors.live === 3, 5000, 'live again');
    expect(e2.status().downSince).toBeNull();
  });

  it('queues operator notes durably while offline and sends them once when the feed returns', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-cache-')), 'c.db');
    const port = await freePort();
    const srv = await server(port, 'feed-z');
    const e1 = await engine(srv.url, db);
    await waitFor(() => e1.status().connection === 'connected', 5000, 'connected');
    await e1.close();
    await srv.close();

    const e2 = await engine(`http://127.0.0.1:${port}`, db);
    const note = await e2.handle('addNote', { sensorId: 'parking:P1', text: 'barrier stuck open' });
    expect(note).toMatchObject({ status: 'queued', user: 'ana', sensorId: 'parking:P1' });
    await expect(e2.handle('addNote', { sensorId: 'parking:NOPE', text: 'x' })).rejects.toThrow(/unknown sensor parking:NOPE/);
    await e2.close(); // restart while still offline: nothing is lost

    const e3 = await engine(`http://127.0.0.1:${port}`, db);
    expect(e3.status().cache.queuedActions).toBe(1);
    const back = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 0, port, feedId: 'feed-z2' });
    cleanups.push(() => back.close());
    await waitFor(() => back.actions().length === 1, 10_000, 'note delivered');
    await waitFor(() => (e3.store.action(note.id)?.status ?? '') === 'sent', 5000, 'marked sent');
    expect(back.actions()[0]).toMatchObject({ id: note.id, text: 'barrier stuck open', user: 'ana' });
    expect(await e3.handle('actions', { sensorId: 'parking:P1' })).toEqual([expect.objectContaining({ id: note.id, status: 'sent' })]);
  });
});

describe('a cache of the format before sensor types were data (schema version 3)', () => {
  /** The fixed metric order of the three protocol-v1 kinds, in which version 3 stored readings' values. */
  const V3_METRICS: Record<string, string[]> = {
    traffic: ['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS'],
    parking: ['vehicleCount', 'totalSpaces'],
    air: ['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide'],
  };
  const v3Values = (kind: string, values: Record<string, number | null>) => JSON.stringify(V3_METRICS[kind]!.map((m) => values[m] ?? null));
  const v1Kind = (id: string) => id.split(':')[0]!;

  /** A cache written the way version 3 wrote it: its migrations, its catalogue (old kinds), rows, a rule, a gap. */
  function buildV3(file: string, count = 120) {
    const db = new Database(file);
    db.pragma('journal_mode = WAL'); // as the store created every cache
    db.transaction(() => {
      for (const m of MIGRATIONS.slice(0, 3)) db.exec(m);
      db.pragma('user_version = 3');
    })();
    const insSensor = db.prepare('INSERT INTO sensors (id, kind, json, updated_at) VALUES (?, ?, ?, 0) RETURNING sid');
    const sids = new Map<string, number>();
    for (const s of data.sensors) {
      const kind = v1Kind(s.id);
      sids.set(s.id, (insSensor.get(s.id, kind, JSON.stringify({ ...s, kind })) as { sid: number }).sid);
    }
    const insReading = db.prepare('INSERT INTO readings (sid, ts, v) VALUES (?, ?, ?)');
    const some = data.readings.slice(0, count);
    db.transaction(() => {
      for (const r of some) insReading.run(sids.get(r.sensorId), r.ts, v3Values(v1Kind(r.sensorId), r.values));
    })();
    const rule = { schema: 1, id: 'p1-full', name: 'P1 full', enabled: true, severity: 'warning', kind: 'parking', scope: { type: 'sensors', ids: ['parking:P1'] }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 }, version: 1 };
    db.prepare('INSERT INTO rules (id, enabled, current_version, updated_at) VALUES (?, 1, 1, 0)').run(rule.id);
    db.prepare("INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES (?, 1, ?, 'ana', 0)").run(rule.id, JSON.stringify(rule));
    db.prepare("INSERT INTO rules (id, enabled, current_version, updated_at) VALUES ('not-json', 1, 1, 0)").run();
    db.prepare("INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES ('not-json', 1, '{\"kind\":\"parking\",', 'ana', 0)").run();
    db.prepare("INSERT INTO gaps (feed_id, scope, from_ts, to_ts, reason, created_at) VALUES ('f', 'kind:air', 1, 2, 'test', 0)").run();
    db.prepare("INSERT INTO meta (key, value) VALUES ('starter_rules_seeded', '1')").run();
    db.close();
    return some;
  }

  it('opens migrated: every reading reads back unchanged, kinds are registry type ids, rules and gaps follow', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citydesk-v3-')), 'c.db');
    const written = buildV3(file);
    const s = openStore(file);
    cleanups.push(() => s.close());
    const read = [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
    const expected = written.map((r) => ({ sensorId: r.sensorId, ts: r.ts, values: Object.fromEntries(V3_METRICS[v1Kind(r.sensorId)]!.map((m) => [m, r.values[m] ?? null])) }));
    const byKey = (xs: { sensorId: string; ts: number }[]) => [...xs].sort((a, b) => a.ts - b.ts || (a.sensorId < b.sensorId ? -1 : 1));
    expect(byKey(read.map(({ sensorId, ts, values }) => ({ sensorId, ts, values })))).toEqual(byKey(expected));
    expect(new Set(read.map((r) => `${r.sensorId} ${r.kind}`))).toEqual(new Set(['traffic:1 traffic', 'parking:P1 car-park', 'air:1 citypulse-air-index']));
    expect(s.loadCatalogue().map((x) => x.kind).sort()).toEqual(['car-park', 'citypulse-air-index', 'traffic']);
    const rules = s.currentRules();
    expect(rules.find((r) => r.id === 'p1-full')!.json).toMatchObject({ kind: 'car-park', scope: { ids: ['parking:P1'] } });
    expect(rules.find((r) => r.id === 'not-json')!.jsonError).toMatch(/not JSON/); // left as it was
    expect(s.gapsFor('air:1', 0, 10).map((g) => g.scope)).toEqual(['kind:citypulse-air-index']);
    // The history (raw and rolled up) reads the same positions.
    s.maintain(written[written.length - 1]!.ts + 3_600_000);
    const h = s.history('parking:P1', 0, Number.MAX_SAFE_INTEGER, 10, 300);
    expect(h.resolution).not.toBe('raw');
    expect(Object.keys(h.points[0]!.values).sort()).toEqual(['totalSpaces', 'vehicleCount']);
    expect(h.points[0]!.max).toMatchObject({ totalSpaces: 100 });
  });

  it('a type that gains a metric later never misreads the rows stored before', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citydesk-v3-')), 'c.db');
    buildV3(file);
    const s = openStore(file);
    cleanups.push(() => s.close());
    // A car-park type sent by a feed with a metric added before the old ones (document order is not storage order).
    const carPark = s.registry().get('car-park')!;
    const grown = { ...carPark, metrics: [{ id: 'evChargers', label: 'EV chargers free', unit: '', precision: 0, higherIsWorse: false }, ...carPark.metrics] };
    s.saveFeedTypes([grown]);
    s.saveCatalogue(s.loadCatalogue());
    const t = Date.UTC(2014, 7, 3);
    s.ingest('f', [{ sensorId: 'parking:P1', ts: t, values: { evChargers: 4, vehicleCount: 50, totalSpaces: 100 } }], 1, t);
    s.flush();
    const p1 = [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER, ['parking:P1'])];
    expect(p1[0]!.values).toEqual({ vehicleCount: 90, totalSpaces: 100, evChargers: null });
    expect(p1[p1.length - 1]!.values).toEqual({ vehicleCount: 50, totalSpaces: 100, evChargers: 4 });
    // A metric no type names (the store was not told) is kept too, appended to the layout.
    s.ingest('f', [{ sensorId: 'parking:P1', ts: t + 1000, values: { vehicleCount: 51, totalSpaces: 100, queueLength: 7 } }], 2, t);
    s.flush();
    expect([...s.iterateReadings(t + 1000, t + 1000)][0]!.values).toMatchObject({ vehicleCount: 51, queueLength: 7 });
  });

  it('a read-only open (export) reads it as it is, unmigrated and untouched', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citydesk-v3-')), 'c.db');
    const written = buildV3(file);
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const s = openStore(file, { readonly: true });
    try {
      const read = [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
      expect(read).toHaveLength(written.length);
      expect(read.find((r) => r.sensorId === 'parking:P1')).toMatchObject({ kind: 'car-park', values: { vehicleCount: 90, totalSpaces: 100 } });
      expect(s.loadCatalogue().map((x) => x.kind).sort()).toEqual(['car-park', 'citypulse-air-index', 'traffic']);
    } finally {
      s.close();
    }
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hash);
  });

  it('a damaged one is not migrated (never written to): the desk starts from what could be read, under type ids', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citydesk-v3-')), 'c.db');
    buildV3(file, data.readings.length);
    damage(file);
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    const s = openStore(file);
    try {
      expect(s.integrity.ok).toBe(false);
      const kinds = new Set(s.loadCatalogue().map((x) => x.kind));
      for (const k of kinds) expect(['traffic', 'car-park', 'citypulse-air-index']).toContain(k);
    } finally {
      s.close();
    }
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hash);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    check.close();
  });
});
