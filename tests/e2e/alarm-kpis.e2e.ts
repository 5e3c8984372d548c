/**
 * End-to-end: the supervisor's alarm load view (drawer tab "Alarm load"), in Debian's Chromium against the
 * browser-mode host with the embedded Aarhus DEMO feed at --speed 60 and a fresh cache.
 *
 *   1. An operator opening the tab is told it is for supervisors (the engine refuses the KPIs to an operator too).
 *   2. A supervisor unlocks: the view shows the live KPIs (last 24 h of the feed clock): the new-alarm chart has
 *      non-zero bars (the starter rules fire on the demo's warm-up history), one per 10-minute interval with alarms,
 *      adding up to the headline's new alarms, with the flood and target lines; the bad actors chart has bars.
 *   3. Live: an operator acknowledges an alarm and shelves another (over the engine API); the view refreshes by
 *      itself: the per-operator acknowledgement chart shows them, the shelved list the shelf with its reason.
 *   4. Download CSV: the file is named with the period, holds one section per table, and its summary row agrees with
 *      the engine.
 *   5. A chosen period (typed in the city's zone) shows the KPIs of that period.
 *   6. No uncaught page errors, console errors, CSP violations or failed requests. Screenshot:
 *      test-results/e2e-alarm-kpis.png, e2e-alarm-kpis-lists.png (scrolled to the lists).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../electron/engine/api';
import { OUT_DIR, WAIT_MS, checkPrerequisites, engineCall, groupAlive, launchChromium, setSupervisorPassphrase, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SUPERVISOR = 'Sofie Supervisor';
const PASSPHRASE = 'correct horse battery staple';

describe('alarm load view (e2e, Chromium)', () => {
  let host: Host | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-kpis-'));
    await setSupervisorPassphrase(join(dir, 'cache.db'), PASSPHRASE, SUPERVISOR);
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
  });

  afterAll(async () => {
    try {
      await context?.close();
      await browser?.close();
    } catch {
      // the browser may already be gone
    }
    if (host) await stopGroup(host);
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
  });

  it('shows a supervisor the live alarm load as charts, follows new acknowledgements, downloads the CSV', async () => {
    const port = host!.port;
    await watch.guard(page.waitForFunction(() => !!window.__citydesk, null, { timeout: WAIT_MS }));

    // 1. An operator: the tab says it is for supervisors; the engine refuses the KPIs too.
    await page.getByTestId('tab-kpi').click({ timeout: WAIT_MS });
    await page.getByTestId('kpi-locked').waitFor();
    await expect(engineCall(port, 'alarmKpis', {})).rejects.toThrow(/forbidden: only a supervisor can see the alarm KPIs/);

    // 2. A supervisor unlocks supervisor mode.
    await expect.poll(() => page.getByTestId('supervisor-mode').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('supervisor-mode').click();
    await page.getByTestId('supervisor-unlock').waitFor();
    await page.getByTestId('supervisor-passphrase').fill(PASSPHRASE);
    await page.getByTestId('supervisor-submit').click();
    await expect.poll(async () => (await page.getByTestId('session-role').textContent())?.trim(), { timeout: 15_000 }).toBe('Supervisor');

    // The starter rules fire on the demo's warm-up history: bars appear (the view refreshes on alarm events).
    const chart = page.getByTestId('kpi-rate-chart');
    await chart.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => page.getByTestId('kpi-rate-bar').count(), { timeout: WAIT_MS, interval: 1000 }).toBeGreaterThan(0);
    const bars = await page.getByTestId('kpi-rate-bar').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(bars.every((n) => n > 0)).toBe(true);
    expect(await chart.locator('.kpi-line.flood').count()).toBe(1);
    expect(await chart.locator('.kpi-line.target').count()).toBe(1);
    expect(await page.getByTestId('kpi-bad-actors-bar').count()).toBeGreaterThan(0);
    // The bars add up to the new alarms of the period (the headline tile, from the same answer of the engine).
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const sum = [...document.querySelectorAll('[data-testid=kpi-rate-bar]')].reduce((n, e) => n + Number(e.getAttribute('data-count')), 0);
            const tile = document.querySelector('[data-testid=kpi-tile][data-label="New alarms"] .kpi-tile-value')?.textContent;
            return sum > 0 && String(sum) === tile;
          }),
        { timeout: 20_000 },
      )
      .toBe(true);

    // 3. An operator acknowledges an alarm elsewhere: the live view follows (at most every 5 s).
    const open = await engineCall<Alarm[]>(port, 'alarms', {});
    const target = open.find((a) => a.state === 'active');
    expect(target, 'an active alarm to acknowledge').toBeDefined();
    await engineCall(port, 'ackAlarm', { id: target!.id, comment: 'seen in the e2e test' });
    await expect.poll(() => page.getByTestId('kpi-ack-operators').count(), { timeout: 30_000 }).toBe(1);
    // ... and shelves another one: the shelved list shows it, with its reason.
    const other = open.find((a) => a.state !== 'resolved' && a.id !== target!.id);
    expect(other, 'another open alarm to shelve').toBeDefined();
    await engineCall(port, 'shelveAlarm', { id: other!.id, minutes: 120, reason: 'sensor being repaired (e2e)' });
    await expect.poll(async () => (await page.getByTestId('kpi-shelved').textContent()) ?? '', { timeout: 30_000 }).toContain('sensor being repaired (e2e)');

    // A bigger drawer for the screenshot.
    const grip = page.locator('.drawer-grip');
    const gb = (await grip.boundingBox())!;
    await page.mouse.move(gb.x + 200, gb.y + 4);
    await page.mouse.down();
    await page.mouse.move(gb.x + 200, 160, { steps: 5 });
    await page.mouse.up();
    await shoot(page, 'e2e-alarm-kpis.png');
    await page.locator('.kpi-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await shoot(page, 'e2e-alarm-kpis-lists.png');

    // 4. The CSV download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('kpi-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^alarm-kpis_\d{8}T\d{4}Z_\d{8}T\d{4}Z\.csv$/);
    const file = join(OUT_DIR, 'e2e-alarm-kpis.csv');
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^# Alarm KPIs for Aarhus from \d{4}-\d\d-\d\dT\d\d:\d0:00Z to \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    expect(lines[1]).toContain("the city's time zone is Europe/Copenhagen");
    expect(lines[lines.indexOf('# Shelved at the end') + 2]).toMatch(new RegExp(`^${other!.ruleId},${other!.subject},[^,]+,\\S+Z,\\S+Z,sensor being repaired \\(e2e\\)$`));
    for (const title of ['# Summary', '# New alarms per 10 minutes', '# Bad actors (most frequent alarms)', '# Chattering alarms', '# Standing alarms (active over 24 h at the end)', '# Shelved at the end', '# Per rule', '# Per operator']) expect(lines).toContain(title);
    const summary = lines[lines.indexOf('# Summary') + 2]!.split(',');
    expect(Number(summary[3])).toBeGreaterThan(0);
    expect(summary[2]).toBe('Europe/Copenhagen');
    const intervals = lines.slice(lines.indexOf('# New alarms per 10 minutes') + 2, lines.indexOf('# Bad actors (most frequent alarms)') - 1);
    expect(intervals.length).toBeGreaterThanOrEqual(144);
    expect(intervals.length).toBeLessThanOrEqual(145);
    expect(intervals.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d0:00Z,\d+,(yes|no)$/.test(l))).toBe(true);
    expect(intervals.reduce((n, l) => n + Number(l.split(',')[1]), 0)).toBe(Number(summary[3]));
    expect(lines.slice(lines.indexOf('# Per operator') + 2).some((l) => /,1,1,[\d.]+,[\d.]+$/.test(l))).toBe(true);

    // 5. A chosen period: the second half of the live one, typed in the city's zone; fewer intervals with alarms.
    // Choosing a range fixes the period shown (it no longer follows the feed clock): its bars are the baseline, read
    // after the choice (counted before it, a live refresh in between may have opened a new interval).
    await page.getByTestId('kpi-range').click();
    const from = await page.getByTestId('kpi-from').inputValue();
    let liveBars = -1;
    await expect
      .poll(async () => {
        const before = liveBars;
        liveBars = await page.getByTestId('kpi-rate-bar').count();
        return liveBars === before;
      }, { timeout: 15_000, interval: 500 })
      .toBe(true);
    const livePeriod = await page.getByTestId('kpi-period').textContent();
    // The one time format on the city's 24-hour clock, its zone beside it (not the browser's "12/01/2026, 06:50 AM").
    expect(from).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await page.getByTestId('kpi-from-zone').textContent()).toMatch(/^CES?T$/);
    expect(await page.getByTestId('kpi-from').getAttribute('type')).toBe('text');
    // Typed wrong, the field says so in words under it (aria-invalid, described by the error); the period stays.
    await page.getByTestId('kpi-from').fill('12/01/2026, 06:50 AM');
    await page.getByTestId('kpi-apply').click();
    await expect.poll(() => page.getByTestId('kpi-from-error').textContent()).toMatch(/^“12\/01\/2026, 06:50 AM” is not a date and time: write it as YYYY-MM-DD HH:MM on the 24-hour clock/);
    expect(await page.getByTestId('kpi-from').getAttribute('aria-invalid')).toBe('true');
    const errorId = await page.getByTestId('kpi-from-error').getAttribute('id');
    expect((await page.getByTestId('kpi-from').getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    // A time the city's clock skips (spring forward) is refused on leaving the field, naming the jump.
    await page.getByTestId('kpi-from').fill('2026-03-29 02:30');
    await page.getByTestId('kpi-from').press('Tab');
    await expect.poll(() => page.getByTestId('kpi-from-error').textContent()).toBe('2026-03-29 02:30 does not exist: on 29 Mar 2026 the clocks jump from 02:00 to 03:00 (CET to CEST); pick a time before 02:00 or from 03:00');
    await shootField(page, 'e2e-time-input-error.png');
    await page.getByTestId('kpi-from').fill(shiftInput(from, 12 * 60));
    expect(await page.getByTestId('kpi-from-error').count()).toBe(0);
    await shootField(page, 'e2e-time-input.png');
    await page.getByTestId('kpi-apply').click();
    await expect.poll(() => page.getByTestId('kpi-period').textContent(), { timeout: 15_000 }).not.toBe(livePeriod);
    expect(await page.getByTestId('kpi-rate-bar').count()).toBeLessThanOrEqual(liveBars);
    expect(await page.getByTestId('kpi-rate-chart').getAttribute('aria-label')).toMatch(/^New alarms per 10 minutes: average [\d.]+, peak \d+$/);

    // 6. A clean page.
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.badRequests).toEqual([]);
  }, 300_000);
});

/** The KPI toolbar with its time fields, into test-results/ and build/screenshots/. */
async function shootField(page: Page, name: string): Promise<void> {
  mkdirSync(join(process.cwd(), 'build', 'screenshots'), { recursive: true });
  const raw = await page.locator('.kpi-toolbar').screenshot({ animations: 'disabled', caret: 'hide' });
  writeFileSync(join(OUT_DIR, name), raw);
  writeFileSync(join(process.cwd(), 'build', 'screenshots', name), raw);
}

/** A time field's text ("2026-12-01 06:50") moved by `minutes` on the wall clock (the page reads it in the city's zone). */
function shiftInput(v: string, minutes: number): string {
  const t = Date.parse(`${v.replace(' ', 'T')}:00Z`) + minutes * 60_000;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}
