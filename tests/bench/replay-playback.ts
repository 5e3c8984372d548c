/**
 * Replay playback in the real renderer (issue 10: "playing at 3600x keeps the UI responsive and memory flat"), in
 * headless Chromium with software WebGL on the demo city. Two phases, each against a baseline measured in the same run:
 *
 * 1. Responsiveness. The browser-mode host records the Aarhus demo feed at --speed 3600 into a fresh cache for a
 *    warm-up; then the same page is measured twice for the same wall time: live (the map, list and panels following
 *    the feed at 3600x: the baseline) and replay (entered from an alarm row, moved to the oldest data held, played at
 *    3600x while the live feed keeps arriving underneath). Each reports the requestAnimationFrame interval (p50 / p99)
 *    and long tasks (> 50 ms) per second; replay also reports frames shown per second and how far the replayed instant
 *    moved against wall time × 3600. Target: replay's p99 frame interval at most 1.5 × live's (responsive as live is),
 *    at 80 % of the pace or more.
 * 2. Memory. The host is restarted on the same cache with the feed at real speed (so that the live state underneath
 *    hardly grows), and a fresh page is measured for the same wall time live (baseline) and then replaying the first
 *    day of the recorded data at 3600x over and over (back to its start at its end). The JS heap is read
 *    after a forced GC every few seconds; the least-squares slope, projected over an hour, is the figure. Target: less
 *    than 10 % of the heap at the start of the replay run per hour of playback (memory flat).
 *
 * BENCH_REPLAY_SECONDS sets each measured wall time of phase 1 (default 60 s), BENCH_REPLAY_MEMORY_SECONDS phase 2's
 * (default 180 s). The machine is shared and software GL is slow: the figures are ratios against the same run.
 * Needs the e2e build of the renderer (its test hooks): `npx vite build --mode e2e`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { engineCall, startHost, stopGroup } from '../e2e/harness';
import { RENDERER_DIR, chromiumMissing, launchChromium } from './chromium';
import { quantile, runPartIfMain, type PartResult } from './report';

const SECONDS = Number(process.env.BENCH_REPLAY_SECONDS ?? 60);
const MEMORY_SECONDS = Number(process.env.BENCH_REPLAY_MEMORY_SECONDS ?? 180);
const HEAP_SAMPLE_S = 10;
/** The span replayed over and over in phase 2. */
const LOOP_MS = 24 * 3600_000;
const WARMUP_S = 40;
const SPEED = 3600;
const RATIO_TARGET = 1.5;
const HEAP_TARGET = 0.1;
const PACE_TARGET = 0.8;

interface Window_ {
  __benchFrames: number[];
  __benchLong: number;
  __benchInstants: number[];
}

interface Run {
  p50: number;
  p99: number;
  frames: number;
  longPerS: number;
  heapStart: number;
  heapEnd: number;
  /** Replay only: distinct frames shown, and the instant's start and end. */
  shown?: number;
  from?: number;
  to?: number;
}

async function heap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
}

/** Measures `seconds` of the page as it is: rAF intervals, long tasks, heap at start and end (after a GC). */
async function measure(page: Page, cdp: CDPSession, seconds: number, replay: boolean): Promise<Run> {
  const heapStart = await heap(cdp);
  // A string, not a function: the bench runs under tsx, whose helper for named functions does not exist in the page.
  await page.evaluate(`(() => {
    const w = window;
    w.__benchFrames = [];
    w.__benchLong = 0;
    w.__benchInstants = [];
    let last = performance.now();
    const loop = (t) => {
      w.__benchFrames.push(t - last);
      last = t;
      const at = document.querySelector('[data-testid=replay-band]')?.getAttribute('data-frame-at');
      if (at && Number(at) !== w.__benchInstants.at(-1)) w.__benchInstants.push(Number(at));
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    new PerformanceObserver((list) => { w.__benchLong += list.getEntries().length; }).observe({ type: 'longtask', buffered: false });
  })()`);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const got = await page.evaluate(() => {
    const w = window as unknown as Window_;
    const out = { frames: w.__benchFrames.slice(1), long: w.__benchLong, instants: w.__benchInstants };
    w.__benchFrames = [];
    return out;
  });
  const heapEnd = await heap(cdp);
  const sorted = [...got.frames].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    frames: sorted.length,
    longPerS: got.long / seconds,
    heapStart,
    heapEnd,
    ...(replay ? { shown: got.instants.length, from: got.instants[0], to: got.instants.at(-1) } : {}),
  };
}

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const pct = (r: Run) => (r.heapEnd - r.heapStart) / r.heapStart;
const runText = (r: Run) =>
  `rAF p50 ${r.p50.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms over ${r.frames} frames; ${r.longPerS.toFixed(2)} long tasks/s; heap ${mb(r.heapStart)} -> ${mb(r.heapEnd)} (${(pct(r) * 100).toFixed(1)} %)`;

