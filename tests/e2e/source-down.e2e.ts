/**
 * End-to-end: honest when a source or the engine is down (issue 12 item 4). Real processes: the demo feed server
 * (token required) and the browser-mode host (--feed/--db), the renderer in Debian's Chromium.
 *
 *   1. Live: sensors live in the status bar, no "source down" anywhere, the feed clock ticking; an alarm row (the
 *      starter rules raise some from the warm-up history) without a source note.
 *   2. The feed stops (SIGTERM): every sensor is "source down since HH:MM" (the time the engine says the feed went
 *      down): the status bar counts "0 live · 0 stale · 0 never · 517 source down", the header says so, the feed
 *      clock says "not advancing for …" as a warning and stops moving, the sensor panel and the tooltip of a car
 *      park say "source down since", every alarm row carries the note, and the car parks carry the "source down"
 *      ring on the map (white halo pixels around each, absent while live). Screenshot e2e-source-down.png.
 *   3. The feed returns on the same port: sensors live again, no note, no ring.
 *   4. The engine goes (the host is stopped): the banner says the screen is frozen at the feed time, a grey wash
 *      covers the screen (the map's pixels lose their colour), the status bar and the header say "frozen at", every
 *      alarm row too. Screenshot e2e-engine-gone.png.
 *
 * The renderer must already be built (`npm run test:e2e` runs `vite build` first). Screenshots go to test-results/.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import { formatClock } from '../../electron/shared/zone-time';
import { OUTAGE_RULE_ID } from '../../electron/shared/built-in-alarms';
import {
  EXPECTED_DRAWN,
  LAYER_TYPE,
  WAIT_MS,
  animationFrames,
  checkPrerequisites,
  coordsOf,
  engineCall,
  freePort,
  groupAlive,
  launchChromium,
  mapBox,
  parseSensorCounts,
  project,
  shoot,
  sleep,
  startFeed,
  startHost,
  stopGroup,
  watchPage,
  type Host,
  type PageWatch,
  type Proc,
  type Shot,
} from './harness';

const TOTAL = EXPECTED_DRAWN.traffic + EXPECTED_DRAWN.parking + EXPECTED_DRAWN.air;
/** The feed client's longest reconnect backoff (30 s) plus connecting and catching up. */
const RECOVERY_MS = 60_000;

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.CITYDESK_FEED_URL;
  delete env.CITYDESK_TOKEN;
  delete env.CITYDESK_DB;
  return env;
}

/** Near-white pixels in a ring 7–12 px around each point (the "source down" halo is drawn there). */
function haloPixels(shot: Shot, box: { x: number; y: number }, points: [number, number][]): number {
  const { png } = shot;
  let n = 0;
  for (const [px, py] of points) {
    const cx = Math.round(box.x + px);
    const cy = Math.round(box.y + py);
    for (let dy = -12; dy <= 12; dy++) {
      for (let dx = -12; dx <= 12; dx++) {
        const r = Math.hypot(dx, dy);
        if (r < 7 || r > 12) continue;
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= png.width || y >= png.height) continue;
        const i = (y * png.width + x) * 4;
        if (Math.min(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!) > 215) n++;
      }
    }
  }
  return n;
}

/** Share of pixels of the map with a visible colour (max - min channel ≥ 40). */
function colouredShare(shot: Shot, box: { x: number; y: number; width: number; height: number }): number {
  const { png } = shot;
  let coloured = 0;
  let all = 0;
  for (let y = Math.round(box.y); y < Math.round(box.y + box.height); y += 2) {
    for (let x = Math.round(box.x); x < Math.round(box.x + box.width); x += 2) {
      const i = (y * png.width + x) * 4;
      const r = png.data[i]!;
      const g = png.data[i + 1]!;
      const b = png.data[i + 2]!;
      all++;
      if (Math.max(r, g, b) - Math.min(r, g, b) >= 40) coloured++;
    }
  }
  return all ? coloured / all : 0;
}

