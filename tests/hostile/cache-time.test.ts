/**
 * Caches written before reading times were checked: far-future readings must neither freeze their sensor after a
 * restart nor be deleted (set aside, kept, reported), a stored feed clock in microseconds must not start the clock, and
 * maintenance never deletes data because a clock jumped.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../../electron/engine/index';
import { MIGRATIONS } from '../../electron/engine/store/migrations';
import { encodeValues, openStore } from '../../electron/engine/store/store';
import { waitFor } from '../helpers/feed';
import { cleanupsAfterEach, DAY, MIN, sensors, T0, trafficValues } from './feed-fixtures';

const cleanups = cleanupsAfterEach();

const values = trafficValues;

function tmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-oldcache-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The order in which schema versions up to 3 stored a traffic reading's values (migration 4 keeps it). */
const TRAFFIC_LAYOUT = ['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS'];

/** A schema-version-2 cache as an older CityDesk left it: real readings, two from the future, the cursor in microseconds. */
function oldCache(file: string): { real: number[]; future: number[] } {
  const db = new Database(file);
  db.exec(MIGRATIONS[0]!);
  db.exec(MIGRATIONS[1]!);
  db.pragma('user_version = 2');
  const sensor = db.prepare('INSERT INTO sensors (id, kind, json, updated_at) VALUES (?, ?, ?, 0)');
  sensors.forEach((s) => sensor.run(s.id, s.kind, JSON.stringify(s)));
  const real = Array.from({ length: 12 }, (_, i) => T0 + i * 5 * MIN);
  const future = [T0 + 200 * DAY, T0 * 1000];
  const reading = db.prepare('INSERT INTO readings (sid, ts, v) VALUES (1, ?, ?)');
  real.forEach((ts, i) => reading.run(ts, encodeValues(TRAFFIC_LAYOUT, values(30 + i))));
  future.forEach((ts) => reading.run(ts, encodeValues(TRAFFIC_LAYOUT, values(99))));
  db.prepare("INSERT INTO feeds (feed_id, name, url, last_seq, feed_time, updated_at) VALUES ('old-feed', 'old', 'x', 40, ?, 1)").run(T0 * 1000);
  db.close();
  return { real, future };
}

describe('old caches with implausible times', () => {
  it('far-future readings are set aside (kept, counted), the sensor shows its real last reading, the microsecond clock is forgotten, nothing is deleted', async () => {
    const file = join(tmpDir(), 'old.db');
    const { real, future } = oldCache(file);
    const wall = T0 + 2 * 3600_000;
    const logs: string[] = [];
    const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: 'http://127.0.0.1:9', dbFile: file, now: () => wall, maintenanceIntervalMs: 50, log: (_l, m) => logs.push(m) });
    cleanups.push(() => engine.close());
    const snap = await engine.handle('snapshot', {});
    expect(snap.states.find((s) => s.sensorId === 'traffic:1')!.last).toEqual({ sensorId: 'traffic:1', ts: real.at(-1), values: values(41) });
    expect(snap.status.feedTime).toBe(wall); // not started from the microsecond cursor
    expect(snap.status.cache.setAside).toBe(2);
    expect(snap.status.cache.clockWarning).toMatch(/stored clock of feed old-feed .* implausible/);
    expect(engine.store.lastCursor()).toMatchObject({ feedId: 'old-feed', lastSeq: 40, feedTime: null }); // resume still works
    expect(logs.join('\n')).toMatch(/2 reading\(s\) stamped after .* were set aside/);
    expect(engine.store.auditLog().map((e) => e.action)).toEqual(expect.arrayContaining(['cache.readings-set-aside', 'cache.clock-forgotten']));
    // Maintenance runs (every 50 ms here) and deletes nothing.
    await waitFor(() => engine.store.meta('rollup_1m_until') !== null, 5000, 'maintenance ran');
    expect([...engine.store.iterateReadings(0, Number.MAX_SAFE_INTEGER)].map((r) => r.ts)).toEqual(real);
    await engine.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT ts, v FROM readings_set_aside ORDER BY ts').all()).toEqual(future.map((ts) => ({ ts, v: encodeValues(TRAFFIC_LAYOUT, values(99)) })));
    db.close();
  });
});

describe('maintenance against clock jumps', () => {
  it('a feed clock in microseconds deletes nothing: retention is held at the newest reading and says so', () => {
    const s = openStore(':memory:');
    cleanups.push(() => s.close());
    s.saveCatalogue(sensors);
    const rs = Array.from({ length: 36 }, (_, i) => ({ sensorId: 'traffic:1', ts: T0 + i * 5 * MIN, values: values(30 + (i % 12)) }));
    s.ingest('f', rs, 1, rs.at(-1)!.ts);
    s.flush();
    for (const jumped of [T0 * 1000, T0 + 400 * DAY, Number.MAX_SAFE_INTEGER]) {
      const res = s.maintain(jumped);
      expect(res.rawDeleted).toBe(0);
      expect(res.retentionClock).toBe(rs.at(-1)!.ts);
      expect(res.held).toMatch(/retention held at the newest reading/);
      expect(s.stats().clockWarning).toBe(res.held);
    }
    expect([...s.iterateReadings(0, Number.MAX_SAFE_INTEGER)]).toHaveLength(36);
    const h = s.history('traffic:1', T0, T0 + 3 * 3600_000 - 1, 2, 300);
    expect(h.points.map((p) => p.count)).toEqual([12, 12, 12]); // the rollups are all there too
    // Back to a sane clock: the warning goes.
    expect(s.maintain(rs.at(-1)!.ts).held).toBeNull();
    expect(s.stats().clockWarning).toBeNull();
  });

  it('an empty cache is left alone whatever the clock', () => {
    const s = openStore(':memory:');
    cleanups.push(() => s.close());
    expect(s.maintain(T0 * 1000)).toMatchObject({ rawDeleted: 0, retentionClock: null, caughtUp: true });
    expect(s.meta('rollup_1m_until')).toBeNull();
  });
});
