/**
 * The incident pack's format (FORMAT.md): file names, CSV headers and the manifest's schema, shared by the writer
 * (writer.ts, the `npm run incident` CLI) and the reader (open.ts: a pack opened read-only in replay).
 */
import { z } from 'zod';

export const PACK_FORMAT = 'citydesk-incident-pack';
export const PACK_VERSION = 1;

export const PACK_FILES = {
  manifest: 'manifest.json',
  incident: 'incident.json',
  catalogue: 'catalogue.json',
  rules: 'rules.json',
  readingsCsv: 'readings.csv',
  alarmsCsv: 'alarms.csv',
  alarmsNdjson: 'alarms.ndjson',
  actionsCsv: 'actions.csv',
  actionsNdjson: 'actions.ndjson',
  notesNdjson: 'notes.ndjson',
  gapsNdjson: 'gaps.ndjson',
  sensorsGeojson: 'sensors.geojson',
  zoneGeojson: 'zone.geojson',
  report: 'report.html',
  snapshotsDir: 'snapshots',
} as const;

/** `snapshots/map-20140804T081500Z.png` for an instant (UTC, to the second). */
export function snapshotFileName(at: number): string {
  return `${PACK_FILES.snapshotsDir}/map-${new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}.png`;
}

export const ALARMS_CSV_HEADER =
  'alarm_id,rule_id,rule_name,subject,place,severity,priority,raised_at,cleared_at,acknowledged_at,acknowledged_by,resolved_at,resolved_by,message';
export const ACTIONS_CSV_HEADER = 'audit_id,feed_time,recorded_at,user,action,action_text,subject,subject_text,rule_name,place,detail_text';

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const packManifestSchema = z
  .object({
    format: z.literal(PACK_FORMAT),
    version: z.literal(PACK_VERSION),
    /** ISO time the pack was written (wall clock). */
    createdAt: z.string(),
    /** The operator (desk) or the OS user (CLI) who wrote it. */
    createdBy: z.string(),
    /** 'desk' or 'cli', and the CityDesk version. */
    createdWith: z.object({ tool: z.enum(['desk', 'cli']), version: z.string() }).strict(),
    incident: z
      .object({
        id: z.string().nullable(),
        name: z.string(),
        /** ISO, UTC. */
        from: z.string(),
        to: z.string(),
        area: z.union([z.object({ kind: z.literal('district'), name: z.string(), polygons: z.array(z.array(z.array(lngLat))) }).strict(), z.object({ kind: z.literal('drawn'), polygon: z.array(lngLat) }).strict()]).nullable(),
        notes: z.string(),
        alarmIds: z.array(z.string()),
        /** ISO instants of the map snapshots. */
        instants: z.array(z.string()),
      })
      .strict(),
    city: z.object({ name: z.string(), timeZone: z.string() }).passthrough(),
    counts: z.object({ sensors: z.number().int(), readings: z.number().int(), alarms: z.number().int(), actions: z.number().int(), notes: z.number().int(), gaps: z.number().int(), snapshots: z.number().int() }).strict(),
    /** Every file of the pack but the manifest, with its size and SHA-256 (hex). */
    files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict()),
    /** Files of the format this pack lacks, each with why ("pictures not available: …"); absent when none. */
    omitted: z.array(z.object({ path: z.string(), reason: z.string() }).strict()).optional(),
  })
  .strict();

export type PackManifest = z.infer<typeof packManifestSchema>;
