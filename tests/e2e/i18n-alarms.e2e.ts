/**
 * End-to-end: the alarm side of the screen in Danish (issue 12 item 11), in Debian's Chromium (playwright-core) against
 * the real browser-mode host (embedded Aarhus DEMO feed at --speed 60, a fresh cache with the starter rules and a
 * supervisor passphrase). The language is set as the settings menu stores it (localStorage 'citydesk.settings.v1'
 * {"language":"da"}) before the page loads.
 *
 *   1. The alarm list: the rows' states, priorities and actions in Danish ("Kvittér", "Genafspil"); a row's details
 *      ("Udløst", "Regel") after clicking it; acknowledged with a comment, the row says "kvitteret"
 *      (screenshots e2e-i18n-da-alarms.png, e2e-i18n-da-alarm-detail.png).
 *   2. The audit view: headings, pager and the rows' words built on the screen from the rows' fields ("udløst",
 *      "kvitteret", "<rule> ved <place>"), no English action words left (e2e-i18n-da-audit.png).
 *   3. The rule editor (supervisor): steps, fields, options and the plain-language sentence in Danish
 *      (e2e-i18n-da-rule-editor.png).
 *   4. The search (Ctrl+K) results' groups and help, the Sensors tab (filters, columns, states, summary) and the
 *      Incidents tab (list and the new-bookmark form) in Danish (e2e-i18n-da-search.png, -sensors.png, -incidents.png,
 *      -incident-form.png).
 *   5. The alarm sound's prompt or status, the keyboard help overlay (? key: titles and what each key does in Danish,
 *      the key caps as printed) and a key's notice (e2e-i18n-da-keyboard-help.png); the audit searched by a Danish word
 *      shown in its rows ("udløst": found, though the engine stores English; e2e-i18n-da-audit-search.png); the rules
 *      list, its starter rules and a rule's versions (e2e-i18n-da-rules.png).
 * Screenshots are written to build/screenshots/ (and test-results/). Nothing of it overflows its box: the rows' cells
 * and the editor's fields are checked for text wider than the box that holds it without an ellipsis.
 *
 * The renderer must already be built (`npx vite build --mode e2e`).
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUT_DIR, WAIT_MS, checkPrerequisites, launchChromium, setSupervisorPassphrase, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const SUPERVISOR = 'Søren Vagtleder';
const PASSPHRASE = 'kontrolrum-paa-dansk-7';
const SETTINGS_KEY = 'citydesk.settings.v1';
const SHOTS = join(process.cwd(), 'build', 'screenshots');

/** English words that must not be left in the Danish alarm list, details, audit rows or rule editor. */
const ENGLISH = /\b(Acknowledge|Acknowledged|Shelve|Unshelve|Resolve|Replay|Raised|Cleared|Rule|Escalated|raised|cleared|acknowledged|shelved|resolved|Search|Newer|Older|Download|Detail|Where|Severity|Optional|Backtest progress|Publish new|When to raise|Combine|Name|Description|Latest value|is above|is below|chosen sensor|any of the)\b/;

