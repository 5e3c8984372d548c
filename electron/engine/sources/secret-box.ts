/**
 * Source credentials at rest: AES-256-GCM with a 32-byte key kept in a key file beside the cache
 * (`<cache>.sources.key`, mode 0600, created on first use with O_EXCL so two engines never write two keys). The cache
 * holds only ciphertext (`v1:` + base64 of IV | tag | ciphertext), bound to the source's id as additional data, so a
 * secret copied to another source's row does not decrypt. A cache in memory gets a key in memory.
 *
 * In Electron, the key file would hold the key wrapped with safeStorage (the OS keychain: `safeStorage.encryptString`
 * on the key, in the main process, handed to the engine process at start), so that a copy of the user-data folder
 * alone does not open the secrets; the Node hosts (browser mode, CLIs) have no keychain and keep the 0600 file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'v1:';

export class SecretBoxError extends Error {}

/** The key file of a cache file, or null for a cache in memory. */
export function keyFileOf(cacheFile: string): string | null {
  return cacheFile === ':memory:' ? null : `${resolve(cacheFile)}.sources.key`;
}

/** Reads the key, creating it (0600) on first use; tightens a looser mode (logged by the caller through `changed`). */
export function loadOrCreateKey(file: string | null, changed: (msg: string) => void = () => {}): Buffer {
  if (file === null) return randomBytes(KEY_BYTES);
  if (!existsSync(file)) {
    const key = randomBytes(KEY_BYTES);
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, key.toString('hex') + '\n');
      } finally {
        closeSync(fd);
      }
      return key;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new SecretBoxError(`cannot create the source key file ${file}: ${(e as Error).message}`);
    }
  }
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      chmodSync(file, 0o600);
      changed(`${file}: mode 0${mode.toString(8)} -> 0600`);
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new SecretBoxError(`the source key file ${file} is damaged (not 32 bytes of hex): stored credentials cannot be read; move it aside and enter them again`);
  return Buffer.from(hex, 'hex');
}

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretBoxError('a source key is 32 bytes');
  }

  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return PREFIX + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string, boundTo: string): string {
    if (!sealed.startsWith(PREFIX)) throw new SecretBoxError('not a sealed secret');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('a sealed secret is too short');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    d.setAAD(Buffer.from(boundTo, 'utf8'));
    d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('a stored credential does not decrypt with this desk\'s key (another key file, or damaged): enter it again');
    }
  }
}
