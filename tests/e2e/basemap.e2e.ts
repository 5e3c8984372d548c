/**
 * End-to-end: base maps in Chromium, through the browser-mode host (`npm run web`'s built CLI).
 *
 * - Aberdeen with its shipped city base map (`--basemap aberdeen`, a PMTiles archive served under /engine/basemap
 *   with Range requests): the sea east of the coast is drawn in the sea colour, the city's land is not, and roads and
 *   buildings are drawn in the city centre (from pixels of a screenshot, at positions projected by the map).
 * - A place with only the world map under it (Lisbon, with the Aarhus demo's default base map): the Atlantic is sea,
 *   Spain is land, and the Portugal-Spain border is drawn.
 * - A folder of GeoJSON layers (`--basemap FOLDER`): the view moves to it and its roads are drawn where they are.
 * The hosts run on a feed that is not there (no sensors): the base map is all there is to see.
 * Screenshots go to test-results/basemap-*.png.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrerequisites, colourAt, colourDistance as distance, freePort, launchChromium, mapBox, openDesk as openDeskIn, shoot, stopGroup, type Host, type PageWatch } from './harness';
import type { DecodedPng } from './png';

const PALETTE = { sea: [0x0c, 0x24, 0x36], land: [0x0a, 0x0e, 0x14], border: [0x3a, 0x4d, 0x66] } as const;

let browser: Browser;
beforeAll(async () => {
  checkPrerequisites();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** The desk on a feed that is not there (no sensors): the base map is all there is to see. */
async function openDesk(args: string[]): Promise<{ host: Host; page: Page; watch: PageWatch }> {
  return openDeskIn(browser, ['--feed', `http://127.0.0.1:${await freePort()}`, ...args], { width: 1280, height: 1000 });
}

/** Moves the map and waits until MapLibre is idle there (every tile of the view loaded and drawn). */
async function showPlace(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(({ center, zoom }) => window.__citydesk!.jumpTo(center, zoom), { center, zoom });
  await page.waitForTimeout(300); // the canvas frame reaches the screenshot
}

/** Pixels of the map area, by how far they are from the base colours. */
async function census(page: Page, png: DecodedPng): Promise<{ total: number; sea: number; land: number; border: number; bright: number }> {
  const box = await mapBox(page);
  const out = { total: 0, sea: 0, land: 0, border: 0, bright: 0 };
  for (let y = Math.round(box.y) + 40; y < box.y + box.height - 40; y++)
    for (let x = Math.round(box.x) + 10; x < box.x + box.width - 60; x++) {
      const i = (y * png.width + x) * 4;
      const c = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      out.total++;
      if (distance(c, PALETTE.sea) <= 4) out.sea++;
      else if (distance(c, PALETTE.land) <= 4) out.land++;
      else if (distance(c, PALETTE.border) <= 24) out.border++;
      else if (c[0]! + c[1]! + c[2]! > 3 * 0x30) out.bright++;
    }
  return out;
}

