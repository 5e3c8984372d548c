import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/engine/store/migrations';
import { NewerSchemaError, openStore, StoreOpenError } from '../../electron/engine/store/store';
import { tinyData } from '../helpers/feed';

const tmp = () => mkdtempSync(join(tmpdir(), 'citydesk-store-'));
const { sensors } = tinyData();
const t0 = Date.UTC(2026, 0, 5, 8, 0);
const traffic = (ts: number, speed: number | null, count = 3) => ({ sensorId: 'traffic:1', ts, values: { avgSpeedKmh: speed, vehicleCount: count, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } });
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('store: schema', () => {
  it('creates the versioned schema with every table the cache, alerts, rules, actions and audit need', () => {
    const file = join(tmp(), 'c.db');
    openStore(file).close();
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['sensors', 'readings', 'feeds', 'gaps', 'rollup_1m', 'rollup_1h', 'alarms', 'shelves', 'rules', 'rule_versions', 'operator_actions', 'audit_log']));
    db.close();
  });

  it('refuses a database written by a newer CityDesk, with a clear message, and leaves it untouched', () => {
    const file = join(tmp(), 'newer.db');
    openStore(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha(file);
    expect(() => openStore(file)).toThrow(NewerSchemaError);
    expect(() => openStore(file)).toThrow(`newer CityDesk (schema version ${SCHEMA_VERSION + 1}; this version understands up to ${SCHEMA_VERSION})`);
    expect(sha(file)).toBe(before);
  });

  it('upgrades an older cache in place, keeping what it holds', () => {
    const file = join(tmp(), 'v1.db');
    const db = new Database(file);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO sensors (id, kind, json, updated_at) VALUES ('traffic:1', 'traffic', ?, 0)").run(JSON.stringify(sensors[0]));
    db.prepare("INSERT INTO readings (sid, ts, v) VALUES (1, 5, '[1,2,3,4]')").run();
    db.close();
    const s = openStore(file);
    expect([...s.iterateReadings(0, 10)]).toEqual([{ sensorId: 'traffic:1', kind: 'traffic', ts: 5, values: { avgSpeedKmh: 1, vehicleCount: 2, avgMeasuredTimeS: 3, medianMeasuredTimeS: 4 } }]);
    s.close();
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    check.close();
  });

  it('refuses files that are not CityDesk databases', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'junk.db'), 'this is not sqlite at all, just text that is long enough to be a header.....');
    expect(() => openStore(join(dir, 'junk.db'))).toThrow(StoreOpenError);
    const other = new Database(join(dir, 'other.db'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => openStore(join(dir, 'other.db'))).toThrow(/not a CityDesk one/);
    expect(() => openStore(join(dir, 'missing.db'), { readonly: true })).toThrow(/no database at/);
  });
});

describe('store: readings', () => {
  it('stores each (sensor, ts) once, in time order, with its values and the cursor in the same commit', () => {
    const file = join(tmp(), 'r.db');
    const s = openStore(file);
    s.saveCatalogue(sensors);
    s.ingest('feed-a', [traffic(t0 + 600_000, 40), traffic(t0, 50), traffic(t0 + 300_000, null)], 7, t0 + 600_000);
    s.ingest('feed-a', [traffic(t0, 50), traffic(t0 + 600_000, 40)], 8, t0 + 900_000);
    expect(s.flush()).toEqual({ inserted: 3, duplicates: 2 });
    expect(s.cursor('feed-a')).toMatchObject({ lastSeq: 8, feedTime: t0 + 900_000 });
    const all = [...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)];
    expect(all.map((r) => r.ts)).toEqual([t0, t0 + 300_000, t0 + 600_000]);
    expect(all[1]).toEqual({ sensorId: 'traffic:1', kind: 'traffic', ts: t0 + 300_000, values: { avgSpeedKmh: null, vehicleCount: 3, avgMeasuredTimeS: 60, medianMeasuredTimeS: 58 } });
    s.close();
    const again = openStore(file);
    expect(again.latestReadings()).toEqual([traffic(t0 + 600_000, 40)]);
    expect(again.loadCatalogue()).toEqual(sensors);
    again.close();
  });

  it('does not store readings of sensors it has no catalogue entry for, says so, and keeps the rest', () => {
    const s = openStore(':memory:');
    s.saveCatalogue(sensors);
    s.ingest('f', [traffic(t0, 1)], 1, t0);
    s.flush();
    s.ingest('f', [{ sensorId: 'traffic:404', ts: t0, values: {} }, traffic(t0 + 300_000, 2)], 2, t0 + 300_000);
    expect(s.flush()).toEqual({ inserted: 1, duplicates: 0 });
    expect(s.lastError).toMatch(/1 reading\(s\) for sensors not in the stored catalogue/);
    expect([...s.iterateReadings(0, Infinity)]).toHaveLength(2);
    expect(s.stats().readings).toBe(2);
    s.close();
  });

  it('keeps a failed commit buffered and retries it: nothing is lost', () => {
    const file = join(tmp(), 'busy.db');
    const s = openStore(file, { commitIntervalMs: 1000 });
    s.saveCatalogue(sensors);
    const blocker = new Database(file);
    blocker.pragma('busy_timeout = 0');
    blocker.exec('BEGIN IMMEDIATE'); // another writer holds the lock
    (s as unknown as { db: Database.Database }).db.pragma('busy_timeout = 0');
    s.ingest('f', [traffic(t0, 1), traffic(t0 + 300_000, 2)], 3, t0 + 300_000);
    expect(() => s.flush()).toThrow(/locked/);
    expect(s.lastError).toMatch(/cache write failed/);
    blocker.exec('ROLLBACK');
    blocker.close();
    expect(s.flush()).toEqual({ inserted: 2, duplicates: 0 });
    expect(s.lastError).toBeNull();
    expect(s.cursor('f')?.lastSeq).toBe(3);
    s.close();
  });
});

