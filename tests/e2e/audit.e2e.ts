/**
 * End-to-end: the audit log for an investigation (issue 10 item 8), in Debian's Chromium against the browser-mode host
 * on the embedded Aarhus demo feed (--speed 60, fresh in-memory cache; the starter rules raise alarms on the warm-up
 * history).
 *
 *   1. The operator acknowledges an alarm of one place with a comment (A) and shelves it with a reason (S), by keyboard.
 *   2. The Audit tab, searched for the alarm's place (its name, as the engine words it), lists the alarm's raise,
 *      acknowledgement and shelving in words: the rule and the place named, no raw id, "shelved for 30 min until …",
 *      the comment quoted, times in the city's zone; the page label gives the true total.
 *   3. Clicking the acknowledgement opens the alarm's timeline: raised by CityDesk, acknowledged and shelved by the
 *      operator, with why (screenshot e2e-audit.png).
 *   4. "Download CSV" saves every row of the search: it parses (csv-parse) and holds the alarm's rows in words.
 *   5. No page errors, console errors, CSP violations or failed requests.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AuditRow } from '../../electron/engine/api';
import { OUT_DIR, WAIT_MS, checkPrerequisites, engineCall, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const OPERATOR = 'Aud Investigator';
const ACK_COMMENT = 'on it, calling the car park';
const SHELVE_REASON = 'roadworks at the entrance';

describe('the audit log for an investigation (real Chromium, real host)', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  let alarm: Alarm | null = null;
  let place = '';

  const engineAlarms = () => engineCall<Alarm[]>(host!.port, 'alarms', { includeResolved: true, limit: 5000 });
  const press = async (key: string): Promise<void> => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
  };

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    host = await startHost(['--db', ':memory:', '--speed', '60'], env);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, deviceScaleFactor: 1, acceptDownloads: true });
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

  it('acknowledges and shelves an alarm of one place, by keyboard', async () => {
    await expect.poll(async () => (await page.getByTestId('operator-name').textContent())?.trim(), { timeout: 15_000 }).toBe(OPERATOR);
    // An active alarm of one sensor or district (not a group), nobody's yet, in the list.
    await expect
      .poll(
        async () => {
          alarm = (await engineAlarms()).find((a) => a.state === 'active' && !a.group && a.acknowledged === null) ?? null;
          return alarm !== null && (await page.locator(`[data-testid=alarm-row][data-alarm-id="${alarm.id}"]`).count()) === 1;
        },
        { timeout: 150_000, interval: 1000 },
      )
      .toBe(true);
    const id = alarm!.id;
    console.log('[e2e] audit alarm', id);
    await page.evaluate((alarmId) => window.__citydesk!.selectAlarm(alarmId), id);
    await press('a');
    const ack = page.getByTestId('key-ack-dialog');
    await expect.poll(() => ack.isVisible()).toBe(true);
    await page.keyboard.type(ACK_COMMENT);
    await page.keyboard.press('Enter');
    await expect.poll(() => ack.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await engineAlarms()).find((a) => a.id === id)?.acknowledged?.by ?? null, { timeout: 15_000 }).toBe(OPERATOR);
    if ((await engineAlarms()).find((a) => a.id === id)!.state === 'resolved') throw new Error('the alarm cleared meanwhile: nothing left to shelve');
    await page.evaluate((alarmId) => window.__citydesk!.selectAlarm(alarmId), id);
    await press('s');
    const shelve = page.getByTestId('key-shelve-dialog');
    await expect.poll(() => shelve.isVisible()).toBe(true);
    await page.keyboard.type(SHELVE_REASON);
    await page.keyboard.press('Enter');
    await expect.poll(() => shelve.count(), { timeout: 15_000 }).toBe(0);
    const rows = await engineCall<{ rows: AuditRow[] }>(host!.port, 'auditPage', { alarmId: id, offset: 0, limit: 100 });
    expect(rows.rows.map((r) => r.action).sort()).toEqual(expect.arrayContaining(['alarm.acknowledge', 'alarm.raise', 'alarm.shelve']));
    place = rows.rows[0]!.place!;
    expect(place).toBeTruthy();
    expect(place).not.toBe(alarm!.subject);
  }, 240_000);

  it('the Audit tab, searched for the place, shows the alarm\u2019s rows in words', async () => {
    const id = alarm!.id;
    await page.getByTestId('tab-audit').click();
    const view = page.getByTestId('audit-view');
    await view.waitFor();
    await page.getByTestId('audit-search').fill(place);
    await expect.poll(() => view.getAttribute('data-search'), { timeout: 20_000 }).toBe(place);
    const total = Number(await view.getAttribute('data-total'));
    const engine = await engineCall<{ total: number }>(host!.port, 'auditPage', { search: place, offset: 0, limit: 1 });
    expect(Math.abs(total - engine.total)).toBeLessThanOrEqual(5); // the live feed may add rows meanwhile
    expect((await page.getByTestId('audit-page-label').textContent()) ?? '').toMatch(new RegExp(`^1–\\d+ of ${total.toLocaleString('en-GB')}$`));

    const rowOf = (action: string) => page.locator(`[data-testid=audit-row][data-alarm-id="${id}"][data-action="${action}"]`);
    for (const action of ['alarm.raise', 'alarm.acknowledge', 'alarm.shelve']) await expect.poll(() => rowOf(action).count(), { timeout: 15_000 }).toBe(1);
    const cells = async (action: string) => (await rowOf(action).locator('td').allTextContents()).map((c) => c.trim());
    const ruleName = (await engineCall<{ rows: AuditRow[] }>(host!.port, 'auditPage', { alarmId: id, offset: 0, limit: 1 })).rows[0]!.ruleName!;
    const ackCells = await cells('alarm.acknowledge');
    expect(ackCells[0]).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d CES?T$/); // the city's zone (Aarhus)
    expect(ackCells.slice(1, 5)).toEqual([OPERATOR, 'acknowledged', `${ruleName} at ${place}`, `'${ACK_COMMENT}'`]);
    const shelveCells = await cells('alarm.shelve');
    expect(shelveCells[2]).toMatch(/^shelved for \d+ (min|h)( \d+ min)? until (\d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d CES?T$/);
    expect(shelveCells[4]).toBe(SHELVE_REASON);
    const raiseCells = await cells('alarm.raise');
    expect(raiseCells[1]).toBe('CityDesk');
    const text = (await page.getByTestId('audit-log').locator('tbody').textContent()) ?? '';
    expect(text).not.toContain(alarm!.subject); // no raw sensor or zone id
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/); // no ISO time
  });

  it('clicking a row of the alarm opens its timeline: who, when, why', async () => {
    await page.locator(`[data-testid=audit-row][data-alarm-id="${alarm!.id}"][data-action="alarm.acknowledge"] td`).nth(3).click();
    const timeline = page.getByTestId('alarm-timeline');
    await expect.poll(() => timeline.getAttribute('data-alarm-id'), { timeout: 15_000 }).toBe(alarm!.id);
    await expect.poll(async () => Number((await timeline.getAttribute('data-steps')) || '0'), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const steps = await timeline.locator('[data-testid=alarm-step]').evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), text: (e.textContent ?? '').replace(/\s+/g, ' ').trim() })));
    expect(steps[0]!.kind).toBe('raised');
    expect(steps[0]!.text).toContain('by CityDesk');
    const ack = steps.find((s) => s.kind === 'acknowledged')!;
    expect(ack.text).toContain(`by ${OPERATOR}`);
    expect(ack.text).toContain(`'${ACK_COMMENT}'`);
    const shelved = steps.find((s) => s.kind === 'shelved')!;
    expect(shelved.text).toContain(SHELVE_REASON);
    expect(steps.findIndex((s) => s.kind === 'acknowledged')).toBeLessThan(steps.findIndex((s) => s.kind === 'shelved'));
    await shoot(page, 'e2e-audit.png');
  });

  it('downloads every row of the search as CSV', async () => {
    const view = page.getByTestId('audit-view');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-csv').click()]);
    expect(download.suggestedFilename()).toBe('citydesk-audit.csv');
    const file = join(OUT_DIR, 'e2e-audit.csv');
    await download.saveAs(file);
    const records = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    const total = Number(await view.getAttribute('data-total'));
    expect(Math.abs(records.length - total)).toBeLessThanOrEqual(5);
    const mine = records.filter((r) => r['subject'] === alarm!.id);
    expect(mine.map((r) => r['action'])).toEqual(expect.arrayContaining(['alarm.raise', 'alarm.acknowledge', 'alarm.shelve']));
    const ack = mine.find((r) => r['action'] === 'alarm.acknowledge')!;
    expect(ack).toMatchObject({ user: OPERATOR, action_text: 'acknowledged', place, detail_text: `'${ACK_COMMENT}'` });
    expect(ack['feed_time_local']).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d CES?T$/);
  });

  it('no page errors, console errors, CSP violations or failed requests', () => {
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.consoleErrors).toEqual([]);
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
