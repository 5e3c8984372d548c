/**
 * SIGINT and SIGTERM through `npm run`, as a user meets them: the command runs in its own process group and the
 * signal goes to the whole group, as a terminal's Ctrl-C does (npm, and the CLI it runs, both get it; npm may
 * forward it once more). The CLI must flush what it holds and exit 0, and so must npm.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../../electron/demo-feed/server';
import { openStore } from '../../electron/engine/store/store';
import { key, tinyData, waitFor } from '../helpers/feed';
import { sortReadings, stored } from './db';
import { npmRun, scratchProject, type NpmRun, type ScratchProject } from './npm-run';

let project: ScratchProject;
let dir: string;
beforeAll(() => {
  project = scratchProject();
  dir = mkdtempSync(join(tmpdir(), 'citydesk-signals-'));
});
afterAll(() => {
  project.remove();
  rmSync(dir, { recursive: true, force: true });
});
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** The environment of a user's shell, without anything CityDesk-specific this test process may carry. */
function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CITYDESK_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') e[k] = v;
  return { ...e, ...extra };
}

function run(script: string, args: string[], extra: NodeJS.ProcessEnv): NpmRun {
  const r = npmRun(project, script, args, env(extra));
  cleanups.push(() => r.kill());
  return r;
}

const logLines = (logDir: string, name: string) =>
  readdirSync(logDir)
    .filter((f) => f.startsWith(`${name}.`) && f.endsWith('.log'))
    .flatMap((f) => readFileSync(join(logDir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as { level: string; time: string; msg: string });

describe('npm run record', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s to the process group: flushes, says it stopped, npm exits 0; every reading received is stored', async (signal) => {
    const data = tinyData({ steps: 200 });
    let wall = data.start + 60 * 60_000;
    // The test moves the feed clock: a batch goes out only when the test ticks.
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 30 * 60_000, token: 'tok' });
    cleanups.push(() => server.close());
    const sent = () => sortReadings(server.buffered().flatMap((b) => b.readings));
    const db = join(dir, `record-${signal}.db`);
    const logDir = join(dir, `logs-${signal}`);

    const rec = run('record', ['--feed', server.url, '--db', db], { CITYDESK_TOKEN: 'tok', CITYDESK_LOG_DIR: logDir });
    await rec.waitFor(/feed connected/, 90_000);
    await waitFor(() => (stored(db)?.length ?? 0) === sent().length, 30_000, 'warm-up stored');
    for (let i = 0; i < 2; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
    await waitFor(() => (stored(db)?.length ?? 0) === sent().length, 15_000, 'live batches stored');

    // One more batch, then the signal before the store's own commit (250 ms): only the flush on the way out stores it.
    wall += 5 * 60_000;
    server.tick();
    await new Promise((r) => setTimeout(r, 150));
    rec.signalGroup(signal);
    const exit = await rec.exited;
    const { stdout, stderr } = rec.out();
    expect(exit, `stdout:\n${stdout}\nstderr:\n${stderr}`).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(new RegExp(`${signal}: flushing and stopping`));
    expect(stderr).toMatch(/stopped; [\d,]+ readings stored this run/);
    expect(stderr.match(/flushing and stopping/g)).toHaveLength(1); // npm's forwarded signal did not stop it twice

    const got = sortReadings(stored(db)!);
    expect(got.length).toBeGreaterThan(6 * 3);
    expect(got).toEqual(sent());
    expect(new Set(got.map(key)).size).toBe(got.length);

    // The same story in the log file, with levels and times.
    const lines = logLines(logDir, 'record');
    expect(lines.some((l) => l.level === 'info' && l.msg === `${signal}: flushing and stopping`)).toBe(true);
    expect(lines.at(-1)!.msg).toMatch(/^stopped; /);
    for (const l of lines) expect(l.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  }, 180_000);

  it('refuses --token: one line saying why, exit 2, nothing recorded', async () => {
    const db = join(dir, 'refused.db');
    const rec = run('record', ['--feed', 'http://127.0.0.1:9', '--token', 's3cret', '--db', db], { CITYDESK_LOG_DIR: join(dir, 'logs-refused') });
    const exit = await rec.exited;
    const { stderr } = rec.out();
    expect(exit.code).not.toBe(0);
    expect(stderr).toMatch(/^error: --token is not accepted: .*visible to every local user.*CITYDESK_TOKEN.*--token-file/m);
    expect(stderr).not.toContain('s3cret');
    expect(existsSync(db)).toBe(false);
  }, 60_000);
});

describe('npm run web and npm run feed', () => {
  it('web: SIGINT to the group stops the host and the engine, its cache stored and closed; exit 0', async () => {
    const db = join(dir, 'web.db');
    const logDir = join(dir, 'logs-web');
    const web = run('web', ['--port', '0', '--db', db, '--speed', '60'], { CITYDESK_LOG_DIR: logDir });
    const m = await web.waitFor(/CityDesk web: (http:\/\/\S+)/, 150_000);
    const page = await fetch(m[1]!);
    expect(page.status).toBe(200);
    await web.waitFor(/feed connected: /, 60_000);
    await waitFor(() => (stored(db)?.length ?? 0) > 0, 60_000, 'readings of the embedded demo feed in the cache');
    web.signalGroup('SIGINT');
    const exit = await web.exited;
    const { stdout, stderr } = web.out();
    expect(exit, `stdout:\n${stdout}\nstderr:\n${stderr}`).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/SIGINT: stopping/);
    expect(stderr).not.toMatch(/\[error\]/);
    const store = openStore(db, { readonly: true });
    try {
      expect(store.knowsSensor('traffic:158324')).toBe(true); // the shipped catalogue, stored
    } finally {
      store.close();
    }
    const lines = logLines(logDir, 'web');
    expect(lines.some((l) => l.msg.startsWith('CityDesk web: '))).toBe(true);
    expect(lines.at(-1)!.msg).toBe('SIGINT: stopping');
  }, 300_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('feed: %s to the group closes the server; exit 0', async (signal) => {
    const logDir = join(dir, `logs-feed-${signal}`);
    const feed = run('feed', ['--port', '0'], { CITYDESK_LOG_DIR: logDir, CITYDESK_TOKEN: 'tok' });
    await feed.waitFor(/CityDesk demo feed listening on http:\/\/\S+ \(token required\)/, 120_000);
    feed.signalGroup(signal);
    const exit = await feed.exited;
    const { stdout, stderr } = feed.out();
    expect(exit, `stdout:\n${stdout}\nstderr:\n${stderr}`).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(new RegExp(`${signal}: stopping`));
    const files = existsSync(logDir) ? readdirSync(logDir).map((f) => `${f}: ${JSON.stringify(readFileSync(join(logDir, f), 'utf8'))}`) : ['(no folder)'];
    expect(logLines(logDir, 'feed').map((l) => l.msg), `${files.join('\n')}\nstdout:\n${stdout}\nstderr:\n${stderr}`).toContain(`${signal}: stopping`);
  }, 180_000);
});
