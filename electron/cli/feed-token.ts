/**
 * The feed token of the Node modes (web, record, feed): from a file (`--token-file FILE`) or the environment
 * (CITYDESK_TOKEN), never from the command line, which every local user can read (`ps`, /proc/PID/cmdline).
 * A token file must be readable by its owner only (mode 0600 or stricter); anything else is refused, not used.
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError, type FlagSpec } from './args';

/** The token flags every command that takes a token shares; `--token` is recognised only to say why it is refused. */
export const TOKEN_FLAGS = {
  'token-file': { type: 'string', help: 'read the feed token from FILE (mode 0600; or set CITYDESK_TOKEN)' },
  token: { type: 'string', help: '', refused: 'a token on the command line is visible to every local user (ps); set CITYDESK_TOKEN or use --token-file FILE (mode 0600)' },
} as const satisfies FlagSpec;

/** Longest token accepted (a feed token is a short secret; a multi-megabyte file is a mistake). */
export const MAX_TOKEN_BYTES = 4096;

/**
 * The token from `--token-file` (when given) or CITYDESK_TOKEN; undefined when neither is set. A file wins over the
 * environment. Trailing line breaks of the file are dropped; a token with whitespace or control characters inside,
 * an empty one or an oversized one is an error.
 */
export function readFeedToken(tokenFile: string | undefined, env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string | undefined {
  if (tokenFile !== undefined) return checkToken(readTokenFile(tokenFile, platform), `the token in ${tokenFile}`);
  const fromEnv = env.CITYDESK_TOKEN;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  return checkToken(fromEnv, 'CITYDESK_TOKEN');
}

function readTokenFile(file: string, platform: NodeJS.Platform): string {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new UsageError(`--token-file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`--token-file ${file}: not a regular file`);
  // POSIX permissions only mean something outside Windows.
  if (platform !== 'win32' && (st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, '0');
    throw new UsageError(`--token-file ${file} is readable or writable by group or others (mode ${mode}): run "chmod 600 ${file}" first`);
  }
  if (st.size > MAX_TOKEN_BYTES + 2) throw new UsageError(`--token-file ${file} is ${st.size} bytes: a token is at most ${MAX_TOKEN_BYTES}`);
  return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

function checkToken(token: string, what: string): string {
  if (token === '') throw new UsageError(`${what} is empty`);
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) throw new UsageError(`${what} is longer than ${MAX_TOKEN_BYTES} bytes`);
  if (/[\s\x00-\x1f\x7f]/.test(token)) throw new UsageError(`${what} contains whitespace or control characters`);
  return token;
}
