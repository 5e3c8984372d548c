/**
 * Alarm KPIs from the cache: the store's history of a period (alarms, presented or shelved at raise, shelvings at their
 * feed time from the audit log), and the engine's alarmKpis / alarmKpisCsv commands end to end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../electron/demo-feed/server';
import { startEngine } from '../../electron/engine/index';
import { AlarmBook, type AlarmUpdate } from '../../electron/engine/rules/alarms';
import type { AlertEvent } from '../../electron/engine/rules/evaluator';
import { shelfAction } from '../../electron/engine/store/alarm-history';
import { openStore, type Store } from '../../electron/engine/store/store';
import { tinyData, waitFor } from '../helpers/feed';

const ASSETS = join(__dirname, '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const T0 = Date.UTC(2014, 7, 4, 8, 0);
const min = (m: number) => T0 + m * 60_000;
const WALL = Date.UTC(2026, 10, 30, 12, 0);

/** What Alerting.commit stores: the alarms, and the audit at the wall clock with the feed time in the detail. */
function persist(store: Store, u: AlarmUpdate): void {
  store.saveAlarms(u.changed);
  store.auditMany(u.audit.map((a) => ({ at: WALL, user: a.user, action: `alarm.${a.action}`, subject: a.alarmId, detail: `${a.detail} (feed time ${new Date(a.at).toISOString()})` })));
}

const ev = (type: 'raise' | 'clear', m: number, subject = 'parking:P1'): AlertEvent =>
  type === 'raise' ? { type, ruleId: 'r1', subject, severity: 'warning', at: min(m), message: `full at ${subject}` } : { type, ruleId: 'r1', subject, severity: 'warning', at: min(m), message: 'cleared', reason: 'condition' };

describe('alarm history in the cache', () => {
  it('gives the period’s alarms with whether they were presented, and the shelvings at their feed time', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'citydesk-kpi-')), 'c.db'), { now: () => WALL });
    cleanups.push(() => store.close());
    const book = new AlarmBook();
    persist(store, book.apply([ev('raise', 0)]));
    persist(store, book.acknowledge(`r1|parking:P1|${min(0)}`, 'anna', min(3)));
    persist(store, book.shelve(`r1|parking:P1|${min(0)}`, 'anna', min(4), min(64), 'sensor repair, see ticket 12'));
    persist(store, book.apply([ev('clear', 5)]));
    persist(store, book.apply([ev('raise', 10)])); // shelved: recorded, not presented
    persist(store, book.apply([ev('raise', 11, 'parking:P2')]));
    persist(store, book.unshelve(`r1|parking:P1|${min(10)}`, 'bo', min(30)));
    persist(store, book.apply([ev('raise', -2000, 'parking:OLD')])); // standing at minute 60
    persist(store, book.apply([ev('raise', -3000, 'parking:GONE'), ev('clear', -2900, 'parking:GONE')])); // long over

    const history = store.alarmHistory();
    const got = history.alarms(min(0), min(60), min(60) - 24 * 3_600_000);
    expect(got.map((a) => [a.alarm.subject, a.alarm.raisedAt, a.presented])).toEqual([
      ['parking:OLD', min(-2000), true],
      ['parking:P1', min(0), true],
      ['parking:P1', min(10), false],
      ['parking:P2', min(11), true],
    ]);
    expect(history.shelfActions()).toEqual([
      { type: 'shelve', key: 'r1|parking:P1', alarmId: `r1|parking:P1|${min(0)}`, by: 'anna', at: min(4), until: min(64), reason: 'sensor repair, see ticket 12' },
      { type: 'unshelve', key: 'r1|parking:P1', alarmId: `r1|parking:P1|${min(10)}`, by: 'bo', at: min(30) },
    ]);
    // An acknowledgement in the period of an alarm raised before it is included.
    expect(history.alarms(min(2), min(60), min(60) - 24 * 3_600_000).map((a) => a.alarm.raisedAt)).toContain(min(0));
  });

  it('reads a shelving done live (no feed time in the detail: the entry’s own time) and skips what is not one', () => {
    const row = { at: min(5), user: 'anna', action: 'alarm.shelve', subject: 'r1|s|1', detail: JSON.stringify(`shelved until ${new Date(min(65)).toISOString()}: noisy`) };
    expect(shelfAction(row)).toEqual({ type: 'shelve', key: 'r1|s', alarmId: 'r1|s|1', by: 'anna', at: min(5), until: min(65), reason: 'noisy' });
    expect(shelfAction({ ...row, detail: '{not json' })).toBeNull();
    expect(shelfAction({ ...row, detail: JSON.stringify('something else') })).toBeNull();
    expect(shelfAction({ ...row, subject: null })).toBeNull();
  });
});

