/**
 * End-to-end: replay in Danish (issue 12 item 11), in Chromium against the browser-mode host on the demo feed at
 * --speed 60 with a fresh cache. The language is set as the settings menu stores it (localStorage
 * 'citydesk.settings.v1' {"language":"da"}) before the page loads.
 *
 *   1. Live, the timeline strip's toggle and counts read Danish ("Tidslinje", "… alarmer, … handlinger, … huller").
 *   2. "Gå til genafspilning" enters replay: the frame's word is GENAFSPILNING, its instant in the Danish time format
 *      ("man. 4. aug. 2014 10.40.00 CEST"), "Tilbage til live"; the controls (step, speed, the instant field and its
 *      refusal of a date before the data, in Danish words and format) and the timeline's keyboard help read Danish;
 *      the rule comparison panel opens with its Danish heading and windows.
 *   3. Screenshot build/screenshots/i18n-da-replay.png (and test-results/); no page errors, CSP violations or failed
 *      requests.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_DIR, WAIT_MS, checkPrerequisites, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SETTINGS_KEY = 'citydesk.settings.v1';
const SHOTS = join(process.cwd(), 'build', 'screenshots');
const DANISH_MONTH = '(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)\\.';
const DANISH_WEEKDAY = '(?:man|tirs|ons|tors|fre|lør|søn)\\.';
/** "man. 4. aug. 2014 10.40.00 CEST": weekday, the day's full stop, the month, the clock's full stops, the zone. */
const DANISH_INSTANT = new RegExp(`^${DANISH_WEEKDAY} \\d{1,2}\\. ${DANISH_MONTH} \\d{4} \\d{2}\\.\\d{2}\\.\\d{2} [A-Z]{3,4}$`);
/** English words that must not be left in the replay's Danish controls and frame. */
const ENGLISH = /\b(REPLAY|Replay|Back to live|Go to replay|Step|step|speed|Play|Pause|Timeline|alarms|actions|gaps?|Compare rules|loading)\b/;

