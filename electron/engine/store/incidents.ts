/**
 * Incident bookmarks (migration 5): `incidents` holds one row per bookmark (its current version, archived flag, who
 * made it and when), `incident_versions` every version saved, as JSON, with its author and time. A save is a new
 * version; archiving is a flag: nothing stored is ever deleted. The JSON is stored as the caller validated it and is
 * checked again when read (incidents/stored.ts).
 */
import type Database from 'better-sqlite3';

export interface StoredIncident {
  id: string;
  version: number;
  /** The version's stored text (parsed and checked by the caller). */
  json: string;
  /** Who saved this version, and when (wall clock). */
  savedBy: string;
  savedAt: number;
  archived: boolean;
  /** Who created the bookmark (its first version), and when. */
  author: string;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  version: number;
  json: string;
  saved_by: string;
  saved_at: number;
  archived: number;
  author: string;
  created_at: number;
  updated_at: number;
}

const SELECT = `SELECT i.id, v.version, v.json, v.author AS saved_by, v.saved_at, i.archived, i.author, i.created_at, i.updated_at
  FROM incidents i JOIN incident_versions v ON v.incident_id = i.id`;

export class IncidentTable {
  private readonly insertIncident: Database.Statement<[string, number, string, number]>;
  private readonly updateIncident: Database.Statement<[number, number, string]>;
  private readonly insertVersion: Database.Statement<[string, number, string, string, number]>;
  private readonly setArchivedStmt: Database.Statement<[number, number, string]>;
  private readonly currentOne: Database.Statement<[string], Row>;
  private readonly currentAll: Database.Statement<[], Row>;
  private readonly versionsOf: Database.Statement<[string], Row>;
  private readonly alarmsById: Database.Statement<[string], { json: string }>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.insertIncident = db.prepare('INSERT INTO incidents (id, current_version, archived, created_at, author, updated_at) VALUES (?, 1, 0, ?, ?, ?)');
    this.updateIncident = db.prepare('UPDATE incidents SET current_version = ?, updated_at = ? WHERE id = ?');
    this.insertVersion = db.prepare('INSERT INTO incident_versions (incident_id, version, json, author, saved_at) VALUES (?, ?, ?, ?, ?)');
    this.setArchivedStmt = db.prepare('UPDATE incidents SET archived = ?, updated_at = ? WHERE id = ?');
    this.currentOne = db.prepare(`${SELECT} AND v.version = i.current_version WHERE i.id = ?`);
    this.currentAll = db.prepare(`${SELECT} AND v.version = i.current_version ORDER BY i.created_at DESC, i.id`);
    this.versionsOf = db.prepare(`${SELECT} WHERE i.id = ? ORDER BY v.version DESC`);
    // The alarms a bookmark links to, from the alarm table (open and resolved alike).
    this.alarmsById = db.prepare('SELECT json FROM alarms WHERE id IN (SELECT value FROM json_each(?))');
  }

  /** A new bookmark: its first version. */
  create(id: string, json: string, author: string): StoredIncident {
    const at = this.now();
    this.db.transaction(() => {
      this.insertIncident.run(id, at, author, at);
      this.insertVersion.run(id, 1, json, author, at);
    })();
    return this.get(id)!;
  }

  /** A new version of a bookmark (the previous ones are kept); null when there is no such bookmark. */
  update(id: string, json: string, author: string): StoredIncident | null {
    const at = this.now();
    const done = this.db.transaction(() => {
      const current = this.currentOne.get(id);
      if (!current) return false;
      const version = current.version + 1;
      this.insertVersion.run(id, version, json, author, at);
      this.updateIncident.run(version, at, id);
      return true;
    })();
    return done ? this.get(id) : null;
  }

  /** Archives or restores (the versions stay as they are); null when there is no such bookmark. */
  setArchived(id: string, archived: boolean): StoredIncident | null {
    const changed = this.setArchivedStmt.run(archived ? 1 : 0, this.now(), id).changes;
    return changed === 0 ? null : this.get(id);
  }

  /** A bookmark's current version, or null. */
  get(id: string): StoredIncident | null {
    const row = this.currentOne.get(id);
    return row ? toStored(row) : null;
  }

  /** Every bookmark's current version, newest created first. */
  all(): StoredIncident[] {
    return this.currentAll.all().map(toStored);
  }

  /** Every version of a bookmark, newest first. */
  versions(id: string): StoredIncident[] {
    return this.versionsOf.all(id).map(toStored);
  }

  /** The stored alarms among `ids` (their stored JSON; ids not stored are simply absent). */
  linkedAlarmJson(ids: readonly string[]): string[] {
    if (ids.length === 0) return [];
    return this.alarmsById.all(JSON.stringify(ids)).map((r) => r.json);
  }
}

function toStored(r: Row): StoredIncident {
  return {
    id: r.id,
    version: r.version,
    json: r.json,
    savedBy: r.saved_by,
    savedAt: r.saved_at,
    archived: r.archived === 1,
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
