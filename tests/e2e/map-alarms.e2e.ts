/**
 * End-to-end: alarms on the map and "worst now", in Debian's Chromium (playwright-core) against the real browser-mode
 * host (embedded Aarhus DEMO feed at --speed 60, a fresh in-memory cache with the starter rules, which raise alarms
 * within the first minute).
 *
 *   1. When the starter rules raise alarms, the map draws a priority symbol at their places (the test hooks list them,
 *      and the screenshot has the priority's colour at the projected place; screenshot e2e-map-alarms.png).
 *   2. Hovering a symbol shows a tooltip naming the place, the priority and the rule; clicking it selects the alarm
 *      (the map highlights it, the list's row is selected) and opens its sensor's panel.
 *   3. The "Worst now" card lists car parks, traffic and air; clicking an entry flies the map there (the sensor ends
 *      up near the map's centre) and opens the sensor's panel (screenshot e2e-worst-now.png).
 *   4. No uncaught page errors, console errors, CSP violations or failed requests.
 *   5. Aberdeen (the shipped hub config, file replay): worst now ranks its air-quality stations by the registry's
 *      measure (EAQI level) and its weather stations by wind speed, or says they carry none; a click opens the
 *      station (screenshot e2e-worst-now-aberdeen.png).
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITY_STYLE } from '../../electron/shared/alarm-colors';
import type { Sensor } from '../../electron/shared/model';
import type { EngineSnapshot } from '../../electron/engine/api';
import type { AlarmSymbolSummary } from '../../renderer/map/layers/alarmSymbols';
import { join } from 'node:path';
import { animationFrames, checkPrerequisites, openDesk, ROOT, colourAt, colourDistance, engineCall, groupAlive, launchChromium, mapBox, shoot, startHost, stopGroup, watchPage, WAIT_MS, type Host, type PageWatch } from './harness';

describe('alarms on the map and worst now (real Chromium, real host)', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  let catalogue = new Map<string, Sensor>();

  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  const symbols = () => page.evaluate(() => (window.__citydesk!.alarmSymbols ?? null) as AlarmSymbolSummary | null);
  const selected = () => page.evaluate(() => window.__citydesk!.alarmHighlight?.alarmId ?? null);

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    host = await startHost(['--db', ':memory:', '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 860 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    const snapshot = await engineCall<EngineSnapshot>(host.port, 'snapshot', {});
    catalogue = new Map(snapshot.catalogue.map((s) => [s.id, s]));
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
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
    if (watch) {
      expect(watch.pageErrors, 'uncaught page errors').toEqual([]);
      expect(watch.consoleErrors, 'console errors').toEqual([]);
      expect(watch.cspViolations, 'CSP violations').toEqual([]);
      expect(watch.badRequests, 'failed requests').toEqual([]);
    }
  });

  it('draws a priority symbol at each alarm place; hover names it; a click selects the alarm and its sensor', async () => {
    // The starter rules raise alarms within the first minute: wait for a symbol at a sensor whose condition holds.
    await guard(
      page.waitForFunction(() => (window.__citydesk!.alarmSymbols?.items ?? []).some((i) => i.sensorId !== null && i.holding && i.rings === 0), null, { timeout: 150_000, polling: 500 }),
    );
    const summary = (await symbols())!;
    console.log('[e2e] alarm symbols:', summary.places, 'places,', summary.alarms, 'alarms,', summary.unacknowledged, 'unacknowledged,', summary.shelved, 'shelved,', summary.unplaced, 'unplaced');
    expect(summary.alarms).toBeGreaterThanOrEqual(summary.places);
    // The worst place at a single sensor (places are drawn worst last).
    const item = [...summary.items].reverse().find((i) => i.sensorId !== null && i.holding && i.rings === 0)!;
    expect(catalogue.has(item.sensorId!)).toBe(true);
    // Show it in the middle of the map at street zoom, where alarm places close together are drawn apart again (at the
    // city view they share one symbol), then look at the pixels there.
    await page.evaluate((c) => window.__citydesk!.jumpTo(c, 17), item.position);
    await animationFrames(page, 3);
    const shot = await shoot(page, 'e2e-map-alarms.png');
    const colour = await colourAt(page, shot.png, item.position);
    // The alarm may have escalated meanwhile (car park full does): the place's priority as drawn in this frame.
    const drawn = (await symbols())!.items.find((i) => i.key === item.key) ?? item;
    const expected = PRIORITY_STYLE[drawn.priority].color.slice(0, 3);
    console.log('[e2e] symbol', drawn.priority, 'at', item.position, 'drawn', colour, 'expected', expected);
    expect(colourDistance(colour, expected)).toBeLessThan(60);

    // Hover: the tooltip names the place, the priority and the rule.
    const [x, y] = await page.evaluate((p) => window.__citydesk!.project(p), item.position);
    const box = await mapBox(page);
    await page.mouse.move(box.x + x, box.y + y);
    const tooltip = page.locator('.alarm-symbol-tooltip');
    await expect.poll(() => tooltip.isVisible(), { timeout: 30_000 }).toBe(true);
    const words = (await tooltip.innerText()).trim();
    expect(words).toMatch(/Urgent|High|Medium|Low/);
    expect(words).toContain(catalogue.get(item.sensorId!)!.name);
    console.log('[e2e] tooltip:', words.replace(/\n/g, ' | '));

    // Click: the alarm is selected (the map highlights it, the list's row is selected) and the sensor panel opens.
    await page.mouse.click(box.x + x, box.y + y);
    await expect.poll(selected, { timeout: 30_000 }).toBe(item.alarmIds[0]);
    await expect.poll(() => page.getByTestId('sensor-panel').textContent(), { timeout: 30_000 }).toContain(item.sensorId!);
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${item.alarmIds[0]}"]`);
    if ((await row.count()) > 0) await expect.poll(() => row.getAttribute('class')).toContain('selected');
    await shoot(page, 'e2e-map-alarm-selected.png');
  });

  it('worst now lists each type; a click flies the map there and opens the sensor', async () => {
    const card = page.getByTestId('worst-now');
    await expect.poll(() => card.isVisible()).toBe(true);
    // On a laptop's screen the card starts folded (it would cover a third of the map): the operator opens it.
    const toggle = card.getByTestId('worst-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    for (const type of ['traffic', 'car-park', 'citypulse-air-index']) {
      await expect.poll(() => card.locator(`[data-testid=worst-section][data-type="${type}"] [data-testid=worst-entry]`).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    }
    const parking = card.locator('[data-testid=worst-section][data-type="car-park"]');
    console.log('[e2e] worst car parks:', (await parking.innerText()).replace(/\n/g, ' | '));
    // Take the map somewhere else first, so that flying there is seen.
    await page.evaluate(() => window.__citydesk!.jumpTo([10.1, 56.2], 12));
    const entry = parking.locator('[data-testid=worst-entry]').first();
    const sensorId = (await entry.getAttribute('data-sensor-id'))!;
    const sensor = catalogue.get(sensorId)!;
    expect(sensor.kind).toBe('car-park');
    await entry.click();
    await expect.poll(() => page.getByTestId('sensor-panel').textContent(), { timeout: 30_000 }).toContain(sensorId);
    const box = await mapBox(page);
    const at = sensor.geometry.coordinates as [number, number];
    // After the flight the car park is near the middle of the map.
    await expect
      .poll(
        async () => {
          const [x, y] = await page.evaluate((p) => window.__citydesk!.project(p), at);
          return Math.hypot(x - box.width / 2, y - box.height / 2);
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBeLessThan(40);
    // The entry of that car park is marked (the list is live: by now it may rank elsewhere).
    await expect.poll(() => parking.locator(`[data-testid=worst-entry][data-sensor-id="${sensorId}"]`).getAttribute('class')).toContain('selected');
    await animationFrames(page, 3);
    await shoot(page, 'e2e-worst-now.png');
  });
});

describe('worst now on Aberdeen (real Chromium, real host, file replay)', () => {
  it("ranks Aberdeen's air quality and weather stations; a click opens the station", async () => {
    checkPrerequisites();
    const browser = await launchChromium();
    let host: Host | null = null;
    try {
      const desk = await openDesk(browser, ['--hub-config', join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json'), '--basemap', 'aberdeen'], { width: 1440, height: 1000 });
      host = desk.host;
      const { page } = desk;
      const card = page.getByTestId('worst-now');
      if ((await card.getByTestId('worst-toggle').getAttribute('aria-expanded')) === 'false') await card.getByTestId('worst-toggle').click();
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0 && (window.__citydesk!.layersDrawn['weather'] ?? 0) > 0, null, { timeout: WAIT_MS });
      await animationFrames(page, 3);
      await shoot(page, 'e2e-worst-now-aberdeen.png');
      console.log('[e2e] Aberdeen worst now:', (await card.innerText()).replace(/\n/g, ' | '));
      const air = card.locator('[data-testid=worst-section][data-type="air-quality"]');
      const weather = card.locator('[data-testid=worst-section][data-type="weather"]');
      await expect.poll(() => air.locator('[data-testid=worst-entry]').count(), { timeout: 90_000 }).toBeGreaterThan(0);
      expect(await air.locator('h3').innerText()).toContain('European Air Quality Index level');
      // Weather is ranked by wind speed (its headline, temperature, has no "worse"); the citizen stations of this data
      // carry no wind sensor: the section says so rather than ranking something else or vanishing.
      expect(await weather.locator('h3').innerText()).toContain('Wind speed');
      const weatherText = await weather.innerText();
      if ((await weather.locator('[data-testid=worst-entry]').count()) === 0) expect(weatherText).toMatch(/\d+ without wind speed/);
      console.log('[e2e] Aberdeen worst air:', (await air.innerText()).replace(/\n/g, ' | '));
      console.log('[e2e] Aberdeen worst weather:', (await weather.innerText()).replace(/\n/g, ' | '));
      const entry = air.locator('[data-testid=worst-entry]').first();
      const sensorId = (await entry.getAttribute('data-sensor-id'))!;
      await entry.click();
      await expect.poll(() => page.getByTestId('sensor-panel').textContent(), { timeout: 30_000 }).toContain(sensorId);
      await animationFrames(page, 3);
      await shoot(page, 'e2e-worst-now-aberdeen.png');
      expect(desk.watch.pageErrors, 'uncaught page errors').toEqual([]);
    } finally {
      await browser.close().catch(() => undefined);
      if (host) await stopGroup(host);
    }
  });
});
