/**
 * Integrity of the cache file: checked at open (integrity_check for a small file, quick_check for a large one) and
 * noticed when SQLite reports corruption later (maintenance, a commit). What is found is kept as a CacheIntegrity that
 * the status bar shows, with what the user can do.
 */
import type Database from 'better-sqlite3';
import type { CacheIntegrity } from '../api';

type Damage = Extract<CacheIntegrity, { ok: false }>;

/** Files up to this size get the full integrity_check at open; larger ones the faster quick_check. */
const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

/** Runs the check; returns the problems SQLite lists (empty when the database is sound). */
export function findIntegrityProblems(db: Database.Database, sizeBytes: number): string[] {
  const pragma = sizeBytes <= FULL_CHECK_MAX_BYTES ? 'integrity_check(20)' : 'quick_check(20)';
  try {
    const rows = db.pragma(pragma) as Record<string, string>[];
    const lines = rows.map((r) => String(Object.values(r)[0]));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

/** Whether an error from SQLite means the file is damaged (as opposed to busy, full or read-only). */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

const exportHint = (file: string) =>
  `export what it holds with "npm run export -- --db ${file} --from 2000-01-01T00:00:00Z --to 2100-01-01T00:00:00Z --format ndjson > rescue.ndjson", ` +
  `then move ${file} and its -wal and -shm files out of the way; CityDesk creates a new cache on the next start. ` +
  `If the export stops at the damage, "sqlite3 ${file} .recover" rescues the rest`;

/** Found at open: the file was left untouched and the engine runs on a temporary cache. */
export function damagedAtOpen(file: string, problems: readonly string[], at: number): Damage {
  return {
    ok: false,
    problem: `the cache file ${file} is damaged: ${problems.slice(0, 3).join('; ')}`,
    advice: `CityDesk left the file untouched and is running on a temporary cache in memory (what arrives now is not kept after closing). To recover: close CityDesk, ${exportHint(file)}.`,
    at,
  };
}

/** Found while running (maintenance or a commit): the engine keeps running on the file. */
export function damagedWhileRunning(file: string, during: string, e: unknown, at: number): Damage {
  return {
    ok: false,
    problem: `the cache file ${file} was found damaged during ${during}: ${e instanceof Error ? e.message : String(e)}`,
    advice: `What was stored before is still in the file. Close CityDesk, ${exportHint(file)}.`,
    at,
  };
}
