/**
 * The cache holds the supervisor passphrase hash, the audit log and operator notes: its folder is private to the
 * user (0700) and its files (the database and its -wal and -shm files) are 0600. A new cache is created so; an existing
 * one with looser modes is tightened at open, and each change is logged. A folder that holds anything but this cache's
 * files (a home folder, /tmp) is left alone: its mode is not the cache's business. POSIX only (Windows has no modes).
 */
import { chmodSync, existsSync, mkdirSync, openSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;
const CACHE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

/** Before the database is opened: the folder exists (0700 when created here), the file exists with 0600. */
export function prepareCacheFiles(file: string): void {
  if (process.platform === 'win32') return;
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  if (!existsSync(file)) closeSync(openSync(file, 'a', FILE_MODE));
}

/** After the database is opened (its -wal and -shm exist): tightens what is looser. Returns what it changed. */
export function tightenCacheFiles(file: string): string[] {
  if (process.platform === 'win32') return [];
  const changed: string[] = [];
  const path = resolve(file);
  for (const suffix of CACHE_FILE_SUFFIXES) {
    const f = path + suffix;
    if (!existsSync(f)) continue;
    const mode = statSync(f).mode & 0o777;
    if ((mode & ~FILE_MODE) !== 0) {
      chmodSync(f, FILE_MODE);
      changed.push(`${f}: mode ${octal(mode)} -> ${octal(FILE_MODE)}`);
    }
  }
  const dir = dirname(path);
  const mode = statSync(dir).mode & 0o777;
  const own = new Set(CACHE_FILE_SUFFIXES.map((s) => basename(path) + s));
  if ((mode & ~FOLDER_MODE) !== 0 && readdirSync(dir).every((name) => own.has(name))) {
    chmodSync(dir, FOLDER_MODE);
    changed.push(`${dir}/: mode ${octal(mode)} -> ${octal(FOLDER_MODE)}`);
  }
  return changed;
}

const octal = (mode: number) => `0${mode.toString(8)}`;
