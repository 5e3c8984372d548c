/** Rules as versioned documents: every published version is kept; a rule points at its current one. */
import type Database from 'better-sqlite3';
import type { Rule } from '../rules/schema';

/**
 * A stored rule version. `json` is the document as it was saved, not yet validated: a rule saved by another version
 * of CityDesk may no longer pass today's schema, so the caller validates it (rules/schema.ts) before using it.
 */
export interface StoredRuleVersion {
  /** The parsed document, or null when the stored text is not JSON (then jsonError says why). */
  json: unknown;
  /** Why the stored text could not be read as JSON, or null: a damaged row never makes a whole listing throw. */
  jsonError: string | null;
  version: number;
  author: string;
  createdAt: number;
}

export interface CurrentRule extends StoredRuleVersion {
  id: string;
  enabled: boolean;
}

interface VersionRow {
  json: string;
  version: number;
  author: string;
  created_at: number;
}

export class RuleTable {
  private readonly maxVersion: Database.Statement<[string], { v: number | null }>;
  private readonly insertVersion: Database.Statement<[string, number, string, string, number]>;
  private readonly upsertRule: Database.Statement<[string, number, number, number]>;
  private readonly current: Database.Statement<[], VersionRow & { id: string; enabled: number }>;
  private readonly versionsOf: Database.Statement<[string], VersionRow>;

  constructor(private readonly db: Database.Database) {
    this.maxVersion = db.prepare('SELECT max(version) AS v FROM rule_versions WHERE rule_id = ?');
    this.insertVersion = db.prepare('INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES (?, ?, ?, ?, ?)');
    this.upsertRule = db.prepare(
      `INSERT INTO rules (id, enabled, current_version, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, current_version = excluded.current_version, updated_at = excluded.updated_at`,
    );
    this.current = db.prepare(
      `SELECT r.id, v.json, v.version, v.author, v.created_at, r.enabled FROM rules r
       JOIN rule_versions v ON v.rule_id = r.id AND v.version = r.current_version ORDER BY r.id`,
    );
    this.versionsOf = db.prepare('SELECT json, version, author, created_at FROM rule_versions WHERE rule_id = ? ORDER BY version DESC');
  }

  /** Saves a new version of a rule (creating the rule on its first version); returns the version number. */
  saveVersion(rule: Rule, author: string, at: number): number {
    return this.db.transaction(() => {
      const version = (this.maxVersion.get(rule.id)?.v ?? 0) + 1;
      this.insertVersion.run(rule.id, version, JSON.stringify({ ...rule, version }), author, at);
      this.upsertRule.run(rule.id, rule.enabled ? 1 : 0, version, at);
      return version;
    })();
  }

  /** Current version of every rule. */
  currentVersions(): CurrentRule[] {
    return this.current.all().map((r) => ({ id: r.id, ...toVersion(r), enabled: r.enabled === 1 }));
  }

  /** Every version of one rule, newest first. */
  versions(id: string): StoredRuleVersion[] {
    return this.versionsOf.all(id).map(toVersion);
  }
}

function toVersion(r: VersionRow): StoredRuleVersion {
  return { ...parseStoredJson(r.json), version: r.version, author: r.author, createdAt: r.created_at };
}

/** A stored JSON document, or why it is not one. */
function parseStoredJson(text: string): { json: unknown; jsonError: string | null } {
  try {
    return { json: JSON.parse(text) as unknown, jsonError: null };
  } catch (e) {
    return { json: null, jsonError: `the stored text is not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}