export async function replayPlaybackBench(): Promise<PartResult> {
  const result: PartResult = { rows: [], headlines: [] };
  const missing = chromiumMissing();
  const assets = join(RENDERER_DIR, 'assets');
  const hooks = !missing && readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('__citydesk'));
  if (missing || !hooks) {
    result.skipped = [`replay playback at 3600x: ${missing ?? 'skipped: the renderer is a production build without test hooks (npx vite build --mode e2e)'}`];
    return result;
  }
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-bench-replay-'));
  const env = { ...process.env };
  delete env.CITYDESK_FEED_URL;
  delete env.CITYDESK_TOKEN;
  try {
    await responsiveness(result, dir, env);
    await memory(result, dir, env);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

/** Phase 1: frame intervals live and replaying, with the live feed at 3600x underneath (it also fills the cache). */
async function responsiveness(result: PartResult, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const host = await startHost(['--db', join(dir, 'cache.db'), '--speed', String(SPEED)], env);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(host.url);
    await page.waitForFunction(() => (window as unknown as { __citydesk?: { mapLoaded: boolean } }).__citydesk?.mapLoaded === true, null, { timeout: 120_000 });
    // Warm-up: the cache fills with WARMUP_S × 3600 s of the demo week; alarms appear in the list.
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    await page.waitForSelector('[data-testid=alarm-replay]', { timeout: 120_000 });

    const live = await measure(page, cdp, SECONDS, false);
    result.rows.push({ name: 'live (baseline)', value: runText(live) });

    // Into replay from an alarm row, then to the oldest data held, and play.
    await page.locator('[data-testid=alarm-replay]').first().click();
    await page.waitForSelector('[data-testid=replay-band]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=replay-band]')?.getAttribute('data-frame-at') !== '', null, { timeout: 60_000 });
    const frame = await engineCall<{ extent: { from: number | null; to: number | null } }>(host.port, 'replayFrame', { at: Date.now() });
    const from = frame.extent.from!;
    await page.evaluate((t) => (window as unknown as { __citydesk: { replay: { seek(at: number): void } } }).__citydesk.replay.seek(t), from);
    await page.waitForFunction((t) => document.querySelector('[data-testid=replay-band]')?.getAttribute('data-frame-at') === String(t), from, { timeout: 60_000 });
    await page.evaluate((speed) => (window as unknown as { __citydesk: { replay: { play(s: number): void } } }).__citydesk.replay.play(speed), SPEED);
    const replay = await measure(page, cdp, SECONDS, true);
    const stillPlaying = await page.locator('[data-testid=replay-band]').getAttribute('data-playing');
    const error = await page.locator('[data-testid=replay-error]').count();
    const moved = (replay.to ?? 0) - (replay.from ?? 0);
    // The pace kept: the instant shown moved by about wall time × speed (the first frame's wait aside).
    const pace = moved / (SECONDS * 1000 * SPEED);
    result.rows.push({ name: 'replay at 3600x', value: runText(replay) });
    result.rows.push({
      name: 'replay progress',
      value: `${replay.shown} frames shown (${((replay.shown ?? 0) / SECONDS).toFixed(1)} per s); instant moved ${(moved / 3600_000).toFixed(1)} h in ${SECONDS} s (${(moved / (SECONDS * 1000)).toFixed(0)}x; still playing: ${stillPlaying}; errors shown: ${error})`,
    });

    result.headlines.push({
      name: 'replay 3600x: rAF interval p99',
      figure: `${replay.p99.toFixed(0)} ms (p50 ${replay.p50.toFixed(0)})`,
      baseline: `live ${live.p99.toFixed(0)} ms (p50 ${live.p50.toFixed(0)})`,
      ratio: `${(replay.p99 / live.p99).toFixed(2)}x`,
      target: `<= ${RATIO_TARGET}x live's p99, pace >= ${PACE_TARGET * 100} % of 3600x`,
      met: replay.p99 <= RATIO_TARGET * live.p99 && pace >= PACE_TARGET && error === 0,
    });
    await page.close();
  } finally {
    await browser.close();
    await stopGroup(host);
  }

}