describe('honest when a source or the engine is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-source-down-'));
  const db = join(dir, 'cache.db');
  const token = randomBytes(12).toString('hex');
  let feedPort = 0;
  let feedUrl = '';
  const procs: Proc[] = [];
  let feed: Proc | null = null;
  let host: Host | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let watch: PageWatch | null = null;
  let parks: Sensor[] = [];
  let tz = 'UTC';
  /** Halo pixels around the car parks while live (the map's own white, if any). */
  let liveHalo = 0;
  const OUTAGE_PREFIX = `${OUTAGE_RULE_ID}|`;
  const reached = { live: false, down: false, back: false };
  const need = (phase: keyof typeof reached) => {
    if (!reached[phase]) throw new Error(`an earlier phase failed (${phase} not reached): see the first failing test`);
  };
  const guard = <T,>(p: Promise<T>): Promise<T> => (watch ? watch.guard(p) : p);
  const text = async (testId: string) => ((await page!.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const parkPixels = async () => (await project(page!, parks.map(coordsOf))).map((l) => l[0]!);
  /** The car parks drawn on their own (not inside a cluster) and inside the map, in screen px of the map. */
  let aloneIds = new Set<string>();
  const aloneParkPixels = async () => {
    const px = await parkPixels();
    return px.filter((_, i) => aloneIds.has(parks[i]!.id));
  };
  /**
   * Zooms to the car parks until they are drawn on their own: at the city view they crowd into clusters (one disc with
   * a count), whose tooltip is the cluster's. Like an operator would, to look at one car park.
   */
  const showParksAlone = async () => {
    const p = page!;
    const pts = parks.map((s) => coordsOf(s)[0]!);
    const centre: [number, number] = [pts.reduce((a, c) => a + c[0], 0) / pts.length, pts.reduce((a, c) => a + c[1], 0) / pts.length];
    for (const zoom of [14, 14.5, 15, 15.5, 16, 16.5]) {
      await p.evaluate(([c, z]) => window.__citydesk!.jumpTo(c as [number, number], z as number), [centre, zoom] as const);
      await animationFrames(p, 3);
      const drawn = await p.evaluate(() => window.__citydesk!.mapDrawn ?? null);
      if (!drawn || drawn.zoom === null || Math.abs(drawn.zoom - zoom) > 0.01) continue;
      const clustered = new Set(drawn.clusters.flatMap((c) => c.memberIds));
      const box = await mapBox(p);
      const px = await parkPixels();
      aloneIds = new Set(parks.filter((s, i) => !clustered.has(s.id) && px[i]![0] > 15 && px[i]![1] > 15 && px[i]![0] < box.width - 15 && px[i]![1] < box.height - 15).map((s) => s.id));
      if (aloneIds.size >= 4) return;
    }
    throw new Error(`car parks still clustered or off the map at street zoom (${aloneIds.size} alone)`);
  };

  beforeAll(async () => {
    checkPrerequisites();
    feedPort = await freePort();
    feedUrl = `http://127.0.0.1:${feedPort}`;
    feed = await startFeed(feedPort, [], cleanEnv({ CITYDESK_TOKEN: token }));
    procs.push(feed);
    host = await startHost(['--feed', feedUrl, '--db', db], cleanEnv({ CITYDESK_TOKEN: token }));
    procs.push(host);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    watch = await watchPage(page);
    await page.goto(host.url);
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
  }, WAIT_MS + 60_000);

  afterAll(async () => {
    try {
      await context?.close();
      await browser?.close();
    } catch {
      // the browser may already be gone
    }
    for (const p of procs) await stopGroup(p);
    const alive = procs.filter((p) => p.child.pid !== undefined && groupAlive(p.child.pid)).map((p) => p.child.pid);
    rmSync(dir, { recursive: true, force: true });
    expect(alive, 'process groups still running after stop').toEqual([]);
  });

  it('live: sensors live, no source down, the clock ticking, an alarm row without a note', async () => {
    const p = page!;
    const snap = await engineCall<EngineSnapshot>(host!.port, 'snapshot', {});
    parks = snap.catalogue.filter((s) => s.kind === LAYER_TYPE.parking);
    tz = snap.city?.timeZone ?? 'UTC';
    expect(parks).toHaveLength(EXPECTED_DRAWN.parking);
    await guard(expect.poll(async () => parseSensorCounts(await text('status-sensors'))?.live ?? 0, { timeout: WAIT_MS }).toBeGreaterThan(0));
    expect(await text('status-sensors')).not.toContain('source down');
    expect(await p.getByTestId('header-health').count()).toBe(0);
    expect(await p.getByTestId('status-feed-time').getAttribute('data-clock')).toBe('live');
    // The starter rules raise alarms from the warm-up history: wait for a row that is not a source outage.
    await guard(
      expect
        .poll(async () => await p.locator('[data-testid="alarm-row"]').evaluateAll((rows, prefix) => rows.filter((r) => !(r.getAttribute('data-alarm-id') ?? '').startsWith(prefix)).length, OUTAGE_PREFIX), { timeout: WAIT_MS })
        .toBeGreaterThan(0),
    );
    expect(await p.getByTestId('alarm-source-note').count()).toBe(0);
    await guard(showParksAlone());
    await animationFrames(p, 2);
    const box = await mapBox(p);
    const live = await shoot(p, 'e2e-source-live.png');
    liveHalo = haloPixels(live, box, await aloneParkPixels());
    reached.live = true;
  }, WAIT_MS * 2 + 30_000);

  it('the feed stops: every sensor, count, panel, tooltip, alarm row and the clock say "source down since"', async () => {
    need('live');
    const p = page!;
    expect(await stopGroup(feed!)).toMatchObject({ killed: false });
    const down = await (async () => {
      for (let i = 0; i < 60; i++) {
        const s = await engineCall<EngineSnapshot>(host!.port, 'snapshot', {});
        if (s.status.connection !== 'connected' && s.status.downSince !== null) return s;
        await sleep(500);
      }
      throw new Error('the engine did not report the feed down');
    })();
    const since = `source down since ${formatClock(down.status.downSince, tz)}`;
    console.log(`[e2e source-down] ${since}`);

    await guard(expect.poll(() => text('status-sensors'), { timeout: 30_000 }).toContain(`${TOTAL} source down`));
    expect(parseSensorCounts(await text('status-sensors'))).toEqual({ live: 0, stale: 0, never: 0 });
    expect(await text('header-health')).toContain(since);
    const clock = p.getByTestId('status-feed-time');
    expect(await clock.getAttribute('data-clock')).toBe('not-advancing');
    expect(await text('status-feed-time')).toMatch(/^Feed time: .+ — not advancing for \d+ s$/);
    // The clock does not move (only the "for …" does).
    const shownTime = (await text('status-feed-time')).split(' — ')[0];
    await sleep(2500);
    expect((await text('status-feed-time')).split(' — ')[0]).toBe(shownTime);

    // Every alarm row says so (the outage alarms the engine may raise meanwhile say what they are themselves).
    const notes = await p.locator('[data-testid="alarm-row"]').evaluateAll(
      (rows, prefix) => rows.filter((r) => !(r.getAttribute('data-alarm-id') ?? '').startsWith(prefix)).map((r) => r.querySelector('[data-testid="alarm-source-note"]')?.textContent ?? null),
      OUTAGE_PREFIX,
    );
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n).toContain(since);

    // A car park's panel.
    const park = parks[0]!;
    await p.evaluate((id) => window.__citydesk!.selectSensor(id), park.id);
    await guard(expect.poll(() => text('sensor-source-down'), { timeout: 15_000 }).toContain(since));
    expect(await text('sensor-freshness')).toBe(`Not live: ${since}`);
    expect(await text('sensor-headline')).toContain(`(last received, ${since})`);
    await shoot(p, 'e2e-source-down-panel.png');
    await p.evaluate(() => window.__citydesk!.selectSensor(null));

    // The tooltip over a car park (every sensor is down, whichever is picked). The map widens again once the panel
    // is gone: positions are taken after that.
    await guard(p.getByTestId('sensor-panel').waitFor({ state: 'hidden', timeout: 30_000 }));
    // Opening the panel moved the map to the car park: back to the view of the live picture.
    await guard(showParksAlone());
    await animationFrames(p, 3);
    const box = await mapBox(p);
    // A car park with no alarm symbol on it (a "car park full" alarm's symbol would take the hover).
    const withAlarm = new Set(((await p.evaluate(() => window.__citydesk!.alarmSymbols?.items ?? [])) as { sensorId: string | null }[]).map((i) => i.sensorId));
    const hoverIndex = parks.findIndex((s) => aloneIds.has(s.id) && !withAlarm.has(s.id));
    expect(hoverIndex, 'a car park drawn alone without an alarm symbol on it').toBeGreaterThanOrEqual(0);
    let attempt = 0;
    await guard(
      expect
        .poll(
          async () => {
            const [px, py] = (await parkPixels())[hoverIndex]!;
            const wiggle = (attempt++ % 3) - 1;
            await p.mouse.move(box.x + px - 20, box.y + py - 20);
            await p.mouse.move(box.x + px + wiggle, box.y + py + wiggle, { steps: 4 });
            return (await p.getByTestId('tooltip-source-down').count()) ? text('tooltip-source-down') : '';
          },
          { timeout: 30_000 },
        )
        .toContain(since),
    );
    await p.mouse.move(box.x + 5, box.y + box.height - 5);

    // The map: the car parks carry the "source down" ring (its white halo), which they did not while live.
    await animationFrames(p, 3);
    const shot = await shoot(p, 'e2e-source-down.png');
    const halo = haloPixels(shot, box, await aloneParkPixels());
    console.log(`[e2e source-down] halo pixels around car parks: live ${liveHalo}, down ${halo}`);
    // Car parks crowd together (their rings overlap): at least 50 more near-white pixels than while live.
    expect(halo).toBeGreaterThan(liveHalo + 50);
    reached.down = true;
  }, 120_000);

  it('the feed returns: live again, no note, no ring', async () => {
    need('down');
    const p = page!;
    feed = await startFeed(feedPort, [], cleanEnv({ CITYDESK_TOKEN: token }));
    procs.push(feed);
    await guard(expect.poll(async () => parseSensorCounts(await text('status-sensors'))?.live ?? 0, { timeout: RECOVERY_MS }).toBeGreaterThan(0));
    expect(await text('status-sensors')).not.toContain('source down');
    expect(await p.getByTestId('status-feed-time').getAttribute('data-clock')).toBe('live');
    expect(await p.getByTestId('alarm-source-note').count()).toBe(0);
    reached.back = true;
  }, RECOVERY_MS + 30_000);

  it('the engine goes: the screen is frozen and says so everywhere', async () => {
    need('back');
    const p = page!;
    const box = await mapBox(p);
    await animationFrames(p, 2);
    const before = colouredShare(await shoot(p), box);
    expect(await stopGroup(host!)).toMatchObject({ killed: false });
    const banner = p.getByTestId('transport-banner');
    await guard(expect.poll(() => banner.isVisible(), { timeout: 30_000 }).toBe(true));
    expect(await text('transport-banner')).toMatch(/Data on screen is frozen at \d{1,2} \S+ \d{4} \d\d:\d\d:\d\d \S+ \(feed time\): nothing on it is live/);
    expect(await p.getByTestId('frozen-wash').count()).toBe(1);
    expect(await text('status-sensors')).toMatch(/^Sensors: frozen at \d\d:\d\d \S+$/);
    expect(await text('status-sensors')).not.toMatch(/\d+ live/);
    expect(await text('header-health')).toMatch(/^frozen at .+ — engine unreachable$/);
    expect(await p.getByTestId('status-feed-time').getAttribute('data-clock')).toBe('frozen');
    const rows = await p.getByTestId('alarm-row').count();
    expect(rows).toBeGreaterThan(0);
    expect(await p.getByTestId('alarm-source-note').count()).toBe(rows);
    await animationFrames(p, 2);
    const shot = await shoot(p, 'e2e-engine-gone.png');
    // The banner pushed the workspace down: the map's box now.
    const after = colouredShare(shot, await mapBox(p));
    console.log(`[e2e source-down] coloured share of the map: live ${before.toFixed(3)}, frozen ${after.toFixed(3)}`);
    expect(after).toBeLessThan(0.01);
    expect(watch!.pageErrors).toEqual([]);
  }, 60_000);
});
