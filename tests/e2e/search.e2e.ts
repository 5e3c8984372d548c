/**
 * End-to-end: find anything (issue 12, item 8), in Chromium against the browser-mode host.
 *
 * Aarhus (the demo feed, a cache seeded with one open "Car park full" alarm at Salling):
 *   1. Ctrl+K opens the search; typing a car park's name and Enter selects it: its panel opens and the map flies there.
 *      Danish letters fold: "aboulevarden" finds Magasin (Åboulevarden 70).
 *   2. An alarm is found by its place, reached with the arrow keys and opened: the Alarms tab shows it, selected.
 *   3. The Sensors tab: only the rows in view are drawn; sorted by value (both ways, empty values last); filtered to
 *      car parks; a row clicked selects the sensor on the map (its panel opens).
 * Aberdeen (its hub config): a citizen sensor found by its number and selected; the table of its air and weather sensors.
 * axe-core finds no serious or critical problem in the search dialog or the sensor table.
 * Screenshots: test-results/search-aarhus.png, search-alarm-aarhus.png, search-alarm-opened-aarhus.png,
 * sensor-table-aarhus.png, search-aberdeen.png, sensor-table-aberdeen.png.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../electron/engine/api';
import { openStore } from '../../electron/engine/store/store';
import { alarm as seeded } from '../renderer/workload-fixtures';
import { checkPrerequisites, engineCall, launchChromium, openDesk, ROOT, shoot, stopGroup, WAIT_MS, type Host, type PageWatch } from './harness';

const SALLING = 'parking:SALLING';
const MAGASIN = 'parking:MAGASIN';
const VIEWPORT = { width: 1440, height: 900 };

let browser: Browser;
beforeAll(async () => {
  checkPrerequisites();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The desk at a size where the top bar, the drawer and the panel fit (a later --db replaces the harness's :memory:). */
const openAt = (args: string[]) => openDesk(browser, args, VIEWPORT);

/** The sensor panel shows this sensor (its id is written in it). */
async function panelShows(page: Page, id: string): Promise<void> {
  await page.getByTestId('sensor-panel').getByText(id, { exact: true }).waitFor({ timeout: 15_000 });
}

/** Where a point is on the map, relative to its container, once the map has settled. */
async function onMap(page: Page, lngLat: [number, number]): Promise<[number, number]> {
  return page.evaluate((p) => window.__citydesk!.project(p), lngLat);
}

async function openSearch(page: Page): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').waitFor({ timeout: 10_000 });
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
}

/** The kind and id of the option the arrows are on. */
async function activeOption(page: Page): Promise<{ kind: string | null; id: string | null }> {
  return page.evaluate(() => {
    const input = document.querySelector('[data-testid=search-input]')!;
    const el = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
    return { kind: el?.getAttribute('data-kind') ?? null, id: el?.getAttribute('data-id') ?? null };
  });
}

/** Serious and critical accessibility violations (axe-core, WCAG 2.2 AA) inside an element, in words. */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Value cells as numbers (NaN for "empty" / "no reading"), in the table's order. */
async function values(page: Page): Promise<number[]> {
  const texts = await page.locator('[data-testid=sensor-row] [data-testid=sensor-value]').allTextContents();
  return texts.map((t) => Number.parseFloat(t.replace(/[^\d.-]/g, '')));
}

