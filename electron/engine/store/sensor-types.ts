/**
 * The sensor-type documents a feed sent with its catalogue (protocol v2), kept so that a desk started from the cache
 * with the feed down still knows the types of its sensors (units, derived metrics, flags, export). Stored as sent;
 * validated again when read (a document this version of CityDesk no longer accepts is reported, not used).
 */
import type Database from 'better-sqlite3';
import { parseSensorType } from '../../shared/sensor-types/schema';
import type { SensorType } from '../../shared/sensor-types/types';

export class SensorTypeTable {
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly all: Database.Statement<[], { id: string; json: string }>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.upsert = db.prepare('INSERT INTO sensor_types (id, json, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at');
    this.all = db.prepare('SELECT id, json FROM sensor_types ORDER BY id');
  }

  save(types: readonly SensorType[]): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const t of types) this.upsert.run(t.id, JSON.stringify(t), now);
    })();
  }

  /** The stored type documents that are still valid, and why the others are not used. */
  load(): { types: SensorType[]; problems: string[] } {
    const types: SensorType[] = [];
    const problems: string[] = [];
    for (const row of this.all.all()) {
      let raw: unknown;
      try {
        raw = JSON.parse(row.json);
      } catch (e) {
        problems.push(`stored sensor type ${row.id} is not JSON (${e instanceof Error ? e.message : String(e)})`);
        continue;
      }
      const r = parseSensorType(raw);
      if (r.ok) types.push(r.type);
      else problems.push(`stored sensor type ${row.id} is no longer valid: ${r.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    }
    return { types, problems };
  }
}
