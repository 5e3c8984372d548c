/**
 * The cache's files: private modes (folder 0700, database and its -wal and -shm 0600), looser ones tightened at open
 * and logged; integrity checked at open and corruption found later both shown in the status with what to do; a
 * damaged file is never written to, and what can be read of it still starts the desk.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../../electron/engine/index';
import { openStore } from '../../electron/engine/store/store';
import { cacheProblem } from '../../renderer/panels/cacheText';
import { damage, filledCache } from '../helpers/damaged-cache';
import { tinyData, waitFor } from '../helpers/feed';
import { cleanupsAfterEach } from './feed-fixtures';

const cleanups = cleanupsAfterEach();

const mode = (f: string) => statSync(f).mode & 0o777;
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const posix = process.platform !== 'win32';

function tmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-files-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.runIf(posix)('cache file modes', () => {
  it('a new cache: its folder is created 0700, the database and its -wal and -shm files are 0600', () => {
    const dir = join(tmpDir(), 'citydesk', 'nested');
    const file = join(dir, 'cache.db');
    const s = openStore(file);
    s.saveCatalogue(tinyData().sensors);
    expect(mode(dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    s.close();
  });

  it('an existing cache with looser modes is tightened at open, and each change is logged', () => {
    const dir = join(tmpDir(), 'citydesk');
    const file = join(dir, 'cache.db');
    openStore(file).close();
    chmodSync(file, 0o644);
    chmodSync(dir, 0o755);
    const logs: string[] = [];
    const s = openStore(file, { log: (level, msg) => logs.push(`${level}: ${msg}`) });
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(logs).toEqual(expect.arrayContaining([`warn: cache permissions tightened: ${file}: mode 0644 -> 0600`, `warn: cache permissions tightened: ${dir}/: mode 0755 -> 0700`]));
    s.close();
  });

  it('a folder that holds other files is not the cache’s to tighten; the cache files still are', () => {
    const dir = tmpDir();
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const file = join(dir, 'cache.db');
    openStore(file).close();
    chmodSync(file, 0o664);
    openStore(file).close();
    expect(mode(dir)).toBe(0o755);
    expect(mode(file)).toBe(0o600);
  });
});

describe('cache integrity', () => {
  it('a cache damaged before start: left untouched, the desk starts from what can be read, the status says which file and what to do', async () => {
    const file = join(tmpDir(), 'cache.db');
    filledCache(file);
    damage(file);
    const before = sha(file);
    const logs: string[] = [];
    const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: 'http://127.0.0.1:9', dbFile: file, log: (l, m) => logs.push(`${l}: ${m}`) });
    cleanups.push(() => engine.close());
    const snap = await engine.handle('snapshot', {});
    const integrity = snap.status.cache.integrity;
    expect(integrity.ok).toBe(false);
    if (integrity.ok) return;
    expect(integrity.problem).toContain(`the cache file ${file} is damaged`);
    expect(integrity.advice).toMatch(/left the file untouched.*temporary cache in memory.*npm run export -- --db .*move .* out of the way/s);
    expect(logs.some((l) => l.startsWith('error: ') && l.includes('is damaged'))).toBe(true);
    // What could be read (catalogue, last states) still starts the desk.
    expect(snap.catalogue.map((s) => s.id).sort()).toEqual(['air:1', 'parking:P1', 'traffic:1']);
    expect(snap.states.filter((s) => s.last !== null)).toHaveLength(3);
    // New data goes to the temporary cache, never into the damaged file.
    engine.store.saveCatalogue(snap.catalogue);
    engine.store.flush();
    await engine.close();
    expect(sha(file)).toBe(before);
    // The status bar's text: a label and the advice.
    expect(cacheProblem(snap.status.cache, 'UTC')).toEqual({ label: 'Cache damaged', detail: expect.stringContaining(`What to do: ${integrity.advice}`) });
    // Read-only (export) still opens it, and says the same.
    const ro = openStore(file, { readonly: true });
    expect(ro.integrity.ok).toBe(false);
    ro.close();
    expect(sha(file)).toBe(before);
  });

  it('damage found during maintenance is shown in the status, not only logged', async () => {
    const file = join(tmpDir(), 'cache.db');
    const data = filledCache(file);
    const engine = await startEngine({ assetsDir: '/nonexistent', feedUrl: 'http://127.0.0.1:9', dbFile: file, now: () => data.end, maintenanceIntervalMs: 50 });
    cleanups.push(() => engine.close());
    expect(engine.status().cache.integrity.ok).toBe(true);
    // Another connection writes and checkpoints (so the engine's connection rereads pages), then a page is damaged.
    const other = new Database(file);
    other.exec("INSERT INTO meta (key, value) VALUES ('touched', '1')");
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    damage(file);
    await waitFor(() => !engine.status().cache.integrity.ok, 10_000, 'damage in the status');
    const integrity = engine.status().cache.integrity;
    expect(integrity).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`${file} was found damaged during (maintenance|a commit)`)), advice: expect.stringMatching(/export/) });
  });

  it('a sound cache reports when it was checked', () => {
    const file = join(tmpDir(), 'cache.db');
    filledCache(file);
    const s = openStore(file, { now: () => 42 });
    expect(s.stats().integrity).toEqual({ ok: true, checkedAt: 42 });
    expect(cacheProblem({ ...s.stats(), file, duplicates: 0, startedFromCache: false }, 'UTC')).toBeNull();
    s.close();
  });
});