describe('Danish: the timeline and replay', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let watch: PageWatch | null = null;

  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  const text = async (testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
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
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-i18n-replay-'));
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, deviceScaleFactor: 1 });
    await context.addInitScript(([key, doc]) => window.localStorage.setItem(key!, doc!), [SETTINGS_KEY, JSON.stringify({ language: 'da' })]);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
    // Under load (a shared machine) the map may take longer than usual to load.
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: 3 * WAIT_MS }));
  }, 4 * WAIT_MS + 60_000);

  afterAll(async () => {
    try {
      await browser?.close();
    } catch {
      // already gone
    }
    if (host) await stopGroup(host);
  }, 60_000);

  it('the timeline strip, live, in Danish', async () => {
    const toggle = page.getByTestId('timeline-toggle');
    expect(await text('timeline-toggle')).toBe('▸ Tidslinje');
    expect(await toggle.getAttribute('title')).toBe('Vis tidslinjen');
    await toggle.click();
    expect(await toggle.getAttribute('title')).toBe('Skjul tidslinjen');
    expect(await page.getByTestId('timeline-strip').getAttribute('aria-label')).toBe('Tidslinje');
    await guard(page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline-base]')?.getAttribute('data-alarms') ?? 0) > 0, null, { timeout: WAIT_MS }));
    await guard(expect.poll(() => text('timeline-count'), { timeout: WAIT_MS }).toMatch(/^[\d.]+ (alarm|alarmer|mest alvorlige af [\d.]+ alarmer), [\d.]+ handlinger?, [\d.]+ (hul|huller)$/));
    expect(await page.getByTestId('timeline-canvas').getAttribute('aria-label')).toMatch(/^Tidslinje: ←\/→ panorerer/);
    const go = page.getByTestId('timeline-go-replay');
    expect(await text('timeline-go-replay')).toBe('Gå til genafspilning');
    expect(await go.getAttribute('title')).toMatch(/^Genafspil fra live-kanten/);
  }, 4 * WAIT_MS);

  it('enters replay: the frame, the controls and the rule comparison in Danish', async () => {
    await guard(expect.poll(() => page.getByTestId('timeline-go-replay').isEnabled(), { timeout: WAIT_MS }).toBe(true));
    await page.getByTestId('timeline-go-replay').click();
    await guard(expect.poll(() => page.getByTestId('replay-band').isVisible(), { timeout: WAIT_MS }).toBe(true));
    // The frame.
    expect(await text('replay-word')).toBe('GENAFSPILNING');
    expect(await text('replay-instant')).toMatch(DANISH_INSTANT);
    expect(await text('replay-speed')).toMatch(/^\d+x$/);
    expect(await page.getByTestId('replay-band').getAttribute('aria-label')).toMatch(/^GENAFSPILNING — /);
    expect(await text('replay-back-to-live')).toBe('Tilbage til live L');
    expect(await page.getByTestId('replay-back-to-live').getAttribute('title')).toBe('Tilbage til live (L)');
    // The controls.
    expect(await page.getByTestId('timeline-step-back').getAttribute('aria-label')).toBe('Et trin tilbage');
    expect(await page.getByTestId('timeline-step-back').getAttribute('title')).toBe('Tilbage 1 min');
    expect(await page.getByTestId('timeline-step-forward').getAttribute('aria-label')).toBe('Et trin frem');
    expect(await page.getByTestId('timeline-play').getAttribute('aria-label')).toMatch(/^(Afspil|Pause)$/);
    const controls = ((await page.locator('.timeline-controls').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(controls).toContain('trin');
    expect(controls).toContain('hastighed');
    expect(await page.getByTestId('timeline-step').locator('option').allTextContents()).toEqual(['1 s', '10 s', '1 min', '10 min', '1 t']);
    expect(await text('timeline-instant-go')).toBe('Gå');
    expect(await page.getByTestId('timeline-instant').getAttribute('aria-label')).toMatch(/^Tidspunkt at genafspille, ÅÅÅÅ-MM-DD TT:MM:SS efter byens ur \(/);
    // A date before the data, refused in Danish words and the Danish time format.
    await page.getByTestId('timeline-instant').fill('2001-01-01 00:00');
    await page.getByTestId('timeline-instant-go').click();
    await guard(expect.poll(() => text('timeline-instant-error'), { timeout: WAIT_MS }).toMatch(new RegExp(`^ingen data før \\d{1,2}\\. ${DANISH_MONTH} \\d{4} \\d{2}\\.\\d{2} \\S+$`)));
    await page.getByTestId('timeline-instant').press('Escape');
    // No English left in the band and the controls.
    expect(await text('replay-band')).not.toMatch(ENGLISH);
    expect(controls).not.toMatch(ENGLISH);

    // The rule comparison.
    expect(await text('rerun-open')).toBe('Sammenlign regler…');
    await page.getByTestId('rerun-open').click();
    const panel = page.getByTestId('rerun-panel');
    await guard(expect.poll(() => panel.isVisible(), { timeout: WAIT_MS }).toBe(true));
    expect(await panel.getAttribute('aria-label')).toBe('Sammenlign regler med det, der blev registreret');
    expect(((await panel.locator('h2').textContent()) ?? '').trim()).toBe('Sammenlign regler med det registrerede');
    expect(((await panel.locator('legend').textContent()) ?? '').trim()).toBe('Regler der skal genkøres');
    expect(await page.getByTestId('rerun-window').locator('option').allTextContents()).toContain('6 timer på hver side af tidspunktet');
    expect(await text('rerun-run')).toBe('Genkør og sammenlign');
    await snap('i18n-da-replay-rerun.png');
    await panel.getByRole('button', { name: 'Luk' }).click();
    await guard(expect.poll(() => panel.count(), { timeout: WAIT_MS }).toBe(0));

    // Hover the strip: the tooltip's first line is the time under the pointer, in the Danish format.
    const box = (await page.getByTestId('timeline-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.6);
    await guard(expect.poll(async () => ((await page.getByTestId('timeline-tooltip').locator('div').first().textContent()) ?? '').trim(), { timeout: WAIT_MS }).toMatch(new RegExp(`^\\d{1,2}\\. ${DANISH_MONTH} \\d{4} \\d{2}\\.\\d{2}\\.\\d{2} [A-Z]{3,4}$`)));
    await snap('i18n-da-replay.png');
    await page.mouse.move(box.x + box.width * 0.4, box.y - 200);

    // Back to live.
    await page.getByTestId('replay-back-to-live').click();
    await guard(expect.poll(() => page.getByTestId('replay-band').count(), { timeout: WAIT_MS }).toBe(0));
    expect(await text('timeline-go-replay')).toBe('Gå til genafspilning');
  }, 4 * WAIT_MS);

  it('raised no page errors, CSP violations or failed requests', () => {
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
