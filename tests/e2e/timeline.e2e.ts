/**
 * End-to-end: the timeline across the bottom of the window (issue 10, items 1 and 2), in Chromium against the
 * browser-mode host on the demo feed at --speed 60 with a fresh cache.
 *
 *   1. Opened from live, the strip covers what the cache holds: the engine's `timeline` answers its view, the strip
 *      draws the demo data's alarm marks (pixels of the severity colours in the alarms row) and says how many.
 *   2. The mouse wheel zooms around the pointer: the span shrinks and the time under the pointer stays there; the
 *      keyboard ('-', End) zooms out and shows the live edge.
 *   3. A click seeks into replay at the time under the pointer: the controls show that instant on the city's clock;
 *      a step moves it one minute; a date typed before the oldest data is refused with what is wrong.
 *   4. No uncaught page errors, CSP violations or failed requests. Screenshots: test-results/e2e-timeline-live.png,
 *      e2e-timeline-replay.png.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot, TimelineData } from '../../electron/engine/api';
import { SEVERITY_COLORS } from '../../renderer/map/layers/alerts';
import { instantToInput } from '../../renderer/replay/instantInput';
import { timelineLayout } from '../../renderer/replay/timelineDraw';
import { MINUTE, xToTime } from '../../renderer/replay/timelineScale';
import { WAIT_MS, checkPrerequisites, colourDistance, engineCall, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';

interface ViewBox {
  from: number;
  to: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

async function viewBox(page: Page): Promise<ViewBox> {
  const el = page.getByTestId('timeline-canvas');
  const box = (await el.boundingBox())!;
  const from = Number(await el.getAttribute('data-view-from'));
  const to = Number(await el.getAttribute('data-view-to'));
  return { from, to, ...box };
}

describe('the timeline strip', () => {
  let browser: Browser | null = null;
  let host: Host | null = null;
  let page: Page;
  let watch: PageWatch | null = null;
  let timeZone = 'UTC';

  beforeAll(async () => {
    checkPrerequisites();
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-timeline-e2e-'));
    host = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60']);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    watch = await watchPage(page);
    await page.goto(host.url);
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    timeZone = (await engineCall<EngineSnapshot>(host.port, 'snapshot', {})).city.timeZone;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (host) await stopGroup(host);
  });

  it('opens from live and draws the alarm marks of the demo data', async () => {
    await page.getByTestId('timeline-toggle').click();
    // The alarms the engine holds for the loaded span, drawn (the canvas says how many it drew).
    await watch!.guard(page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline-base]')?.getAttribute('data-alarms') ?? 0) > 0, null, { timeout: WAIT_MS }));
    const v = await viewBox(page);
    expect(v.to - v.from).toBeGreaterThan(60 * MINUTE);
    const engine = await engineCall<TimelineData>(host!.port, 'timeline', { from: v.from, to: v.to });
    expect(engine.alarmsTotal).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('timeline-count').textContent(), { timeout: WAIT_MS }).toMatch(/\d[\d,]* (most severe of [\d,]+ )?alarms?/);

    const shot = await shoot(page, 'e2e-timeline-live.png');
    // Pixels of a severity colour in the alarms row, where the engine's alarms are raised in the view.
    const row = timelineLayout(false).alarms;
    let coloured = 0;
    for (let y = Math.round(v.y + row.y); y < v.y + row.y + row.h; y++) {
      for (let x = Math.round(v.x) + 50; x < v.x + v.width; x++) {
        const i = (y * shot.png.width + x) * 4;
        const px = [shot.png.data[i]!, shot.png.data[i + 1]!, shot.png.data[i + 2]!];
        if (Object.values(SEVERITY_COLORS).some((c) => colourDistance(px, c.slice(0, 3)) < 40)) coloured++;
      }
    }
    expect(coloured, 'severity-coloured marks in the alarms row').toBeGreaterThan(0);
  }, 240_000);

  it('zooms with the wheel around the pointer and with the keyboard', async () => {
    // Home: the oldest data (a view away from the live edge stays put; one showing it moves with it).
    const first = await viewBox(page);
    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await viewBox(page)).from, { timeout: WAIT_MS }).toBeLessThan(first.from);
    const before = await viewBox(page);
    const px = before.x + before.width * 0.6;
    const under = xToTime(px - before.x, before, before.width);
    await page.mouse.move(px, before.y + 30);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewBox(page)).to - (await viewBox(page)).from, { timeout: WAIT_MS }).toBeLessThan((before.to - before.from) * 0.8);
    const after = await viewBox(page);
    expect(Math.abs(xToTime(px - after.x, after, after.width) - under)).toBeLessThan((before.to - before.from) / before.width * 2);

    await page.getByTestId('timeline-canvas').focus();
    await page.keyboard.press('-');
    await expect.poll(async () => { const v = await viewBox(page); return v.to - v.from; }, { timeout: WAIT_MS }).toBeGreaterThan(after.to - after.from);
    await page.keyboard.press('End');
    const live = (await engineCall<TimelineData>(host!.port, 'timeline', { buckets: 10 })).extent.to!;
    await expect.poll(async () => (await viewBox(page)).to, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(live);
  }, 240_000);

  it('a click seeks into replay at the time under the pointer; a step moves a minute; a bad date is refused', async () => {
    const v = await viewBox(page);
    const x = v.width * 0.5;
    const expected = Math.round(xToTime(x, v, v.width));
    await page.mouse.click(v.x + x, v.y + timelineLayout(false).readings.y + 5);
    const input = page.getByTestId('timeline-instant');
    await expect.poll(() => input.count(), { timeout: WAIT_MS }).toBe(1);
    const shown = await input.inputValue();
    // The instant clicked, to within a pixel's worth of time, on the city's clock.
    const perPx = (v.to - v.from) / v.width;
    const candidates = [-1, 0, 1].map((k) => instantToInput(expected + k * perPx, timeZone).slice(0, 16));
    expect(candidates).toContain(shown.slice(0, 16));
    await shoot(page, 'e2e-timeline-replay.png');

    await page.getByTestId('timeline-step-forward').click();
    const stepped = await input.inputValue();
    expect(stepped).not.toBe(shown);
    const toMs = (s: string) => Date.parse(s.replace(' ', 'T') + 'Z');
    expect(toMs(stepped) - toMs(shown)).toBe(MINUTE);

    await input.fill('2001-01-01 00:00');
    await page.getByTestId('timeline-instant-go').click();
    await expect.poll(() => page.getByTestId('timeline-instant-error').textContent(), { timeout: WAIT_MS }).toMatch(/^no data before \d+ \w{3} \d{4} \d\d:\d\d \S+$/);
  }, 240_000);

  it('raised no page errors, CSP violations or failed requests', () => {
    expect(watch!.cspViolations).toEqual([]);
    expect(watch!.pageErrors).toEqual([]);
    expect(watch!.badRequests).toEqual([]);
  });
});
