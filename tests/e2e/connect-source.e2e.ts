/**
 * End-to-end: a supervisor connects another city's open-data portal without code, in Debian's Chromium against the
 * real browser-mode host (embedded demo hub at speed 1, a fresh cache):
 *   1. Supervisor mode is unlocked; "Sources" in the top bar lists the demo source, ok.
 *   2. "Connect a source": HTTP, the portal's URL (a GeoJSON of four Bristol air-quality stations served by this test
 *      behind basic auth), user and password; Preview shows the four records' raw fields.
 *   3. The fields are picked from the preview (id, name, geometry, time with its pattern and zone, NO2 and PM10 of the
 *      registry's air-quality type); the preview then shows three stations mapped and one rejected, explained (reason,
 *      field, value).
 *   4. Save: version 1 by the supervisor; the three stations reach the desk: the status bar's sensor count grows by
 *      three, and the engine's catalogue holds them. The password is in no response the page received.
 *   5. No uncaught page errors or console errors. Screenshots: e2e-sources-preview.png, e2e-sources-status.png.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../electron/engine/api';
import { OTHER_CITY_PASSWORD, OTHER_CITY_USER, serveOtherCity, type OtherCityServer } from '../engine/sources/other-city';
import { WAIT_MS, checkPrerequisites, engineCall, groupAlive, launchChromium, parseSensorCounts, setSupervisorPassphrase, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SUPERVISOR = 'Sofie Supervisor';
const PASSPHRASE = 'correct horse battery staple';

describe('connect a source without code', () => {
  let host: Host;
  let portal: OtherCityServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const bodies: string[] = [];

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-sources-'));
    await setSupervisorPassphrase(join(dir, 'cache.db'), PASSPHRASE, SUPERVISOR);
    portal = await serveOtherCity();
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '1'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    page.on('websocket', (ws) => ws.on('framereceived', (f) => void bodies.push(String(f.payload))));
    await page.goto(host.url);
  });

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    if (host) await stopGroup(host);
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
    await portal?.close();
  });

  it('previews, maps, saves, and the sensors reach the map', async () => {
    const { guard } = watch;
    await guard(page.waitForFunction(() => !!window.__citydesk, null, { timeout: WAIT_MS }));
    await expect.poll(() => page.getByTestId('supervisor-mode').isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('open-sources').count()).toBe(0); // operators have no Sources button
    await page.getByTestId('supervisor-mode').click();
    await page.getByTestId('supervisor-passphrase').fill(PASSPHRASE);
    await page.getByTestId('supervisor-submit').click();
    await expect.poll(async () => (await page.getByTestId('session-role').textContent())?.trim(), { timeout: 15_000 }).toBe('Supervisor');

    // The sources and their states.
    await page.getByTestId('open-sources').click();
    const demoRow = page.getByTestId('source-row-demo');
    await demoRow.waitFor();
    expect(await demoRow.getAttribute('data-state')).toBe('ok');

    const sensorsBefore = await totalSensors(page);

    // Connect: the connection and credentials, then the raw preview.
    await page.getByTestId('connect-source').click();
    await page.getByTestId('source-type').selectOption('http');
    await page.getByTestId('source-id').fill('bristol-air');
    await page.getByTestId('source-name').fill('Bristol air quality (portal)');
    await page.getByTestId('source-url').fill(portal.url);
    await page.getByTestId('source-format').selectOption('geojson');
    await page.getByTestId('source-auth').selectOption('basic');
    await page.getByTestId('source-user').fill(OTHER_CITY_USER);
    await page.getByTestId('source-secret').fill(OTHER_CITY_PASSWORD);
    await page.getByTestId('source-preview').click();
    await expect.poll(() => page.getByTestId('preview-raw').count(), { timeout: 20_000 }).toBe(4);

    // The mapping, picked from the preview's fields.
    await page.getByTestId('map-id').selectOption('properties.site_id');
    await page.getByTestId('map-name').selectOption('properties.site_name');
    await page.getByTestId('map-position-kind').selectOption('geometry');
    await page.getByTestId('map-geometry').selectOption('geometry');
    await page.getByTestId('map-time').selectOption('properties.measured_at');
    await page.getByTestId('map-time-format').selectOption('pattern');
    await page.getByTestId('map-time-pattern').fill('YYYY-MM-DD HH:mm:ss');
    await page.getByTestId('map-time-zone').fill('Europe/London');
    await page.getByTestId('map-type').selectOption('air-quality');
    await page.getByTestId('map-metric-no2').selectOption('properties.no2');
    await page.getByTestId('map-metric-pm10').selectOption('properties.pm10');
    expect(await page.getByTestId('map-unit-no2').inputValue()).toBe('µg/m³');
    await page.getByTestId('apply-mapping').click();
    await expect.poll(() => page.getByTestId('preview-mapped').count(), { timeout: 20_000 }).toBe(3);
    const rejected = page.getByTestId('preview-rejected');
    expect(await rejected.count()).toBe(1);
    const why = (await rejected.textContent()) ?? '';
    expect(why).toContain('BRS-4');
    expect(why).toMatch(/rejected: bad-number — properties\.no2 is .*n\/a.*not a number/);
    await shoot(page, 'e2e-sources-preview.png');

    // Save: the source starts, its three stations reach the desk.
    await page.getByTestId('source-save').click();
    await page.getByTestId('source-saved').waitFor();
    expect(await page.getByTestId('source-saved').textContent()).toContain('bristol-air v1');
    await page.getByRole('button', { name: 'Back to the sources' }).click();
    const row = page.getByTestId('source-row-bristol-air');
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('ok');
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 20_000 }).toContain('bad-number 1');
    expect(await page.getByTestId('saved-sources').textContent()).toContain('PASSWORD: stored (encrypted)');
    await shoot(page, 'e2e-sources-status.png');
    await page.getByRole('button', { name: 'Close sources' }).click();
    await expect.poll(() => totalSensors(page), { timeout: 30_000 }).toBe(sensorsBefore + 3);
    const snap = await engineCall<EngineSnapshot>(host.port, 'snapshot', {});
    expect(snap.catalogue.filter((s) => s.id.startsWith('air-quality:BRS-')).map((s) => s.id).sort()).toEqual(['air-quality:BRS-1', 'air-quality:BRS-2', 'air-quality:BRS-3']);
    await shoot(page, 'e2e-sources-map.png');

    expect(bodies.some((b) => b.includes(OTHER_CITY_PASSWORD)), 'the password came back to the page').toBe(false);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  }, 240_000);
});

async function totalSensors(page: Page): Promise<number> {
  const c = parseSensorCounts((await page.getByTestId('status-sensors').textContent()) ?? '');
  if (!c) throw new Error('no sensor counts in the status bar');
  return c.live + c.stale + c.never;
}
