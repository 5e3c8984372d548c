/**
 * End-to-end: a map one can find one's way in (issue 12, item 6), on Aarhus (the embedded demo) and Aberdeen.
 *
 * Aarhus: at the city (home) view overlapping point symbols are drawn as clusters with their member count and labels
 * are drawn (districts; places from the base map where it has them); clicking a cluster zooms in to it and it breaks
 * apart; at street zoom the car parks stand alone with their names and the measured streets are named; the home
 * button and the Home key bring the city back; Marselis Boulevard's segments follow the street (routed at build time)
 * and the street is named. Aberdeen: its own base map with no --basemap, the same at its home view and at street zoom,
 * with its base map's place and street names. Screenshots: test-results/wayfinding-*.png.
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
const maxRepeat = (texts: string[]) => Math.max(0, ...texts.map((t) => texts.filter((u) => u === t).length));
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

      // Click the largest cluster where no alarm symbol covers it (the demo's open alarms sit on sensors, and a click on an
      // alarm symbol selects the alarm): the map zooms in to it and its members are no longer all one symbol.
      const snap = await snapshot(host);
      const alarmsAt = await page.evaluate(() => (window.__citydesk!.alarmSymbols?.items ?? []).map((i) => window.__citydesk!.project(i.position)));
      const clear = (q: [number, number]) => alarmsAt.every(([x, y]) => Math.hypot(x - q[0], y - q[1]) >= 18);
      let target: Drawn['clusters'][number] | undefined;
      let at: [number, number] | undefined;
      for (const c of [...city.clusters].sort((a, b) => b.count - a.count)) {
        const centre = await page.evaluate((p) => window.__citydesk!.project(p), positionOf(snap, c.worstId));
        const tries: [number, number][] = [centre];
        for (const r of [0.35, 0.6, 0.85]) for (let k = 0; k < 16; k++) tries.push([centre[0] + Math.cos((k * Math.PI) / 8) * r * c.radius, centre[1] + Math.sin((k * Math.PI) / 8) * r * c.radius]);
        at = tries.find(clear);
        if (at) {
          target = c;
          break;
        }
      }
      expect(target, 'a cluster with a spot free of alarm symbols').toBeDefined();
      const box = await mapBox(page);
      await page.mouse.click(box.x + at![0], box.y + at![1]);
      const zoomed = await waitDrawn(page, (d) => d.zoom !== null && d.zoom >= (city.zoom ?? 0) + 1, 'zoomed in to the cluster', 30_000);
      const stillTogether = zoomed.clusters.find((c) => target!.memberIds.every((id) => c.memberIds.includes(id)));
      expect(stillTogether, `cluster of ${target!.count} (${target!.worstId}) broke apart at zoom ${zoomed.zoom}`).toBeUndefined();

      // Street zoom in the centre: car parks on their own with their names, the measured streets named.
      await page.evaluate(() => window.__citydesk!.jumpTo([10.2055, 56.1545], 15.5));
      const street = await waitDrawn(page, (d) => d.zoom === 15.5 && d.labels.some((l) => l.kind === 'sensor'), 'sensor labels at street zoom');
      await shoot(page, 'wayfinding-aarhus-street.png');
      expect(street.clusters.filter((c) => c.typeIds.includes('car-park'))).toEqual([]);
      expect(street.labels.some((l) => l.kind === 'sensor' && /\(/.test(l.text))).toBe(true); // a car park's name: "Bruuns (...)"

      // Segments along their streets: Marselis Boulevard's segments are routed on the road network (not straight across
      // the blocks), and the road they were matched onto carries the street's name from the base map.
      const routed = snap.catalogue.find((s) => s.id === 'traffic:206449')!.geometry as { type: string; coordinates: [number, number][] };
      expect(routed.coordinates.length).toBeGreaterThan(2);
      await page.evaluate(() => window.__citydesk!.jumpTo([10.196, 56.1405], 15.5));
      const streets = await waitDrawn(page, (d) => d.zoom === 15.5 && d.labels.some((l) => l.kind === 'street' && l.text === 'Marselis Boulevard'), 'street names along Marselis Boulevard');
      await shoot(page, 'wayfinding-aarhus-streets.png');
      expect(streets.labels.filter((l) => l.kind === 'street').length).toBeLessThanOrEqual(12); // named where they fit, not a soup
      expect(maxRepeat(streets.labels.map((l) => l.text))).toBeLessThanOrEqual(2); // a long street named again only far along it

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

  it('Aberdeen: its own base map without --basemap, clusters and place names at the city view, street names at street zoom', async () => {
    // No --basemap: the shipped city's hub config brings the base map beside it (assets/cities/aberdeen/basemap.pmtiles).
    const { host, page, watch } = await openDesk(browser, ['--hub-config', join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json')], VIEWPORT);
    try {
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0, null, { timeout: WAIT_MS });
      const city = await waitDrawn(page, (d) => d.clusters.length > 0 && d.labels.some((l) => l.kind === 'place'), 'clusters and place names at the city view');
      await shoot(page, 'wayfinding-aberdeen-city.png');
      expect(city.clusters.every((c) => c.count >= 2)).toBe(true);
      await page.evaluate(() => window.__citydesk!.jumpTo([-2.1, 57.15], 15));
      const street = await waitDrawn(page, (d) => d.zoom === 15 && d.labels.length > 0, 'labels at street zoom');
      await shoot(page, 'wayfinding-aberdeen-street.png');
      expect(street.labels.length).toBeGreaterThan(0);
      // Union Street and its neighbours, named along their lines from the base map (Aberdeen's sensors are points).
      await page.evaluate(() => window.__citydesk!.jumpTo([-2.0995, 57.1465], 16));
      const names = await waitDrawn(page, (d) => d.zoom === 16 && d.labels.some((l) => l.kind === 'street' && l.text === 'Union Street'), 'street names in the centre (Union Street)');
      await shoot(page, 'wayfinding-aberdeen-streets.png');
      const streetNames = names.labels.filter((l) => l.kind === 'street');
      expect(streetNames.length).toBeGreaterThanOrEqual(3);
      expect(streetNames.length).toBeLessThanOrEqual(25);
      expect(maxRepeat(streetNames.map((l) => l.text))).toBeLessThanOrEqual(2); // a long street named again only far along it
      expect(watch.pageErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  }, 300_000);
});
