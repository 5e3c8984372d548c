/**
 * End-to-end: the Sources panel in Danish (issue 12 item 11), in Debian's Chromium against the real browser-mode host
 * (embedded demo hub at speed 1, a fresh cache with a supervisor passphrase). The language is set as the settings menu
 * stores it (localStorage 'citydesk.settings.v1' {"language":"da"}) before the page loads.
 *   1. "Kilder" (supervisor): the heading, the status table's columns and the "Tilslut en kilde" button in Danish.
 *   2. The connect form (the other city's portal, test material of connect-source.e2e.ts): its sections and buttons in
 *      Danish; the raw preview ("Forhåndsvisning: 4 poster", "ikke koblet endnu"), then with the mapping applied
 *      ("3 koblet, 1 afvist", "afvist: bad-number — …": the reason code and the engine's detail are data), positions
 *      and values with decimal commas (screenshot e2e-i18n-da-sources-preview.png).
 *   3. Saved with a wrong password: "… er gemt", the source's row says "fejler" and "prøver igen om … s", the saved
 *      table "PASSWORD: gemt (krypteret)" (screenshot e2e-i18n-da-sources-status.png). No English words left.
 * Screenshots go to build/screenshots/ (and test-results/).
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_CITY_PASSWORD, OTHER_CITY_USER, serveOtherCity, type OtherCityServer } from '../engine/sources/other-city';
import { OUT_DIR, WAIT_MS, checkPrerequisites, launchChromium, setSupervisorPassphrase, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SUPERVISOR = 'Søren Vagtleder';
const PASSPHRASE = 'kilder-paa-dansk-42';
const SETTINGS_KEY = 'citydesk.settings.v1';
const SHOTS = join(process.cwd(), 'build', 'screenshots');

/** English words of the panel that must not be left on the Danish screen. */
const ENGLISH = /\b(Sources|Connect a source|Connection|Mapping|Preview|records?|mapped|rejected|not mapped yet|Saved by|Credentials|stored|failing|retries|Last record|Records|Rejected|Back to the sources|Apply the mapping|Save and start|Cancel|Close)\b/;

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('Danish: the Sources panel', () => {
  let host: Host | null = null;
  let portal: OtherCityServer | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let watch: PageWatch;

  const snap = async (name: string): Promise<void> => {
    await shoot(page, name);
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(OUT_DIR, name), join(SHOTS, name));
  };

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-i18n-sources-'));
    await setSupervisorPassphrase(join(dir, 'cache.db'), PASSPHRASE, SUPERVISOR);
    portal = await serveOtherCity();
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '1'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 800 }, deviceScaleFactor: 1 });
    await context.addInitScript(([key, doc]) => window.localStorage.setItem(key!, doc!), [SETTINGS_KEY, JSON.stringify({ language: 'da' })]);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
  }, WAIT_MS + 60_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (host) await stopGroup(host);
    await portal?.close();
  });

  it('shows the sources, the connect form and its preview in Danish', async () => {
    const { guard } = watch;
    await guard(page.waitForFunction(() => !!window.__citydesk, null, { timeout: WAIT_MS }));
    await expect.poll(() => page.getByTestId('supervisor-mode').isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('supervisor-mode').click();
    await page.getByTestId('supervisor-passphrase').fill(PASSPHRASE);
    await page.getByTestId('supervisor-submit').click();
    await page.getByTestId('open-sources').click();

    // 1. The panel and the status table.
    const panel = page.getByTestId('sources-panel');
    await page.getByTestId('source-row-demo').waitFor();
    expect(await panel.getAttribute('aria-label')).toBe('Kilder');
    expect(await panel.locator('h2').textContent()).toBe('Kilder');
    expect(await page.getByTestId('source-status').locator('th').allTextContents()).toEqual(['Kilde', 'Type', 'Tilstand', 'Seneste post', 'Poster / min', 'Sensorer', 'Afvist']);
    expect(await page.getByTestId('source-row-demo').locator('.source-state').textContent()).toBe('ok');
    expect(await text(page, 'connect-source')).toBe('Tilslut en kilde');
    expect(await panel.locator('button.close').getAttribute('aria-label')).toBe('Luk kilder');

    // 2. The connect form and the raw preview.
    await page.getByTestId('connect-source').click();
    const form = page.getByTestId('connect-form');
    expect(await form.locator('legend').allTextContents()).toEqual(['Forbindelse', 'Kobling (vælg felterne fra forhåndsvisningen)']);
    await page.getByTestId('source-type').selectOption('http');
    expect(await page.getByTestId('source-type').locator('option').allTextContents()).toContain('Fil (genafspilning)');
    await page.getByTestId('source-id').fill('bristol-air');
    await page.getByTestId('source-name').fill('Bristol luft (portal)');
    await page.getByTestId('source-url').fill(portal!.url);
    await page.getByTestId('source-format').selectOption('geojson');
    await page.getByTestId('source-auth').selectOption('basic');
    expect(await page.getByTestId('source-auth').locator('option:checked').textContent()).toBe('bruger og adgangskode');
    await page.getByTestId('source-user').fill(OTHER_CITY_USER);
    await page.getByTestId('source-secret').fill(OTHER_CITY_PASSWORD);
    expect(await text(page, 'source-preview')).toBe('Forhåndsvis');
    await page.getByTestId('source-preview').click();
    await expect.poll(() => page.getByTestId('preview-raw').count(), { timeout: 20_000 }).toBe(4);
    const result = page.getByTestId('source-preview-result');
    expect(((await result.locator('h3').textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/^Forhåndsvisning: 4 poster \((alt, hvad kilden gav|grænsen for antal poster nået|tidsgrænsen nået)\)$/);
    expect(await result.locator('thead th').first().textContent()).toBe('Post');
    expect(await page.getByTestId('preview-raw').first().textContent()).toContain('ikke koblet endnu');

    // The mapping (field names are the portal's: data, not translated), applied to the preview.
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
    expect(await page.getByTestId('map-metric-no2').locator('option').first().textContent()).toBe('findes ikke i posterne');
    expect(await page.getByTestId('map-unit-no2').getAttribute('aria-label')).toBe('enhed for no2 i posterne');
    await page.getByTestId('apply-mapping').click();
    await expect.poll(() => page.getByTestId('preview-mapped').count(), { timeout: 20_000 }).toBe(3);
    expect(((await result.locator('h3').textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/^Forhåndsvisning: 4 poster — 3 koblet, 1 afvist \(.+\)$/);
    expect(await result.locator('thead th').last().textContent()).toBe('Koblet');
    expect(await page.getByTestId('preview-rejected').textContent()).toMatch(/afvist: bad-number — properties\.no2/);
    const mapped = (await page.getByTestId('preview-mapped').allTextContents()).join('\n');
    expect(mapped).toMatch(/BRS-1 @ [-\u2212]2,5833, 51,4545/); // decimal commas
    expect(mapped).toContain('no2=41,2');
    expect(await text(page, 'source-save')).toBe('Gem og start');
    expect(((await form.textContent()) ?? '').replace(/properties\.\S+/g, ' ')).not.toMatch(ENGLISH);
    await snap('e2e-i18n-da-sources-preview.png');

    // 3. Saved with a wrong password: the source fails, in Danish.
    await page.getByTestId('source-secret').fill('not-the-password');
    await page.getByTestId('source-save').click();
    await page.getByTestId('source-saved').waitFor();
    expect(await text(page, 'source-saved')).toContain('bristol-air v1 er gemt: hubben har startet den');
    await page.getByRole('button', { name: 'Tilbage til kilderne' }).click();
    const row = page.getByTestId('source-row-bristol-air');
    await row.waitFor();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('failing');
    expect(await row.locator('.source-state').textContent()).toBe('fejler');
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 10_000 }).toMatch(/prøver igen om \d+ s/);
    expect(await page.getByTestId('saved-sources').locator('th').allTextContents()).toEqual(['Kilde', 'Version', 'Gemt af', 'Pult', 'Hvornår', 'Adgangsoplysninger', '']);
    expect(await text(page, 'saved-sources')).toContain('PASSWORD: gemt (krypteret)');
    expect(((await panel.textContent()) ?? '').replace(/HTTP \d+[^)]*/g, ' ')).not.toMatch(ENGLISH);
    await snap('e2e-i18n-da-sources-status.png');

    expect(watch.pageErrors).toEqual([]);
  }, 240_000);
});
