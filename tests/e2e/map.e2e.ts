/**
 * End-to-end: the real browser-mode host (`electron/cli/web.ts`, the `npm run web` path, embedded Aarhus DEMO feed) in
 * Debian's Chromium (software WebGL via SwiftShader), driven by playwright-core.
 *
 * Asserted: the app boots without page errors, CSP violations or failed requests; the map loads and deck.gl draws the
 * three layers with the engine's sensor counts; the DEMO badge and the status bar; from PIXELS (decoded screenshots),
 * that the base map is not blank and that each layer, drawn alone, changes pixels at its sensors' projected positions
 * (and hardly anywhere else); hovering a car park shows a tooltip with the engine's values; clicking it opens the
 * sensor panel with the engine's latest values and a uPlot chart whose canvas has the series drawn.
 *
 * The renderer must already be built (`npm run test:e2e` runs `vite build` first). Screenshots go to test-results/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot, SensorHistory } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import {
  DIFF_THRESHOLD,
  EXPECTED_DRAWN,
  KINDS,
  LAYER_TYPE,
  OUT_DIR,
  WAIT_MS,
  analysisRegion,
  animationFrames,
  checkPrerequisites,
  coordsOf,
  counts,
  engineCall,
  forEachNear,
  groupAlive,
  launchChromium,
  mapBox,
  wheelZoom,
  pixelDiff,
  project,
  shoot,
  showLayers,
  sleep,
  startHost as startHostProcess,
  stopGroup,
  waitForLayersDrawn,
  watchPage,
  type DemoLayer,
  type Host,
  type PageWatch,
  type Region,
} from './harness';

/** Sensors drawn inside a cluster symbol in the last frame (map/cluster): id -> the symbol's place (its worst member) and radius. */
async function clusteredSensors(page: Page): Promise<Map<string, { worstId: string; radius: number }>> {
  const clusters = await page.evaluate(() => window.__citydesk!.mapDrawn?.clusters ?? []);
  return new Map(clusters.flatMap((c) => c.memberIds.map((id) => [id, { worstId: c.worstId, radius: c.radius }] as const)));
}
import { decodePng, type DecodedPng } from './png';
import { PRIORITY_SYMBOL, UNACK_RING } from '../../renderer/map/layers/alarmSymbols';

/** Car parks to hover/click, in order of preference (the first one not overlapped by another car park is used). */
const HOVER_CANDIDATES = ['parking:NORREPORT', 'parking:SCANDCENTER'];

/** Around an alarm symbol's place: the largest symbol's half width (34 px + its 6 px edge), the unacknowledged ring's gap and width with its casing, anti-aliasing. */
const ALARM_SYMBOL_REACH = (PRIORITY_SYMBOL.urgent.size + 6) / 2 + UNACK_RING.gapPx + UNACK_RING.widthPx + 3;
/** Around a zone alarm's outline: the widest priority line with its casing, anti-aliasing. */
const ZONE_OUTLINE_REACH = 6;

// ---------------------------------------------------------------------------------------------------------------
// Host process