describe('store: rollups, retention and history resolution', () => {
  const day = 24 * 3600_000;
  function filled(opts = {}) {
    const s = openStore(':memory:', opts);
    s.saveCatalogue(sensors);
    const rs = [];
    for (let i = 0; i < 36; i++) rs.push(traffic(t0 + i * 300_000, 30 + (i % 12), i % 5)); // 3 hours, 5-minute steps
    s.ingest('f', rs, 1, t0 + 3 * 3600_000);
    s.flush();
    return s;
  }

  it('folds readings into 1-minute and 1-hour min/max/avg/count', () => {
    const s = filled();
    s.maintain(t0 + 3 * 3600_000);
    const h = s.history('traffic:1', t0, t0 + 3 * 3600_000 - 1, 2, 300); // too many raw points for 2 -> 1h rollups
    expect(h.resolution).toBe('1h');
    expect(h.points).toHaveLength(3);
    const first = h.points[0]!;
    expect(first.ts).toBe(t0);
    expect(first.count).toBe(12);
    expect(first.min!.avgSpeedKmh).toBe(30);
    expect(first.max!.avgSpeedKmh).toBe(41);
    expect(first.values.avgSpeedKmh).toBeCloseTo(35.5);
    // Readings not folded yet (after the last maintenance) still show, folded on the fly.
    s.ingest('f', [traffic(t0 + 3 * 3600_000 + 60_000, 20), traffic(t0 + 3 * 3600_000 + 120_000, 22)], 2, t0 + 3 * 3600_000 + 120_000);
    s.flush();
    const tail = s.history('traffic:1', t0, t0 + 4 * 3600_000 - 1, 2, 300);
    expect(tail.points.map((p) => p.count)).toEqual([12, 12, 12, 2]);
    expect(tail.points[3]!.values.avgSpeedKmh).toBe(21);
    const m = s.history('traffic:1', t0, t0 + 3600_000, 100, 300);
    expect(m.resolution).toBe('raw');
    s.close();
  });

  it('catches up in bounded steps, ending with the same rollups', () => {
    const s = filled();
    const runs = [];
    for (let i = 0; i < 10; i++) {
      const r = s.maintain(t0 + 3 * 3600_000, 3600_000);
      runs.push(r.caughtUp);
      if (r.caughtUp) break;
    }
    expect(runs).toEqual([false, false, true]);
    const h = s.history('traffic:1', t0, t0 + 3 * 3600_000 - 1, 2, 300);
    expect(h.points.map((p) => p.count)).toEqual([12, 12, 12]);
    s.close();
  });

  it('re-folds a bucket when a late reading arrives after it was rolled up', () => {
    const s = filled();
    s.maintain(t0 + 3 * 3600_000);
    s.ingest('f', [traffic(t0 + 60_000, 100)], 2, t0 + 3 * 3600_000);
    s.flush();
    s.maintain(t0 + 3 * 3600_000);
    const h = s.history('traffic:1', t0, t0 + 3600_000 - 1, 2, 300);
    expect(h.points[0]!.count).toBe(13);
    expect(h.points[0]!.max!.avgSpeedKmh).toBe(100);
    s.close();
  });

  it('works through a late reading far below the watermark span by span, never refolding the same span again', () => {
    const s = filled();
    const days = 2 * 24 * 3600_000;
    // Two more days of readings, rolled up: the watermark is two days past the first hour.
    s.ingest('f', [traffic(t0 + days, 50)], 2, t0 + days);
    s.flush();
    let runs = 0;
    while (!s.maintain(t0 + days, 6 * 3600_000).caughtUp) expect(++runs).toBeLessThan(20);
    // A late reading in the first hour: the dirty span (two days) is longer than one run may fold (6 h).
    s.ingest('f', [traffic(t0 + 60_000, 100)], 3, t0 + days);
    s.flush();
    const spans: number[] = [];
    for (let res = s.maintain(t0 + days, 6 * 3600_000); ; res = s.maintain(t0 + days, 6 * 3600_000)) {
      spans.push(res.minutes);
      if (res.caughtUp) break;
      expect(spans.length, 'maintenance must catch up in a bounded number of runs').toBeLessThan(12);
    }
    expect(spans.length).toBeGreaterThan(1); // it took several runs: the case the dirty mark must advance through
    const h = s.history('traffic:1', t0, t0 + 3600_000 - 1, 2, 300);
    expect(h.points[0]!.count).toBe(13);
    expect(h.points[0]!.max!.avgSpeedKmh).toBe(100);
    s.close();
  });

  it('drops raw readings past retention only after rolling them up, and history falls back to rollups', () => {
    const s = filled({ rawRetentionDays: 1 });
    const later = t0 + 3 * day;
    // Retention runs on the newest reading held (never beyond it): data ages out as newer data arrives.
    s.ingest('f', [traffic(later, 50)], 2, later);
    const res = s.maintain(later);
    expect(res.rawDeleted).toBe(36);
    expect(res.retentionClock).toBe(later);
    expect([...s.iterateReadings(0, Infinity)].map((r) => r.ts)).toEqual([later]);
    const h = s.history('traffic:1', t0, t0 + 3600_000 - 1, 3000, 300);
    expect(h.resolution).toBe('1m');
    expect(h.points).toHaveLength(12);
    expect(h.points.reduce((a, p) => a + (p.count ?? 0), 0)).toBe(12);
    s.close();
  });
});