describe('find anything on Aarhus', () => {
  let host: Host | null = null;
  let page: Page;
  let watch: PageWatch;
  let alarmId = '';

  beforeAll(async () => {
    // One open alarm in the cache: "Car park full" at Salling, raised ten minutes ago.
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-search-e2e-')), 'cache.db');
    const store = openStore(db);
    const raisedAt = Date.now() - 10 * 60_000;
    alarmId = `car-park-full|${SALLING}|${raisedAt}`;
    const message = 'Occupancy 98 % for 15 min';
    const alarm = seeded(alarmId, { ruleId: 'car-park-full', subject: SALLING, raisedAt, updatedAt: raisedAt, priority: 'high', message, lastMessage: message });
    store.saveAlarms([alarm]);
    store.close();
    ({ host, page, watch } = await openAt(['--db', db]));
    await page.waitForFunction(() => (window.__citydesk!.layersDrawn['car-park'] ?? 0) > 0, null, { timeout: WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    if (host) await stopGroup(host);
  });

  it('Ctrl+K, a car park typed, Enter: the car park is selected, its panel open, the map on it', async () => {
    expect(await page.getByTestId('search-open').isVisible()).toBe(true);
    await openSearch(page);
    await page.getByTestId('search-input').fill('Salling');
    await page.locator('[data-testid=search-result][data-kind=sensor]').first().waitFor({ timeout: 15_000 });
    expect(await activeOption(page)).toEqual({ kind: 'sensor', id: SALLING });
    await shoot(page, 'search-aarhus.png');
    expect(await axeProblems(page, '[data-testid=search-dialog]')).toEqual([]);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('search-dialog').count()).toBe(0);
    await panelShows(page, SALLING);
    // The map flew there: Salling (Østergade 25) in the map's view.
    await expect
      .poll(
        async () => {
          const [x, y] = await onMap(page, [10.20818, 56.15441]);
          const box = (await page.getByTestId('map').boundingBox()) ?? { width: VIEWPORT.width, height: VIEWPORT.height };
          return x > 0 && y > 0 && x < box.width && y < box.height;
        },
        { timeout: 20_000 },
      )
      .toBe(true);

    // Danish letters typed without them; Esc closes and gives the focus back.
    await openSearch(page);
    await page.getByTestId('search-input').fill('aboulevarden');
    await page.locator(`[data-testid=search-result][data-id="${MAGASIN}"]`).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('search-dialog').count()).toBe(0);
    expect(watch.pageErrors).toEqual([]);
  });

  it('an alarm found by its place, reached with the arrows and opened in the alarm list', async () => {
    await openSearch(page);
    await page.getByTestId('search-input').fill('salling full');
    await page.locator(`[data-testid=search-result][data-kind=alarm]`).first().waitFor({ timeout: 20_000 });
    for (let i = 0; i < 20 && (await activeOption(page)).kind !== 'alarm'; i++) await page.keyboard.press('ArrowDown');
    expect(await activeOption(page)).toEqual({ kind: 'alarm', id: alarmId });
    await shoot(page, 'search-alarm-aarhus.png');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('tab-alarms').getAttribute('aria-selected')).toBe('true');
    const row = page.locator(`[data-testid=alarm-row][data-alarm-id="${alarmId}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.evaluate((el) => el.classList.contains('selected')), { timeout: 10_000 }).toBe(true);
    expect(await row.isVisible()).toBe(true);
    await shoot(page, 'search-alarm-opened-aarhus.png');
  });

  it('the sensor table: rows in view only, sorted by value both ways, filtered, a row click selects on the map', async () => {
    await page.getByTestId('tab-sensors').click();
    const summary = page.getByTestId('sensor-summary');
    await expect.poll(async () => (await summary.textContent()) ?? '', { timeout: 20_000 }).toMatch(/^517 of 517 sensors/);
    // Virtualised: far fewer rows drawn than sensors.
    const drawn = await page.locator('[data-testid=sensor-row]').count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(80);

    await page.getByTestId('sensor-filter-type').selectOption('car-park');
    await expect.poll(async () => (await summary.textContent()) ?? '', { timeout: 10_000 }).toMatch(/^8 of 517 sensors/);
    await page.getByTestId('sensor-sort-value').click();
    expect(await page.locator('[role=columnheader][aria-sort=descending]').textContent()).toContain('Value');
    const down = await values(page);
    expect(down).toHaveLength(8);
    const heard = down.filter((v) => Number.isFinite(v));
    expect(heard.length).toBeGreaterThan(0);
    expect(heard).toEqual([...heard].sort((a, b) => b - a));
    // Empty values (if any) come last, listed.
    expect(down.slice(0, heard.length).every((v) => Number.isFinite(v))).toBe(true);
    await page.getByTestId('sensor-sort-value').click();
    const up = (await values(page)).filter((v) => Number.isFinite(v));
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await shoot(page, 'sensor-table-aarhus.png');
    expect(await axeProblems(page, '[data-testid=sensor-table]')).toEqual([]);

    // A row clicked: that car park selected, its panel open.
    const second = page.locator('[data-testid=sensor-row]').nth(1);
    const id = (await second.getAttribute('data-sensor-id'))!;
    expect(id).toMatch(/^parking:/);
    await second.click();
    await panelShows(page, id);
    expect(await second.getAttribute('aria-selected')).toBe('true');

    // The keyboard: Enter on the row the arrows are on selects it.
    await page.getByTestId('sensor-grid').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const first = (await page.locator('[data-testid=sensor-row]').first().getAttribute('data-sensor-id'))!;
    await panelShows(page, first);
    expect(watch.pageErrors).toEqual([]);
  });
});

describe('find anything on Aberdeen', () => {
  it('a citizen sensor found by its number and selected; the table of air and weather sensors', async () => {
    const { host, page, watch } = await openAt(['--hub-config', join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json'), '--basemap', 'aberdeen']);
    try {
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0, null, { timeout: WAIT_MS });
      // A particulate sensor of the catalogue, e.g. "SDS011 #5331 (location 3121)": searched by model and number.
      const snap = await engineCall<EngineSnapshot>(host.port, 'snapshot', {});
      const sds = snap.catalogue.find((s) => s.kind === 'air-quality' && /#\d+/.test(s.name));
      expect(sds, 'an SDS011 sensor in the catalogue').toBeDefined();
      const number = /#(\d+)/.exec(sds!.name)![1]!;
      await openSearch(page);
      await page.getByTestId('search-input').fill(`sds011 ${number}`);
      await page.locator(`[data-testid=search-result][data-id="${sds!.id}"]`).waitFor({ timeout: 20_000 });
      expect(await activeOption(page)).toEqual({ kind: 'sensor', id: sds!.id });
      await shoot(page, 'search-aberdeen.png');
      await page.keyboard.press('Enter');
      await panelShows(page, sds!.id);

      await page.getByTestId('tab-sensors').click();
      await page.locator('[data-testid=sensor-row]').first().waitFor({ timeout: 20_000 });
      await page.getByTestId('sensor-sort-value').click();
      const v = (await values(page)).filter((x) => Number.isFinite(x));
      expect(v).toEqual([...v].sort((a, b) => b - a));
      await shoot(page, 'sensor-table-aberdeen.png');
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await stopGroup(host);
    }
  });
});
