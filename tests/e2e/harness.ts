/**
 * Shared machinery of the e2e tests: spawning the CLIs (`npm run web`'s and `npm run feed`'s built JavaScript,
 * dist/cli/web.cjs and feed.cjs) in their own process groups and stopping them, the engine API over WebSocket,
 * Debian's Chromium via playwright-core with SwiftShader, page watchers (errors, CSP, failed requests) and screenshots.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { LngLat, Sensor } from '../../electron/shared/model';
import { engineAuthHeaders } from '../../electron/engine/transport/ws';
import { decodePng, type DecodedPng } from './png';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = join(ROOT, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The demo feed's three layers, by short name. */
export type DemoLayer = 'traffic' | 'parking' | 'air';
export const KINDS: DemoLayer[] = ['traffic', 'parking', 'air'];
/** The registry type id of each demo layer: a sensor's `kind`, the layer toggle's test id, the drawn-count key. */
export const LAYER_TYPE: Record<DemoLayer, string> = { traffic: 'traffic', parking: 'car-park', air: 'citypulse-air-index' };
/** Sensors per layer in the shipped Aarhus catalogue. */
export const EXPECTED_DRAWN: Record<DemoLayer, number> = { traffic: 449, parking: 8, air: 60 };
/** SwiftShader draws a frame in hundreds of ms to seconds: wait generously. */
export const WAIT_MS = 90_000;

export type Counts = Record<DemoLayer, number>;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fails fast with a useful message when Chromium or the built renderer is missing; creates test-results/. */
export function checkPrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome executable.`);
  }
  if (!existsSync(join(ROOT, 'dist/renderer/index.html'))) {
    throw new Error('no built renderer in dist/renderer: run the e2e tests with `npm run test:e2e` (it runs `vite build --mode e2e` first).');
  }
  const assets = join(ROOT, 'dist/renderer/assets');
  if (!readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('__citydesk'))) {
    throw new Error('dist/renderer is a production build, without the test hooks: run the e2e tests with `npm run test:e2e` (it runs `vite build --mode e2e` first).');
  }
  mkdirSync(OUT_DIR, { recursive: true });
}

// ---------------------------------------------------------------------------------------------------------------
// Processes

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r, j) => {
    srv.once('error', j);
    srv.listen(0, '127.0.0.1', () => r());
  });
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Proc {
  child: ChildProcess;
  /** stdout + stderr, in arrival order. */
  output: string[];
  /** Settles when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every process group started by the harness, for a last-resort SIGKILL when the test process exits. */
const started = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
  started.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const p of started) killGroup(p, 'SIGKILL');
    });
  }
}

let clisBuilt = false;
/** Builds the CLIs into dist/cli as `npm run web|feed` does (esbuild, a few seconds); once per test process. */
function buildClis(): void {
  if (clisBuilt) return;
  execFileSync(process.execPath, [join(ROOT, 'build', 'bundle.mjs'), '--cli'], { cwd: ROOT, stdio: 'pipe' });
  clisBuilt = true;
}

/**
 * Runs the built CLI `node dist/cli/<name>.cjs <args>` (as `npm run <name>` does, after building it) from the
 * repository root in its own process group, and resolves once stdout matches `ready` (or rejects with the output on
 * early exit). Its log files go to test-results/logs unless the env says otherwise.
 */
export async function spawnCli(name: string, args: string[], ready: RegExp, opts: { env?: NodeJS.ProcessEnv; label: string; readyTimeoutMs?: number }): Promise<{ proc: Proc; match: RegExpExecArray }> {
  buildClis();
  const env = { CITYDESK_LOG_DIR: join(OUT_DIR, 'logs'), ...(opts.env ?? process.env) };
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist', 'cli', `${name}.cjs`), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) trackGroup(child.pid);
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const proc: Proc = { child, output, exited };
  const match = await new Promise<RegExpExecArray>((resolveReady, reject) => {
    const ms = opts.readyTimeoutMs ?? 60_000;
    const timer = setTimeout(() => reject(new Error(`${opts.label} did not get ready within ${ms / 1000} s. Output:\n${output.join('')}`)), ms);
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      output.push(d.toString());
      buf += d.toString();
      const m = ready.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolveReady(m);
      }
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${opts.label} exited early (code ${code}, signal ${signal}). Output:\n${output.join('')}`));
    });
  });
  return { proc, match };
}

export interface Host extends Proc {
  url: string;
  port: number;
}

/** The per-launch engine secret of each host started here, by port (from the key in the URL the host printed). */
const engineSecrets = new Map<number, string>();