describe('Danish: the alarm list, an alarm, the audit view and the rule editor', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let watch: PageWatch | null = null;

  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  /** A key pressed with the focus nowhere (a key typed into a field is text). */
  const press = async (key: string): Promise<void> => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
  };
  const snap = async (name: string): Promise<void> => {
    await shoot(page, name);
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(join(OUT_DIR, name), join(SHOTS, name));
  };
  /** Elements under `selector` whose text is cut without an ellipsis (wider than their box, overflow visible or hidden without ellipsis). */
  const overflowing = (selector: string) =>
    page.evaluate((sel) => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        if (el.scrollWidth <= el.clientWidth + 1) continue;
        const cs = getComputedStyle(el);
        if (cs.textOverflow === 'ellipsis' || cs.overflowX === 'auto' || cs.overflowX === 'scroll') continue;
        out.push(`${el.className}: ${(el.textContent ?? '').slice(0, 60)} (${el.scrollWidth} > ${el.clientWidth})`);
      }
      return out;
    }, selector);

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-i18n-alarms-'));
    await setSupervisorPassphrase(join(dir, 'cache.db'), PASSPHRASE, SUPERVISOR);
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 800 }, deviceScaleFactor: 1 });
    await context.addInitScript(([key, doc]) => window.localStorage.setItem(key!, doc!), [SETTINGS_KEY, JSON.stringify({ language: 'da' })]);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    watch = await watchPage(page);
    await page.goto(host.url);
    // Under load (a shared machine) the map may take longer than usual to load.
    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: 3 * WAIT_MS }));
  }, 4 * WAIT_MS + 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await context?.close().catch(() => undefined);
    if (host) await stopGroup(host);
  });

  it('lists alarms in Danish and shows an alarm in Danish', async () => {
    // The alarm sound's prompt (before any click: the browser holds audio until a gesture) or its status, in Danish.
    const soundStatus = page.getByTestId('alarm-sound');
    await soundStatus.waitFor({ state: 'attached' });
    if (await page.getByTestId('alarm-sound-enable').isVisible()) expect(((await page.getByTestId('alarm-sound-enable').textContent()) ?? '').trim()).toBe('Slå alarmlyd til');
    expect((await soundStatus.textContent()) ?? '').not.toMatch(/Enable alarm sound|Sound starts|waiting|Mute|Sound muted|No alarm sound/);
    console.log('[e2e] sound status in Danish:', JSON.stringify(((await soundStatus.textContent()) ?? '').trim()));
    // (the alarm tab is the drawer's first; clicking it while shown would fold the drawer)
    await expect.poll(() => page.locator('[data-testid=alarm-row]').count(), { timeout: 180_000 }).toBeGreaterThanOrEqual(2);
    // The first row, pinned by its alarm id (new alarms may come in above it).
    const pinned = (await page.locator('[data-testid=alarm-row]').first().getAttribute('data-alarm-id'))!;
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${pinned}"]`);
    const state = (await row.getAttribute('data-state'))!;
    const word = { active: 'aktiv', acknowledged: 'kvitteret', cleared: 'afstillet', resolved: 'afsluttet' }[state];
    expect(((await row.locator('.alarm-state').textContent()) ?? '').trim().toLowerCase()).toContain(word);
    expect(await row.getByTestId('alarm-replay').textContent()).toBe('Genafspil');
    expect(['Akut', 'Høj', 'Middel', 'Lav']).toContain(((await row.locator('.pri-badge').textContent()) ?? '').replace(/^\W+/, '').trim());
    await snap('e2e-i18n-da-alarms.png');
    expect(await overflowing('.alarm-row .alarm-actions .btn, .alarm-row .cell-state > span, .alarm-row .pri-badge')).toEqual([]);

    // The keyboard help overlay: titles and what each key does in Danish, the key caps as printed.
    await press('?');
    const overlay = page.getByTestId('help-overlay');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    const help = (await overlay.textContent()) ?? '';
    for (const words of ['Tastaturgenveje', 'Den alarm, du står på', 'Valg på kortet', 'Rundt på skærmen', 'Pulten', 'Næste alarm på listen', 'Kvittér for alarmen', 'Tilsidesæt alarmen', 'Slå alarmlyden fra']) expect(help).toContain(words);
    expect(help).not.toMatch(/Next alarm|Previous alarm|Acknowledge|Shelve|Fly the map|Expand or collapse|Mute the alarm|Moving around|Map selection|The desk/);
    const caps = await overlay.locator('[data-testid=shortcut-row] kbd').allTextContents();
    for (const cap of ['G', 'J', 'K', 'A', 'S', 'Shift + ↑', 'F6', 'Esc', 'Ctrl+K']) expect(caps).toContain(cap);
    await snap('e2e-i18n-da-keyboard-help.png');
    expect(await overflowing('.help-overlay caption, .help-overlay td')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
    // A key that does nothing says why, in Danish.
    await press('l');
    await expect.poll(async () => ((await page.getByTestId('key-notice').textContent().catch(() => '')) ?? '').trim(), { timeout: 5_000 }).toBe('Allerede live.');

    // The alarm's details.
    await row.locator('.alarm-main').click();
    const facts = row.locator('.alarm-facts');
    await facts.waitFor();
    const factText = (await facts.textContent()) ?? '';
    expect(factText).toContain('Udløst');
    expect(factText).toContain('Regel');
    expect(await row.getByTestId('alarm-comment').getAttribute('placeholder')).toBe('Kommentar (valgfri), gemmes med Kvittér / Afslut');
    const actions = (await row.locator('.alarm-actions').textContent()) ?? '';
    expect(actions).toMatch(/Kvittér|Afslut/);
    expect(actions).toContain('Tilsidesæt…');
    expect(actions).not.toMatch(ENGLISH);
    expect(factText).not.toMatch(ENGLISH);
    await snap('e2e-i18n-da-alarm-detail.png');
    expect(await overflowing('.alarm-row .alarm-actions .btn, .alarm-facts dt')).toEqual([]);

    // Acknowledge it with a comment: the audit will have a Danish row for it.
    // (the list may reorder after the acknowledgement: the row is found again by its alarm id)
    const same = row;
    if (await same.getByTestId('alarm-ack').count()) {
      await same.getByTestId('alarm-comment').fill('vi kigger på det');
      await same.getByTestId('alarm-ack').click();
      await expect.poll(async () => (await same.locator('.alarm-state').count()) === 0 || ((await same.locator('.alarm-state').first().textContent()) ?? '').toLowerCase().includes('kvitteret'), { timeout: 20_000 }).toBe(true);
    }
  }, 300_000);

  it('shows the audit in Danish, each row worded on the screen from its fields', async () => {
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-view').waitFor();
    await expect.poll(() => page.locator('[data-testid=audit-row][data-action="alarm.raise"]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const raise = page.locator('[data-testid=audit-row][data-action="alarm.raise"]').first();
    const cells = raise.locator('td');
    expect(((await cells.nth(2).textContent()) ?? '').trim()).toBe('udløst');
    expect((await cells.nth(3).textContent()) ?? '').toContain(' ved ');
    expect(await page.getByTestId('audit-search').getAttribute('placeholder')).toBe('Søg: alarm, regel, sted, person, handling, ord…');
    expect(((await page.locator('.audit-table thead').textContent()) ?? '')).toContain('Hvornår');
    const acks = page.locator('[data-testid=audit-row][data-action="alarm.acknowledge"]');
    if (await acks.count()) {
      const text = (await acks.first().locator('td').nth(2).textContent()) ?? '';
      expect(text).toMatch(/^kvitteret/);
      expect((await acks.first().locator('td').nth(4).textContent()) ?? '').toBe('»vi kigger på det«');
    }
    // No English action words in the "what" column.
    const whats = await page.locator('[data-testid=audit-row] td:nth-child(3)').allTextContents();
    expect(whats.filter((w) => ENGLISH.test(w))).toEqual([]);
    expect(await page.getByTestId('audit-prev').textContent()).toBe('Nyere');
    await snap('e2e-i18n-da-audit.png');

    // An alarm's timeline, in Danish.
    await raise.click();
    await page.getByTestId('alarm-timeline').waitFor();
    await expect.poll(() => page.locator('[data-testid=alarm-step]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect((await page.locator('[data-testid=alarm-step] strong').first().textContent()) ?? '').toBe('Udløst');
    await snap('e2e-i18n-da-audit-timeline.png');

    // The search finds rows by a word shown in them in Danish ("udløst"), though the engine stores its English.
    const view = page.getByTestId('audit-view');
    await page.getByTestId('audit-search').fill('udløst');
    await expect.poll(async () => `${await view.getAttribute('data-search')} ${Number(await view.getAttribute('data-total')) > 0}`, { timeout: 20_000 }).toBe('udløst true');
    const found = await page.locator('[data-testid=audit-row] td:nth-child(3)').allTextContents();
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((w) => !/udløst/i.test(w))).toEqual([]);
    await snap('e2e-i18n-da-audit-search.png');
    // And the stored English still finds them.
    await page.getByTestId('audit-search').fill('raised');
    await expect.poll(async () => `${await view.getAttribute('data-search')} ${Number(await view.getAttribute('data-total')) > 0}`, { timeout: 20_000 }).toBe('raised true');
    await page.getByTestId('audit-search').fill('');
  }, 300_000);

  it('shows the rule editor in Danish', async () => {
    await expect.poll(() => page.getByTestId('supervisor-mode').isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByTestId('supervisor-mode').click();
    await page.getByTestId('supervisor-passphrase').fill(PASSPHRASE);
    await page.getByTestId('supervisor-submit').click();
    await page.getByTestId('tab-rules').click();
    await page.getByTestId('rule-new').waitFor({ timeout: 30_000 });

    // The rules list, its starter rules and a rule's versions, in Danish (the rules' names are data: not translated).
    await expect.poll(() => page.locator('[data-testid=rule-row]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const head = (await page.locator('[data-testid=rules-list] thead').textContent()) ?? '';
    for (const words of ['Regel', 'Alvorlighed', 'Forfatter', 'Åbne alarmer']) expect(head).toContain(words);
    expect(((await page.getByTestId('rule-new').textContent()) ?? '').trim()).toBe('Ny regel');
    await page.getByTestId('rules-starters').click();
    const starters = page.getByTestId('starter-rules');
    await starters.waitFor();
    await expect.poll(async () => (await starters.textContent()) ?? '', { timeout: 20_000 }).toContain('Startregler for sensortyperne i dette feed');
    expect((await starters.textContent()) ?? '').not.toMatch(/Starter rules for|loading…|\binstalled\b|Does not apply|Adapt in the editor|Unlock supervisor/);
    await page.locator('[data-testid=rule-versions]').first().click();
    const versions = page.getByTestId('rule-versions-view');
    await versions.waitFor();
    await expect.poll(async () => (await versions.textContent()) ?? '', { timeout: 20_000 }).toMatch(/Versioner af .*Version.*Hvornår/s);
    expect((await versions.textContent()) ?? '').toMatch(/Vælg en version|linje|ens/);
    expect((await versions.textContent()) ?? '').not.toMatch(/Versions of|Pick a version|current|Restore|\bBy\b|\bWhen\b/);
    await versions.scrollIntoViewIfNeeded();
    await snap('e2e-i18n-da-rules.png');
    await page.locator('[data-testid=rule-versions]').first().click();
    await page.getByTestId('rules-starters').click();
    await page.getByTestId('rule-new').click();
    const editor = page.getByTestId('rule-editor');
    await editor.waitFor();
    const headings = (await editor.locator('h3').allTextContents()).join(' | ');
    expect(headings).toContain('Hvornår alarmen udløses');
    expect(headings).toContain('Hvor alvorligt, hvorfor, og hvad skal gøres');
    const sentence = (await page.getByTestId('rule-sentence').textContent()) ?? '';
    expect(sentence).toMatch(/ når .* for /);
    expect(sentence).not.toMatch(ENGLISH);
    const types = await page.getByTestId('rule-condition-type').locator('option').allTextContents();
    expect(types).toContain('Seneste værdi krydser en grænse');
    const labels = await editor.locator('.field-label').allTextContents();
    expect(labels.filter((l) => ENGLISH.test(l))).toEqual([]);
    await expect.poll(async () => page.getByTestId('rule-validation').getAttribute('data-state'), { timeout: 15_000 }).not.toBe('pending');
    await snap('e2e-i18n-da-rule-editor.png');
    expect(await overflowing('.rule-editor .field-label, .rule-editor h3, .rule-editor .btn')).toEqual([]);
  }, 300_000);

  it('shows the search (Ctrl+K), the Sensors tab and the Incidents tab in Danish', async () => {
    await page.getByTestId('search-open').click();
    await page.getByTestId('search-dialog').waitFor();
    expect(await page.getByTestId('search-input').getAttribute('placeholder')).toBe('Sensor, gade, bydel, alarm eller regel…');
    await page.getByTestId('search-input').fill('a');
    await expect.poll(() => page.getByTestId('search-result').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const heads = (await page.locator('.search-group-head').allTextContents()).join(' | ');
    expect(heads).toMatch(/Sensorer|Steder|Alarmer|Regler/);
    expect(heads).not.toMatch(/\b(Sensors|Places|Alarms|Rules|best)\b/);
    expect((await page.locator('.search-help').textContent()) ?? '').toContain('gå dertil');
    await snap('e2e-i18n-da-search.png');
    expect(await overflowing('.search-group-head, .search-help')).toEqual([]);
    await page.keyboard.press('Escape');

    await page.getByTestId('tab-sensors').click();
    await page.getByTestId('sensor-table').waitFor();
    await expect.poll(async () => (await page.getByTestId('sensor-summary').textContent()) ?? '', { timeout: 20_000 }).toMatch(/ af .* sensorer/);
    const cols = (await page.locator('.sensor-head button').allTextContents()).join(' | ');
    expect(cols).toContain('Tilstand');
    expect(cols).toContain('Værdi');
    const states = await page.locator('[data-testid=sensor-row] .scell-state').allTextContents();
    expect(states.join(' ')).not.toMatch(/Stale|Never heard|flagged/);
    await snap('e2e-i18n-da-sensors.png');
    expect(await overflowing('.sensor-filters label, .sensor-head button')).toEqual([]);

    await page.getByTestId('tab-incidents').click();
    await page.getByTestId('incident-new').waitFor();
    expect(((await page.getByTestId('incident-new').textContent()) ?? '').trim()).toBe('Nyt bogmærke');
    await expect.poll(async () => (await page.getByTestId('incidents-count').textContent()) ?? '', { timeout: 20_000 }).toMatch(/bogmærke/);
    expect(await page.getByTestId('incidents-search').getAttribute('placeholder')).toBe('Søg i navn, noter, forfatter, alarmregel eller sted…');
    await snap('e2e-i18n-da-incidents.png');
    await page.getByTestId('incident-new').click();
    const form = page.locator('.incident-form');
    await form.waitFor();
    const formText = (await form.textContent()) ?? '';
    expect(formText).toContain('Nyt hændelsesbogmærke');
    expect(formText).toContain('Tilknyttede alarmer');
    expect(formText).not.toMatch(/\b(Name|Window|Area|Notes|Linked alarms|Map snapshots|Draw on map|Cancel|Save)\b/);
    await snap('e2e-i18n-da-incident-form.png');
    expect(await overflowing('.incident-form .btn, .incident-field > span')).toEqual([]);
  }, 300_000);
});
