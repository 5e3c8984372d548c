/**
 * Opening the cache's SQLite database: refusing what is not (or not yet) a CityDesk cache, applying migrations, and
 * the pragmas the cache relies on (WAL, synchronous NORMAL).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export class NewerSchemaError extends Error {}
export class StoreOpenError extends Error {}

/**
 * An opened cache database. `legacy`: a read-only open of a cache of schema version 3 (before sensor types were data),
 * read as it is, never migrated (e.g. a damaged old cache being exported): see LEGACY_LAYOUTS.
 * `pendingUpgrade`: opened with upgrade false, migrations still to apply (upgradeDatabase).
 */
export interface OpenedDatabase {
  db: Database.Database;
  legacy: boolean;
  pendingUpgrade: boolean;
}

/** The schema version before sensor types were data, which a read-only open can still read unmigrated. */
const LEGACY_READABLE_VERSION = 3;

/**
 * Opens the database: refuses what is not (or not yet) a CityDesk cache or was written by a newer one, then applies
 * the migrations (unless `upgrade` is false: then the caller checks the file first and calls upgradeDatabase).
 */
export function openDatabase(file: string, readonly: boolean, upgrade = true): OpenedDatabase {
  if (readonly && file !== ':memory:' && !existsSync(file)) throw new StoreOpenError(`no database at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw new StoreOpenError(`cannot open database ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let opened: OpenedDatabase;
  try {
    const from = checkVersion(db, file, readonly);
    if (from !== null && upgrade) upgradeDatabase(db, from);
    opened = { db, legacy: readonly && from !== null, pendingUpgrade: !readonly && from !== null && !upgrade };
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a commit is durable against a crash of the process (SIGKILL); only an OS crash or power
      // loss can lose the last commits, which the resume from the feed then fetches again.
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -65536'); // 64 MiB page cache: sustained ingest touches many index pages
    }
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    db.close();
    throw e;
  }
  return opened;
}

/** The version to migrate from, or null when the schema is current; throws for what cannot be opened. */
function checkVersion(db: Database.Database, file: string, readonly: boolean): number | null {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    throw new StoreOpenError(`${file} is not a CityDesk database: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (version > SCHEMA_VERSION) {
    throw new NewerSchemaError(
      `${file} was written by a newer CityDesk (schema version ${version}; this version understands up to ${SCHEMA_VERSION}). ` +
        'Update CityDesk, or use another database file. The file was not changed.',
    );
  }
  if (version === SCHEMA_VERSION) return null;
  if (readonly && version === 0) throw new StoreOpenError(`${file} is not a CityDesk database`);
  if (readonly && version !== LEGACY_READABLE_VERSION) throw new StoreOpenError(`${file} needs a schema upgrade (version ${version} -> ${SCHEMA_VERSION}); open it once read-write`);
  if (version === 0) {
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (tables > 0) throw new StoreOpenError(`${file} is an SQLite database, but not a CityDesk one (it has tables and no CityDesk schema version)`);
  }
  return version;
}

/** Applies the migrations from `from` on, in one transaction. */
export function upgradeDatabase(db: Database.Database, from: number = db.pragma('user_version', { simple: true }) as number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
