/**
 * The stored metric layout of each sensor type: the order in which a type's metric values sit in a stored reading's
 * array (value-codec.ts), kept in the metric_slots table. A layout is append-only: a metric gets the next position the
 * first time the type is saved with it (from the type's definition, in the registry's order) or a reading carries it,
 * and keeps that position for good. So a type whose definition changes later (a metric added, removed or moved in its
 * document) never makes old rows misread: old rows are shorter (later metrics read as null) and a removed metric keeps
 * its position (its stored values stay readable and exportable). Rollups index metrics by the same positions.
 */
import type Database from 'better-sqlite3';
import { LEGACY_LAYOUTS } from './migrations';

export class MetricLayouts {
  private readonly byKind = new Map<string, { names: string[]; set: Set<string> }>();
  private readonly insert: Database.Statement<[string, number, string]> | null;
  private readonly all: Database.Statement<[], { kind: string; slot: number; metric: string }> | null;

  /** `legacy`: a cache of the format before schema version 4 (no metric_slots table), read with LEGACY_LAYOUTS. */
  constructor(db: Database.Database, legacy = false) {
    this.insert = legacy ? null : db.prepare('INSERT INTO metric_slots (kind, slot, metric) VALUES (?, ?, ?)');
    this.all = legacy ? null : db.prepare('SELECT kind, slot, metric FROM metric_slots ORDER BY kind, slot');
    this.reload();
  }

  /** Reads the layouts back from the database (after a failed transaction that may have extended one). */
  reload(): void {
    this.byKind.clear();
    if (!this.all) {
      for (const l of LEGACY_LAYOUTS) this.byKind.set(l.type, { names: [...l.metrics], set: new Set(l.metrics) });
      return;
    }
    for (const row of this.all.all()) {
      const l = this.layout(row.kind);
      l.names[row.slot] = row.metric;
      l.set.add(row.metric);
    }
  }

  private layout(kind: string): { names: string[]; set: Set<string> } {
    let l = this.byKind.get(kind);
    if (!l) this.byKind.set(kind, (l = { names: [], set: new Set() }));
    return l;
  }

  /** The layout of a type (empty when nothing of it was stored yet). */
  of(kind: string): readonly string[] {
    return this.byKind.get(kind)?.names ?? [];
  }

  /** The metric names of a type's layout, as a set (for the encode path's check). */
  setOf(kind: string): ReadonlySet<string> {
    return this.layout(kind).set;
  }

  /**
   * Appends the metrics the type's layout lacks, in the order given. Runs inside the caller's transaction when there
   * is one; if that transaction fails, the caller reloads.
   */
  ensure(kind: string, metrics: Iterable<string>): void {
    const l = this.layout(kind);
    for (const m of metrics) {
      if (l.set.has(m)) continue;
      if (!this.insert) throw new Error('a cache of an older format is read as it is: its metric layouts cannot change');
      this.insert.run(kind, l.names.length, m);
      l.names.push(m);
      l.set.add(m);
    }
  }
}
