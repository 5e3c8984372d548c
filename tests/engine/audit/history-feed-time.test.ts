/**
 * Alarms raised from history (a fresh desk receiving the feed's last hour) are audited at the readings' time, not at
 * the time the desk started: the audit rows' feed time (feed_at) and the investigation view's rows say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../../electron/demo-feed/server';
import { startEngine } from '../../../electron/engine/index';
import { tinyData, waitFor } from '../../helpers/feed';

const ASSETS = join(__dirname, '..', '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('alarms raised from history', () => {
  it('a desk that starts and receives an hour of history audits the raise at the readings\u2019 time', async () => {
    // parking:P1 holds 90 + i of 100 spaces at 5-minute step i: over 95% from step 6 (30 min); the starter rule "Car
    // park full" wants 15 minutes of it, so it raises on the readings of about 45 min, while the desk starts at 60 min.
    const data = tinyData({ steps: 13 });
    let wall = data.start;
    const clock = () => wall;
    const server = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 60 * 60_000, feedId: 'f', loop: false });
    cleanups.push(() => server.close());
    // The feed runs for an hour before the desk exists.
    for (let i = 0; i < 12; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    const startedAt = wall;
    const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: join(mkdtempSync(join(tmpdir(), 'citydesk-audit-hist-')), 'c.db'), deltaIntervalMs: 20, now: clock, user: 'ana' });
    cleanups.push(() => engine.close());
    await waitFor(() => engine.status().connection === 'connected', 10_000, 'connected');
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 10_000, 'history received');
    await waitFor(() => engine.store.auditQuery({ subjects: undefined }).rows.some((r) => r.action === 'alarm.raise' && r.subject?.startsWith('car-park-full|parking:P1|') === true), 10_000, 'car park full raised');

    const raise = engine.store.auditQuery({}).rows.find((r) => r.action === 'alarm.raise' && r.subject!.startsWith('car-park-full|parking:P1|'))!;
    const raisedAt = Number(raise.subject!.split('|')[2]);
    // The readings' time: between the first reading over 95% (+15 min sustained) and the last reading of the hour.
    expect(raisedAt).toBeGreaterThanOrEqual(data.start + 45 * 60_000);
    expect(raisedAt).toBeLessThanOrEqual(data.start + 60 * 60_000);
    expect(raise.feedAt).toBe(raisedAt);
    expect(raise.at).toBe(startedAt); // recorded when the desk got it

    // The investigation view: the row's feed time is the readings', and its words say where and what.
    const page = await engine.handle('auditPage', { search: 'P1', offset: 0, limit: 50 });
    const row = page.rows.find((r) => r.action === 'alarm.raise' && r.alarmId === raise.subject)!;
    expect(row.feedAt).toBe(raisedAt);
    expect(row.subjectText).toBe('Car park full at P1');
    expect(row.detailText).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const timeline = await engine.handle('alarmTimeline', { id: raise.subject! });
    expect(timeline.entries[0]).toMatchObject({ kind: 'raised', at: raisedAt, by: 'system' });
  });
});