/** Phase 2: the heap's trend live and replaying over and over, on the same cache with the feed at real speed. */
async function memory(result: PartResult, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const quiet = await startHost(['--db', join(dir, 'cache.db'), '--speed', '1'], env);
  const browser2 = await launchChromium();
  try {
    const page = await browser2.newPage({ viewport: { width: 1440, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(quiet.url);
    await page.waitForFunction(() => (window as unknown as { __citydesk?: { mapLoaded: boolean } }).__citydesk?.mapLoaded === true, null, { timeout: 120_000 });
    const live = await heapTrend(cdp, MEMORY_SECONDS);
    result.rows.push({ name: 'memory: live at 1x (baseline)', value: trendText(live) });

    const extent = (await engineCall<{ extent: { from: number | null; to: number | null } }>(quiet.port, 'replayFrame', { at: Date.now() })).extent;
    const from = extent.from!;
    await page.evaluate((t) => (window as unknown as { __citydesk: { replay: { enter(at: number): void } } }).__citydesk.replay.enter(t), from);
    await page.waitForSelector('[data-testid=replay-band]', { timeout: 30_000 });
    // Over and over: a day of the recorded data (24 s at 3600x), back to its start whenever the frame shown reaches its
    // end (or playback stops at the newest data held).
    const loopEnd = Math.min(extent.to!, from + LOOP_MS);
    await page.evaluate(`(() => {
      const hooks = window.__citydesk.replay;
      window.__benchLoops = 0;
      hooks.play(${SPEED});
      window.__benchLoop = setInterval(() => {
        const band = document.querySelector('[data-testid=replay-band]');
        if (!band) return;
        const at = Number(band.getAttribute('data-frame-at') || 0);
        if (at >= ${loopEnd} || band.getAttribute('data-playing') === 'false') {
          window.__benchLoops++;
          hooks.seek(${from});
          hooks.play(${SPEED});
        }
      }, 250);
    })()`);
    const replay = await heapTrend(cdp, MEMORY_SECONDS);
    const loops = await page.evaluate(() => (window as unknown as { __benchLoops: number }).__benchLoops);
    const errors = await page.locator('[data-testid=replay-error]').count();
    result.rows.push({
      name: 'memory: replay at 3600x',
      value: `${trendText(replay)}; ${((loopEnd - from) / 3600_000).toFixed(0)} h of the recorded ${((extent.to! - from) / 3600_000).toFixed(0)} h played through ${loops} times; errors shown: ${errors}`,
    });
    const perHour = replay.slopePerS * 3600;
    result.headlines.push({
      name: 'replay 3600x: JS heap trend',
      figure: `${mb(perHour)} per hour of playback (${((perHour / replay.start) * 100).toFixed(1)} % of ${mb(replay.start)}), ${MEMORY_SECONDS} s measured`,
      baseline: `live ${mb(live.slopePerS * 3600)} per hour`,
      ratio: `${mb(replay.end)} at the end vs ${mb(live.end)} live`,
      target: `< ${HEAP_TARGET * 100} % of the start heap per hour`,
      met: perHour / replay.start < HEAP_TARGET && loops >= 2 && errors === 0,
    });
  } finally {
    await browser2.close();
    await stopGroup(quiet);
  }
}

interface Trend {
  start: number;
  end: number;
  /** Least-squares slope of the heap after GC, bytes per second. */
  slopePerS: number;
  samples: number;
}

/** The JS heap after a forced GC every HEAP_SAMPLE_S seconds for `seconds`, and its trend. */
async function heapTrend(cdp: CDPSession, seconds: number): Promise<Trend> {
  const points: [number, number][] = [];
  const t0 = Date.now();
  for (;;) {
    points.push([(Date.now() - t0) / 1000, await heap(cdp)]);
    if (Date.now() - t0 >= seconds * 1000) break;
    await new Promise((r) => setTimeout(r, HEAP_SAMPLE_S * 1000));
  }
  return { start: points[0]![1], end: points.at(-1)![1], slopePerS: slope(points), samples: points.length };
}

/** Least squares. */
export function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const sxy = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const trendText = (t: Trend) => `heap ${mb(t.start)} -> ${mb(t.end)} over ${t.samples} samples; trend ${mb(t.slopePerS * 60)} per minute`;

runPartIfMain(import.meta.url, `Replay playback at ${SPEED}x in Chromium (software GL; baseline: the same page live, same run)`, replayPlaybackBench);
