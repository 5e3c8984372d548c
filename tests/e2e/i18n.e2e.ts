/**
 * End-to-end: the operator's language (issue 12 item 11). The demo desk opens in English; the settings menu's
 * language picker switches it to Dansk, live: the frame (settings button, layers, drawer tabs), the legend (the
 * shipped traffic type's bands), the status bar (feed time with a Danish month and the Danish clock, readings per
 * second with a decimal comma) and the sensor panel (its sections, its type's Danish name, coordinates with decimal
 * commas) read Danish. A reload keeps Danish (the settings document); switching back gives the English text
 * exactly as before. The notes under the panel and the alarm load tab read Danish too. Screenshots:
 * build/screenshots/i18n-{da,da-panel,da-kpi,en}.png.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, launchChromium, openDesk, ROOT, stopGroup, WAIT_MS, type Host, type PageWatch } from './harness';

const SHOTS = join(ROOT, 'build', 'screenshots');
const DANISH_MONTH = '(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\\.?';
/** "Feedtid: 30. nov. 2014 10.15.42 CET": the Danish day mark, month, clock separator and the zone. */
const DANISH_FEED_TIME = new RegExp(`^Feedtid: \\d{1,2}\\. ${DANISH_MONTH} \\d{4} \\d{2}\\.\\d{2}\\.\\d{2} [A-Z]{3,4}`);
const ENGLISH_FEED_TIME = /^Feed time: \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [A-Z]{3,4}/;
const CAR_PARK = 'parking:NORREPORT';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(join(SHOTS, name), await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' }));
}

const text = async (page: Page, testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function chooseLanguage(page: Page, id: string): Promise<void> {
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-language').selectOption(id);
  await page.getByTestId('settings-close').click();
}

describe('English and Danish on the demo desk', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    checkPrerequisites();
    delete process.env.CITYDESK_FEED_URL;
    delete process.env.CITYDESK_TOKEN;
    browser = await launchChromium();
    ({ host, page, watch } = await openDesk(browser, [], { width: 1280, height: 800 }));
    page.setDefaultTimeout(WAIT_MS);
  }, 360_000); // software WebGL on a shared machine: the host and the map can take minutes to come up

  afterAll(async () => {
    try {
      await browser?.close();
    } catch {
      // already gone
    }
    if (host) await stopGroup(host);
  }, 60_000);

  it('starts in English, switches to Dansk in the settings menu, keeps it over a reload, and switches back', async () => {
    const { guard } = watch;
    // English first, as every other e2e file reads it.
    await guard(expect.poll(() => text(page, 'status-feed-time'), { timeout: 60_000 }).toMatch(ENGLISH_FEED_TIME));
    expect(await text(page, 'settings-open')).toBe('Settings');
    expect(await page.locator('.layer-panel h2').textContent()).toBe('Layers');
    const options = await page.getByTestId('settings-open').click().then(() => page.getByTestId('settings-language').locator('option').allTextContents());
    expect(options).toEqual(['English', 'Dansk']);
    await page.getByTestId('settings-close').click();

    await chooseLanguage(page, 'da');
    // The frame.
    expect(await text(page, 'settings-open')).toBe('Indstillinger');
    expect(await page.locator('.layer-panel h2').textContent()).toBe('Lag');
    expect(await text(page, 'tab-alarms')).toMatch(/^Alarmer/);
    expect(await text(page, 'tab-audit')).toBe('Revisionslog');
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    // The status bar: a Danish date and clock, a decimal comma.
    await guard(expect.poll(() => text(page, 'status-feed-time'), { timeout: 30_000 }).toMatch(DANISH_FEED_TIME));
    expect(await text(page, 'status-bar')).toMatch(/\d+,\d målinger\/s/);
    expect(await text(page, 'status-sensors')).toMatch(/^Sensorer: \d+ live · \d+ forældede · \d+ aldrig/);
    // The legend: the shipped traffic type's bands in Danish.
    const legend = await text(page, 'legend-traffic');
    expect(legend).toContain('Fri trafik');
    expect(legend).toContain('Kø');
    expect(await text(page, 'legend-states')).toContain('ingen måling endnu');
    // A panel: the car park's sections, type and coordinates (decimal commas).
    await page.evaluate((id) => window.__citydesk!.selectSensor(id), CAR_PARK);
    const panel = page.getByTestId('sensor-panel');
    await guard(expect.poll(async () => (await panel.textContent()) ?? '', { timeout: 30_000 }).toContain('Aktualitet'));
    expect(await text(page, 'sensor-type')).toBe('Parkeringsanlæg');
    const panelText = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(panelText).toMatch(/Punkt \d+,\d{5}, \d+,\d{5}/);
    expect(panelText).toContain('Seneste måling');
    expect(await text(page, 'sensor-latest-time')).toMatch(new RegExp(`^\\d{1,2}\\. ${DANISH_MONTH} \\d{4} \\d{2}\\.\\d{2}\\.\\d{2}`));
    // The operator notes under the panel.
    expect(await text(page, 'note-add')).toBe('Tilføj note');
    expect(await page.getByTestId('note-input').getAttribute('placeholder')).toBe('Note til denne sensor (Ctrl+Enter for at tilføje)');
    expect(await page.getByTestId('note-input').getAttribute('aria-label')).toBe('Ny note');
    expect(panelText).toMatch(/Ingen noter til denne sensor\.|I kø|Sendt|Afvist/);
    await page.getByTestId('note-input').scrollIntoViewIfNeeded();
    await shot(page, 'i18n-da-panel.png');
    await page.keyboard.press('Escape');
    await shot(page, 'i18n-da.png');
    // The alarm load tab (locked outside supervisor mode): its words in Danish.
    await page.getByTestId('tab-kpi').click();
    await guard(expect.poll(() => text(page, 'kpi-locked'), { timeout: 30_000 }).toContain('Alarmbelastningen'));
    expect(await text(page, 'kpi-locked')).toContain('lås supervisortilstand op');
    await shot(page, 'i18n-da-kpi.png');
    await page.getByTestId('tab-alarms').click();

    // A reload keeps Danish.
    await page.reload();
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    expect(await text(page, 'settings-open')).toBe('Indstillinger');
    await guard(expect.poll(() => text(page, 'status-feed-time'), { timeout: 60_000 }).toMatch(DANISH_FEED_TIME));
    expect(await text(page, 'legend-traffic')).toContain('Fri trafik');

    // And back to English, word for word as before.
    await chooseLanguage(page, 'en');
    expect(await text(page, 'settings-open')).toBe('Settings');
    expect(await page.locator('.layer-panel h2').textContent()).toBe('Layers');
    await guard(expect.poll(() => text(page, 'status-feed-time'), { timeout: 30_000 }).toMatch(ENGLISH_FEED_TIME));
    expect(await text(page, 'status-bar')).toMatch(/\d+\.\d readings\/s/);
    expect(await text(page, 'legend-traffic')).toContain('Free flow');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot(page, 'i18n-en.png');
    expect(watch.pageErrors).toEqual([]);
  }, 420_000);
});
