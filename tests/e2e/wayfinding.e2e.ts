/**
 * End-to-end: a map one can find one's way in (issue 12, item 6), on Aarhus (the embedded demo) and Aberdeen.
 *
 * Aarhus: at the city (home) view overlapping point symbols are drawn as clusters with their member count and labels
 * are drawn (districts; places from the base map where it has them); clicking a cluster zooms in to it and it breaks
 * apart; at street zoom the car parks stand alone with their names and the measured streets are named; the home
 * button and the Home key bring the city back. Aberdeen: the same at its home view and at street zoom, with its base
 * map's place names. Screenshots: test-results/wayfinding-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../electron/engine/api';
import type { CityDeskTestHooks } from '../../renderer/testHooks';
import { checkPrerequisites, engineCall, launchChromium, mapBox, openDesk, ROOT, shoot, stopGroup, WAIT_MS, type Host } from './harness';
import { join } from 'node:path';

type Drawn = NonNullable<CityDeskTestHooks['mapDrawn']>;
const VIEWPORT = { width: 1280, height: 860 };

let browser: Browser;
beforeAll(async () => {
  checkPrerequisites();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const drawn = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify(window.__citydesk!.mapDrawn ?? null)) as Drawn | null);

/** Waits until the map has drawn a frame for which `ok` holds (polling the test hook; no fixed sleeps). */
async function waitDrawn(page: Page, ok: (d: Drawn) => boolean, what: string, ms = WAIT_MS): Promise<Drawn> {
  const end = Date.now() + ms;
  for (;;) {
    const d = await drawn(page);
    if (d && ok(d)) return d;
    if (Date.now() > end) throw new Error(`${what}: not drawn within ${ms / 1000} s; last frame ${JSON.stringify(d)?.slice(0, 600)}`);
    await page.waitForTimeout(250);
  }
}

const snapshot = (host: Host) => engineCall<EngineSnapshot>(host.port, 'snapshot', {});
const positionOf = (snap: EngineSnapshot, id: string): [number, number] => {
  const g = snap.catalogue.find((s) => s.id === id)!.geometry as { coordinates: [number, number] };
  return [g.coordinates[0], g.coordinates[1]];
};
const clusteredCount = (d: Drawn) => d.clusters.reduce((n, c) => n + c.count, 0);

describe('wayfinding', () => {
  it('Aarhus: clusters with counts and labels at the city view; a click on a cluster breaks it apart; street zoom; home', async () => {
    const { host, page, watch } = await openDesk(browser, [], VIEWPORT);
    try {
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['car-park'] ?? 0) === 8 && (window.__citydesk!.layersDrawn['citypulse-air-index'] ?? 0) === 60, null, { timeout: WAIT_MS });
      const city = await waitDrawn(page, (d) => d.clusters.length > 0 && d.labels.some((l) => l.kind === 'place'), 'clusters and place labels (local communities) at the city view');
      await shoot(page, 'wayfinding-aarhus-city.png');
      expect(city.clusters.every((c) => c.count >= 2 && c.memberIds.length === c.count && c.memberIds[0] === c.worstId)).toBe(true);
      // No label is drawn twice in the same frame (decluttered), and labels are real names.
      expect(city.labels.every((l) => l.text.trim().length > 0)).toBe(true);

      // Click the largest cluster: the map zooms in to it and its members are no longer all one symbol.
      const snap = await snapshot(host);
      const target = [...city.clusters].sort((a, b) => b.count - a.count)[0]!;
      const at = await page.evaluate((p) => window.__citydesk!.project(p), positionOf(snap, target.worstId));
      const box = await mapBox(page);
      await page.mouse.click(box.x + at[0], box.y + at[1]);
      const zoomed = await waitDrawn(page, (d) => d.zoom !== null && d.zoom >= (city.zoom ?? 0) + 1, 'zoomed in to the cluster', 30_000);
      const stillTogether = zoomed.clusters.find((c) => target.memberIds.every((id) => c.memberIds.includes(id)));
      expect(stillTogether, `cluster of ${target.count} (${target.worstId}) broke apart at zoom ${zoomed.zoom}`).toBeUndefined();

      // Street zoom in the centre: car parks on their own with their names, the measured streets named.
      await page.evaluate(() => window.__citydesk!.jumpTo([10.2055, 56.1545], 15.5));
      const street = await waitDrawn(page, (d) => d.zoom === 15.5 && d.labels.some((l) => l.kind === 'sensor'), 'sensor labels at street zoom');
      await shoot(page, 'wayfinding-aarhus-street.png');
      expect(street.clusters.filter((c) => c.typeIds.includes('car-park'))).toEqual([]);
      expect(street.labels.some((l) => l.kind === 'sensor' && /\(/.test(l.text))).toBe(true); // a car park's name: "Bruuns (...)"

      // Home: the button, then (after moving away) the Home key, each back to the city view.
      await page.getByTestId('map-home').click();
      await waitDrawn(page, (d) => d.zoom === city.zoom && clusteredCount(d) === clusteredCount(city), 'the city view again (button)', 30_000);
      await page.evaluate(() => window.__citydesk!.jumpTo([10.1, 56.2], 14));
      await waitDrawn(page, (d) => d.zoom === 14, 'moved away');
      await page.getByTestId('map').click({ position: { x: 5, y: VIEWPORT.height / 3 } }); // focus on the page, not a field
      await page.keyboard.press('Home');
      await waitDrawn(page, (d) => d.zoom === city.zoom, 'the city view again (Home key)', 30_000);
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  }, 300_000);

  it('Aberdeen: clusters and place names at the city view, sensors alone at street zoom', async () => {
    const { host, page, watch } = await openDesk(browser, ['--hub-config', join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json'), '--basemap', 'aberdeen'], VIEWPORT);
    try {
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0, null, { timeout: WAIT_MS });
      const city = await waitDrawn(page, (d) => d.clusters.length > 0 && d.labels.some((l) => l.kind === 'place'), 'clusters and place names at the city view');
      await shoot(page, 'wayfinding-aberdeen-city.png');
      expect(city.clusters.every((c) => c.count >= 2)).toBe(true);
      await page.evaluate(() => window.__citydesk!.jumpTo([-2.1, 57.15], 15));
      const street = await waitDrawn(page, (d) => d.zoom === 15 && d.labels.length > 0, 'labels at street zoom');
      await shoot(page, 'wayfinding-aberdeen-street.png');
      expect(street.labels.length).toBeGreaterThan(0);
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  }, 300_000);
});
