/**
 * The stored catalogue, and the small integer key (sid) each sensor's rows are stored under. The maps are kept in
 * memory: every reading written or read goes through them.
 */
import type Database from 'better-sqlite3';
import type { Sensor } from '../../shared/model';
import { typeOfV1Kind } from '../../shared/protocol';

export interface SensorKey {
  sid: number;
  /** The sensor's type id (registry). */
  kind: string;
}

export class SensorTable {
  private readonly bySensorId = new Map<string, SensorKey>();
  private readonly bySid = new Map<number, { id: string; kind: string }>();
  private readonly upsert: Database.Statement<{ id: string; kind: string; json: string; now: number }, { sid: number }>;
  private readonly all: Database.Statement<[], { json: string }>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
    /** A cache of the format before schema version 4, read as it is: its kinds under their registry type ids. */
    private readonly legacy = false,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO sensors (id, kind, json, updated_at) VALUES (@id, @kind, @json, @now)
       ON CONFLICT(id) DO UPDATE SET kind = @kind, json = @json, updated_at = @now RETURNING sid`,
    );
    this.all = db.prepare('SELECT json FROM sensors ORDER BY sid');
    for (const row of db.prepare<[], { sid: number; id: string; kind: string }>('SELECT sid, id, kind FROM sensors').all()) this.remember(row.id, row.sid, legacy ? typeOfV1Kind(row.kind) : row.kind);
  }

  private remember(id: string, sid: number, kind: string): void {
    this.bySensorId.set(id, { sid, kind });
    this.bySid.set(sid, { id, kind });
  }

  save(sensors: readonly Sensor[]): void {
    const now = this.now();
    this.db.transaction(() => {
      for (const s of sensors) this.remember(s.id, this.upsert.get({ id: s.id, kind: s.kind, json: JSON.stringify(s), now })!.sid, s.kind);
    })();
  }

  load(): Sensor[] {
    return this.all.all().map((r) => {
      const s = JSON.parse(r.json) as Sensor;
      if (this.legacy) s.kind = typeOfV1Kind(s.kind);
      return s;
    });
  }

  key(sensorId: string): SensorKey | undefined {
    return this.bySensorId.get(sensorId);
  }

  sensorOf(sid: number): { id: string; kind: string } | undefined {
    return this.bySid.get(sid);
  }

  /** Every stored sensor's id and key. */
  entries(): IterableIterator<[string, SensorKey]> {
    return this.bySensorId.entries();
  }

  get size(): number {
    return this.bySensorId.size;
  }
}
