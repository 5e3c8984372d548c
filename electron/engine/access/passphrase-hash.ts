/**
 * Supervisor passphrases are stored as salted scrypt hashes, with their parameters:
 *   scrypt$N$r$p$<salt base64>$<hash base64>
 * so that a hash made with older (weaker) parameters still verifies, and is replaced by one with the current
 * parameters on the next successful unlock (needsRehash). scrypt runs asynchronously (libuv's thread pool): a
 * verification never stalls the engine's event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Today's recommendation for interactive logins (OWASP: N=2^17, r=8, p=1): ~128 MiB and a few hundred ms. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, keylen: 32 } as const;

/** Parameters accepted from a stored hash (a tampered row must not make verification take hours or gigabytes). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function scryptAsync(pass: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  // scrypt needs 128 * N * r * p bytes; Node's default maxmem (32 MiB) is below today's parameters.
  const maxmem = 128 * (opts.N ?? 16384) * (opts.r ?? 8) * (opts.p ?? 1) + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => scrypt(pass.normalize('NFC'), salt, keylen, { ...opts, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassphrase(pass: string): Promise<string> {
  const { N, r, p, keylen } = SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const hash = await scryptAsync(pass, salt, keylen, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const okInt = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (!okInt(N, MAX_N) || (N & (N - 1)) !== 0 || N < 2 || !okInt(r, MAX_R) || !okInt(p, MAX_P)) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 128) return null;
  return { N, r, p, salt, hash };
}

/** True when `pass` matches the stored hash; false for a wrong passphrase or a hash this code cannot read. */
export async function verifyPassphrase(pass: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return false;
  const got = await scryptAsync(pass, h.salt, h.hash.length, { N: h.N, r: h.r, p: h.p });
  return got.length === h.hash.length && timingSafeEqual(got, h.hash);
}

/** A stored hash made with other parameters than today's: replace it after the next successful verification. */
export function needsRehash(stored: string): boolean {
  const h = parseHash(stored);
  return !h || h.N !== SCRYPT_PARAMS.N || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p || h.hash.length !== SCRYPT_PARAMS.keylen;
}