async function startHost(): Promise<Host> {
  const env = { ...process.env };
  // The embedded demo feed, whatever the developer's shell says.
  delete env.CITYDESK_FEED_URL;
  delete env.CITYDESK_TOKEN;
  // A fresh cache of its own, so that neither the developer's cache nor an earlier run changes what is shown.
  const db = join(mkdtempSync(join(tmpdir(), 'citydesk-e2e-')), 'cache.db');
  const host = await startHostProcess(['--db', db], env);
  expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?key=[\\w-]{43}$`));
  return host;
}

// ---------------------------------------------------------------------------------------------------------------
// Pixels

interface LayerPixelStats {
  kind: DemoLayer;
  /** Changed pixels in the analysed map region. */
  changed: number;
  /** ... of which within reach of one of the layer's sensors. */
  changedNear: number;
  /** Sensors whose geometry reaches into the analysed region. */
  onScreen: number;
  /** ... of which have changed pixels around them. */
  covered: number;
  uncovered: string[];
}

function layerPixelStats(
  kind: DemoLayer,
  base: DecodedPng,
  layer: DecodedPng,
  region: Region,
  sensors: { id: string; px: [number, number][]; reach: number }[],
  minChangedPerSensor: number,
  /** Where the layer's alarms are drawn (symbols, zone outlines): changes there are the layer's too, not strays. */
  alarmMarks: { px: [number, number][]; reach: number }[] = [],
): LayerPixelStats {
  const { box, include } = region;
  const w = Math.round(box.width);
  const h = Math.round(box.height);
  const changedMask = new Uint8Array(w * h);
  let changed = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!include[y * w + x]) continue;
      const i = (y + Math.round(box.y)) * base.width + x + Math.round(box.x);
      if (pixelDiff(base, layer, i) > DIFF_THRESHOLD) {
        changedMask[y * w + x] = 1;
        changed++;
      }
    }
  }
  const near = new Uint8Array(w * h);
  let onScreen = 0;
  let covered = 0;
  const uncovered: string[] = [];
  for (const s of sensors) {
    let inside = 0;
    let hits = 0;
    forEachNear(s.px, s.reach, w, h, (x, y) => {
      const k = y * w + x;
      if (!include[k]) return;
      near[k] = 1;
      inside++;
      if (changedMask[k]) hits++;
    });
    // Only sensors with a fair part of their footprint on screen are expected to show.
    if (inside < Math.min(40, Math.PI * s.reach * s.reach * 0.5)) continue;
    onScreen++;
    if (hits >= minChangedPerSensor) covered++;
    else uncovered.push(s.id);
  }
  for (const m of alarmMarks) forEachNear(m.px, m.reach, w, h, (x, y) => void (near[y * w + x] = 1));
  let changedNear = 0;
  for (let k = 0; k < w * h; k++) if (changedMask[k] && near[k]) changedNear++;
  return { kind, changed, changedNear, onScreen, covered, uncovered };
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers

/** Label -> value pairs of the tooltip (th/td) or of a panel section (dt/dd). */
async function tooltipRows(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('tooltip').evaluate((el) => Object.fromEntries([...el.querySelectorAll('tr')].map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', tr.querySelector('td')?.textContent?.trim() ?? ''])));
}

async function panelSection(page: Page, title: string): Promise<Record<string, string>> {
  return page.getByTestId('sensor-panel').evaluate((el, title) => {
    const section = [...el.querySelectorAll('section')].find((s) => s.querySelector('h3')?.textContent?.trim() === title);
    if (!section) return {};
    return Object.fromEntries([...section.querySelectorAll('dt')].map((dt) => [dt.textContent?.trim() ?? '', dt.nextElementSibling?.textContent?.trim() ?? '']));
  }, title);
}

/**
 * Reads what the page shows and what the engine holds, around it. A new reading may land in between (and the page
 * hears of it up to a delta interval later), so the shown value must equal the engine's before or after the read;
 * a few attempts allow for a reading landing exactly then. A page that shows anything else never passes.
 */
async function expectShownMatchesEngine(
  label: string,
  port: number,
  sensorId: string,
  read: () => Promise<Record<string, number | null>>,
): Promise<{ shown: Record<string, number | null>; engine: Record<string, number | null> }> {
  const attempts: string[] = [];
  for (let i = 0; i < 6; i++) {
    const before = latestValues(await engineCall<EngineSnapshot>(port, 'snapshot', {}), sensorId);
    const shown = await read();
    const after = latestValues(await engineCall<EngineSnapshot>(port, 'snapshot', {}), sensorId);
    const matches = (eng: Record<string, number | null>) => Object.entries(shown).every(([k, v]) => eng[k] === v);
    if (matches(before)) return { shown, engine: before };
    if (matches(after)) return { shown, engine: after };
    attempts.push(`shown ${JSON.stringify(shown)} vs engine before ${JSON.stringify(before)} / after ${JSON.stringify(after)}`);
    await sleep(700);
  }
  throw new Error(`${label} of ${sensorId} does not match the engine:\n${attempts.join('\n')}`);
}

function latestValues(snap: EngineSnapshot, sensorId: string): Record<string, number | null> {
  const st = snap.states.find((s) => s.sensorId === sensorId);
  return { ...(st?.last?.values ?? {}) };
}

function parseNumber(text: string | undefined): number | null {
  if (text === undefined || text === 'empty' || text === '—') return null;
  const n = Number(text.replace(/[^\d.-]/g, ''));
  return Number.isFinite(n) ? n : null;
}

// ---------------------------------------------------------------------------------------------------------------

describe('CityDesk in Chromium (npm run web path, DEMO feed)', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page;
  let catalogue: Sensor[] = [];
  let watch: PageWatch | null = null;
  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  /** Set when the app booted: later tests fail at once instead of timing out on a dead page. */
  let booted = false;
  const requireBoot = (): void => {
    const pageErrors = watch?.pageErrors ?? [];
    if (!booted) throw new Error(`the app did not boot (see the first test)${pageErrors.length ? `; page errors:\n${pageErrors.join('\n')}` : ''}`);
  };

  beforeAll(async () => {
    checkPrerequisites();
    host = await startHost();

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    watch = await watchPage(page);

    const snap = await engineCall<EngineSnapshot>(host.port, 'snapshot', {});
    catalogue = snap.catalogue;
    await page.goto(host.url);
  });

  afterAll(async () => {
    try {
      await context?.close();
    } catch {
      // the browser may already be gone
    }
    try {
      await browser?.close();
    } catch {
      // ditto
    }
    if (host) await stopGroup(host);
    if (host?.child.pid !== undefined) expect(groupAlive(host.child.pid), 'web host processes still running after stop').toBe(false);
  });

  it('boots: map loaded, all three layers drawn, DEMO badge, status bar connected with sensor counts', async () => {
    // The engine's catalogue is what the map must show.
    const perKind = Object.fromEntries(KINDS.map((k) => [k, catalogue.filter((s) => s.kind === LAYER_TYPE[k]).length]));
    expect(perKind).toEqual(EXPECTED_DRAWN);

    await guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    const { renderCount: afterLoad } = await counts(page);
    await guard(waitForLayersDrawn(page, afterLoad, EXPECTED_DRAWN, 250));
    // Keeps rendering (live data) rather than being stuck after one frame.
    const { renderCount: rc1 } = await counts(page);
    await guard(page.waitForFunction((rc1) => window.__citydesk!.renderCount > rc1, rc1, { timeout: WAIT_MS }));

    await expect.poll(() => page.getByTestId('demo-badge').isVisible(), { timeout: 30_000 }).toBe(true);
    expect((await page.getByTestId('demo-badge').textContent())?.trim()).toBe('DEMO');

    const conn = page.getByTestId('status-connection');
    await expect.poll(async () => (await conn.textContent())?.trim(), { timeout: 30_000 }).toBe('connected');
    expect(await conn.getAttribute('class')).toContain('conn-connected');

    // Sensor counts in the status bar: live + stale + never = the whole catalogue, and the demo feed makes most live.
    await expect
      .poll(
        async () => {
          const t = (await page.getByTestId('status-sensors').textContent()) ?? '';
          const m = /Sensors:\s*(\d+)\s*live\s*·\s*(\d+)\s*stale\s*·\s*(\d+)\s*never/.exec(t.replace(/\s+/g, ' '));
          return m ? Number(m[1]) + Number(m[2]) + Number(m[3]) : -1;
        },
        { timeout: 30_000 },
      )
      .toBe(catalogue.length);
    // The live count shown is the engine's (how many are live depends on the time of week: the recorded week has
    // holes, e.g. no traffic data Thursday 22:00 to Friday 06:00 UTC), and the demo feed makes some live at any time.
    await expect
      .poll(
        async () => {
          const t = ((await page.getByTestId('status-sensors').textContent()) ?? '').replace(/\s+/g, ' ');
          const shown = Number(/(\d+) live/.exec(t)?.[1]);
          const engine = (await engineCall<EngineSnapshot>(host!.port, 'snapshot', {})).status.sensors.live;
          return shown === engine && shown > 0 ? 'same' : `shown ${shown}, engine ${engine}`;
        },
        { timeout: 30_000 },
      )
      .toBe('same');
    expect(await page.getByTestId('status-bar').textContent()).toContain('Aarhus demo feed');
    expect((await page.getByTestId('status-rejects').textContent())?.trim()).toBe('Rejects: 0');
    // The feed's city names the title and the status bar; its zone names the feed time.
    const { city } = await engineCall<EngineSnapshot>(host!.port, 'snapshot', {});
    expect(city.name.length).toBeGreaterThan(0);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe(`CityDesk — ${city.name}`);
    expect((await page.getByTestId('city-name').textContent())?.trim()).toBe(`${city.name} live sensors`);
    expect((await page.getByTestId('status-city').textContent())?.trim()).toBe(city.name);
    console.log('[e2e] city', city);
    const feedTime = ((await page.getByTestId('status-feed-time').textContent()) ?? '').trim();
    const zone = await page.evaluate(
      (tz) => new Intl.DateTimeFormat('en-GB', { timeZone: tz, timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? '',
      city.timeZone,
    );
    expect(feedTime).toMatch(/^Feed time: \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \S+/);
    // (the zone's name at the feed time: the replay runs at the present, so the zone's name now)
    expect(feedTime.split(' ')[6], `feed time in ${city.timeZone}`).toBe(zone);

    // Layer panel counts = the engine's catalogue.
    for (const k of KINDS) {
      const count = await page.getByTestId(`toggle-${LAYER_TYPE[k]}`).locator('xpath=..').locator('.count').textContent();
      expect(Number(count), k).toBe(EXPECTED_DRAWN[k]);
      expect(await page.getByTestId(`toggle-${LAYER_TYPE[k]}`).isChecked()).toBe(true);
    }

    await animationFrames(page, 2);
    await shoot(page, 'e2e-map.png');
    booted = true;
  });

  it('draws the base map and each layer at its sensors (checked on decoded screenshot pixels)', async () => {
    requireBoot();
    // The map opens on the whole city (every sensor); the shipped streets cover its centre: zoom in there, as an
    // operator would, so that streets fill the view (the home button returns to the whole city afterwards).
    {
      const centre = catalogue.find((s) => s.id === HOVER_CANDIDATES[0]);
      expect(centre, `${HOVER_CANDIDATES[0]} in the catalogue`).toBeDefined();
      const [px] = (await project(page, [coordsOf(centre!)]))[0]!;
      await wheelZoom(page, px!, 6);
    }
    const region = await analysisRegion(page);
    const w = Math.round(region.box.width);
    const h = Math.round(region.box.height);

    // Base map alone; MapLibre may still be placing/fading: wait for two identical frames.
    await guard(showLayers(page, { traffic: false, parking: false, air: false }));
    let base = await shoot(page);
    for (let i = 0; i < 10; i++) {
      await sleep(400);
      const again = await shoot(page);
      const same = again.raw.equals(base.raw);
      base = again;
      if (same) break;
    }
    writeFileSync(join(OUT_DIR, 'e2e-map-base.png'), base.raw);

    // (a) The base map is not blank: many colours, and road/water/district pixels that stand out from the background.
    const hist = new Map<number, number>();
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (!region.include[y * w + x]) continue;
        const o = ((y + Math.round(region.box.y)) * base.png.width + x + Math.round(region.box.x)) * 4;
        const key = (base.png.data[o]! << 16) | (base.png.data[o + 1]! << 8) | base.png.data[o + 2]!;
        hist.set(key, (hist.get(key) ?? 0) + 1);
      }
    }
    let bgKey = 0;
    let bgN = 0;
    let total = 0;
    for (const [k, n] of hist) {
      total += n;
      if (n > bgN) [bgKey, bgN] = [k, n];
    }
    const bgLum = ((bgKey >> 16) & 255) + ((bgKey >> 8) & 255) + (bgKey & 255);
    let brighter = 0;
    for (const [k, n] of hist) if (((k >> 16) & 255) + ((k >> 8) & 255) + (k & 255) > bgLum + 30) brighter += n;
    const baseStats = { distinctColours: hist.size, background: `#${bgKey.toString(16).padStart(6, '0')}`, backgroundShare: +(bgN / total).toFixed(3), brighterShare: +(brighter / total).toFixed(3) };
    console.log('[e2e] base map pixels', baseStats);
    expect(baseStats.distinctColours, 'base map: distinct colours').toBeGreaterThan(100);
    expect(baseStats.backgroundShare, 'base map: share of the most common colour').toBeLessThan(0.8);
    expect(baseStats.brighterShare, 'base map: share of pixels clearly brighter than the background (roads)').toBeGreaterThan(0.05);

    // (b) Each layer alone vs the base map: changed pixels must be at that layer's sensors.
    const byKind = (k: DemoLayer) => catalogue.filter((s) => s.kind === LAYER_TYPE[k]);
    const parkingReach = (s: Sensor) => {
      const cap = typeof s.attributes.capacity === 'number' ? s.attributes.capacity : 0;
      // The car-park type's size: 7–30 px by total spaces over 0–1500, by area; the capacity stands in for the spaces
      // reported (with a margin), + 1.5 px per severity step (up to 3 for over capacity), the flag ring and anti-aliasing.
      return Math.min(30, 7 + 23 * Math.sqrt(Math.max(0, (cap * 1.2) / 1500))) + 4.5 + 6;
    };
    const reach: Record<DemoLayer, (s: Sensor) => number> = {
      traffic: () => 10, // widest state 11.5 px (+4 px flag halo), halved, + anti-aliasing
      parking: parkingReach,
      air: () => 6 + 6 + 4, // radius 6 px + 1.5 px per severity (up to 4) + outline + anti-aliasing
    };
    /** At least this many changed pixels around a sensor for it to count as drawn. */
    const minPerSensor: Record<DemoLayer, number> = { traffic: 4, parking: 60, air: 20 };

    const results: LayerPixelStats[] = [];
    for (const kind of KINDS) {
      await guard(showLayers(page, { traffic: kind === 'traffic', parking: kind === 'parking', air: kind === 'air' }));
      const sensors = byKind(kind);
      const px = await project(page, sensors.map(coordsOf));
      const shot = await shoot(page, `e2e-map-${kind}.png`);
      // A sensor drawn inside a cluster is drawn by the cluster's disc, at its worst member's place.
      const clustered = await clusteredSensors(page);
      const pxOf = new Map(sensors.map((s, i) => [s.id, px[i]!]));
      // The layer's alarms: a symbol at each drawn place, a district's or area's outline for a group or zone alarm.
      const marks = await page.evaluate(() => window.__citydesk!.alarmSymbols ?? null);
      const zones = (marks?.items ?? []).flatMap((i) => i.zone);
      const [symbolPx, ...zonePx] = await project(page, [marks?.drawnAt ?? [], ...zones]);
      const alarmMarks = [...(symbolPx ?? []).map((p) => ({ px: [p], reach: ALARM_SYMBOL_REACH })), ...zonePx.map((px) => ({ px, reach: ZONE_OUTLINE_REACH }))];
      const stats = layerPixelStats(
        kind,
        base.png,
        shot.png,
        region,
        sensors.map((s, i) => {
          const c = clustered.get(s.id);
          return c ? { id: s.id, px: pxOf.get(c.worstId)!, reach: c.radius + 8 } : { id: s.id, px: px[i]!, reach: reach[kind](s) };
        }),
        minPerSensor[kind],
        alarmMarks,
      );
      console.log('[e2e] layer pixels', { ...stats, uncovered: stats.uncovered.slice(0, 10) });
      results.push(stats);
    }
    await guard(showLayers(page, { traffic: true, parking: true, air: true }));

    // The home key returns to the whole city: every sensor in view again.
    await page.getByTestId('map').click({ position: { x: 5, y: 5 } }); // focus the page, not a text field
    await page.keyboard.press('h');
    await sleep(1500); // the flight home
    await animationFrames(page, 2);
    const home = await mapBox(page);
    const everywhere = (await project(page, catalogue.map(coordsOf))).flat();
    const outside = everywhere.filter(([x, y]) => x < 0 || y < 0 || x > home.width || y > home.height);
    expect(outside.length, 'sensor coordinates outside the map after the home key').toBe(0);

    for (const s of results) {
      // Enough of the layer's sensors are on screen to make the check meaningful.
      expect(s.onScreen, `${s.kind}: sensors on screen`).toBeGreaterThanOrEqual(s.kind === 'traffic' ? 200 : s.kind === 'parking' ? 6 : 15);
      // Nearly every on-screen sensor has drawn pixels around it (a layer that draws nothing fails here).
      expect(s.covered / s.onScreen, `${s.kind}: on-screen sensors with drawn pixels (${s.covered}/${s.onScreen}; missing: ${s.uncovered.slice(0, 10).join(', ')})`).toBeGreaterThanOrEqual(0.9);
      // ... and the changes are where the sensors are, not elsewhere (e.g. a layer drawn at the wrong place or scale).
      expect(s.changedNear / s.changed, `${s.kind}: changed pixels near sensors (${s.changedNear}/${s.changed})`).toBeGreaterThanOrEqual(0.95);
    }
    const [traffic, parking, air] = results as [LayerPixelStats, LayerPixelStats, LayerPixelStats];
    expect(traffic.changed, 'traffic: changed pixels').toBeGreaterThan(5_000);
    // The starter rules' "car park full" alarms put their symbols on the fullest car parks (alarms stay on the map
    // whatever layer is shown, so in both pictures): what changes is the rest of each car park's symbol.
    expect(parking.changed, 'parking: changed pixels').toBeGreaterThan(6 * 25);
    expect(air.changed, 'air: changed pixels').toBeGreaterThan(15 * 60);
  });

  it('hover on a car park shows the engine values in the tooltip; click opens the panel with a drawn chart', async () => {
    requireBoot();
    const port = host!.port;
    // Air points grow with how bad the air is and lie over car parks in the centre: hidden here, so that the car park is hovered.
    await guard(showLayers(page, { traffic: true, parking: true, air: false }));
    // The map opens on every sensor of the city, where car parks crowd together: zoom in (the mouse wheel, at the
    // first candidate) so that one stands clear of the others, as an operator would.
    const first = catalogue.find((s) => s.id === HOVER_CANDIDATES[0]);
    expect(first, `${HOVER_CANDIDATES[0]} in the catalogue`).toBeDefined();
    const box = await mapBox(page);
    const parking = catalogue.filter((s) => s.kind === LAYER_TYPE.parking);
    let centres: [number, number][][] = [];
    const centreOf = (id: string) => centres[parking.findIndex((s) => s.id === id)]![0]!;
    let targetId: string | undefined;
    // Overlapping symbols are drawn as one cluster until they stand apart: zoom in further while the candidates are in one.
    for (let notches = 11; notches > 0 && !targetId; notches = (await page.evaluate(() => window.__citydesk!.mapDrawn?.zoom ?? 0)) < 17 ? 4 : 0) {
      const [firstPx] = (await project(page, [coordsOf(first!)]))[0]!;
      await wheelZoom(page, firstPx!, notches);
      centres = await project(page, parking.map(coordsOf));
      const clustered = await clusteredSensors(page);
      targetId = HOVER_CANDIDATES.find((id) => {
        const [x, y] = centreOf(id);
        const inView = x > 40 && y > 80 && x < box.width - 60 && y < box.height - 40;
        const clear = parking.every((o) => {
          if (o.id === id) return true;
          const [ox, oy] = centreOf(o.id);
          return Math.hypot(ox - x, oy - y) > 32;
        });
        return inView && clear && !clustered.has(id);
      });
    }
    await shoot(page, 'e2e-map-zoomed.png');
    expect(targetId, `none of ${HOVER_CANDIDATES.join(', ')} is on screen and clear of other car parks`).toBeDefined();
    const sensor = parking.find((s) => s.id === targetId)!;
    const [cx, cy] = centreOf(sensor.id);
    const pageX = box.x + cx;
    const pageY = box.y + cy;

    // Hover: the tooltip names the car park and shows its occupancy as the engine holds it.
    await page.mouse.move(pageX - 20, pageY - 20);
    await page.mouse.move(pageX, pageY, { steps: 4 });
    const tooltip = page.getByTestId('tooltip');
    await guard(expect.poll(async () => (await tooltip.isVisible()) && ((await tooltip.textContent()) ?? ''), { timeout: 30_000 }).toContain(sensor.id));
    const tipText = (await tooltip.textContent()) ?? '';
    expect(tipText).toContain(sensor.name);
    expect(tipText).toContain('Car park');
    const tip = await expectShownMatchesEngine('tooltip occupancy', port, sensor.id, async () => {
      const rows = await tooltipRows(page);
      return { vehicleCount: parseNumber(rows.Vehicles), totalSpaces: parseNumber(rows['Total spaces']) };
    });
    // The headline, from the registry: occupancy with its unit and colour band.
    expect((await tooltipRows(page)).Occupancy ?? '').toMatch(/^\d+ % · \S/);
    expect(await page.getByTestId('tooltip-provenance').getAttribute('data-provenance')).toBe('measured');
    console.log('[e2e] tooltip', sensor.id, tip);
    expect(tip.shown.vehicleCount, 'tooltip shows a vehicle count').not.toBeNull();

    // Click: the panel opens with the id, the latest values as the engine holds them, and a chart.
    await page.mouse.click(pageX, pageY);
    const panel = page.getByTestId('sensor-panel');
    await guard(expect.poll(async () => (await panel.isVisible()) && ((await panel.textContent()) ?? ''), { timeout: 30_000 }).toContain(sensor.id));
    expect(await panel.locator('h2').textContent()).toBe(sensor.name);
    const panelValues = await expectShownMatchesEngine('panel latest values', port, sensor.id, async () => {
      const latest = await panelSection(page, 'Latest values');
      return { vehicleCount: parseNumber(latest.Vehicles), totalSpaces: parseNumber(latest['Total spaces']) };
    });
    console.log('[e2e] panel', sensor.id, panelValues);
    expect(panelValues.shown.vehicleCount).not.toBeNull();

    // The chart has something to draw: the engine holds readings for this car park in the last 6 hours.
    const history = await engineCall<SensorHistory>(port, 'history', { sensorId: sensor.id });
    expect(history.points.length, 'engine history points').toBeGreaterThanOrEqual(2);

    const chart = page.getByTestId('sensor-chart');
    await chart.locator('canvas').first().waitFor({ state: 'attached', timeout: WAIT_MS });
    // uPlot's canvas: the two series (vehicles #4fc3f7, total spaces #ffb300) must have been stroked.
    const readCanvas = () =>
      chart.evaluate((el) => {
        const canvas = el.querySelector('canvas');
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx || canvas.width === 0 || canvas.height === 0) return null;
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        let vehicles = 0;
        let spaces = 0;
        const colours = new Set<number>();
        for (let i = 0; i < img.length; i += 4) {
          if (img[i + 3]! === 0) continue;
          painted++;
          const r = img[i]!;
          const g = img[i + 1]!;
          const b = img[i + 2]!;
          colours.add((r << 16) | (g << 8) | b);
          if (Math.abs(r - 0x4f) + Math.abs(g - 0xc3) + Math.abs(b - 0xf7) < 40) vehicles++;
          if (Math.abs(r - 0xff) + Math.abs(g - 0xb3) + Math.abs(b - 0x00) < 40) spaces++;
        }
        return { width: canvas.width, height: canvas.height, painted, vehicles, spaces, distinct: colours.size };
      });
    await expect.poll(async () => (await readCanvas())?.vehicles ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
    const canvasStats = (await readCanvas())!;
    console.log('[e2e] chart canvas', canvasStats);
    expect(canvasStats.width).toBeGreaterThan(100);
    expect(canvasStats.height).toBeGreaterThan(100);
    expect(canvasStats.vehicles, 'vehicle-count series pixels').toBeGreaterThanOrEqual(30);
    expect(canvasStats.spaces, 'total-spaces series pixels').toBeGreaterThanOrEqual(30);
    expect(canvasStats.distinct, 'distinct colours on the chart canvas').toBeGreaterThan(10);

    await shoot(page, 'e2e-map-selected.png'); // before the element screenshot, which scrolls the panel
    // And it reaches the screen: the chart element's screenshot is not blank.
    const chartPng = decodePng(await chart.screenshot({ path: join(OUT_DIR, 'e2e-chart.png') }));
    const chartColours = new Set<number>();
    for (let i = 0; i < chartPng.data.length; i += 4) chartColours.add((chartPng.data[i]! << 16) | (chartPng.data[i + 1]! << 8) | chartPng.data[i + 2]!);
    expect(chartColours.size, 'distinct colours in the chart screenshot').toBeGreaterThan(20);
  });

  it('raised no page errors, console errors, CSP violations or failed requests', () => {
    expect(watch, 'page watchers installed').not.toBeNull();
    expect(watch!.cspViolations, 'CSP violations').toEqual([]);
    expect(watch!.pageErrors, 'uncaught page errors').toEqual([]);
    expect(watch!.consoleErrors, 'console errors').toEqual([]);
    expect(watch!.badRequests, 'failed requests').toEqual([]);
  });
});
