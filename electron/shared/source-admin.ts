/**
 * The source-admin port: what a desk's engine asks of a hub to connect a source without code (issue 8, item 7).
 * Implemented by the embedded hub (electron/hub/admin.ts), used by the engine (electron/engine/sources/), wired by the
 * host (electron/cli/hosted-engine.ts). Pure types: the shapes cross from the hub to the engine to the renderer.
 *
 * A source document is one entry of a hub config's `sources` (electron/hub/config.ts), optionally with the definition
 * of a new sensor type. Secrets are never in it: where a connection needs one, the document holds a reference
 * `{ "env": "CITYDESK_SECRET_<NAME>" }` and the secret's value travels beside it, in `secrets` by NAME, from the
 * engine's encrypted store to the hub's memory only.
 */
import type { SensorType } from './sensor-types/types';
import type { SourceStatus } from './source-status';

/** Prefix of the env names a source document's secret references use; the rest of the name is the secret's key. */
export const SECRET_REF_PREFIX = 'CITYDESK_SECRET_';
/** A secret's key: upper-case letters, digits and '_' (after the prefix). */
export const SECRET_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,40}$/;

/** One source as a supervisor saves it. `source` is validated by the hub (its config's source schema). */
export interface SourceDocument {
  /** A hub config source: id, name, type, connection, sensorType, mapping, … */
  source: Record<string, unknown>;
  /** A sensor type defined with the source (validated with parseSensorType); its id is the source's sensorType. */
  newType?: unknown;
}

/** A problem with a document, at its path (`source.mapping.time.zone`, `newType.metrics[0].unit`). */
export interface AdminIssue {
  path: string;
  message: string;
}

export interface PreviewLimits {
  /** Stop after this many records. */
  maxRecords: number;
  /** …or after this many wall ms, whichever comes first. */
  maxMs: number;
}

/** One record of a preview: its raw fields, and what the mapping made of it (or why it was rejected). */
export interface PreviewRow {
  /** Where it came from (file line, URL record, topic). */
  origin: string;
  /** The record's fields, flattened to field paths (`properties.name`, `geometry`) with their values (JSON). */
  fields: Record<string, unknown>;
  result:
    | { ok: true; sensorId: string; name: string | null; position: [number, number] | null; ts: number; values: Record<string, number | null> }
    | { ok: false; reason: string; detail: string }
    | null;
}

export interface PreviewResult {
  /** The source could not be reached or read: why (the preview shows it, the form stays). */
  failure: { reason: string; detail: string } | null;
  rows: PreviewRow[];
  /** Records the source could not parse at all (a broken CSV line), with the reason. */
  unparsable: { reason: string; detail: string; origin: string }[];
  /** Every field path seen in the records, in order of first appearance: what the field pickers offer. */
  fieldPaths: string[];
  /** Problems with the document that stop the mapping from being applied (shown at their fields). */
  issues: AdminIssue[];
  /** Whether the preview ended on its record limit or its time limit. */
  stoppedBy: 'records' | 'time' | 'failure' | 'end';
}

export type AdminResult = { ok: true } | { ok: false; issues: AdminIssue[] };

/** What a hub offers a desk's engine. Every method answers; none throws on bad input. */
export interface SourceAdminPort {
  /** Every source's status, in the hub's order. */
  status(): SourceStatus[];
  /** Validates a document: path errors, the new type included. */
  validate(doc: SourceDocument): AdminResult;
  /** Connects the source for a moment, fetches its first records and maps them. */
  preview(doc: SourceDocument, secrets: Readonly<Record<string, string>>, limits: PreviewLimits): Promise<PreviewResult>;
  /** Starts the source (replacing a running one of the same id). */
  apply(doc: SourceDocument, secrets: Readonly<Record<string, string>>): Promise<AdminResult>;
  /** Stops and removes a source the admin added. */
  remove(id: string): Promise<boolean>;
  /** The sensor types the hub knows (shipped and its own), for the type picker. */
  types(): SensorType[];
}
