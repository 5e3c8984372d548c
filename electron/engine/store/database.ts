/**
 * Opening the cache's SQLite database: refusing what is not (or not yet) a CityDesk cache, applying migrations, and
 * the pragmas the cache relies on (WAL, synchronous NORMAL).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export class NewerSchemaError extends Error {}
export class StoreOpenError extends Error {}

export function openDatabase(file: string, readonly: boolean): Database.Database {
  if (readonly && file !== ':memory:' && !existsSync(file)) throw new StoreOpenError(`no database at ${file}`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (e) {
    throw new StoreOpenError(`cannot open database ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    migrate(db, file, readonly);
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
  return db;
}

function migrate(db: Database.Database, file: string, readonly: boolean): void {
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
  if (version === SCHEMA_VERSION) return;
  if (readonly && version === 0) throw new StoreOpenError(`${file} is not a CityDesk database`);
  if (readonly) throw new StoreOpenError(`${file} needs a schema upgrade (version ${version} -> ${SCHEMA_VERSION}); open it once read-write`);
  if (version === 0) {
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
    if (tables > 0) throw new StoreOpenError(`${file} is an SQLite database, but not a CityDesk one (it has tables and no CityDesk schema version)`);
  }
  db.transaction(() => {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
