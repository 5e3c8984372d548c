/**
 * Versioned schema migrations. The database's `PRAGMA user_version` is the number of migrations applied. An app
 * refuses a database whose version is higher than the migrations it knows (written by a newer CityDesk).
 *
 * Readings: one row per (sensor, ts), values as a JSON array in the order of the sensor type's metric layout
 * (metric_slots, see metric-layouts.ts; before version 4, the fixed metric lists of the three kinds of protocol v1,
 * which migration 4 writes into metric_slots as they were); a metric the feed did not send is stored as null.
 */
import { V1_KIND_TYPES, V1_KINDS, type V1Kind } from '../../shared/protocol';

/**
 * How schema versions 1 to 3 stored a reading's values: a fixed metric order per protocol-v1 kind (the kinds under
 * their old names; the registry type each became is V1_KIND_TYPES's). Migration 4 writes these into metric_slots; a
 * damaged cache of an older version (never migrated, never written to) is read with them.
 */
const LEGACY_METRICS: Readonly<Record<V1Kind, readonly string[]>> = {
  traffic: ['avgSpeedKmh', 'vehicleCount', 'avgMeasuredTimeS', 'medianMeasuredTimeS'],
  parking: ['vehicleCount', 'totalSpaces'],
  air: ['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide'],
};
export const LEGACY_LAYOUTS: readonly { kind: V1Kind; type: string; metrics: readonly string[] }[] = V1_KINDS.map((kind) => ({
  kind,
  type: V1_KIND_TYPES[kind],
  metrics: LEGACY_METRICS[kind],
}));

const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
const legacySlots = LEGACY_LAYOUTS.flatMap((l) => l.metrics.map((m, i) => `(${sql(l.type)}, ${i}, ${sql(m)})`)).join(',\n    ');
const renamed = LEGACY_LAYOUTS.filter((l) => l.kind !== l.type);
/** CASE mapping an old kind (in `expr`) to its type id; only used where expr is one of the renamed kinds. */
const newKind = (expr: string) => `CASE ${expr} ${renamed.map((l) => `WHEN ${sql(l.kind)} THEN ${sql(l.type)}`).join(' ')} END`;
const renamedList = renamed.map((l) => sql(l.kind)).join(', ');