/**
 * Starts the browser-mode host (`npm run web` without the vite build) on a free port with the given options. `url` is
 * the address it printed, with its launch key: opening it gives the page its engine cookie.
 */
export async function startHost(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Host> {
  const port = await freePort();
  const { proc, match } = await spawnCli('web', ['--port', String(port), ...args], /CityDesk web: (http:\/\/\S+)/, { env, label: 'web host' });
  const url = match[1]!;
  const key = new URL(url).searchParams.get('key');
  if (key) engineSecrets.set(port, key);
  return { ...proc, url, port };
}

/** Sets the supervisor passphrase in a cache on the host side (`npm run passphrase`, the passphrase on a pipe). */
export async function setSupervisorPassphrase(dbFile: string, passphrase: string, user: string): Promise<void> {
  buildClis();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'passphrase.cjs'), '--db', dbFile, '--user', user], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin!.end(`${passphrase}\n`);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`npm run passphrase failed (exit ${code}): ${output}`);
}

/** Starts the demo feed server (`npm run feed`) on `port`. */
export async function startFeed(port: number, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Proc> {
  const { proc } = await spawnCli('feed', ['--port', String(port), ...args], /CityDesk demo feed listening on/, { env, label: 'demo feed' });
  return proc;
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to the process group, SIGKILL after `graceMs`. Returns how the process exited and whether it took a
 * SIGKILL to end the group.
 */
export async function stopGroup(proc: Pick<Proc, 'child' | 'exited'>, graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  const pid = proc.child.pid;
  if (pid === undefined) return { code: null, signal: null, killed: false };
  killGroup(pid, 'SIGTERM');
  for (let i = 0; i < graceMs / 100 && groupAlive(pid); i++) await sleep(100);
  let killed = false;
  if (groupAlive(pid)) {
    killed = true;
    killGroup(pid, 'SIGKILL');
    for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
  }
  const exit = await Promise.race([proc.exited, sleep(2000).then(() => ({ code: null, signal: null }))]);
  if (!groupAlive(pid)) started.delete(pid);
  return { ...exit, killed };
}

// ---------------------------------------------------------------------------------------------------------------
// Engine API over WebSocket (what the engine holds, independently of the page)

export async function engineCall<T>(port: number, method: string, params: unknown): Promise<T> {
  const secret = engineSecrets.get(port);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/engine`, secret ? { headers: engineAuthHeaders(port, secret) } : {});
  try {
    return await new Promise<T>((resolveCall, reject) => {
      const timer = setTimeout(() => reject(new Error(`engine ${method}: no answer within 15 s`)), 15_000);
      ws.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      ws.once('open', () => ws.send(JSON.stringify({ t: 'req', id: 1, method, params })));
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as { t: string; id?: number; ok?: boolean; result?: unknown; error?: { code: string; message: string } };
        if (msg.t !== 'res' || msg.id !== 1) return; // events stream in as well
        clearTimeout(timer);
        if (msg.ok) resolveCall(msg.result as T);
        else reject(new Error(`engine ${method} failed: ${msg.error?.code}: ${msg.error?.message}`));
      });
    });
  } finally {
    ws.terminate();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Browser

/** Debian's Chromium with SwiftShader; `extraArgs` are appended (e.g. '--autoplay-policy=no-user-gesture-required'). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--use-angle=swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

export interface PageWatch {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  badRequests: string[];
  /** Races `p` against the first uncaught page error, so that a crashed app fails the waits at once with its stack. */
  guard<T>(p: Promise<T>): Promise<T>;
}

/** Collects console errors, uncaught page errors, CSP violations and failed requests. Call before page.goto. */
export async function watchPage(page: Page): Promise<PageWatch> {
  const w = { consoleErrors: [] as string[], pageErrors: [] as string[], cspViolations: [] as string[], badRequests: [] as string[] };
  let rejectCrash: (e: Error) => void = () => {};
  const crashed = new Promise<never>((_, reject) => (rejectCrash = reject));
  crashed.catch(() => undefined);
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => {
    w.pageErrors.push(e.stack ?? String(e));
    rejectCrash(new Error(`uncaught page error: ${e.stack ?? String(e)}`));
  });
  page.on('requestfailed', (r) => w.badRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('response', (r) => {
    if (r.status() >= 400) w.badRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });
  await page.exposeFunction('__e2eCspViolation', (v: string) => w.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__e2eCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  return { ...w, guard: <T,>(p: Promise<T>): Promise<T> => Promise.race([p, crashed]) };
}

/**
 * Starts the browser-mode host with an in-memory cache and `args`, opens it in a new context of `browser` (`viewport`,
 * deviceScaleFactor 1) and waits for the map to have loaded.
 */
export async function openDesk(browser: Browser, args: string[], viewport: { width: number; height: number }): Promise<{ host: Host; page: Page; watch: PageWatch }> {
  const host = await startHost(['--db', ':memory:', ...args]);
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(host.url);
  await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
  return { host, page, watch };
}

export interface Shot {
  png: DecodedPng;
  raw: Buffer;
}

/** A full-page screenshot, decoded; written to test-results/`name` when a name is given. */
export async function shoot(page: Page, name?: string): Promise<Shot> {
  const raw = await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
  if (name) writeFileSync(join(OUT_DIR, name), raw);
  const png = decodePng(raw);
  return { png, raw };
}

/** Render count and the sensors drawn per demo layer (the hooks count per type id). */
export async function counts(page: Page): Promise<{ renderCount: number; layersDrawn: Counts }> {
  const { renderCount, layersDrawn } = await page.evaluate(() => {
    const h = window.__citydesk!;
    return { renderCount: h.renderCount, layersDrawn: { ...h.layersDrawn } };
  });
  return { renderCount, layersDrawn: { traffic: layersDrawn[LAYER_TYPE.traffic] ?? 0, parking: layersDrawn[LAYER_TYPE.parking] ?? 0, air: layersDrawn[LAYER_TYPE.air] ?? 0 } };
}

/** Waits for deck.gl to render a frame after `afterRenderCount` with exactly `expected` data lengths per layer. */
export async function waitForLayersDrawn(page: Page, afterRenderCount: number, expected: Counts, polling = 100): Promise<void> {
  await page.waitForFunction(
    ({ before, expected }) => {
      const h = window.__citydesk;
      return !!h && h.renderCount > before && Object.entries(expected).every(([typeId, n]) => (h.layersDrawn[typeId] ?? 0) === n);
    },
    { before: afterRenderCount, expected: Object.fromEntries(KINDS.map((k) => [LAYER_TYPE[k], expected[k]])) },
    { timeout: WAIT_MS, polling },
  );
}

/** Sets the layer toggles and waits for deck.gl to have rendered a frame with exactly those layers. */
export async function showLayers(page: Page, visible: Record<DemoLayer, boolean>): Promise<void> {
  const before = (await counts(page)).renderCount;
  for (const k of KINDS) await page.getByTestId(`toggle-${LAYER_TYPE[k]}`).setChecked(visible[k]);
  const expected: Counts = { traffic: visible.traffic ? EXPECTED_DRAWN.traffic : 0, parking: visible.parking ? EXPECTED_DRAWN.parking : 0, air: visible.air ? EXPECTED_DRAWN.air : 0 };
  await waitForLayersDrawn(page, before, expected);
  await animationFrames(page, 2);
}

export async function animationFrames(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (n) =>
      new Promise<void>((r) => {
        let left = n;
        const step = (): void => {
          if (--left <= 0) r();
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    n,
  );
}

/** Parses the status bar's "Sensors: N live · N stale · N never". */
export function parseSensorCounts(text: string): { live: number; stale: number; never: number } | null {
  const m = /Sensors:\s*(\d+)\s*live\s*·\s*(\d+)\s*stale\s*·\s*(\d+)\s*never/.exec(text.replace(/\s+/g, ' '));
  return m ? { live: Number(m[1]), stale: Number(m[2]), never: Number(m[3]) } : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Map geometry and pixels

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Region of the screenshot to analyse: the map container minus the MapLibre controls drawn over it. */
export interface Region {
  box: Box;
  /** 1 = analysed, 0 = excluded (controls). Indexed in map-container pixels. */
  include: Uint8Array;
}

/** The largest per-channel difference between two colours. */
export const colourDistance = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

/** The colour of a screenshot at a place on the map (deviceScaleFactor 1), averaged over a 5x5 patch. */
export async function colourAt(page: Page, png: DecodedPng, lngLat: [number, number]): Promise<[number, number, number]> {
  const [x, y] = await page.evaluate((p) => window.__citydesk!.project(p), lngLat);
  const box = await mapBox(page);
  const sum = [0, 0, 0];
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      const i = ((Math.round(box.y + y) + dy) * png.width + Math.round(box.x + x) + dx) * 4;
      for (let c = 0; c < 3; c++) sum[c]! += png.data[i + c]!;
    }
  return sum.map((s) => Math.round(s / 25)) as [number, number, number];
}

export function pixelDiff(a: DecodedPng, b: DecodedPng, i: number): number {
  const o = i * 4;
  return Math.max(Math.abs(a.data[o]! - b.data[o]!), Math.abs(a.data[o + 1]! - b.data[o + 1]!), Math.abs(a.data[o + 2]! - b.data[o + 2]!));
}

/** Per-channel difference above which a pixel counts as "changed" (layers are saturated colours on a dark map). */
export const DIFF_THRESHOLD = 40;

/** Visits the map-container pixels within `r` px of the polyline (or point), calling `visit(x, y)` (container px). */
export function forEachNear(points: [number, number][], r: number, w: number, h: number, visit: (x: number, y: number) => void): void {
  const seen = new Set<number>();
  const segs = points.length === 1 ? [[points[0]!, points[0]!]] : points.slice(1).map((p, i) => [points[i]!, p]);
  for (const [a, b] of segs) {
    const x0 = Math.max(0, Math.floor(Math.min(a![0], b![0]) - r));
    const x1 = Math.min(w - 1, Math.ceil(Math.max(a![0], b![0]) + r));
    const y0 = Math.max(0, Math.floor(Math.min(a![1], b![1]) - r));
    const y1 = Math.min(h - 1, Math.ceil(Math.max(a![1], b![1]) + r));
    const dx = b![0] - a![0];
    const dy = b![1] - a![1];
    const len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a![0]) * dx + (py - a![1]) * dy) / len2));
        const ex = a![0] + t * dx - px;
        const ey = a![1] + t * dy - py;
        if (ex * ex + ey * ey > r * r) continue;
        const k = y * w + x;
        if (seen.has(k)) continue;
        seen.add(k);
        visit(x, y);
      }
    }
  }
}

/**
 * Zooms the map in with the mouse wheel at (x, y) in map-container px, as an operator would, and waits for the zoom
 * to settle: `notches` wheel notches of 200 px (MapLibre: about 0.28 zoom levels each).
 */
export async function wheelZoom(page: Page, at: [number, number], notches: number): Promise<void> {
  const box = await mapBox(page);
  await page.mouse.move(box.x + at[0], box.y + at[1]);
  for (let i = 0; i < notches; i++) {
    await page.mouse.wheel(0, -200);
    await sleep(200);
  }
  await sleep(1500); // the wheel zoom eases
  await animationFrames(page, 2);
}

export async function mapBox(page: Page): Promise<Box> {
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('map container has no bounding box');
  return box;
}

export async function analysisRegion(page: Page): Promise<Region> {
  const box = await mapBox(page);
  const controls = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="map"] .maplibregl-ctrl')].map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const w = Math.round(box.width);
  const h = Math.round(box.height);
  const include = new Uint8Array(w * h).fill(1);
  for (const c of controls) {
    const margin = 4;
    for (let y = Math.max(0, Math.floor(c.y - box.y - margin)); y < Math.min(h, Math.ceil(c.y - box.y + c.height + margin)); y++) {
      for (let x = Math.max(0, Math.floor(c.x - box.x - margin)); x < Math.min(w, Math.ceil(c.x - box.x + c.width + margin)); x++) include[y * w + x] = 0;
    }
  }
  return { box, include };
}

export async function project(page: Page, lines: LngLat[][]): Promise<[number, number][][]> {
  return page.evaluate((lines) => lines.map((l) => l.map((c) => window.__citydesk!.project(c))), lines);
}

export function coordsOf(s: Sensor): LngLat[] {
  const g = s.geometry;
  return g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
}

/**
 * A module to preload into a product process (node --import) that runs Date `shiftMs` off the true time, for tests
 * that need another time of week or an old cache. The product code is untouched. Returns the module's path.
 */
export function writeClockShiftModule(dir: string, shiftMs: number): string {
  const file = join(dir, 'clock-shift.mjs');
  writeFileSync(
    file,
    `const SHIFT = ${shiftMs};
const RealDate = globalThis.Date;
const realNow = RealDate.now.bind(RealDate);
function ShiftedDate(...args) {
  if (!new.target) return new RealDate(realNow() + SHIFT).toString();
  return args.length === 0 ? new RealDate(realNow() + SHIFT) : new RealDate(...args);
}
ShiftedDate.prototype = RealDate.prototype;
ShiftedDate.now = () => realNow() + SHIFT;
ShiftedDate.parse = RealDate.parse;
ShiftedDate.UTC = RealDate.UTC;
globalThis.Date = ShiftedDate;
`,
  );
  return file;
}
