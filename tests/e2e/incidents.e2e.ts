/**
 * End-to-end: incident bookmarks (issue 10 item 5), in Debian's Chromium against the browser-mode host with the
 * embedded Aarhus DEMO feed at --speed 60 and a fresh cache (the feed's 6 h of warm-up history in it).
 *
 *   1. In replay at the raise of an alarm of the warm-up history (the test hook enters replay, as the timeline does),
 *      "New bookmark" starts with the timeline's view (or half an hour either side of the instant), in the city's zone.
 *   2. A name, the district Rådhuskvarteret picked from the zones, a note and an alarm found by its rule's name are
 *      saved: the engine holds the bookmark with the author, the district's polygons and the linked alarm.
 *   3. The list finds it by its name and by its linked alarm's place (the engine's search), not by nonsense.
 *   4. Back to live, "Open in replay" on the bookmark: replay at its start, the timeline showing its window.
 *   5. No uncaught page errors, console errors, CSP violations or failed requests. Screenshots:
 *      test-results/e2e-incidents-form.png (the form with the district on the map), e2e-incidents-list.png (found by
 *      search, reopened into replay, its area on the map).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, EngineSnapshot, Incident } from '../../electron/engine/api';
import { fromZonedInput } from '../../renderer/kpi/period';
import { WAIT_MS, checkPrerequisites, engineCall, groupAlive, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

const TZ = 'Europe/Copenhagen';
const HOUR = 3_600_000;

describe('incident bookmarks (e2e, Chromium)', () => {
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
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-incidents-'));
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
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

  it('bookmarks a replayed incident with a district, finds it by search and reopens it into replay', async () => {
    const port = host!.port;
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));

    // An alarm the starter rules raised on the warm-up history, half an hour or more inside what the cache holds.
    let alarm: Alarm | undefined;
    await expect
      .poll(
        async () => {
          const status = (await engineCall<EngineSnapshot>(port, 'snapshot', {})).status;
          const [oldest, now] = [status.cache.oldest ?? Infinity, status.feedTime ?? 0];
          const alarms = await engineCall<Alarm[]>(port, 'alarms', { includeResolved: true, limit: 5000 });
          alarm = alarms.find((a) => a.ruleId !== 'source-outage' && a.raisedAt > oldest + HOUR && a.raisedAt < now - HOUR); // found by its rule's name below: a stored rule, not a built-in
          return alarm !== undefined;
        },
        { timeout: WAIT_MS, interval: 1000 },
      )
      .toBe(true);
    const at = alarm!.raisedAt;

    // 1. Replay at the instant; a new bookmark starts around it, in the city's zone.
    await page.evaluate((t) => window.__citydesk!.replay.enter(t), at);
    await page.getByTestId('tab-incidents').click();
    await page.getByTestId('incident-new').click();
    // The window: the timeline's view when it shows the instant and is at most a day wide, else half an hour either side.
    await expect.poll(() => page.getByTestId('incident-from').inputValue()).not.toBe('');
    const [fromText, toText] = [await page.getByTestId('incident-from').inputValue(), await page.getByTestId('incident-to').inputValue()];
    // The one time format on the city's 24-hour clock (a text field, not the browser's datetime-local).
    expect([fromText, toText].every((v) => /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(v))).toBe(true);
    expect(await page.getByTestId('incident-from').getAttribute('type')).toBe('text');
    expect(fromZonedInput(fromText, TZ)!).toBeLessThanOrEqual(at);
    expect(fromZonedInput(toText, TZ)!).toBeGreaterThanOrEqual(at - 60_000);
    expect(fromZonedInput(toText, TZ)! - fromZonedInput(fromText, TZ)!).toBeLessThanOrEqual(24 * HOUR);

    // 2. Name, district, notes, a linked alarm found by its rule's name; save.
    await page.getByTestId('incident-name').fill('Car parks full around the town hall');
    await page.getByTestId('incident-district').selectOption({ label: 'Rådhuskvarteret' });
    await page.getByTestId('incident-notes').fill('Queues into Park Allé; police informed.');
    const rules = await engineCall<{ id: string; name: string }[]>(port, 'rules', {});
    const ruleName = rules.find((r) => r.id === alarm!.ruleId)?.name ?? alarm!.ruleId;
    await page.getByTestId('incident-alarm-search').fill(ruleName);
    const candidate = page.locator('.incident-candidates li', { hasText: ruleName }).first();
    await candidate.getByTestId('incident-link-alarm').click();
    await expect.poll(() => page.getByTestId('incident-linked').locator('li').count()).toBe(1);
    await page.locator('.incident-form-body').evaluate((e) => e.scrollTo(0, 0));
    await shoot(page, 'e2e-incidents-form.png');
    await page.getByTestId('incident-save').click();
    await page.getByTestId('incident-detail').waitFor({ timeout: 15_000 });

    const saved = await engineCall<Incident[]>(port, 'incidents', {});
    expect(saved).toHaveLength(1);
    const bookmark = saved[0]!;
    expect(bookmark).toMatchObject({ name: 'Car parks full around the town hall', from: fromZonedInput(fromText, TZ), to: fromZonedInput(toText, TZ), version: 1, archived: false, notes: 'Queues into Park Allé; police informed.' });
    expect(bookmark.area?.kind).toBe('district');
    if (bookmark.area?.kind === 'district') {
      expect(bookmark.area.name).toBe('Rådhuskvarteret');
      expect(bookmark.area.polygons.length).toBeGreaterThan(0);
    }
    expect(bookmark.alarmIds).toHaveLength(1);
    const linked = (await engineCall<Alarm[]>(port, 'alarms', { includeResolved: true, limit: 5000 })).find((a) => a.id === bookmark.alarmIds[0]);
    expect(linked?.ruleId).toBe(alarm!.ruleId);

    // 3. Found by its name and by its linked alarm's place; not by nonsense.
    const rows = page.getByTestId('incident-row');
    const search = page.getByTestId('incidents-search');
    await search.fill('town hall');
    await expect.poll(() => rows.count()).toBe(1);
    await search.fill('zzz-no-such-incident');
    await expect.poll(() => rows.count()).toBe(0);
    const snapshot = await engineCall<EngineSnapshot>(port, 'snapshot', {});
    const zones = await engineCall<{ id: string; name: string }[]>(port, 'zones', {});
    const place = linked!.group?.name ?? snapshot.catalogue.find((s) => s.id === linked!.subject)?.name ?? zones.find((z) => `zone:${z.id}` === linked!.subject)?.name;
    expect(place, `the linked alarm's subject ${linked!.subject} has a name`).toBeTruthy();
    await search.fill(place!);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-incident-id')).toBe(bookmark.id);

    // 4. Back to live; "Open in replay" goes to its start, the timeline on its window.
    await page.evaluate(() => window.__citydesk!.replay.exit());
    expect(await page.evaluate(() => window.__citydesk!.replay.state())).toBeNull();
    if (!(await page.getByTestId('incident-detail').isVisible())) await rows.first().click();
    await page.getByTestId('incident-open-replay').click();
    await expect.poll(() => page.evaluate(() => window.__citydesk!.replay.state())).toEqual({ at: bookmark.from, view: { from: bookmark.from, to: bookmark.to } });
    // The map has flown to the area (600 ms) and drawn it: a frame rendered after the click, then the picture.
    const before = await page.evaluate(() => window.__citydesk!.renderCount);
    await page.waitForFunction((n) => window.__citydesk!.renderCount > n + 10, before, { timeout: WAIT_MS });
    await shoot(page, 'e2e-incidents-list.png');

    expect({ console: watch.consoleErrors, page: watch.pageErrors, csp: watch.cspViolations, requests: watch.badRequests }).toEqual({ console: [], page: [], csp: [], requests: [] });
  }, 240_000);
});
