/**
 * Access to the engine, tried as an attacker would: the engine WebSocket without the per-launch secret, with a
 * rebound Host, from another Origin; a non-loopback bind; the first API caller trying to become supervisor; guessing
 * passphrases across reconnects and restarts; names that hide text; framing the page; a symlink out of the served root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkLoopbackBind, resolveRealInside, startWebHost } from '../../electron/cli/web-host';
import { LOCKOUT, NOT_CONFIGURED_MESSAGE } from '../../electron/engine/access/supervisor-access';
import { needsRehash, SCRYPT_PARAMS, verifyPassphrase } from '../../electron/engine/access/passphrase-hash';
import { sanitizeUserName } from '../../electron/engine/access/user-name';
import { startEngine, type Engine } from '../../electron/engine/index';
import { connect, startHostFixture, type HostFixture } from './transport-fixture';

const ROOT = resolve(__dirname, '../..');

/** An engine with no reachable feed (the access tests need none), on `dbFile` (default in memory). */
const offlineEngine = (opts: { dbFile?: string; now?: () => number } = {}) => startEngine({ assetsDir: f.dir, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000, ...opts });

/** Runs `body` on a fresh in-memory offline engine, closing it afterwards. */
async function withEngine(body: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = await offlineEngine();
  try {
    await body(engine);
  } finally {
    await engine.close();
  }
}
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture();
});
afterAll(async () => {
  await f?.close();
});

