/**
 * End-to-end: the alarm list at a real volume (issue 9, items 8 and 9), in Chromium against the browser-mode host on
 * the demo feed at --speed 60, with a cache seeded beforehand with 10,739 open alarms of the starter rule "traffic
 * sensor not reporting" (cleared, not acknowledged: as an afternoon of gappy traffic data leaves them), a group alarm of
 * a congested corridor and a source outage.
 *
 *   1. The top bar's counts are the engine's (alarmCounts), not a fetched list's: more than 10,000 open.
 *   2. The list shows one page ("showing 1–200 of 10,7xx", the engine's total), draws only that page's rows, pages on.
 *   3. A search (run by the engine) finds the corridor's group by name; its row says how many sensors and which came
 *      first; expanding it lists the members with the first-out marked.
 *   4. Several alarms ticked are acknowledged with one comment; one the engine refuses is listed with its words.
 *   5. Ticked alarms shelved with one reason appear in the Shelved view, their shelf's end counting down.
 * Screenshots: test-results/e2e-alarm-list.png (group expanded), e2e-alarm-list-shelved.png.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmCounts, AlarmPage } from '../../electron/engine/api';
import { loadDemoData } from '../../electron/demo-feed/data';
import { openStore } from '../../electron/engine/store/store';
import { ROOT, WAIT_MS, checkPrerequisites, engineCall, launchChromium, shoot, sleep, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const OPEN_SEEDED = 10_739;
const OPERATOR = 'Olav Operatør';

function seededAlarm(ruleId: string, subject: string, raisedAt: number, over: Partial<Alarm> = {}): Alarm {
  return {
    id: `${ruleId}|${subject}|${raisedAt}`,
    ruleId,
    subject,
    state: 'cleared',
    severity: 'warning',
    raisedSeverity: 'warning',
    raisedAt,
    message: 'No data for 30 min',
    lastMessage: 'Reporting again',
    clearedAt: raisedAt + 60_000,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: raisedAt + 60_000,
    priority: 'low',
    ...over,
  };
}

describe('the alarm list with 10,739 open alarms', () => {
  let browser: Browser | null = null;
  let host: Host | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  let groupSensors: string[] = [];
  const port = () => host!.port;

  beforeAll(async () => {
    checkPrerequisites();
    const demo = loadDemoData(join(ROOT, 'assets'));
    const traffic = demo.sensors.filter((s) => s.kind === 'traffic');
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-list-e2e-')), 'cache.db');
    const store = openStore(db);
    const now = Date.now();
    const list: Alarm[] = [];
    for (let i = 0; i < OPEN_SEEDED; i++) list.push(seededAlarm('traffic-sensor-silent', traffic[i % traffic.length]!.id, now - 3 * 3_600_000 - i * 1000));
    groupSensors = traffic.slice(0, 6).map((s) => s.id);
    list.push(
      seededAlarm('major-road-congestion', 'zone:ring-2-e2e', now - 20 * 60_000, {
        severity: 'critical',
        raisedSeverity: 'critical',
        message: 'Congestion on 6 segments of Ring 2',
        lastMessage: 'Congestion on 6 segments of Ring 2',
        group: {
          kind: 'rule',
          name: 'Ring 2 corridor',
          firstOut: groupSensors[2]!,
          members: groupSensors.map((subject, k) => ({ subject, raisedAt: now - 20 * 60_000 + ((k + 4) % 6) * 30_000, clearedAt: k === 0 ? now - 5 * 60_000 : null, value: 20 + k, message: `Speed ${20 + k}% of normal` })),
        },
      }),
    );
    store.saveAlarms(list);
    store.close();
    browser = await launchChromium();
    host = await startHost(['--db', db, '--speed', '60']);
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    watch = await watchPage(page);
    await page.goto(host.url);
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    await page.getByTestId('operator-name').click();
    await page.getByTestId('operator-name-input').fill(OPERATOR);
    await page.getByTestId('operator-name-save').click();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (host) await stopGroup(host);
  });

  const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();
  const int = (s: string) => Number(s.replace(/[^\d]/g, ''));

  it('the top bar counts every open alarm, as the engine does', async () => {
    await expect
      .poll(
        async () => {
          const engine = await engineCall<AlarmCounts>(port(), 'alarmCounts', {});
          const shown = int(await text('alarm-count-unresolved'));
          return shown === engine.unresolved ? 'same' : `shown ${shown}, engine ${engine.unresolved}`;
        },
        { timeout: 20_000 },
      )
      .toBe('same');
    expect(int(await text('alarm-count-unresolved'))).toBeGreaterThan(OPEN_SEEDED);
    const engine = await engineCall<AlarmCounts>(port(), 'alarmCounts', {});
    const pills = await Promise.all((['urgent', 'high', 'medium', 'low'] as const).map(async (p) => int(await text(`alarm-count-${p}`))));
    expect(pills.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
    expect(Math.abs(pills[3]! - engine.unacknowledged.low)).toBeLessThan(50); // the live feed moves on meanwhile
  });

  it('the list shows one page of the view with the true total, and pages on', async () => {
    // The drawer opens on the alarms (clicking its tab again would fold it).
    if ((await page.getByTestId('alarm-range').count()) === 0) await page.getByTestId('tab-alarms').click();
    await expect.poll(async () => text('alarm-range'), { timeout: 20_000 }).toMatch(/^showing 1–200 of \d{2},\d{3}$/);
    const total = int((await text('alarm-range')).split(' of ')[1]!);
    const engine = await engineCall<AlarmPage>(port(), 'alarmPage', { view: 'open', offset: 0, limit: 1 });
    expect(Math.abs(total - engine.total)).toBeLessThan(50);
    expect(total).toBeGreaterThan(OPEN_SEEDED - 50);
    expect(await page.locator('[data-testid=alarm-row]').count()).toBe(200);
    // Priority first: the critical corridor group (urgent) comes before the seeded warnings.
    const priorities = await page.locator('[data-testid=alarm-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-priority')));
    const rank = { urgent: 3, high: 2, medium: 1, low: 0 } as Record<string, number>;
    for (let i = 1; i < priorities.length; i++) expect(rank[priorities[i - 1]!]).toBeGreaterThanOrEqual(rank[priorities[i]!]!);
    // Subjects in words (the sensor's name, never its id).
    const subjects = await page.locator('[data-testid=alarm-row] .alarm-subject').allTextContents();
    expect(subjects.some((s) => s.startsWith('traffic:'))).toBe(false);

    const e0 = Date.now();
    await engineCall<AlarmPage>(port(), 'alarmPage', { view: 'open', offset: 200, limit: 200 });
    console.log('[e2e] the engine answers a page of 200 in', Date.now() - e0, 'ms');
    const t0 = Date.now();
    await page.getByTestId('alarm-page-next').click();
    await expect.poll(async () => text('alarm-range'), { timeout: 10_000 }).toMatch(/^showing 201–400 of /);
    console.log('[e2e] next page shown after', Date.now() - t0, 'ms');
    expect(await page.locator('[data-testid=alarm-row]').count()).toBe(200);
    await page.getByTestId('alarm-page-prev').click();
    await expect.poll(async () => text('alarm-range'), { timeout: 10_000 }).toMatch(/^showing 1–200 of /);
  });

  it('a search finds the corridor group; it says how many and which came first, and expands to its members', async () => {
    await page.getByTestId('alarm-search').fill('ring 2 corridor');
    await expect.poll(async () => text('alarm-range'), { timeout: 10_000 }).toBe('showing 1–1 of 1');
    const row = page.locator('[data-testid=alarm-row][data-group=rule]');
    expect(await row.locator('.alarm-subject').textContent()).toBe('Ring 2 corridor');
    const names = await Promise.all(groupSensors.map(async (id) => (await engineCall<{ catalogue: { id: string; name: string }[] }>(port(), 'snapshot', {})).catalogue.find((s) => s.id === id)!.name));
    expect(await row.locator('.group-summary').textContent()).toBe(`6 sensors · first: ${names[2]}`);
    await row.getByTestId('alarm-expand').click();
    const members = row.getByTestId('group-member');
    expect(await members.count()).toBe(6);
    const first = row.locator('[data-testid=group-member][data-first-out]');
    expect(await first.count()).toBe(1);
    expect(await first.getAttribute('data-sensor-id')).toBe(groupSensors[2]);
    await row.locator('.alarm-main').click();
    await shoot(page, 'e2e-alarm-list.png');
    await page.getByTestId('alarm-search').fill('');
    await expect.poll(async () => text('alarm-range'), { timeout: 10_000 }).toMatch(/^showing 1–200 of \d{2},\d{3}$/);
  });

  it('ticked alarms are acknowledged with one comment; a refused one is listed in words', async () => {
    const rows = page.locator('[data-testid=alarm-row][data-state=cleared]');
    const ids = await rows.evaluateAll((els) => els.slice(0, 4).map((e) => e.getAttribute('data-alarm-id')!));
    for (const id of ids) await page.locator(`[data-testid=alarm-row][data-alarm-id="${id}"] [data-testid=alarm-check]`).check();
    expect(await text('bulk-count')).toBe('4 ticked');
    // Someone else acknowledges one of them first (a cleared alarm, once acknowledged, is resolved).
    await engineCall(port(), 'ackAlarm', { id: ids[0], comment: 'done elsewhere' });
    await page.getByTestId('bulk-comment').fill('Known gap in the traffic data');
    await page.getByTestId('bulk-ack').click();
    await expect.poll(async () => text('bulk-outcome'), { timeout: 10_000 }).toMatch(/^3 acknowledged · 1 refused:/);
    const refusal = ((await page.getByTestId('bulk-refusals').textContent()) ?? '').trim();
    expect(refusal).toMatch(/\(Traffic sensor not reporting\): resolved: nothing to acknowledge$|: resolved: nothing to acknowledge$/);
    expect(refusal.startsWith('traffic:')).toBe(false);
    const audit = await engineCall<{ action: string; subject: string | null; user: string }[]>(port(), 'audit', { limit: 200 });
    for (const id of ids.slice(1)) expect(audit.some((r) => r.action === 'alarm.acknowledge' && r.subject === id && r.user === OPERATOR)).toBe(true);
  });

  it('ticked alarms shelved with one reason are in the Shelved view, each shelf counting down', async () => {
    const before = int(await text('alarm-count-shelved'));
    const ids = await page.locator('[data-testid=alarm-row][data-state=cleared]').evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-alarm-id')!));
    for (const id of ids) await page.locator(`[data-testid=alarm-row][data-alarm-id="${id}"] [data-testid=alarm-check]`).check();
    await page.getByTestId('bulk-shelve').click();
    await page.getByTestId('bulk-shelve-minutes').fill('30');
    await page.getByTestId('bulk-shelve-reason').fill('Road works on the segment');
    await page.getByTestId('bulk-shelve-submit').click();
    await expect.poll(async () => text('bulk-outcome'), { timeout: 10_000 }).toMatch(/^2 shelved for 30 min/);
    await expect.poll(async () => int(await text('alarm-count-shelved')), { timeout: 10_000 }).toBeGreaterThan(before);
    await page.getByTestId('alarm-view-shelved').click();
    await expect.poll(async () => page.locator('[data-testid=alarm-row]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const shown = await page.locator('[data-testid=alarm-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-alarm-id')));
    for (const id of ids) expect(shown).toContain(id);
    const left = page.locator(`[data-testid=alarm-row][data-alarm-id="${ids[0]}"] [data-testid=shelf-left]`);
    const t1 = (await left.textContent()) ?? '';
    expect(t1).toMatch(/min \d\d s left$/);
    await sleep(1_500);
    expect((await left.textContent()) ?? '').not.toBe(t1);
    await shoot(page, 'e2e-alarm-list-shelved.png');
    expect({ pageErrors: watch!.pageErrors, consoleErrors: watch!.consoleErrors, csp: watch!.cspViolations }).toEqual({ pageErrors: [], consoleErrors: [], csp: [] });
  });
});
