/** Rules as versioned documents: every published version is kept; a rule points at its current one. */
import type Database from 'better-sqlite3';
import type { Rule } from '../rules/schema';

/**
 * A stored rule version. `json` is the document as it was saved, not yet validated: a rule saved by another version
 * of CityDesk may no longer pass today's schema, so the caller validates it (rules/schema.ts) before using it.
 */
export interface StoredRuleVersion {
  json: unknown;
  version: number;
  author: string;
  createdAt: number;
}

export interface CurrentRule extends StoredRuleVersion {
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
  private readonly current: Database.Statement<[], VersionRow & { enabled: number }>;
  private readonly versionsOf: Database.Statement<[string], VersionRow>;

  constructor(private readonly db: Database.Database) {
    this.maxVersion = db.prepare('SELECT max(version) AS v FROM rule_versions WHERE rule_id = ?');
    this.insertVersion = db.prepare('INSERT INTO rule_versions (rule_id, version, json, author, created_at) VALUES (?, ?, ?, ?, ?)');
    this.upsertRule = db.prepare(
      `INSERT INTO rules (id, enabled, current_version, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, current_version = excluded.current_version, updated_at = excluded.updated_at`,
    );
    this.current = db.prepare(
      `SELECT v.json, v.version, v.author, v.created_at, r.enabled FROM rules r
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
    return this.current.all().map((r) => ({ ...toVersion(r), enabled: r.enabled === 1 }));
  }

  /** Every version of one rule, newest first. */
  versions(id: string): StoredRuleVersion[] {
    return this.versionsOf.all(id).map(toVersion);
  }
}

function toVersion(r: VersionRow): StoredRuleVersion {
  return { json: JSON.parse(r.json) as unknown, version: r.version, author: r.author, createdAt: r.created_at };
}
