/** The feed token in Electron (electron/main/feed-token.ts), with a stand-in for safeStorage. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEED_TOKEN_FILE, resolveFeedToken, type TokenCipher } from '../../electron/main/feed-token';

/** Reversible but not plain text, like safeStorage; `key` stands for the OS keychain's key (another user: another key). */
function cipher(opts: { available?: boolean; key?: string } = {}): TokenCipher & { encrypted: number } {
  const key = opts.key ?? 'k1';
  const c = {
    encrypted: 0,
    available: async () => opts.available ?? true,
    encrypt: async (plain: string) => {
      c.encrypted++;
      return Buffer.from(`${key}:${Buffer.from(plain).toString('base64')}`);
    },
    decrypt: async (data: Buffer) => {
      const [k, body] = data.toString().split(':');
      if (k !== key || body === undefined) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(body, 'base64').toString();
    },
  };
  return c;
}

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-feedtoken-'));
  file = join(dir, FEED_TOKEN_FILE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FEED = 'https://feed.example:4600';

describe('resolveFeedToken', () => {
  it('a token from CITYDESK_TOKEN is used and saved encrypted (0600, never in plain text), then found on the next start', async () => {
    const c = cipher();
    const first = await resolveFeedToken({ feedUrl: FEED, envToken: 's3cret-token', file, cipher: c });
    expect(first.token).toBe('s3cret-token');
    expect(first.warnings).toEqual([]);
    expect(first.notes).toEqual([`feed token saved encrypted in ${file} (for ${FEED})`]);
    const raw = readFileSync(file);
    expect(raw.toString()).not.toContain('s3cret-token');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([FEED_TOKEN_FILE]); // no temporary file left

    const next = await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: c });
    expect(next).toEqual({ token: 's3cret-token', warnings: [], notes: [`using the feed token saved in ${file}`] });
  });

  it('a new CITYDESK_TOKEN replaces the saved one', async () => {
    const c = cipher();
    await resolveFeedToken({ feedUrl: FEED, envToken: 'old', file, cipher: c });
    await resolveFeedToken({ feedUrl: FEED, envToken: 'new', file, cipher: c });
    expect((await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: c })).token).toBe('new');
  });

  it('never sends a saved token to another feed', async () => {
    const c = cipher();
    await resolveFeedToken({ feedUrl: FEED, envToken: 'for-feed-a', file, cipher: c });
    const other = await resolveFeedToken({ feedUrl: 'https://elsewhere.example', envToken: undefined, file, cipher: c });
    expect(other.token).toBeUndefined();
    expect(other.warnings).toEqual([`the saved feed token is for ${FEED}, not https://elsewhere.example: not sent; set CITYDESK_TOKEN for this feed`]);
    expect(existsSync(file)).toBe(true); // still there for its own feed
  });

  it('no feed (the embedded demo feed has its own token): no token, nothing saved or read', async () => {
    const c = cipher();
    expect(await resolveFeedToken({ feedUrl: undefined, envToken: 'x', file, cipher: c })).toEqual({ warnings: [], notes: [] });
    expect(existsSync(file)).toBe(false);
    expect(c.encrypted).toBe(0);
  });

  it('without a real keychain the token is used for this start but not saved, and the user is told', async () => {
    const c = cipher({ available: false });
    const r = await resolveFeedToken({ feedUrl: FEED, envToken: 'tok', file, cipher: c });
    expect(r.token).toBe('tok');
    expect(r.warnings).toEqual(['the feed token is not saved: this system offers no OS keychain to encrypt it; set CITYDESK_TOKEN on every start']);
    expect(existsSync(file)).toBe(false);
    expect(c.encrypted).toBe(0);
  });

  it('a saved file it cannot decrypt or read is reported and left as it is', async () => {
    await resolveFeedToken({ feedUrl: FEED, envToken: 'tok', file, cipher: cipher({ key: 'k1' }) });
    const before = readFileSync(file);
    const wrongKey = await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: cipher({ key: 'k2' }) });
    expect(wrongKey.token).toBeUndefined();
    expect(wrongKey.warnings[0]).toMatch(new RegExp(`^cannot decrypt the saved feed token ${file.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} \\(Error while decrypting.*\\); set CITYDESK_TOKEN to replace it$`));
    const noKeychain = await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: cipher({ available: false }) });
    expect(noKeychain.warnings[0]).toMatch(/no OS keychain to decrypt it with/);
    expect(readFileSync(file)).toEqual(before);

    writeFileSync(file, `k1:${Buffer.from('{"v":2}').toString('base64')}`); // decrypts, but to nothing this version knows
    const unknown = await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: cipher() });
    expect(unknown.token).toBeUndefined();
    expect(unknown.warnings[0]).toMatch(/is not in a format this CityDesk knows/);
    expect(existsSync(file)).toBe(true);
  });

  it('no saved file and no CITYDESK_TOKEN: no token, no warning', async () => {
    expect(await resolveFeedToken({ feedUrl: FEED, envToken: undefined, file, cipher: cipher() })).toEqual({ warnings: [], notes: [] });
  });

  it('a file that cannot be written: the token is still used, with a warning', async () => {
    const r = await resolveFeedToken({ feedUrl: FEED, envToken: 'tok', file: join(dir, 'missing', 'sub', FEED_TOKEN_FILE), cipher: cipher() });
    expect(r.token).toBe('tok');
    expect(r.warnings[0]).toMatch(/^the feed token could not be saved in .*: ENOENT/);
  });
});
