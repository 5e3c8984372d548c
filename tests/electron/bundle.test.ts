/**
 * Runs build/bundle.mjs into a temporary folder and exercises what came out, without the Electron binary:
 * the preload in a vm with a fake `electron`, and the engine host in a child Node process with a simulated
 * process.parentPort (Electron's MessagePortMain events are { data, ports }; Node's MessagePort is wrapped to match).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const spawnSyncNode = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8' });
let out: string;

beforeAll(() => {
  // Inside the repository, so that the bundles resolve the one external package (better-sqlite3, native) as they
  // do in the packaged app, from node_modules.
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  out = mkdtempSync(path.join(root, 'dist', 'bundle-test-'));
  execFileSync(process.execPath, [path.join(root, 'build', 'bundle.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(root, 'build', 'bundle.mjs'), '--cli', '--out', path.join(out, 'cli')], { cwd: root, stdio: 'pipe' });
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bundles', () => {
  function loadPreload() {
    const code = readFileSync(path.join(out, 'preload', 'preload.cjs'), 'utf8');
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const ipcListeners = new Map<string, (e: { ports: unknown[] }) => void>();
    const windowListeners = new Map<string, (e: { data: unknown; origin: string }) => void>();
    const invoked: unknown[][] = [];
    const posted: unknown[][] = [];
    const timers: (() => void)[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        on: (ch: string, l: (e: { ports: unknown[] }) => void) => ipcListeners.set(ch, l),
        invoke: (...a: unknown[]) => (invoked.push(a), Promise.resolve()),
      },
    };
    const window = {
      location: { protocol: 'app:', origin: 'app://citydesk' },
      postMessage: (...a: unknown[]) => posted.push(a),
      addEventListener: (ev: string, l: (e: { data: unknown; origin: string }) => void) => windowListeners.set(ev, l),
    };
    const module = { exports: {} };
    vm.runInNewContext(code, {
      module,
      exports: module.exports,
      window,
      setTimeout: (fn: () => void) => timers.push(fn),
      clearTimeout: () => {},
      require: (m: string) => {
        required.push(m);
        if (m !== 'electron') throw new Error(`sandboxed preload cannot require ${m}`);
        return electron;
      },
    });
    const port = (n: number) => ({ n, close() {} });
    return {
      required, exposed, invoked, posted, timers, window, port,
      fromMain: (p: unknown) => ipcListeners.get('citydesk:engine-port')!({ ports: [p] }),
      pageAsks: (origin = 'app://citydesk') => windowListeners.get('message')!({ data: { type: 'citydesk:engine-port-request' }, origin }),
      ipcChannels: () => [...ipcListeners.keys()],
    };
  }

  it('preload requires only electron and exposes exactly platform, version, about, notify, setSupervisorPassphrase', () => {
    const p = loadPreload();
    expect(p.required).toEqual(['electron']);
    expect(Object.keys(p.exposed)).toEqual(['citydesk']);
    const api = p.exposed.citydesk as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['about', 'notify', 'platform', 'setSupervisorPassphrase', 'version']);
    expect(api.platform).toBe('electron');
    expect(api.version).toBe(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    void (api.about as () => Promise<unknown>)();
    void (api.notify as (t: string, b: string) => Promise<unknown>)('T', 'B');
    expect(p.invoked).toEqual([['app:about'], ['app:notify', { title: 'T', body: 'B' }]]);
    expect(p.ipcChannels()).toEqual(['citydesk:engine-port']);
  });

  it('preload forwards the engine port to a listening page, holding it until the page asks', () => {
    const p = loadPreload();
    const a = p.port(1);
    p.pageAsks(); // page starts first (the usual order: did-finish-load comes after the page's scripts ran)
    expect(p.invoked).toEqual([]); // nothing delivered yet: wait for main's port
    p.fromMain(a);
    expect(p.posted).toEqual([[{ type: 'citydesk:engine-port' }, '*', [a]]]);
    // Engine restarted: the fresh port goes straight through.
    const b = p.port(2);
    p.fromMain(b);
    expect(p.posted[1]).toEqual([{ type: 'citydesk:engine-port' }, '*', [b]]);
    // The page re-created its channel: ask main for a fresh port.
    p.pageAsks();
    expect(p.invoked).toEqual([['app:engine-port']]);
    // Requests from another origin are ignored.
    p.pageAsks('https://evil.example');
    expect(p.invoked).toHaveLength(1);
  });

  it('preload holds a port that arrives before the page listens, and forwards it after a grace period if never asked', () => {
    const p = loadPreload();
    const a = p.port(1);
    p.fromMain(a);
    expect(p.posted).toEqual([]);
    p.pageAsks();
    expect(p.posted).toEqual([[{ type: 'citydesk:engine-port' }, '*', [a]]]);

    const q = loadPreload();
    q.fromMain(q.port(7));
    expect(q.posted).toEqual([]);
    q.timers.forEach((t) => t());
    expect(q.posted).toHaveLength(1);

    const r = loadPreload();
    r.window.location.protocol = 'https:';
    r.fromMain(r.port(1));
    r.timers.forEach((t) => t());
    expect(r.posted).toEqual([]);
  });

  it('main requires only electron and Node built-ins', () => {
    const code = readFileSync(path.join(out, 'main', 'main.cjs'), 'utf8');
    const mods = new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect([...mods].filter((m) => m !== 'electron' && !m!.startsWith('node:'))).toEqual([]);
  });

  it('the engine host serves the engine API over a port in plain Node (DEMO feed)', async () => {
    const harness = path.join(out, 'harness.cjs');
    writeFileSync(
      harness,
      `
const { EventEmitter } = require('node:events');
const { MessageChannel } = require('node:worker_threads');
const parent = new EventEmitter();
process.parentPort = parent;
require(${JSON.stringify(path.join(out, 'engine-host.cjs'))});
const { port1, port2 } = new MessageChannel();
const electronish = {
  postMessage: (m) => port2.postMessage(m),
  on: (ev, cb) => (ev === 'message' ? port2.on('message', (d) => cb({ data: d, ports: [] })) : port2.on('close', cb)),
  start: () => port2.start(),
};
parent.emit('message', { data: { type: 'citydesk:engine-port' }, ports: [electronish] });
let events = 0;
const ask = () => port1.postMessage({ t: 'req', id: 1, method: 'snapshot', params: {} });
port1.on('message', (m) => {
  if (m.t === 'evt') { events++; return; }
  // The subscription ('connected') and the catalogue arrive separately: wait for both.
  if (m.id === 1 && (!m.ok || m.result.status.connection !== 'connected' || m.result.catalogue.length === 0)) { setTimeout(ask, 200); return; }
  if (m.id === 1) {
    process.stdout.write(JSON.stringify({ sensors: m.result.catalogue.length, demo: m.result.status.demo }) + '\\n');
    port1.postMessage({ t: 'req', id: 2, method: 'history', params: { sensorId: 1 } });
  } else if (m.id === 2) {
    process.stdout.write(JSON.stringify({ bad: m.ok === false, error: m.error, events }) + '\\n');
    process.kill(process.pid, 'SIGTERM');
  }
});
ask();
setTimeout(() => { process.stdout.write('TIMEOUT\\n'); process.exit(3); }, 25000).unref();
`,
    );
    const logDir = path.join(out, 'engine-logs'); // main passes the app's logs folder
    const child = spawn(process.execPath, [harness, '--assets', path.join(root, 'assets'), '--demo-speed', '60', '--log-dir', logDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines = stdout.split('\n').filter((l) => l.startsWith('{') || l === 'TIMEOUT');
    expect(lines, `stdout:\n${stdout}\nstderr:\n${stderr}`).toHaveLength(2);
    const first = JSON.parse(lines[0]!);
    expect(first.demo).toBe(true);
    expect(first.sensors).toBeGreaterThan(0);
    const second = JSON.parse(lines[1]!);
    expect(second.bad).toBe(true);
    expect(second.error).toMatchObject({ code: 'invalid-params', message: expect.stringMatching(/invalid params for history/) });
    expect(stdout).toMatch(/SIGTERM: closing the engine/);
    expect(code).toBe(0);
    // The same lines in the engine's log file, in the folder main passed (stdout is lost in a packaged app).
    const logged = readFileSync(path.join(logDir, 'engine.1.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; time: string; name: string; msg: string });
    expect(logged.find((l) => l.msg === 'SIGTERM: closing the engine')).toMatchObject({ level: 'info', name: 'engine' });
    expect(logged.some((l) => l.msg.startsWith('engine up'))).toBe(true);
    for (const l of logged) expect(Number.isNaN(Date.parse(l.time))).toBe(false);
  }, 60_000);

  it('the backtest worker bundle sits beside the engine host and runs a backtest on a read-only cache', async () => {
    const { Worker } = await import('node:worker_threads');
    const { openStore } = await import('../../electron/engine/store/store');
    const { backtest } = await import('../../electron/engine/rules/backtest');
    const { parseRule } = await import('../../electron/engine/rules/schema');
    const sensors = [{ id: 'parking:P1', kind: 'car-park' as const, name: 'P1', geometry: { type: 'Point' as const, coordinates: [10.2, 56.15] as [number, number] }, expectedIntervalS: 300, attributes: { capacity: 100 } }];
    const t0 = Date.UTC(2014, 7, 4);
    const readings = Array.from({ length: 200 }, (_, i) => ({ sensorId: 'parking:P1', ts: t0 + i * 300_000, values: { vehicleCount: 80 + (i % 30), totalSpaces: 100 } }));
    const file = path.join(out, 'backtest.db');
    const store = openStore(file, { now: () => t0 });
    store.saveCatalogue(sensors);
    store.ingest('f', readings, 1, t0);
    store.flush();
    const rule = parseRule({ schema: 1, id: 'full', name: 'Full', enabled: true, severity: 'warning', kind: 'car-park', scope: { type: 'kind' }, condition: { type: 'sustained', minutes: 20, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 100 } } });
    const job = { rules: [rule], catalogue: sensors, zones: [], from: t0, to: t0 + 200 * 300_000, sensorIds: ['parking:P1'], stepMs: 60_000 };
    const expected = backtest([rule], readings, sensors, [], { stepMs: 60_000 });
    const messages: { type: string; events?: unknown[]; readings?: number; message?: string }[] = [];
    const worker = new Worker(path.join(out, 'backtest-worker.cjs'), { workerData: { dbFile: file, job } });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: (typeof messages)[number]) => {
        messages.push(m);
        if (m.type !== 'progress') resolve();
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    store.close();
    expect(messages.at(-1)).toEqual({ type: 'done', events: expected, routed: expected, readings: 200 }); // no grouping: routed as raised
    expect(expected.length).toBeGreaterThan(0);
    expect(messages.some((m) => m.type === 'progress')).toBe(true);
  });
});

describe('CLI bundles (build/bundle.mjs --cli)', () => {
  /** Every electron/cli/*.ts with a CLI main (it calls runCli). */
  const cliMains = readdirSync(path.join(root, 'electron', 'cli'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && /^runCli\(/m.test(readFileSync(path.join(root, 'electron', 'cli', f), 'utf8')))
    .map((f) => f.slice(0, -3))
    .sort();

  it('builds one bundle per CLI main: none missing from CLI_ENTRIES, nothing else', () => {
    expect(cliMains).toEqual(expect.arrayContaining(['export', 'feed', 'passphrase', 'record', 'web']));
    const built = readdirSync(path.join(out, 'cli')).filter((f) => f.endsWith('.cjs') && f !== 'backtest-worker.cjs').map((f) => f.slice(0, -4)).sort();
    expect(built, 'a CLI main that build/bundle.mjs does not build: add it to CLI_ENTRIES').toEqual(cliMains);
    // web and record hold the engine: its backtest worker sits beside them (else backtests run on the main loop).
    expect(existsSync(path.join(out, 'cli', 'backtest-worker.cjs'))).toBe(true);
  });

  it('each requires only Node built-ins and better-sqlite3 (native, from node_modules) at run time', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const name of cliMains) {
      const code = readFileSync(path.join(out, 'cli', `${name}.cjs`), 'utf8');
      const mods = new Set([...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!));
      expect([...mods].filter((m) => !builtins.has(m) && !['better-sqlite3', 'bufferutil', 'utf-8-validate'].includes(m)), name).toEqual([]);
    }
  });

  it.each(['web', 'feed', 'record', 'export', 'passphrase'])('%s runs in plain Node: --help prints its usage, an unknown flag is one line and exit 2', (name) => {
    const help = execFileSync(process.execPath, [path.join(out, 'cli', `${name}.cjs`), '--help'], { encoding: 'utf8' });
    expect(help).toMatch(new RegExp(`^usage: npm run ${name} -- `));
    const bad = spawnSyncNode([path.join(out, 'cli', `${name}.cjs`), '--nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown option --nope \(known: .*\)\n$/);
  });
});