describe('store: gaps, operator actions, audit', () => {
  it('records gaps and finds those that concern a sensor', () => {
    const s = openStore(':memory:');
    s.addGap({ feedId: 'f', scope: 'all', from: 100, to: 200, reason: 'lost' });
    s.addGap({ feedId: 'f', scope: 'parking:P1', from: 150, to: 300, reason: 'sensor offline' });
    s.addGap({ feedId: 'f', scope: 'kind:air', from: 400, to: 500, reason: 'x' });
    expect(s.gapsFor('traffic:1', 0, 1000).map((g) => g.reason)).toEqual(['lost']);
    expect(s.gapsFor('parking:P1', 0, 1000).map((g) => g.reason)).toEqual(['lost', 'sensor offline']);
    expect(s.gaps(250, 450).map((g) => g.scope)).toEqual(['parking:P1', 'kind:air']);
    s.close();
  });

  it('queues actions durably, marks them sent or rejected, and audits every step', () => {
    const file = join(tmp(), 'a.db');
    const s = openStore(file);
    const a = s.enqueueAction({ id: 'aaaaaaaa-1', kind: 'note', sensorId: 'traffic:1', text: 'road works', user: 'ana', createdAt: 5 });
    s.enqueueAction({ id: 'aaaaaaaa-2', kind: 'note', sensorId: null, text: 'shift change', user: 'ana', createdAt: 6 });
    expect(a.status).toBe('queued');
    s.close();
    const r = openStore(file);
    expect(r.actions({ status: 'queued', oldestFirst: true }).map((x) => x.id)).toEqual(['aaaaaaaa-1', 'aaaaaaaa-2']);
    expect(r.markAction('aaaaaaaa-1', 'sent', null)?.status).toBe('sent');
    expect(r.markAction('aaaaaaaa-2', 'rejected', 'unknown sensor')).toMatchObject({ status: 'rejected', error: 'unknown sensor' });
    expect(r.stats().queuedActions).toBe(0);
    expect(r.auditLog().map((e) => e.action)).toEqual(['action.rejected', 'action.sent', 'note.add', 'note.add']);
    r.close();
  });
});
