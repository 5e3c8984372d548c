/**
 * The config's connection blocks of the MQTT and SensorThings connectors (mqtt.ts, sensorthings.ts): validated with
 * the config (errors under `sources[i].connection`), secrets read from their references when the source starts.
 */
import { z } from 'zod';
import { secretRefSchema } from '../secrets';
import { defineSource } from './context';
import { createMqttSource, topicFilterProblem } from './mqtt';
import { createSensorThingsSource } from './sensorthings';

const noCredentialsInUrl = (u: string) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === '');
const NO_CREDENTIALS = 'credentials never go in the URL: use username and password (a secret reference)';

export const mqttConnectionSchema = z
  .object({
    url: z.string().max(2000).refine((u) => /^mqtts?:\/\//i.test(u) && URL.canParse(u), 'must be an mqtt:// or mqtts:// URL').refine(noCredentialsInUrl, NO_CREDENTIALS),
    topics: z
      .array(
        z.string().superRefine((t, ctx) => {
          const p = topicFilterProblem(t);
          if (p) ctx.addIssue({ code: 'custom', message: p });
        }),
      )
      .min(1)
      .max(100),
    qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    clientId: z.string().min(1).max(100).optional(),
    username: z.string().min(1).max(200).optional(),
    password: secretRefSchema.optional(),
    payload: z.enum(['json', 'text', 'csv-line']).default('json'),
    csvColumns: z.array(z.string().min(1).max(100)).min(1).max(200).optional(),
    maxPayloadBytes: z.number().int().positive().max(16 * 1024 * 1024).optional(),
    connectTimeoutMs: z.number().int().min(100).max(120_000).optional(),
    backoffCapMs: z.number().int().min(1000).max(3_600_000).optional(),
  })
  .strict();

export const mqttSource = defineSource({
  connection: mqttConnectionSchema,
  create: (c, ctx) => createMqttSource({ ...c, ...(c.password ? { password: ctx.secret(c.password) } : {}) } as Parameters<typeof createMqttSource>[0]),
});

export const sensorThingsConnectionSchema = z
  .object({
    baseUrl: z.string().max(2000).refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL (the service root, …/v1.1)').refine(noCredentialsInUrl, NO_CREDENTIALS),
    username: z.string().min(1).max(200).optional(),
    password: secretRefSchema.optional(),
    everyS: z.number().min(1).max(86_400).default(60),
    thingsRefreshS: z.number().min(10).max(86_400).default(900),
    maxPages: z.number().int().min(1).max(1000).optional(),
    top: z.number().int().min(1).max(10_000).optional(),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
    maxBytes: z.number().int().positive().max(256 * 1024 * 1024).optional(),
    since: z.string().max(100).optional(),
  })
  .strict();

export const sensorThingsSource = defineSource({
  connection: sensorThingsConnectionSchema,
  create: (c, ctx) =>
    createSensorThingsSource({
      baseUrl: c.baseUrl,
      pollIntervalMs: c.everyS * 1000,
      thingsRefreshMs: c.thingsRefreshS * 1000,
      ...(c.username !== undefined ? { username: c.username } : {}),
      ...(c.password ? { password: ctx.secret(c.password) } : {}),
      ...(c.maxPages !== undefined ? { maxPages: c.maxPages } : {}),
      ...(c.top !== undefined ? { top: c.top } : {}),
      ...(c.timeoutMs !== undefined ? { requestTimeoutMs: c.timeoutMs } : {}),
      ...(c.maxBytes !== undefined ? { maxResponseBytes: c.maxBytes } : {}),
      ...(c.since !== undefined ? { since: c.since } : {}),
    }),
});