describe('base maps in the browser', () => {
  it('Aberdeen: the shipped city base map, with its sea, land, roads and buildings, over the world map', async () => {
    const { host, page, watch } = await openDesk(['--basemap', 'aberdeen']);
    try {
      // The archive was read by Range requests under the engine path.
      const manifest = await page.evaluate(async () => (await fetch('/engine/basemap')).json());
      expect(manifest).toMatchObject({ format: 'pmtiles', url: '/engine/basemap/file/basemap.pmtiles' });

      await showPlace(page, [-2.1, 57.15], 11.5);
      const wide = await shoot(page, 'basemap-aberdeen.png');
      const sea = await colourAt(page, wide.png, [-2.0, 57.15]); // the North Sea, 4 km off the beach
      const land = await colourAt(page, wide.png, [-2.2, 57.14]); // Hazlehead, inland
      expect(distance(sea, PALETTE.sea)).toBeLessThanOrEqual(4);
      expect(distance(land, PALETTE.sea)).toBeGreaterThan(4);
      const c = await census(page, wide.png);
      expect(c.sea / c.total).toBeGreaterThan(0.15); // the sea east of the coast
      expect(c.sea / c.total).toBeLessThan(0.6);
      expect(c.bright).toBeGreaterThan(2000); // roads

      await showPlace(page, [-2.0985, 57.1455], 15); // Union Street and the harbour
      const centre = await shoot(page, 'basemap-aberdeen-centre.png');
      const building = await colourAt(page, centre.png, [-2.09985, 57.14645]); // Marischal College's block
      expect(distance(building, [0x16, 0x1d, 0x29])).toBeLessThanOrEqual(10);
      expect((await census(page, centre.png)).bright).toBeGreaterThan(5000);

      expect(watch.pageErrors).toEqual([]);
      expect(watch.cspViolations).toEqual([]);
      expect(watch.badRequests).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  });

  it('Lisbon, a place with only the world map: the Atlantic, Iberia, and the Portugal-Spain border', async () => {
    const { host, page, watch } = await openDesk([]);
    try {
      expect(await page.evaluate(async () => (await fetch('/engine/basemap')).status)).toBe(204); // no user base map
      await showPlace(page, [-6.5, 39.5], 5.5);
      const shot = await shoot(page, 'basemap-world-iberia.png');
      expect(distance(await colourAt(page, shot.png, [-12, 39]), PALETTE.sea)).toBeLessThanOrEqual(4); // Atlantic
      expect(distance(await colourAt(page, shot.png, [-3.7, 40.4]), PALETTE.land)).toBeLessThanOrEqual(4); // Madrid
      expect(distance(await colourAt(page, shot.png, [-8.0, 39.6]), PALETTE.land)).toBeLessThanOrEqual(4); // Portugal
      const c = await census(page, shot.png);
      expect(c.sea / c.total).toBeGreaterThan(0.2);
      expect(c.land / c.total).toBeGreaterThan(0.2);
      expect(c.border).toBeGreaterThan(100); // country borders (Portugal-Spain, Spain-France)
      expect(watch.pageErrors).toEqual([]);
      expect(watch.cspViolations).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.badRequests).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  });

  it('a folder of GeoJSON layers: the view moves to it, its roads are drawn where they are', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'citydesk-e2e-basemap-'));
    // A made-up street grid in Reykjavik: three east-west primary roads, one north-south, a lake.
    const roads = [64.138, 64.142, 64.146].map((lat) => ({ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[-21.96, lat], [-21.88, lat]] } }));
    roads.push({ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [[-21.92, 64.134], [-21.92, 64.15]] } });
    writeFileSync(join(folder, 'roads.geojson.gz'), gzipSync(JSON.stringify({ type: 'FeatureCollection', features: roads })));
    const lake = { type: 'Feature', properties: { kind: 'water', class: 'lake' }, geometry: { type: 'Polygon', coordinates: [[[-21.95, 64.135], [-21.935, 64.135], [-21.935, 64.137], [-21.95, 64.137], [-21.95, 64.135]]] } };
    writeFileSync(join(folder, 'water.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [lake] }));
    const { host, page, watch } = await openDesk(['--basemap', folder]);
    try {
      await showPlace(page, [-21.92, 64.142], 13); // where the load put the view already; waits for idle
      const shot = await shoot(page, 'basemap-geojson-folder.png');
      const box = await mapBox(page);
      const [rx, ry] = await page.evaluate((p) => window.__citydesk!.project(p), [-21.9, 64.142] as [number, number]);
      expect(rx > 0 && rx < box.width && ry > 0 && ry < box.height).toBe(true);
      const road = await colourAt(page, shot.png, [-21.9, 64.142]);
      const between = await colourAt(page, shot.png, [-21.9, 64.144]);
      expect(road[0] + road[1] + road[2]).toBeGreaterThan(between[0] + between[1] + between[2] + 3 * 40); // a primary road is light
      expect(distance(await colourAt(page, shot.png, [-21.9425, 64.136]), PALETTE.sea)).toBeLessThanOrEqual(6); // the lake
      expect(watch.pageErrors).toEqual([]);
      expect(watch.badRequests).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  });
});
