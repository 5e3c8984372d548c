/** The hosts' log (logging.ts): JSON lines with level and time in a size-rotated file, the echo, the level. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLogDir, logLevelFrom, openHostLog, type HostLog, type MessageLevel } from '../../electron/cli/logging';
import { UsageError } from '../../electron/cli/args';
import { waitFor } from '../helpers/feed';

const dirs: string[] = [];
const logs: HostLog[] = [];
afterEach(() => {
  for (const l of logs.splice(0)) l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'citydesk-log-'));
  dirs.push(d);
  return d;
}
function open(opts: Parameters<typeof openHostLog>[0]): HostLog {
  const l = openHostLog(opts);
  logs.push(l);
  return l;
}
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { level: string; time: string; name: string; pid: number; msg: string });

describe('host log file', () => {
  it('writes one JSON line per message with level, ISO time, name and pid, in a 0600 file in a 0700 folder it creates', async () => {
    const dir = join(tempDir(), 'state', 'logs');
    const echoed: [MessageLevel, string][] = [];
    const log = open({ name: 'record', dir, echo: (l, m) => echoed.push([l, m]) });
    log.log('info', 'early: logged while the file opens');
    await log.ready;
    const before = Date.now();
    log.log('warn', 'feed disconnected');
    log.toFile('error', 'file only');
    const file = log.file()!;
    expect(file).toBe(join(dir, 'record.1.log'));
    const got = lines(file);
    expect(got.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'early: logged while the file opens'],
      ['warn', 'feed disconnected'],
      ['error', 'file only'],
    ]);
    for (const l of got) {
      expect(l.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(l.name).toBe('record');
      expect(l.pid).toBe(process.pid);
    }
    expect(Date.parse(got[1]!.time)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(got[0]!.time)).toBeLessThanOrEqual(Date.parse(got[1]!.time));
    expect(echoed).toEqual([
      ['info', 'early: logged while the file opens'],
      ['warn', 'feed disconnected'],
    ]);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
  });

  it('rotates at the size limit and keeps the newest files, also across runs', async () => {
    const dir = tempDir();
    const maxBytes = 2000;
    const log = open({ name: 'web', dir, maxBytes, keep: 3 });
    await log.ready;
    const line = 'x'.repeat(150); // ~230 bytes as a JSON line: about 9 lines per file
    const files = () => readdirSync(dir).filter((f) => /^web\.\d+\.log$/.test(f)).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    // One line per turn of the event loop, as a host logs: the roll runs once the write that crossed the limit drained.
    let n = 0;
    const next = async () => {
      log.log('info', `${n++} ${line}`);
      await new Promise((r) => setImmediate(r));
    };
    while (log.file() === join(dir, 'web.1.log')) await next();
    expect(log.file()).toBe(join(dir, 'web.2.log'));
    const first = statSync(join(dir, 'web.1.log')).size;
    expect(first).toBeGreaterThanOrEqual(maxBytes);
    expect(first).toBeLessThan(maxBytes + 250); // the line that crossed the limit is the last one in it
    while (log.file() !== join(dir, 'web.6.log')) await next();
    await waitFor(() => files().length === 3, 5000, 'old files removed');
    expect(files()).toEqual(['web.4.log', 'web.5.log', 'web.6.log']);
    for (const f of ['web.4.log', 'web.5.log']) expect(statSync(join(dir, f)).size).toBeGreaterThanOrEqual(maxBytes);
    // No line lost or repeated across the kept files.
    const kept = files().flatMap((f) => lines(join(dir, f)).map((l) => Number(l.msg.split(' ')[0])));
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => kept[0]! + i));
    expect(kept.at(-1)).toBe(n - 1);
    log.close();

    // The next run continues in the newest file, and prunes by the same count.
    const again = open({ name: 'web', dir, maxBytes, keep: 3 });
    await again.ready;
    again.log('info', 'next run');
    expect(again.file()).toBe(join(dir, 'web.6.log'));
    expect(lines(join(dir, 'web.6.log')).at(-1)!.msg).toBe('next run');
  });

  it('keeps other hosts’ files apart and leaves unrelated files alone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const a = open({ name: 'feed', dir, maxBytes: 500, keep: 1 });
    const b = open({ name: 'record', dir });
    await Promise.all([a.ready, b.ready]);
    for (let i = 0; i < 20; i++) a.log('info', `feed line ${i} ${'y'.repeat(100)}`);
    b.log('info', 'record line');
    await waitFor(() => readdirSync(dir).filter((f) => f.startsWith('feed.')).length === 1 && a.file() !== join(dir, 'feed.1.log'), 5000, 'feed rotated and pruned');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(lines(b.file()!).map((l) => l.msg)).toEqual(['record line']);
  });

  it('the level applies to file and echo; silent writes no file', async () => {
    const dir = tempDir();
    const echoed: string[] = [];
    const log = open({ name: 'feed', dir, level: 'warn', echo: (_l, m) => echoed.push(m) });
    await log.ready;
    log.log('info', 'chatter');
    log.log('warn', 'w');
    log.log('error', 'e');
    expect(lines(log.file()!).map((l) => l.msg)).toEqual(['w', 'e']);
    expect(echoed).toEqual(['w', 'e']);

    const quiet = open({ name: 'quiet', dir, level: 'silent', echo: (_l, m) => echoed.push(m) });
    await quiet.ready;
    quiet.log('error', 'nothing');
    expect(quiet.file()).toBeNull();
    expect(existsSync(join(dir, 'quiet.1.log'))).toBe(false);
    expect(echoed).toEqual(['w', 'e']);
  });

  it('a folder it cannot create: says so once through the echo and keeps echoing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const echoed: [MessageLevel, string][] = [];
    const log = open({ name: 'web', dir: join(dir, 'file', 'logs'), echo: (l, m) => echoed.push([l, m]) });
    await log.ready;
    log.log('info', 'still here');
    expect(log.file()).toBeNull();
    expect(echoed[0]![0]).toBe('warn');
    expect(echoed[0]![1]).toMatch(/^cannot log to a file in .*file\/logs: /);
    expect(echoed[1]).toEqual(['info', 'still here']);
  });

  it('close writes out and closes; later lines go to the echo only', async () => {
    const dir = tempDir();
    const echoed: string[] = [];
    const log = open({ name: 'rec', dir, echo: (_l, m) => echoed.push(m) });
    await log.ready;
    const file = log.file()!;
    log.log('info', 'last words');
    log.close();
    log.log('info', 'after close');
    expect(lines(file).map((l) => l.msg)).toEqual(['last words']);
    expect(echoed).toEqual(['last words', 'after close']);
  });
});

describe('log settings', () => {
  it('the folder: CITYDESK_LOG_DIR, else $XDG_STATE_HOME/citydesk/logs, else ~/.local/state/citydesk/logs', () => {
    expect(defaultLogDir({ CITYDESK_LOG_DIR: '/x/logs', XDG_STATE_HOME: '/s' })).toBe('/x/logs');
    expect(defaultLogDir({ XDG_STATE_HOME: '/s' })).toBe(join('/s', 'citydesk', 'logs'));
    expect(defaultLogDir({})).toMatch(/[/\\]\.local[/\\]state[/\\]citydesk[/\\]logs$/);
  });

  it('the level: CITYDESK_LOG_LEVEL, default info; anything else is a usage error', () => {
    expect(logLevelFrom({})).toBe('info');
    expect(logLevelFrom({ CITYDESK_LOG_LEVEL: ' WARN ' })).toBe('warn');
    expect(logLevelFrom({ CITYDESK_LOG_LEVEL: 'debug' })).toBe('debug');
    expect(() => logLevelFrom({ CITYDESK_LOG_LEVEL: 'loud' })).toThrow(new UsageError('CITYDESK_LOG_LEVEL must be one of debug, info, warn, error, silent, got "loud"'));
  });
});