describe('alarmKpis and alarmKpisCsv commands', () => {
  it('a supervisor sees the live KPIs and downloads them as CSV; an operator is refused', async () => {
    const data = tinyData({ steps: 30 });
    let wall = data.start + 10 * 60_000;
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 10 * 60_000, feedId: 'f' });
    cleanups.push(() => server.close());
    const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: join(mkdtempSync(join(tmpdir(), 'citydesk-kpi-')), 'c.db'), deltaIntervalMs: 20, now: () => wall, user: 'ana' });
    cleanups.push(() => engine.close());
    await waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
    const sup = engine.newSession();
    await engine.access.setFromHost('supervisor-pass', { by: 'test host' });
    await engine.handle('unlockSupervisor', { passphrase: 'supervisor-pass' }, sup);
    await engine.handle('setUser', { name: 'Sofie' }, sup);
    await engine.handle('publishRule', { rule: { schema: 1, id: 'p1-full', name: 'P1 over 95%', enabled: true, severity: 'critical', kind: 'car-park', scope: { type: 'sensors', ids: ['parking:P1'] }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } } }, sup);
    for (let i = 0; i < 8; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    await waitFor(() => engine.status().lastSeq === server.lastSeq(), 5000, 'caught up');
    const alarm = (await engine.handle('alarms', {})).find((a) => a.ruleId === 'p1-full')!;
    const op = engine.newSession();
    await engine.handle('setUser', { name: 'Ole' }, op);
    await engine.handle('ackAlarm', { id: alarm.id }, op);

    await expect(engine.handle('alarmKpis', {}, op)).rejects.toThrow(/only a supervisor/);
    const k = await engine.handle('alarmKpis', {}, sup);
    // The last 24 h of the feed clock, from a whole 10 minutes.
    expect(k.to).toBe(engine.status().feedTime);
    expect(k.from % 600_000).toBe(0);
    expect(k.to - k.from).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(k.to - k.from).toBeLessThan(24 * 3_600_000 + 600_000);
    expect(k.perTenMinutes[0]!.at).toBe(k.from);
    expect(k.total).toBeGreaterThanOrEqual(1);
    // The starter rules (installed in a new cache) fire too.
    expect(k.badActors).toContainEqual(expect.objectContaining({ ruleId: 'p1-full', ruleName: 'P1 over 95%', subject: 'parking:P1', subjectName: 'P1', count: 1 }));
    expect(k.perRule).toContainEqual(expect.objectContaining({ ruleId: 'p1-full', count: 1, ackP50: expect.any(Number) }));
    expect(k.perOperator).toEqual([expect.objectContaining({ user: 'Ole', acknowledged: 1 })]);
    expect(k.ackTimes.count).toBe(1);
    await expect(engine.handle('alarmKpis', { from: k.to, to: k.from }, sup)).rejects.toThrow(/must end after it starts/);
    await expect(engine.handle('alarmKpis', { from: k.to - 40 * 86_400_000, to: k.to }, sup)).rejects.toThrow(/at most 31 days/);

    const csv = await engine.handle('alarmKpisCsv', { from: k.from, to: k.to }, sup);
    expect(csv.filename).toMatch(/^alarm-kpis_\d{8}T\d{4}Z_\d{8}T\d{4}Z\.csv$/);
    const lines = csv.csv.split('\r\n');
    expect(lines[0]).toMatch(/^# Alarm KPIs for Tiny town from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ to /);
    expect(lines[1]).toContain("the city's time zone is Europe/Copenhagen");
    for (const title of ['# Summary', '# New alarms per 10 minutes', '# Bad actors (most frequent alarms)', '# Chattering alarms', '# Standing alarms (active over 24 h at the end)', '# Shelved at the end', '# Per rule', '# Per operator']) expect(lines).toContain(title);
    expect(lines[lines.indexOf('# Per operator') + 2]).toMatch(/^Ole,1,0,[\d.]+,[\d.]+$/);
    const badActors = lines.slice(lines.indexOf('# Bad actors (most frequent alarms)') + 2, lines.indexOf('# Chattering alarms') - 1);
    expect(badActors).toContainEqual(expect.stringMatching(/^p1-full,P1 over 95%,parking:P1,P1,1,[\d.]+$/));
    expect(lines[lines.indexOf('# Summary') + 1]).toBe('from_utc,to_utc,time_zone,new_alarms,average_per_10_min,peak_per_10_min,peak_at_utc,flood_share_pct,ack_count,ack_p50_min,ack_p90_min,chattering,standing,shelved_now,shelved_in_period');
  });
});
