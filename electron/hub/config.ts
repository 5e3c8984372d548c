/**
 * The hub's configuration: a JSON document validated with errors that name the path and the problem
 * (`sources[2].mapping.time.zone: must be an IANA time zone`). The shape is checked here (zod, strict: an unknown key
 * is an error, so a typo never passes silently); what depends on the sensor types (metric ids, units, geometry) is
 * checked when the config is resolved against the registry (./resolve-config.ts). Secrets are references only.
 */
import { z } from 'zod';
import { SOURCE_TYPES } from '../shared/source-status';
import { parseFieldPath } from './field-path';
import { secretRefSchema } from './secrets';
import { demoConnectionSchema } from './sources/demo';
import { SOURCE_FACTORIES } from './sources/index';
import { compilePattern, isIanaTimeZone } from './time-field';

/** Largest config file. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const fieldPath = z
  .string()
  .max(500)
  .superRefine((p, ctx) => {
    const parsed = parseFieldPath(p);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `not a field path: ${parsed.message}` });
  });
const ianaZone = z.string().max(100).refine(isIanaTimeZone, 'must be an IANA time zone');
const finite = z.number().finite();
const name = z.string().min(1).max(300);
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lower-case letters, digits, - or _');

const timeFormat = z.union([
  z.enum(['iso', 'epoch-s', 'epoch-ms']),
  z
    .object({ pattern: z.string().min(1).max(100) })
    .strict()
    .superRefine((f, ctx) => {
      const c = compilePattern(f.pattern);
      if (!c.ok) ctx.addIssue({ code: 'custom', path: ['pattern'], message: c.message });
    }),
]);

export const mappingSchema = z
  .object({
    id: fieldPath,
    name: fieldPath.optional(),
    position: z.union([z.object({ lon: fieldPath, lat: fieldPath }).strict(), z.object({ geometry: fieldPath }).strict()], { error: 'must be {"lon": PATH, "lat": PATH} or {"geometry": PATH}' }).optional(),
    time: z.object({ field: fieldPath, format: timeFormat.default('iso'), zone: ianaZone.optional() }).strict(),
    metrics: z.record(z.string().max(100), z.object({ field: fieldPath, unit: z.union([z.string().max(50), z.object({ field: fieldPath }).strict()]) }).strict()),
    attributes: z.record(z.string().min(1).max(100), fieldPath).optional(),
    where: z.object({ field: fieldPath, in: z.array(z.union([z.string().max(1000), finite])).min(1).max(1000) }).strict().optional(),
  })
  .strict();

const sourceSchema = z
  .object({
    id,
    name,
    type: z.enum(SOURCE_TYPES),
    enabled: z.boolean().default(true),
    /** Per type (see each connector's schema); validated below with the path `connection.…`. */
    connection: z.record(z.string(), z.unknown()).default({}),
    /** Registry type id of the sensors (demo: none, its sensors carry their own). */
    sensorType: z.string().min(1).max(100).optional(),
    mapping: mappingSchema.optional(),
    /** Rows of sensors (id, name, position, attributes) for records that carry only a sensor id. */
    sensorTable: z.object({ file: z.string().min(1).max(1000), idField: fieldPath }).strict().optional(),
    /** Expected reporting interval of these sensors (default: the type's). */
    expectedIntervalS: finite.positive().max(7 * 24 * 3600).optional(),
    /** Where the numbers come from, shown beside every value (overrides the type's provenanceNote for this hub). */
    provenanceNote: z.string().min(1).max(300).optional(),
  })
  .strict();

export const hubConfigSchema = z
  .object({
    hub: z
      .object({
        id,
        name,
        city: z
          .object({
            name,
            timeZone: ianaZone,
            home: z
              .tuple([finite.min(-180).max(180), finite.min(-90).max(90), finite.min(-180).max(180), finite.min(-90).max(90)])
              .refine(([w, s, e, n]) => w < e && s < n, 'must be [west, south, east, north] with west < east and south < north')
              .optional(),
            attribution: z.string().max(2000).optional(),
          })
          .strict(),
        listen: z.object({ host: z.string().min(1).max(255).default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(4600) }).strict().default({ host: '127.0.0.1', port: 4600 }),
        /** Clients must present it; never written here, only referenced. */
        token: secretRefSchema.optional(),
      })
      .strict(),
    /** Extra sensor-type documents (paths relative to this file), validated with parseSensorType. */
    types: z.array(z.string().min(1).max(1000)).max(100).default([]),
    sources: z.array(sourceSchema).max(200),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.sources.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate id ${JSON.stringify(s.id)} (also sources[${first}])` });
      else seen.set(s.id, i);
      if (s.type === 'demo') {
        for (const k of ['mapping', 'sensorType', 'sensorTable'] as const) if (s[k] !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, k], message: 'the demo source has its own sensors: no ' + k });
        checkConnection(demoConnectionSchema, s.connection, ['sources', i, 'connection'], ctx);
        return;
      }
      if (s.sensorType === undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'sensorType'], message: 'name the registry type of these sensors' });
      if (s.mapping === undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'mapping'], message: 'map the records: id, time, metrics (and position)' });
      const factory = SOURCE_FACTORIES[s.type];
      if (factory) checkConnection(factory.connection, s.connection, ['sources', i, 'connection'], ctx);
    });
    // One feed clock per hub: every enabled replay runs at the same speed, and live sources at speed 1.
    const speeds = cfg.sources.map((s, i) => ({ s, i })).filter(({ s }) => s.enabled && (s.type === 'file' || s.type === 'demo'));
    const live = cfg.sources.find((s) => s.enabled && s.type !== 'file' && s.type !== 'demo');
    const speedOf = (c: Record<string, unknown>) => (typeof c.speed === 'number' ? c.speed : 1);
    const first = speeds[0];
    for (const { s, i } of speeds) {
      const v = speedOf(s.connection);
      if (first && v !== speedOf(first.s.connection)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'connection', 'speed'], message: `must equal sources[${first.i}]'s speed (${speedOf(first.s.connection)}): a hub has one feed clock` });
      else if (live && v !== 1) ctx.addIssue({ code: 'custom', path: ['sources', i, 'connection', 'speed'], message: `must be 1 while the live source ${JSON.stringify(live.id)} is enabled: a hub has one feed clock` });
    }
  });

export type HubConfig = z.infer<typeof hubConfigSchema>;
export type SourceConfig = HubConfig['sources'][number];
export type MappingConfig = z.infer<typeof mappingSchema>;

function checkConnection(schema: z.ZodType, value: unknown, at: (string | number)[], ctx: z.RefinementCtx): void {
  const r = schema.safeParse(value);
  if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
}

/** A path as the config's reader writes it: `sources[2].mapping.time.zone`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ParsedConfig = { ok: true; config: HubConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates a config document's text (JSON): its shape and its per-connector blocks. */
export function parseHubConfig(text: string): ParsedConfig {
  if (text.length > MAX_CONFIG_BYTES) return { ok: false, issues: [{ path: '(root)', message: `the config is over ${MAX_CONFIG_BYTES} bytes` }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(root)', message: `not JSON: ${(e as Error).message}` }] };
  }
  const r = hubConfigSchema.safeParse(raw);
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, config: r.data };
}

/** The connection block of a source, parsed by its connector's schema (already validated with the config). */
export function connectionOf<C>(schema: z.ZodType<C>, source: SourceConfig): C {
  return schema.parse(source.connection);
}