export const MIGRATIONS: readonly string[] = [
  // 1: the cache
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE feeds (
    feed_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    last_seq INTEGER,
    feed_time INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE sensors (
    sid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE readings (
    sid INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    v TEXT NOT NULL,
    PRIMARY KEY (sid, ts)
  ) WITHOUT ROWID;
  CREATE TABLE gaps (
    id INTEGER PRIMARY KEY,
    feed_id TEXT,
    scope TEXT NOT NULL,
    from_ts INTEGER NOT NULL,
    to_ts INTEGER NOT NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (to_ts >= from_ts)
  );
  CREATE INDEX gaps_time ON gaps (to_ts, from_ts);
  CREATE TABLE rollup_1m (
    sid INTEGER NOT NULL, bucket INTEGER NOT NULL, m INTEGER NOT NULL,
    min REAL, max REAL, sum REAL, count INTEGER NOT NULL,
    PRIMARY KEY (sid, bucket, m)
  ) WITHOUT ROWID;
  CREATE TABLE rollup_1h (
    sid INTEGER NOT NULL, bucket INTEGER NOT NULL, m INTEGER NOT NULL,
    min REAL, max REAL, sum REAL, count INTEGER NOT NULL,
    PRIMARY KEY (sid, bucket, m)
  ) WITHOUT ROWID;
  CREATE TABLE rules (
    id TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL DEFAULT 1,
    current_version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE rule_versions (
    rule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (rule_id, version)
  );
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    subject TEXT NOT NULL,
    severity TEXT NOT NULL,
    state TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX alerts_open ON alerts (state, raised_at);
  CREATE TABLE operator_actions (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    sensor_id TEXT,
    payload TEXT NOT NULL,
    user TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'rejected')),
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    error TEXT
  );
  CREATE INDEX operator_actions_status ON operator_actions (status, seq);
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT NOT NULL
  );
  `,
  // 2: alarms keyed by their deterministic id, shelves; the placeholder alerts table of version 1 had no such key
  `
  DROP TABLE alerts;
  CREATE TABLE alarms (
    id TEXT PRIMARY KEY,
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'acknowledged', 'cleared', 'resolved')),
    severity TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX alarms_open ON alarms (state, raised_at);
  CREATE TABLE shelves (
    key TEXT PRIMARY KEY,
    until INTEGER NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX audit_subject ON audit_log (subject, id);
  `,
  // 3: readings set aside because their timestamps were implausible (far ahead of the feed clock), kept for export
  `
  CREATE TABLE readings_set_aside (
    sid INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    v TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_aside_at INTEGER NOT NULL,
    PRIMARY KEY (sid, ts)
  ) WITHOUT ROWID;
  `,
  // 4: sensor types as data (issue 8). The stored metric order of each type, append-only (metric-layouts.ts), seeded with
  // the order the three protocol-v1 kinds were stored in until now (LEGACY_LAYOUTS: every existing row reads back
  // unchanged); the v1 kinds renamed to their registry type ids in the catalogue, in the rules' JSON (`kind`) and in
  // gap scopes. Sensor ids are left as they are (they are the feed's ids). A stored text that is not a JSON object is
  // left untouched (a rule version so is listed as broken, as before).
  `
  CREATE TABLE metric_slots (
    kind TEXT NOT NULL,
    slot INTEGER NOT NULL,
    metric TEXT NOT NULL,
    PRIMARY KEY (kind, slot),
    UNIQUE (kind, metric)
  ) WITHOUT ROWID;
  INSERT INTO metric_slots (kind, slot, metric) VALUES
    ${legacySlots};
  UPDATE sensors SET
    kind = ${newKind('kind')},
    json = CASE WHEN json_valid(json) AND json_type(json) = 'object' THEN json_set(json, '$.kind', ${newKind('kind')}) ELSE json END
    WHERE kind IN (${renamedList});
  UPDATE rule_versions SET json = json_set(json, '$.kind', ${newKind("json_extract(json, '$.kind')")})
    WHERE json_valid(json) AND json_type(json) = 'object' AND json_type(json, '$.kind') = 'text' AND json_extract(json, '$.kind') IN (${renamedList});
  UPDATE gaps SET scope = 'kind:' || ${newKind("substr(scope, 6)")}
    WHERE scope IN (${renamed.map((l) => sql(`kind:${l.kind}`)).join(', ')});
  `,
  // 5: replay (issue 10). The audit log gains the feed time of each event (`feed_at`): alarm transitions happen in
  // feed time (the readings' time, also when a desk catches up on history), which until now was only written at the
  // end of the detail ("… (feed time 2014-08-04T08:00:00.000Z)"); old rows get it from there, else their wall time.
  // Incident bookmarks, every version kept (nothing stored is lost: archiving is a flag).
  `
  ALTER TABLE audit_log ADD COLUMN feed_at INTEGER;
  UPDATE audit_log SET feed_at = CASE
      WHEN detail LIKE '%(feed time ____-__-__T__:__:__.___Z)"'
        THEN CAST(round((julianday(substr(detail, length(detail) - 25, 24)) - 2440587.5) * 86400000.0) AS INTEGER)
      ELSE at END;
  CREATE INDEX audit_feed_at ON audit_log (feed_at, id);
  CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at INTEGER NOT NULL,
    author TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE incident_versions (
    incident_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL,
    author TEXT NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (incident_id, version)
  );
  `,
  // 6: replay (issue 10), indexes only. The alarms open at an instant: the resolved ones resolved after it (the
  // unresolved ones already have alarms_open).
  `
  CREATE INDEX alarms_resolved_at ON alarms (json_extract(json, '$.resolved.at'), raised_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
