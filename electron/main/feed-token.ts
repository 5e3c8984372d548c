/**
 * The feed token in Electron. Given in the environment (CITYDESK_TOKEN), it is kept encrypted with the OS keychain
 * (Electron's safeStorage) in FEED_TOKEN_FILE in the user-data folder, so that later starts need it nowhere in plain
 * text; main hands it to the engine process in that process's environment, never its argv (engine-launch.ts).
 *
 * The saved token belongs to one feed URL and is never sent to another feed. Nothing is saved when the OS offers no
 * real encryption (Linux without a keyring: safeStorage's "basic_text" backend), and a file that cannot be read or
 * decrypted is left as it is (set CITYDESK_TOKEN again; delete the file to forget the token).
 *
 * Plain module: the encryption is injected (main.ts passes safeStorage's functions), so it is tested without Electron.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export const FEED_TOKEN_FILE = 'feed-token.enc';

export interface TokenCipher {
  /** Whether real encryption is available (false for Linux's basic_text fallback). */
  available(): Promise<boolean>;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

export interface FeedTokenResult {
  /** The token to hand to the engine, if any. */
  token?: string;
  /** What the user should know (logged as warnings). */
  warnings: string[];
  /** What happened (logged as info). */
  notes: string[];
}

interface Saved {
  v: 1;
  feedUrl: string;
  token: string;
}

/**
 * The token for `feedUrl`: `envToken` when given (then saved, encrypted, for later starts), else the saved one when
 * it was saved for the same feed. No feed (the embedded demo feed, which has its own token): no token.
 */
export async function resolveFeedToken(opts: { feedUrl: string | undefined; envToken: string | undefined; file: string; cipher: TokenCipher }): Promise<FeedTokenResult> {
  const out: FeedTokenResult = { warnings: [], notes: [] };
  const { feedUrl, envToken, file, cipher } = opts;
  if (feedUrl === undefined) return out;

  if (envToken !== undefined) {
    out.token = envToken;
    try {
      if (!(await cipher.available())) {
        out.warnings.push('the feed token is not saved: this system offers no OS keychain to encrypt it; set CITYDESK_TOKEN on every start');
        return out;
      }
      const saved: Saved = { v: 1, feedUrl, token: envToken };
      const data = await cipher.encrypt(JSON.stringify(saved));
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, data, { mode: 0o600 });
      renameSync(tmp, file);
      out.notes.push(`feed token saved encrypted in ${file} (for ${feedUrl})`);
    } catch (e) {
      out.warnings.push(`the feed token could not be saved in ${file}: ${message(e)}`);
    }
    return out;
  }

  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') out.warnings.push(`cannot read the saved feed token ${file}: ${message(e)}`);
    return out;
  }
  let saved: unknown;
  try {
    if (!(await cipher.available())) throw new Error('no OS keychain to decrypt it with');
    saved = JSON.parse(await cipher.decrypt(data));
  } catch (e) {
    out.warnings.push(`cannot decrypt the saved feed token ${file} (${message(e)}); set CITYDESK_TOKEN to replace it`);
    return out;
  }
  if (!isSaved(saved)) {
    out.warnings.push(`the saved feed token ${file} is not in a format this CityDesk knows; set CITYDESK_TOKEN to replace it`);
    return out;
  }
  if (saved.feedUrl !== feedUrl) {
    out.warnings.push(`the saved feed token is for ${saved.feedUrl}, not ${feedUrl}: not sent; set CITYDESK_TOKEN for this feed`);
    return out;
  }
  out.token = saved.token;
  out.notes.push(`using the feed token saved in ${file}`);
  return out;
}

function isSaved(x: unknown): x is Saved {
  const o = x as Partial<Saved> | null;
  return typeof o === 'object' && o !== null && o.v === 1 && typeof o.feedUrl === 'string' && typeof o.token === 'string' && o.token !== '';
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
