/**
 * A long backtest does not stop the engine: it runs in a worker thread on a read-only connection, so while it runs the
 * engine answers RPC, stores live readings and raises live alarms. Also: one backtest at a time, cancel, the range cap.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { BacktestProgressEvent, EngineEvents } from '../../electron/engine/api';
import { waitFor } from '../helpers/feed';
import { cacheFile, clock, data, startLiveEngine } from './rules-engine-harness';

const DAY = 86_400_000;
const HISTORY_DAYS = 12;

const head = { schema: 1, enabled: true, severity: 'critical', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P1'] } };
const liveRule = { ...head, id: 'p1-full', name: 'P1 over 95%', condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } };
const backtestRule = {
  ...head,
  id: 'p1-busy',
  name: 'P1 busy',
  condition: { type: 'all', conditions: [{ type: 'sustained', minutes: 10, condition: { type: 'window', agg: 'avg', metric: 'occupancyPct', minutes: 30, op: '>', value: 80 } }, { type: 'rate', metric: 'vehicleCount', minutes: 15, op: '>', value: 5 }] },
};

async function setup() {
  const file = cacheFile();
  const live = await startLiveEngine(file);
  await live.connected();
  const sup = live.engine.newSession();
  await live.engine.access.setFromHost('correct horse battery', { by: 'test host' });
  await live.engine.handle('unlockSupervisor', { passphrase: 'correct horse battery' }, sup);
  await live.engine.handle('publishRule', { rule: liveRule }, sup);
  return { file, ...live };
}

describe('backtests and the live engine', () => {
  it('live ingest, RPC and alarms keep flowing during a long backtest; one at a time; cancel', async () => {
    const { file, engine, events, advance } = await setup();
    // A long history for P1, one reading a second for 12 days before the live data (about a million rows).
    const db = new Database(file);
    db.pragma('busy_timeout = 10000');
    const sid = (db.prepare("SELECT sid FROM sensors WHERE id = 'parking:P1'").get() as { sid: number }).sid;
    const from = data.start - HISTORY_DAYS * DAY;
    db.prepare(
      `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
       INSERT OR IGNORE INTO readings (sid, ts, v) SELECT ?, ? + i * 1000, '[' || (60 + (i / 60) % 40) || ',100]' FROM s`,
    ).run((HISTORY_DAYS * DAY) / 1000 - 1, sid, from);
    db.close();

    const progress = () => events.filter((e) => e.event === 'backtest').map((e) => e.payload as BacktestProgressEvent);
    let settled = false;
    const long = engine.handle('backtestRule', { rule: backtestRule, from, to: data.start - 1, id: 'long' });
    long.then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(() => progress().some((p) => p.id === 'long' && p.done > 0), 30_000, 'the backtest under way');

    // RPC answered while it runs.
    const snap = await engine.handle('snapshot', {});
    expect(snap.catalogue.length).toBe(3);
    expect(settled).toBe(false);
    // Another backtest is refused while it runs (one at a time per engine), with its id.
    await expect(engine.handle('backtestRule', { rule: liveRule, id: 'second' })).rejects.toThrow('another backtest is running (long): cancel it or wait for it to finish');

    // Live readings are stored and the live rule raises its alarm while the backtest runs.
    const before = engine.status().acceptedTotal;
    advance(8);
    await waitFor(() => events.some((e) => e.event === 'alarms' && (e.payload as EngineEvents['alarms']).changed.some((a) => a.ruleId === 'p1-full' && a.state === 'active')), 10_000, 'the live alarm');
    expect(engine.status().acceptedTotal).toBeGreaterThan(before);
    expect(settled).toBe(false);
    const during = progress().filter((p) => p.id === 'long');
    expect(during.at(-1)!.done).toBeLessThan(1);

    // Cancelled: the call fails with the reason, the engine takes the next backtest.
    expect(await engine.handle('cancelBacktest', { id: 'long' })).toEqual({ cancelled: true });
    await expect(long).rejects.toThrow('the backtest was cancelled');
    expect(await engine.handle('cancelBacktest', { id: 'long' })).toEqual({ cancelled: false });
    const next = await engine.handle('backtestRule', { rule: liveRule, from: data.start, to: clock(), id: 'next' });
    expect(next).toMatchObject({ id: 'next', fired: 1 });
    expect(progress().filter((p) => p.id === 'next').at(-1)).toMatchObject({ done: 1 });
  }, 120_000);

  it('a range over 31 days is refused with a clear error', async () => {
    const { engine } = await setup();
    await expect(engine.handle('backtestRule', { rule: liveRule, from: data.start - 40 * DAY, to: data.start })).rejects.toThrow('a backtest covers at most 31 days; the range asked for is 40.0 days: choose a shorter one');
  });
});
