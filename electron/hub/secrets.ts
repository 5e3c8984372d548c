/**
 * Secrets of a hub config (the hub's token, a source's password or API key) are never written in the config: the
 * config names an environment variable (`{"env": "NAME"}`) or a file (`{"file": "path"}`, relative to the config,
 * readable by its owner only). Reading one never logs or echoes its value.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

export const secretRefSchema = z.union([z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') }).strict(), z.object({ file: z.string().min(1).max(1000) }).strict()], {
  error: 'must reference an environment variable ({"env": "NAME"}) or a file ({"file": "path"}), never hold the secret itself',
});
export type SecretRef = z.infer<typeof secretRefSchema>;

export class SecretError extends Error {}

/** Longest secret accepted. */
const MAX_SECRET_BYTES = 4096;

export function readSecret(ref: SecretRef, configDir: string, env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string {
  let value: string;
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') throw new SecretError(`the environment variable ${ref.env} is not set`);
    value = v;
  } else {
    const file = isAbsolute(ref.file) ? ref.file : join(configDir, ref.file);
    let st;
    try {
      st = statSync(file);
    } catch (e) {
      throw new SecretError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    if (!st.isFile()) throw new SecretError(`${file}: not a regular file`);
    if (platform !== 'win32' && (st.mode & 0o077) !== 0) throw new SecretError(`${file} is readable or writable by group or others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): run "chmod 600 ${file}"`);
    if (st.size > MAX_SECRET_BYTES + 2) throw new SecretError(`${file} is ${st.size} bytes: a secret is at most ${MAX_SECRET_BYTES}`);
    value = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  if (value === '') throw new SecretError('the secret is empty');
  if (/[\x00-\x1f\x7f]/.test(value)) throw new SecretError('the secret contains control characters');
  return value;
}
