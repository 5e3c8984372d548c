/**
 * Opening the cache file: private modes (file-permissions.ts), the database (database.ts), its integrity checked
 * (integrity.ts). A damaged file is never written to: it stays as it is for export, and the engine runs on a cache in
 * memory, started from whatever of the catalogue and the last state could still be read.
 */
import type Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import type { CacheIntegrity } from '../api';
import type { Reading, Sensor } from '../../shared/model';
import { openDatabase, StoreOpenError, upgradeDatabase } from './database';
import { prepareCacheFiles, tightenCacheFiles } from './file-permissions';
import { damagedAtOpen, findIntegrityProblems } from './integrity';
import { typeOfV1Kind } from '../../shared/protocol';
import { MetricLayouts } from './metric-layouts';
import { decodeValues } from './value-codec';

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export interface OpenedCache {
  db: Database.Database;
  integrity: CacheIntegrity;
  /** Set when the file was damaged and a cache in memory took its place: what could be read from the file. */
  salvaged: { sensors: Sensor[]; latest: Reading[] } | null;
  /** A read-only open of a cache of the format before sensor types were data, read unmigrated (see openDatabase). */
  legacy: boolean;
}

export function openCacheFile(file: string, readonly: boolean, log: Log, now: () => number): OpenedCache {
  const onDisk = file !== ':memory:';
  if (onDisk && !readonly) {
    try {
      prepareCacheFiles(file);
    } catch (e) {
      throw new StoreOpenError(`cannot create the cache ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Migrations wait for the integrity check: a damaged file is never written to, not even to upgrade it.
  const { db, legacy, pendingUpgrade } = openDatabase(file, readonly, false);
  if (onDisk && !readonly) {
    try {
      for (const change of tightenCacheFiles(file)) log('warn', `cache permissions tightened: ${change}`);
    } catch (e) {
      // e.g. files owned by another user: the cache still works; say that it could not be made private
      log('warn', `cache permissions could not be tightened: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const problems = onDisk ? findIntegrityProblems(db, fileSize(file)) : [];
  if (problems.length === 0) {
    if (pendingUpgrade) {
      try {
        upgradeDatabase(db);
      } catch (e) {
        db.close();
        throw new StoreOpenError(`cannot upgrade the cache ${file}: ${e instanceof Error ? e.message : String(e)} (the file was not changed)`);
      }
    }
    return { db, integrity: { ok: true, checkedAt: now() }, salvaged: null, legacy };
  }
  const damage = damagedAtOpen(file, problems, now());
  log('error', `${damage.problem}. ${damage.advice}`);
  if (readonly) return { db, integrity: damage, salvaged: null, legacy }; // for export: read what can be read
  const salvaged = salvageFrom(db, pendingUpgrade);
  db.close();
  return { db: openDatabase(':memory:', false).db, integrity: damage, salvaged, legacy: false };
}

/** The database file and its write-ahead log, in bytes. */
export function fileSize(file: string): number {
  let size = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) size += statSync(f).size;
  return size;
}

/**
 * What can still be read from a damaged cache: the catalogue and each sensor's last reading (each part may fail).
 * `unmigrated`: a cache of an older format (left as it is), read with the layouts of that format.
 */
function salvageFrom(db: Database.Database, unmigrated: boolean): { sensors: Sensor[]; latest: Reading[] } {
  const sensors: Sensor[] = [];
  const latest: Reading[] = [];
  try {
    const rows = db.prepare<[], { sid: number; json: string }>('SELECT sid, json FROM sensors').all();
    const last = db.prepare<[number], { ts: number; v: string }>('SELECT ts, v FROM readings WHERE sid = ? ORDER BY ts DESC LIMIT 1');
    let layouts: MetricLayouts | null = null;
    try {
      layouts = new MetricLayouts(db, unmigrated);
    } catch {
      // the metric layouts are damaged: the catalogue without last states
    }
    for (const row of rows) {
      const s = JSON.parse(row.json) as Sensor;
      if (unmigrated) s.kind = typeOfV1Kind(s.kind);
      sensors.push(s);
      try {
        const r = layouts ? last.get(row.sid) : undefined;
        if (r) latest.push({ sensorId: s.id, ts: r.ts, values: decodeValues(layouts!.of(s.kind), r.v) });
      } catch {
        // this sensor's readings are in a damaged page: no last state for it
      }
    }
  } catch {
    // the catalogue itself is damaged: start empty, the feed sends a new one
  }
  return { sensors, latest };
}
