/**
 * `npm run record`: the real recorder as a child process, following a demo server that runs in this process.
 */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startDemoServer } from '../../electron/demo-feed/server';
import { key, tinyData, waitFor } from '../helpers/feed';
import { buildDb, collect, runCli, sortReadings, spawnCli, stored } from './db';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'citydesk-record-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('record', () => {
  it('records a feed until SIGTERM, flushes on the way out and exits 0; everything sent is stored', async () => {
    const data = tinyData({ steps: 200 });
    let wall = data.start + 60 * 60_000;
    // The test moves the feed clock: a batch goes out only when the test ticks.
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 30 * 60_000, token: 'tok' });
    cleanups.push(() => server.close());
    const advance = (ms: number) => {
      wall += ms;
      server.tick();
    };
    const db = join(dir, 'rec.db');
    const child = spawnCli('record', ['--feed', server.url, '--db', db], { CITYDESK_TOKEN: 'tok' });
    const done = collect(child);
    cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const sentReadings = () => server.buffered().flatMap((b) => b.readings);

    // The warm-up reaches the database (committed by the store's own timer).
    await waitFor(() => (stored(db)?.length ?? 0) === sentReadings().length, 20_000, 'warm-up stored');
    for (let i = 0; i < 3; i++) advance(5 * 60_000);
    await waitFor(() => (stored(db)?.length ?? 0) === sentReadings().length, 10_000, 'live batches stored');

    // One more batch, then SIGTERM well before the store's commit interval: only the exit flush can store it.
    advance(5 * 60_000);
    await new Promise((r) => setTimeout(r, 120));
    child.kill('SIGTERM');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/feed connected/);
    expect(r.stderr).toMatch(/SIGTERM: flushing and stopping/);
    const sent = sortReadings(sentReadings());
    expect(sent.length).toBeGreaterThan(6 * 3);
    const got = stored(db)!;
    expect(got.map((r) => r.ts)).toEqual(sent.map((r) => r.ts)); // iterateReadings is in time order
    expect(sortReadings(got)).toEqual(sent);
    expect(new Set(got.map(key)).size).toBe(got.length);
  });

  it('resumes into an existing database from its cursor', async () => {
    const data = tinyData({ steps: 100 });
    let wall = data.start + 60 * 60_000;
    const server = await startDemoServer({ data, now: () => wall, tickMs: 1e9, warmupMs: 30 * 60_000 });
    cleanups.push(() => server.close());
    const db = join(dir, 'resume.db');
    const sentReadings = () => server.buffered().flatMap((b) => b.readings);
    for (let round = 0; round < 2; round++) {
      const child = spawnCli('record', ['--feed', server.url, '--db', db]);
      const done = collect(child);
      cleanups.push(() => void (child.exitCode === null && child.kill('SIGKILL')));
      await waitFor(() => (stored(db)?.length ?? 0) === sentReadings().length, 20_000, `round ${round} stored`);
      child.kill('SIGINT');
      expect((await done).code).toBe(0);
      // Sent while no recorder runs: the next one fetches it from its cursor.
      for (let i = 0; i < 2; i++) {
        wall += 5 * 60_000;
        server.tick();
      }
    }
    const child = spawnCli('record', ['--feed', server.url, '--db', db]);
    const done = collect(child);
    await waitFor(() => (stored(db)?.length ?? 0) === sentReadings().length, 20_000, 'resumed');
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    expect(sortReadings(stored(db)!)).toEqual(sortReadings(sentReadings()));
  });
});

describe('record: errors', () => {
  it.each([
    ['missing --feed', ['--db', 'x.db']],
    ['missing --db', ['--feed', 'http://127.0.0.1:1']],
    ['--feed not a URL', ['--feed', 'localhost:4600', '--db', 'x.db']],
    ['unknown flag', ['--feed', 'http://127.0.0.1:1', '--db', 'x.db', '--speed', '3']],
    ['flag without value', ['--feed', 'http://127.0.0.1:1', '--db']],
  ])('%s: one line, exit 2, no database created', async (_name, args) => {
    const r = await runCli('record', args.map((a) => (a === 'x.db' ? join(dir, 'x.db') : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: \S.*\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it('refuses a database written by a newer CityDesk, or one it cannot read: one line, exit 1, file untouched', async () => {
    const newer = join(dir, 'newer.db');
    buildDb(newer);
    const h = new Database(newer);
    h.pragma('user_version = 99');
    h.close();
    const text = join(dir, 'text.db');
    writeFileSync(text, 'not a database, just some text that is long enough to look like a file header..............\n');
    for (const [file, re] of [[newer, /newer CityDesk/], [text, /not a CityDesk database/]] as const) {
      const hash = () => createHash('sha256').update(readFileSync(file)).digest('hex');
      const before = hash();
      const r = await runCli('record', ['--feed', 'http://127.0.0.1:9', '--db', file]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: \S.*\n$/);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).toMatch(re);
      expect(hash()).toBe(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    }
  });
});
