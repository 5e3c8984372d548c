/**
 * Source documents a supervisor connected at the desk (electron/engine/sources/): every save is a new version, kept;
 * a removal is a version too (removed = 1). The document is stored as saved (the caller validated it); its credentials
 * only as sealed ciphertext (../sources/secret-box.ts), never in the document. The table is created here, idempotently,
 * when the store opens (it needs no migration of older caches: a cache without it has no connected sources).
 */
import type Database from 'better-sqlite3';

export interface StoredSourceVersion {
  id: string;
  version: number;
  /** The parsed document, or null when the stored text is not JSON (jsonError says why) or for a removal. */
  json: unknown;
  jsonError: string | null;
  /** Sealed credentials by key (ciphertext). */
  sealed: Record<string, string>;
  removed: boolean;
  author: string;
  desk: string;
  createdAt: number;
}

interface Row {
  id: string;
  version: number;
  doc: string;
  secrets: string;
  removed: number;
  author: string;
  desk: string;
  created_at: number;
}

export class SourceConfigTable {
  private readonly maxVersion: Database.Statement<[string], { v: number | null }>;
  private readonly insert: Database.Statement<[string, number, string, string, number, string, string, number]>;
  private readonly current: Database.Statement<[], Row>;
  private readonly versionsOf: Database.Statement<[string], Row>;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS source_config_versions (
      id TEXT NOT NULL,
      version INTEGER NOT NULL,
      doc TEXT NOT NULL,
      secrets TEXT NOT NULL,
      removed INTEGER NOT NULL DEFAULT 0,
      author TEXT NOT NULL,
      desk TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (id, version)
    )`);
    this.maxVersion = db.prepare('SELECT max(version) AS v FROM source_config_versions WHERE id = ?');
    this.insert = db.prepare('INSERT INTO source_config_versions (id, version, doc, secrets, removed, author, desk, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.current = db.prepare(
      `SELECT v.* FROM source_config_versions v
       JOIN (SELECT id, max(version) AS version FROM source_config_versions GROUP BY id) m ON m.id = v.id AND m.version = v.version ORDER BY v.id`,
    );
    this.versionsOf = db.prepare('SELECT * FROM source_config_versions WHERE id = ? ORDER BY version DESC');
  }

  /** Saves a new version (a removal when `doc` is null); returns its number. */
  save(id: string, doc: unknown, sealed: Record<string, string>, author: string, desk: string, at: number): number {
    return this.db.transaction(() => {
      const version = (this.maxVersion.get(id)?.v ?? 0) + 1;
      this.insert.run(id, version, JSON.stringify(doc ?? null), JSON.stringify(sealed), doc === null ? 1 : 0, author, desk, at);
      return version;
    })();
  }

  /** The newest version of every source, removed ones included (the caller skips them). */
  currentVersions(): StoredSourceVersion[] {
    return this.current.all().map(toVersion);
  }

  versions(id: string): StoredSourceVersion[] {
    return this.versionsOf.all(id).map(toVersion);
  }
}

function toVersion(r: Row): StoredSourceVersion {
  let json: unknown = null;
  let jsonError: string | null = null;
  try {
    json = JSON.parse(r.doc) as unknown;
  } catch (e) {
    jsonError = `the stored document is not JSON: ${(e as Error).message}`;
  }
  let sealed: Record<string, string> = {};
  try {
    const s = JSON.parse(r.secrets) as unknown;
    if (s && typeof s === 'object' && !Array.isArray(s)) sealed = Object.fromEntries(Object.entries(s).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    jsonError ??= 'the stored credentials are not readable';
  }
  return { id: r.id, version: r.version, json, jsonError, sealed, removed: r.removed === 1, author: r.author, desk: r.desk, createdAt: r.created_at };
}
