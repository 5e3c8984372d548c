/**
 * End-to-end: the operator works the alarm list with the keyboard, in Debian's Chromium (playwright-core) against the
 * real browser-mode host (`electron/cli/web.ts`, embedded Aarhus DEMO feed at --speed 60, a fresh in-memory cache with
 * the starter rules, which raise alarms within the first minute).
 *
 *   1. N moves to the first unacknowledged alarm of the list (the row is selected, the map highlights it); J and K
 *      step down and up the list in its order.
 *   2. ? opens the help overlay, which lists every shortcut (screenshot e2e-keyboard-help.png); Esc closes it.
 *   3. Keys typed into a text field are text, not shortcuts (no dialog, no move).
 *   4. A opens the acknowledge dialog on the alarm the operator is on; a comment typed and Enter acknowledge it: the
 *      engine holds it acknowledged by the operator with that comment (screenshot e2e-keyboard-ack.png).
 *   5. S on another alarm opens the shelve dialog; a reason and Enter shelve it: the engine has the shelf.
 *   6. (Run before 4, so that nothing else has acknowledged it.) The demo feed's traffic outage is ONE group alarm (built-in rule `source-outage`): the operator moves to it
 *      with J, E expands it (the map highlights its members: the test hooks report them, all members of the engine's
 *      group), F flies the map so that its members are in view, A and Enter acknowledge it (the engine agrees), E
 *      collapses it (screenshot e2e-keyboard-group.png).
 *   7. No uncaught page errors, console errors, CSP violations or failed requests.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, EngineSnapshot, Shelf } from '../../electron/engine/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkPrerequisites, coordsOf, engineCall, groupAlive, launchChromium, mapBox, project, shoot, startHost, stopGroup, watchPage, WAIT_MS, writeClockShiftModule, type Host, type PageWatch } from './harness';

const OPERATOR = 'Kari Keyboard';
const ACK_COMMENT = 'Seen on camera, handled by keyboard';
const SHELVE_REASON = 'Sensor under maintenance today';

describe('alarms by keyboard: move, help overlay, acknowledge, shelve (real Chromium, real host)', () => {
  let host: Host | null = null;
  let shiftDir: string | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let watch: PageWatch | null = null;

  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  /** Open alarms and recently resolved ones (acknowledging a cleared alarm resolves it). */
  const engineAlarms = () => engineCall<Alarm[]>(host!.port, 'alarms', { includeResolved: true, limit: 5000 });
  const selectedId = () => page.locator('[data-testid=alarm-row].selected').getAttribute('data-alarm-id', { timeout: 5_000 });
  const rowIds = () => page.locator('[data-testid=alarm-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alarm-id')!));
  /** Presses a key with the focus on the page itself (not in a field). */
  const press = async (key: string): Promise<void> => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
  };

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    // The demo week's traffic has no data from its end (Thursday 22:00 UTC) to Friday 06:00 UTC: the host runs with its
    // clock shifted to 20 minutes (feed time) into that hole, so that the traffic source's outage alarm comes within
    // the test's time whatever the time of week the suite runs at (the feed plays the week aligned to the clock).
    const WEEK_MS = 7 * 86_400_000;
    const weekStart = Date.UTC(2014, 6, 31, 22, 0, 0); // 1 Aug 2014 00:00 Aarhus time, the demo week's start
    const intoHole = 20 * 60_000;
    const shift = -(((Date.now() - weekStart - intoHole) % WEEK_MS) + WEEK_MS) % WEEK_MS;
    shiftDir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-keyboard-'));
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(writeClockShiftModule(shiftDir, shift)).href}`.trim();
    host = await startHost(['--db', ':memory:', '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
  });

  afterAll(async () => {
    try {
      await context?.close();
    } catch {
      // the browser may already be gone
    }
    try {
      await browser?.close();
    } catch {
      // ditto
    }
    if (host) await stopGroup(host);
    if (shiftDir) rmSync(shiftDir, { recursive: true, force: true });
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
  });

  it('N goes to the first unacknowledged alarm; J and K step through the list in its order', async () => {
    // The operator names themself (acknowledgements record the name).
    await page.getByTestId('operator-name').click();
    await page.getByTestId('operator-name-input').fill(OPERATOR);
    await page.getByTestId('operator-name-save').click();
    await expect.poll(async () => (await page.getByTestId('operator-name').textContent())?.trim(), { timeout: 15_000 }).toBe(OPERATOR);
    // The starter rules raise alarms on the demo feed within the first minute: at least three unacknowledged rows.
    await expect
      .poll(async () => (await page.locator('[data-testid=alarm-row][data-state=active]').count()) + (await page.locator('[data-testid=alarm-row][data-state=cleared]').count()), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(3);
    await press('n');
    const first = await selectedId();
    const ids = await rowIds();
    const firstUnacked = await page.locator('[data-testid=alarm-row]').evaluateAll((rows) => rows.find((r) => ['active', 'cleared'].includes(r.getAttribute('data-state')!))?.getAttribute('data-alarm-id'));
    expect(first).toBe(firstUnacked);
    // The map highlights it (a group alarm, e.g. a source outage or poor air quality by district, has no place of its
    // own: its members are shown when it is expanded).
    const isGroup = (await page.locator(`[data-testid=alarm-row][data-alarm-id="${first}"]`).getAttribute('data-group')) !== null;
    if (!isGroup) await expect.poll(() => page.evaluate(() => window.__citydesk!.alarmHighlight?.alarmId ?? null)).toBe(first);

    await press('j');
    const second = await selectedId();
    const order = await rowIds(); // new alarms may have arrived: compare with the list as it is now
    expect(order.indexOf(second!)).toBe(order.indexOf(first!) + 1);
    await press('k');
    expect(await selectedId()).toBe(first);
    console.log('[e2e] keyboard moved', first, '→', second, '→ back;', ids.length, 'rows');
  });

  it('? opens the help overlay with every shortcut; Esc closes it', async () => {
    await press('?');
    const overlay = page.getByTestId('help-overlay');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    const text = (await overlay.textContent()) ?? '';
    for (const words of ['Next alarm', 'Previous alarm', 'Acknowledge', 'Shelve', 'Fly the map', 'Expand or collapse', 'Mute the alarm sound', 'shortcuts']) expect(text).toContain(words);
    expect(await overlay.getByTestId('shortcut-row').count()).toBeGreaterThanOrEqual(10);
    // While it is open, other shortcuts do nothing.
    const before = await selectedId();
    await page.keyboard.press('j');
    expect(await selectedId()).toBe(before);
    await shoot(page, 'e2e-keyboard-help.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
  });

  it('keys typed into a field are text, not shortcuts', async () => {
    const before = await selectedId();
    const search = page.getByTestId('alarm-search');
    await search.click();
    await page.keyboard.type('ja');
    expect(await search.inputValue()).toBe('ja');
    expect(await page.getByTestId('key-ack-dialog').count()).toBe(0);
    await search.fill('');
    expect(await selectedId()).toBe(before);
  });

  it('a source outage is one group alarm: E expands it on the map, F flies to its members, A acknowledges it', async () => {
    let outage: Alarm | undefined;
    await expect
      .poll(
        async () => {
          // An outage that holds members (a source may go silent before any of its sensors' own alarms is due).
          outage = (await engineAlarms()).find((a) => a.ruleId === 'source-outage' && a.acknowledged === null && a.state !== 'resolved' && new Set(a.group?.members.map((m) => m.subject)).size >= 3);
          return outage !== undefined;
        },
        { timeout: 150_000, interval: 1000 },
      )
      .toBe(true);
    const id = outage!.id;
    expect(outage!.group?.kind).toBe('outage');
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${id}"]`);
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    console.log('[e2e] outage alarm', id, outage!.group?.name, outage!.group?.members.length, 'members');

    // Move there by keyboard: from the top of the list, J until the outage alarm is the one the operator is on.
    await page.evaluate(() => window.__citydesk!.selectAlarm(null));
    const rows = await page.locator('[data-testid=alarm-row]').count();
    for (let i = 0; i < rows + 20 && (await page.locator('[data-testid=alarm-row].selected').getAttribute('data-alarm-id', { timeout: 1000 }).catch(() => null)) !== id; i++) await press('j');
    expect(await selectedId()).toBe(id);

    // E expands it: the map highlights its members (those of the engine's group).
    await press('e');
    await expect.poll(() => page.evaluate(() => window.__citydesk!.alarmHighlight?.members?.length ?? 0), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    // The list agrees with the map: the row shows its members too.
    await expect.poll(() => row.getByTestId('alarm-expand').getAttribute('aria-expanded')).toBe('true');
    const shown = await page.evaluate(() => window.__citydesk!.alarmHighlight!.members!);
    const group = (await engineAlarms()).find((a) => a.id === id)!.group!;
    const memberIds = new Set(group.members.map((m) => m.subject));
    expect(shown.every((m) => memberIds.has(m))).toBe(true);
    expect(shown.length).toBeGreaterThanOrEqual(new Set(outage!.group!.members.map((m) => m.subject)).size);

    // F flies there: every highlighted member is in view.
    await press('f');
    const snap = await engineCall<EngineSnapshot>(host!.port, 'snapshot', {});
    const byId = new Map(snap.catalogue.map((c) => [c.id, c]));
    const points = shown.flatMap((m) => (byId.get(m) ? [coordsOf(byId.get(m)!)[0]!] : []));
    expect(points.length).toBeGreaterThan(0);
    const box = await mapBox(page);
    await expect
      .poll(
        async () => {
          const [projected] = await project(page, [points]);
          return projected!.filter(([x, y]) => x < -2 || y < -2 || x > box.width + 2 || y > box.height + 2).length;
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    await shoot(page, 'e2e-keyboard-group.png');

    // A and Enter acknowledge the group alarm.
    await press('a');
    const dialog = page.getByTestId('key-ack-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect((await dialog.textContent()) ?? '').toContain(group.name);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await engineAlarms()).find((a) => a.id === id)?.acknowledged?.by ?? null, { timeout: 15_000 }).toBe(OPERATOR);

    // E again collapses it.
    await press('e');
    try {
      await expect.poll(() => page.evaluate(() => window.__citydesk!.alarmHighlight?.members?.length ?? 0)).toBe(0);
    } catch (err) {
      // What the desk was on, and what it said, for the report.
      const state = await page.evaluate(() => ({ on: document.querySelector('[data-testid=alarm-row].selected')?.getAttribute('data-alarm-id') ?? null, notice: document.querySelector('[data-testid=key-notice]')?.textContent ?? null, focus: document.activeElement?.outerHTML.slice(0, 120) ?? null }));
      throw new Error(`${(err as Error).message}; expected the group ${id} collapsed, the desk: ${JSON.stringify(state)}`);
    }
    await expect.poll(() => row.getByTestId('alarm-expand').getAttribute('aria-expanded')).toBe('false');
  });

  it('A acknowledges the alarm the operator is on, with a comment, by keyboard alone', async () => {
    await press('n');
    const id = (await selectedId())!;
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${id}"]`);
    expect(['active', 'cleared']).toContain(await row.getAttribute('data-state'));
    await press('a');
    const dialog = page.getByTestId('key-ack-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The comment field has the focus: type and press Enter.
    await page.keyboard.type(ACK_COMMENT);
    expect(await page.getByTestId('key-ack-comment').inputValue()).toBe(ACK_COMMENT);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await engineAlarms()).find((a) => a.id === id)?.acknowledged?.by ?? null, { timeout: 15_000 }).toBe(OPERATOR);
    const mine = (await engineAlarms()).find((a) => a.id === id)!;
    expect(mine.acknowledged?.comment).toBe(ACK_COMMENT);
    expect(mine.state === 'acknowledged' || mine.state === 'resolved' || mine.clearedAt !== null).toBe(true);
    // The row says who (an acknowledged alarm that had cleared is resolved, and leaves the default list).
    if (mine.state !== 'resolved') await expect.poll(() => row.locator('.alarm-ack').textContent(), { timeout: 15_000 }).toContain(OPERATOR);
    // A again on the same alarm: it says so, nothing is sent.
    await press('a');
    await expect.poll(async () => (await page.getByTestId('key-notice').textContent()) ?? '').toContain('Already acknowledged');
    await shoot(page, 'e2e-keyboard-ack.png');
  });

  it('S shelves another alarm with a reason', async () => {
    await press('n');
    const id = (await selectedId())!;
    const alarm = (await engineAlarms()).find((a) => a.id === id)!;
    await press('s');
    const dialog = page.getByTestId('key-shelve-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type(SHELVE_REASON);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
    const shelves = await engineCall<Shelf[]>(host!.port, 'shelves', {});
    const shelf = shelves.find((s) => s.key === `${alarm.ruleId}|${alarm.subject}`);
    expect(shelf?.reason).toBe(SHELVE_REASON);
    expect(shelf?.by).toBe(OPERATOR);
  });

  it('no page errors, console errors, CSP violations or failed requests', () => {
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.consoleErrors).toEqual([]);
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
