/**
 * End-to-end: one time format (issue 12 item 5), in Debian's Chromium against the browser-mode host on the embedded
 * Aarhus demo feed (--speed 60, fresh in-memory cache). Times read as the city's local 24-hour time with its zone
 * (CET/CEST), dates with the month's name, never ISO or am/pm:
 *   1. the alarm list: a selected alarm's facts ("Raised 30 Nov 2026 10:15:42 CET"), its age ticking;
 *   2. a sensor's chart: the time axis ticks ("06:00", "30 Nov"), its title names the zone ("Time (CET)"), the legend;
 *   3. the audit: a shelving row's time and "shelved for 30 min until 11:21 CET".
 * Screenshots: e2e-time-alarms.png, e2e-time-chart.png, e2e-time-audit.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../electron/engine/api';
import { WAIT_MS, checkPrerequisites, engineCall, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const OPERATOR = 'Tim Format';
const STAMP = /^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d CES?T$/;
const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d|\d{4}-\d\d-\d\d \d\d:\d\d/;
const TWELVE_HOUR = /\b\d{1,2}(:\d\d)?\s?(am|pm|AM|PM)\b/;
const NUMERIC_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/;

describe('one time format on the screen (real Chromium, real host)', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  let alarm: Alarm | null = null;

  const engineAlarms = () => engineCall<Alarm[]>(host!.port, 'alarms', { includeResolved: true, limit: 5000 });
  const noBadTime = (text: string, what: string) => {
    expect(text, `${what}: no ISO time`).not.toMatch(ISO);
    expect(text, `${what}: no 12-hour time`).not.toMatch(TWELVE_HOUR);
    expect(text, `${what}: no numeric date`).not.toMatch(NUMERIC_DATE);
  };

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    host = await startHost(['--db', ':memory:', '--speed', '60'], env);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    await page.getByTestId('operator-name').click();
    await page.getByTestId('operator-name-input').fill(OPERATOR);
    await page.getByTestId('operator-name-save').click();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (host) await stopGroup(host);
  });

  it('the alarm list: raise times in the city zone to the second, ages that tick', async () => {
    await expect
      .poll(
        async () => {
          alarm = (await engineAlarms()).find((a) => a.state === 'active' && !a.group && !/^(zone|group|source):/.test(a.subject)) ?? null;
          return alarm !== null && (await page.locator(`[data-testid=alarm-row][data-alarm-id="${alarm.id}"]`).count()) === 1;
        },
        { timeout: 150_000, interval: 1000 },
      )
      .toBe(true);
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${alarm!.id}"]`);
    await page.evaluate((id) => window.__citydesk!.selectAlarm(id), alarm!.id);
    const facts = row.locator('.alarm-facts');
    await facts.waitFor();
    const raised = ((await facts.locator('dd').first().textContent()) ?? '').trim();
    expect(raised).toMatch(STAMP);
    expect((await row.locator('.alarm-time').getAttribute('title')) ?? '').toMatch(/^Raised \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d CES?T$/);
    // The age ticks: at --speed 60 a wall second is a feed minute.
    const age = () => row.locator('.alarm-time').textContent();
    const before = await age();
    await expect.poll(age, { timeout: 20_000 }).not.toBe(before);
    noBadTime((await page.getByTestId('alarm-list').textContent()) ?? '', 'alarm list');
    await shoot(page, 'e2e-time-alarms.png');
  }, 240_000);

  it('a sensor chart: 24-hour ticks on the city clock, the zone named, the legend to the second', async () => {
    await page.evaluate((id) => window.__citydesk!.selectSensor(id), alarm!.subject);
    const chart = page.getByTestId('sensor-chart');
    await chart.locator('canvas').first().waitFor({ state: 'attached', timeout: WAIT_MS });
    await expect.poll(() => chart.getAttribute('data-time-ticks'), { timeout: 30_000 }).toBeTruthy();
    const ticks = (await chart.getAttribute('data-time-ticks'))!.split('|');
    console.log('[e2e] chart ticks', ticks.join(' '));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) expect(t).toMatch(/^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?|\d{1,2} [A-Z][a-z]{2})$/);
    expect(await chart.getAttribute('data-time-title')).toMatch(/^Time \(CES?T( \/ CES?T)?\)$/);
    // The legend's time under the cursor.
    const over = chart.locator('.u-over');
    await over.scrollIntoViewIfNeeded();
    const legendTime = page.locator('.u-legend .u-series').first().locator('.u-value');
    let k = 0;
    await expect
      .poll(
        async () => {
          const box = (await over.boundingBox())!;
          await page.mouse.move(box.x + box.width * (0.3 + 0.1 * (k++ % 6)), box.y + box.height / 2, { steps: 4 });
          return (await legendTime.textContent())?.trim();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toMatch(/^(\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d:\d\d CES?T$/);
    noBadTime((await page.getByTestId('sensor-panel').textContent()) ?? '', 'sensor panel');
    // The whole chart in view (its time axis and legend), the cursor on it.
    await chart.locator('.u-legend').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 4 });
    await shoot(page, 'e2e-time-chart.png');
  }, 120_000);

  it('the audit: the shelving in the city zone ("until 11:21 CET"), no ISO', async () => {
    const id = alarm!.id;
    if ((await engineAlarms()).find((a) => a.id === id)!.state === 'resolved') throw new Error('the alarm resolved meanwhile');
    await page.evaluate((alarmId) => window.__citydesk!.selectAlarm(alarmId), id);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('s');
    const shelve = page.getByTestId('key-shelve-dialog');
    await expect.poll(() => shelve.isVisible()).toBe(true);
    await page.keyboard.type('time format check');
    await page.keyboard.press('Enter');
    await expect.poll(() => shelve.count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('tab-audit').click();
    const view = page.getByTestId('audit-view');
    await view.waitFor();
    const row = page.locator(`[data-testid=audit-row][data-alarm-id="${id}"][data-action="alarm.shelve"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells[0]).toMatch(STAMP);
    expect(cells[2]).toMatch(/^shelved for \d+ (min|h)( \d+ min)? until (\d{1,2} [A-Z][a-z]{2} )?([01]\d|2[0-3]):[0-5]\d CES?T$/);
    noBadTime((await page.getByTestId('audit-log').textContent()) ?? '', 'audit log');
    await row.scrollIntoViewIfNeeded();
    await shoot(page, 'e2e-time-audit.png');
  }, 120_000);

  it('no page errors, console errors, CSP violations or failed requests', () => {
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.consoleErrors).toEqual([]);
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