describe('the engine WebSocket needs the per-launch secret, a loopback Host and a matching Origin', () => {
  it('refuses an upgrade without the secret (401) or with a wrong one; accepts the right one', async () => {
    await expect(connect(f.host, {}, { secret: false })).rejects.toThrow('HTTP 401');
    await expect(connect(f.host, { cookie: `citydesk-engine-${f.host.port}=${'A'.repeat(43)}` }, { secret: false })).rejects.toThrow('HTTP 401');
    await expect(connect(f.host, { cookie: `citydesk-engine-${f.host.port}=short` }, { secret: false })).rejects.toThrow('HTTP 401');
    const ok = await connect(f.host);
    expect((await ok.call({ t: 'req', id: 1, method: 'session', params: {} })).ok).toBe(true);
    ok.ws.close();
    expect(f.logs.some((l) => /engine WebSocket refused \(401\)/.test(l))).toBe(true);
  });

  it('refuses a rebound Host (DNS rebinding shape), another port, and a foreign or null Origin (403)', async () => {
    await expect(connect(f.host, { host: `evil.example:${f.host.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect(f.host, { host: `127.0.0.1:${f.host.port + 1}` })).rejects.toThrow('HTTP 403');
    await expect(connect(f.host, { host: `10.0.0.5:${f.host.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect(f.host, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(f.host, { origin: 'null' })).rejects.toThrow('HTTP 403');
    await expect(connect(f.host, { origin: `https://127.0.0.1:${f.host.port}` })).rejects.toThrow('HTTP 403');
    const same = await connect(f.host, { origin: `http://127.0.0.1:${f.host.port}` });
    same.ws.close();
    const named = await connect(f.host, { host: `localhost:${f.host.port}`, origin: `http://localhost:${f.host.port}` });
    named.ws.close();
  });

  it('a rebound Host gets not even the page', async () => {
    const status = (host: string) =>
      new Promise<number | undefined>((r, j) => request({ host: '127.0.0.1', port: f.host.port, path: '/', headers: { host } }, (res) => (res.resume(), r(res.statusCode))).on('error', j).end());
    expect(await status(`evil.example:${f.host.port}`)).toBe(403);
    expect(await status(`127.0.0.1:${f.host.port}`)).toBe(200);
  });

  it('the printed URL gives the browser an HttpOnly, SameSite=Strict cookie for /engine; the plain page gives none', async () => {
    expect(f.host.url).toBe(`${f.host.origin}?key=${f.host.engineSecret}`);
    const plain = await fetch(f.host.origin, { redirect: 'manual' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('set-cookie')).toBeNull();
    const wrong = await fetch(`${f.host.origin}?key=${'B'.repeat(43)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await fetch(f.host.url, { redirect: 'manual' });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/');
    expect(right.headers.get('set-cookie')).toBe(`citydesk-engine-${f.host.port}=${f.host.engineSecret}; Path=/engine; HttpOnly; SameSite=Strict`);
    // The page asks /engine/access why its socket is refused.
    expect((await fetch(`${f.host.origin}engine/access`)).status).toBe(401);
    expect((await fetch(`${f.host.origin}engine/access`, { headers: { cookie: right.headers.get('set-cookie')!.split(';')[0]! } })).status).toBe(204);
  });

  it('a fresh secret per launch', async () => {
    const engine = await offlineEngine();
    const a = await startWebHost({ engine, rendererDir: join(f.dir, 'renderer'), assetsDir: join(f.dir, 'assets') });
    const b = await startWebHost({ engine, rendererDir: join(f.dir, 'renderer'), assetsDir: join(f.dir, 'assets') });
    expect(a.engineSecret).not.toBe(b.engineSecret);
    expect(a.engineSecret).toMatch(/^[\w-]{43}$/);
    await a.close();
    await b.close();
    await engine.close();
  });
});

describe('loopback only', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.org', '[::]'])('startWebHost refuses to serve on %s, with a clear error', async (host) => {
    expect(() => checkLoopbackBind(host)).toThrow(/refusing to serve on .*loopback address only/);
    await expect(startWebHost({ engine: f.engine, rendererDir: join(f.dir, 'renderer'), assetsDir: join(f.dir, 'assets'), host })).rejects.toThrow(/refusing to serve on/);
  });

  it.each(['127.0.0.1', '::1', 'localhost', '127.0.0.2'])('accepts %s', (host) => {
    expect(() => checkLoopbackBind(host)).not.toThrow();
  });

  it('`npm run web -- --host 0.0.0.0` exits with a usage error before starting anything', async () => {
    const child = spawn(TSX, ['electron/cli/web.ts', '--host', '0.0.0.0', '--db', ':memory:'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--host: refusing to serve on "0\.0\.0\.0"/);
  });
});

describe('browser-mode responses cannot be framed or sniffed; static files stay inside their roots', () => {
  it('CSP with frame-ancestors none, X-Frame-Options DENY and nosniff on pages and errors', async () => {
    for (const path of ['', 'nope.js']) {
      const res = await fetch(`${f.host.origin}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${f.host.port}/engine`);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('never follows a symlink out of the served root', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'citydesk-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'not for the browser');
    symlinkSync(join(outside, 'secret.txt'), join(f.dir, 'renderer', 'leak.txt'));
    symlinkSync(outside, join(f.dir, 'renderer', 'leakdir'));
    symlinkSync(join(f.dir, 'renderer', 'index.html'), join(f.dir, 'renderer', 'alias.html'));
    expect((await fetch(`${f.host.origin}leak.txt`)).status).toBe(404);
    expect((await fetch(`${f.host.origin}leakdir/secret.txt`)).status).toBe(404);
    expect(resolveRealInside(join(f.dir, 'renderer'), 'leak.txt')).toBeNull();
    // A link that stays inside is fine.
    expect((await fetch(`${f.host.origin}alias.html`)).status).toBe(200);
  });
});

describe('supervisor mode: the first passphrase is set on the host side, never by the first API caller', () => {
  it('on a fresh desk, setting or unlocking through the API answers not-configured with how to set it up', async () => {
    const c = await connect(f.host);
    const set = await c.call({ t: 'req', id: 1, method: 'setSupervisorPassphrase', params: { current: 'anything', next: 'i am the boss now' } });
    expect(set).toMatchObject({ ok: false, error: { code: 'not-configured', message: NOT_CONFIGURED_MESSAGE } });
    expect(NOT_CONFIGURED_MESSAGE).toContain('npm run passphrase');
    // The old first-caller shape (no current passphrase) is not even valid any more.
    expect(await c.call({ t: 'req', id: 2, method: 'setSupervisorPassphrase', params: { next: 'i am the boss now' } })).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: 'current' }] } });
    expect(await c.call({ t: 'req', id: 3, method: 'unlockSupervisor', params: { passphrase: 'i am the boss now' } })).toMatchObject({ ok: false, error: { code: 'not-configured' } });
    expect((await c.call({ t: 'req', id: 4, method: 'session', params: {} })).result).toMatchObject({ role: 'operator', supervisorConfigured: false });
    expect(f.engine.store.meta('supervisor_passphrase')).toBeNull();
    c.ws.close();
  });

  it('`npm run passphrase` sets it from a pipe, refuses to replace it without --reset, and the desk unlocks with it', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-pass-')), 'cache.db');
    const run = (args: string[], input: string) =>
      new Promise<{ code: number | null; out: string }>((r) => {
        const child = spawn(TSX, ['electron/cli/passphrase.ts', '--db', db, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.stdin.end(input);
        child.on('exit', (code) => r({ code, out }));
      });
    expect(await run([], 'short\n')).toMatchObject({ code: 2, out: expect.stringContaining('at least 8 characters') });
    expect(await run(['--user', 'Ada'], 'first passphrase\n')).toMatchObject({ code: 0, out: expect.stringContaining('supervisor passphrase set') });
    expect(await run([], 'second passphrase\n')).toMatchObject({ code: 2, out: expect.stringContaining('give --reset') });
    expect(await run(['--reset'], 'second passphrase\r\n')).toMatchObject({ code: 0, out: expect.stringContaining('replaced') });
    const engine = await offlineEngine({ dbFile: db });
    try {
      const s = engine.newSession();
      await expect(engine.handle('unlockSupervisor', { passphrase: 'first passphrase' }, s)).rejects.toMatchObject({ code: 'forbidden' });
      expect((await engine.handle('unlockSupervisor', { passphrase: 'second passphrase' }, s)).role).toBe('supervisor');
      const audit = engine.store.auditLog(50).map((a) => `${a.user} ${a.action}`);
      expect(audit).toEqual(expect.arrayContaining(['Ada supervisor.passphrase-set', expect.stringMatching(/ supervisor\.passphrase-reset$/)]));
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('the unlock lockout is engine-wide and survives a restart; scrypt is asynchronous', () => {
  it('wrong passphrases from many connections lock everyone out, through a restart, until the time is up', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'citydesk-lock-')), 'cache.db');
    let now = Date.UTC(2026, 0, 1);
    const clock = () => now;
    let engine = await offlineEngine({ dbFile: db, now: clock });
    try {
      await engine.access.setFromHost('the right passphrase', { by: 'test' });
      for (let i = 0; i < LOCKOUT.failures; i++) {
        // A new session each time: reconnecting does not reset the count.
        await expect(engine.handle('unlockSupervisor', { passphrase: `guess ${i}` }, engine.newSession())).rejects.toMatchObject({ code: 'forbidden', message: 'wrong passphrase' });
      }
      await expect(engine.handle('unlockSupervisor', { passphrase: 'the right passphrase' }, engine.newSession())).rejects.toMatchObject({ code: 'rate-limited' });
      await engine.close();
      engine = await offlineEngine({ dbFile: db, now: clock });
      await expect(engine.handle('unlockSupervisor', { passphrase: 'the right passphrase' }, engine.newSession())).rejects.toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/try again in 30 s/) });
      now += LOCKOUT.firstMs + 1;
      expect((await engine.handle('unlockSupervisor', { passphrase: 'the right passphrase' }, engine.newSession())).role).toBe('supervisor');
      expect(engine.access.lockedForMs()).toBe(0);
    } finally {
      await engine.close();
    }
  }, 90_000);

  it('the engine keeps answering while a passphrase is being checked', async () => {
    await withEngine(async (engine) => {
      await engine.access.setFromHost('the right passphrase', { by: 'test' });
      let unlocked = false;
      const unlock = engine.handle('unlockSupervisor', { passphrase: 'the right passphrase' }, engine.newSession()).then(() => (unlocked = true));
      await engine.handle('snapshot', {});
      expect(unlocked).toBe(false); // the snapshot was answered while scrypt ran in the thread pool
      await unlock;
      expect(unlocked).toBe(true);
    });
  }, 30_000);

  it('stores today\'s scrypt parameters with the hash; an old hash still verifies and is upgraded on unlock', async () => {
    expect(SCRYPT_PARAMS).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    const salt = randomBytes(16);
    const old = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync('old desk pass', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPassphrase('old desk pass', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    // A tampered hash asking for absurd parameters is refused, not computed.
    expect(await verifyPassphrase('x', `scrypt$${2 ** 30}$8$1$${salt.toString('base64')}$${'A'.repeat(44)}`)).toBe(false);
    await withEngine(async (engine) => {
      engine.store.setMeta('supervisor_passphrase', old);
      expect((await engine.handle('unlockSupervisor', { passphrase: 'old desk pass' }, engine.newSession())).role).toBe('supervisor');
      const stored = engine.store.meta('supervisor_passphrase')!;
      expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(needsRehash(stored)).toBe(false);
      expect(await verifyPassphrase('old desk pass', stored)).toBe(true);
    });
  }, 30_000);

  it('changing the passphrase needs supervisor mode and the current one', async () => {
    await withEngine(async (engine) => {
      await engine.access.setFromHost('the first passphrase', { by: 'test' });
      const op = engine.newSession();
      await expect(engine.handle('setSupervisorPassphrase', { current: 'the first passphrase', next: 'a second passphrase' }, op)).rejects.toMatchObject({ code: 'forbidden' });
      await engine.handle('unlockSupervisor', { passphrase: 'the first passphrase' }, op);
      await expect(engine.handle('setSupervisorPassphrase', { current: 'wrong', next: 'a second passphrase' }, op)).rejects.toMatchObject({ code: 'forbidden', message: 'the current passphrase is wrong' });
      await engine.handle('setSupervisorPassphrase', { current: 'the first passphrase', next: 'a second passphrase' }, op);
      expect((await engine.handle('unlockSupervisor', { passphrase: 'a second passphrase' }, engine.newSession())).role).toBe('supervisor');
      await expect(engine.access.setFromHost('a third passphrase', { by: 'first run' })).rejects.toMatchObject({ code: 'conflict' });
    });
  }, 60_000);
});

describe('user names are self-declared and cleaned', () => {
  it('removes control and bidi characters, collapses whitespace, caps the length', () => {
    expect(sanitizeUserName('Ole\u202Eevil\u202C')).toBe('Oleevil');
    expect(sanitizeUserName('  Ada \t\n Lovelace\u0000 ')).toBe('Ada Lovelace');
    expect(sanitizeUserName('\u2066\u2067\u2068\u2069\u200B\u200F')).toBe('');
    expect(sanitizeUserName('x'.repeat(300))).toHaveLength(80);
    expect(sanitizeUserName('Søren Ærø')).toBe('Søren Ærø');
  });

  it('the API stores the cleaned name (also in the audit log), and refuses empty or reserved ones', async () => {
    const c = await connect(f.host);
    const res = await c.call({ t: 'req', id: 1, method: 'setUser', params: { name: 'Mallory\u202E\u0007 \n admin' } });
    expect(res).toMatchObject({ ok: true, result: { user: 'Mallory admin' } });
    expect(f.engine.store.auditLog(5).find((a) => a.action === 'session.user')?.user).toBe('Mallory admin');
    expect(await c.call({ t: 'req', id: 2, method: 'setUser', params: { name: '\u202E\u202C  ' } })).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ path: 'name', message: 'a name is needed' }] } });
    expect(await c.call({ t: 'req', id: 3, method: 'setUser', params: { name: 'System' } })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    c.ws.close();
  });
});
