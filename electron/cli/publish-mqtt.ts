/**
 * `publish-mqtt --url mqtt://HOST:PORT [--speed N | --rate N | --speed max]`: publishes Aberdeen's week of citizen
 * air-quality and weather readings (publish-mqtt-messages.ts) to an MQTT broker as JSON, one message per row on
 * `aberdeen/<kind>/<sensor_id>`, with the data's quirks kept. For tests, the bench and demonstrations of the MQTT
 * source. The pace is the data's own clock sped up N times (`--speed 60`: an hour of data a minute), a fixed number of
 * messages a second (`--rate`), or as fast as the broker takes them (`--speed max`, the default). `--stamp` adds
 * `sent_at_ms` (epoch ms, fractional) to each message for latency measurements. The password comes from
 * MQTT_PASSWORD or --password-file, never the command line. `--shift-to-now` moves every message's
 * timestamp_utc by whole weeks so that the week plays at now's weekday and time of day (the file replay's rule,
 * replay.ts weekAlignedShiftMs), so that a desk shows the readings live; `--from`/`--to` then select shifted times
 * (`--from <now - 15 min> --to <now>`: the quarter hour just before now) and `--speed` paces by the shifted times. Prints one summary line to stderr; exit 1 if the broker
 * cannot be reached or is lost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { ABERDEEN_KINDS, loadAberdeenMessages, sensorTableOf, type AberdeenKind, type AberdeenMessage } from './publish-mqtt-messages';
import { ASSETS_DIR } from './paths';

const spec = {
  url: { type: 'string', help: 'broker URL, mqtt:// or mqtts://' },
  data: { type: 'string', help: `folder with sensors.csv and the readings files (default ${join('assets', 'cities', 'aberdeen')})` },
  kind: { type: 'strings', help: `only this kind (${ABERDEEN_KINDS.join(', ')}); repeatable` },
  from: { type: 'string', help: 'only readings at or after this ISO 8601 time (a shifted time with --shift-to-now)' },
  to: { type: 'string', help: 'only readings before this ISO 8601 time (a shifted time with --shift-to-now)' },
  'shift-to-now': { type: 'boolean', help: "move every timestamp_utc by whole weeks so the week plays at now's weekday and time of day (UTC); values untouched" },
  limit: { type: 'number', help: 'at most this many messages' },
  speed: { type: 'string', help: 'data time sped up this many times, or "max" (default)' },
  rate: { type: 'number', help: 'messages per second, whatever the data times' },
  qos: { type: 'number', help: 'QoS 0, 1 or 2 (default 0)' },
  prefix: { type: 'string', help: 'topic prefix (default aberdeen)' },
  'client-id': { type: 'string', help: 'MQTT client id' },
  username: { type: 'string', help: 'MQTT user name (the password comes from MQTT_PASSWORD or --password-file)' },
  'password-file': { type: 'string', help: 'file holding the MQTT password' },
  password: { type: 'string', help: '', refused: 'a password on the command line is visible to every user; use MQTT_PASSWORD or --password-file' },
  stamp: { type: 'boolean', help: 'add sent_at_ms (epoch ms) to each message, for latency measurements' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

type Pace = { kind: 'max' } | { kind: 'speed'; factor: number } | { kind: 'rate'; perSecond: number };

/** At most this many QoS 0 messages handed to the socket and not yet written: memory stays flat at any pace. */
const MAX_IN_FLIGHT = 1000;

function isoMs(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || !Number.isFinite(ms)) throw new UsageError(`--${flag} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return ms;
}

function paceOf(speed: string | undefined, rate: number | undefined): Pace {
  if (speed !== undefined && rate !== undefined) throw new UsageError('--speed and --rate cannot be used together');
  if (rate !== undefined) {
    if (!(rate > 0)) throw new UsageError(`--rate must be above 0, got ${rate}`);
    return { kind: 'rate', perSecond: rate };
  }
  if (speed === undefined || speed === 'max') return { kind: 'max' };
  const factor = Number(speed);
  if (!(factor > 0) || !Number.isFinite(factor)) throw new UsageError(`--speed must be a number above 0 or "max", got ${JSON.stringify(speed)}`);
  return { kind: 'speed', factor };
}

/** Publishes the messages at the pace; resolves with how many were sent. Rejects if the broker connection is lost. */
async function publishAll(client: MqttClient, messages: readonly AberdeenMessage[], pace: Pace, qos: 0 | 1 | 2, stamp: boolean, stopped: () => boolean): Promise<number> {
  let inFlight = 0;
  const state: { lost: Error | null } = { lost: null };
  let wake: (() => void) | null = null;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  client.on('close', () => {
    state.lost ??= new Error('the broker connection was lost');
    nudge();
  });
  const t0 = performance.now();
  const firstTs = messages[0]?.ts ?? 0;
  let sent = 0;
  for (const [i, m] of messages.entries()) {
    if (stopped()) break;
    const due = pace.kind === 'max' ? 0 : pace.kind === 'rate' ? (i * 1000) / pace.perSecond : (m.ts - firstTs) / pace.factor;
    const wait = due - (performance.now() - t0);
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    if (state.lost) throw new Error(`${state.lost.message} after ${sent} messages`);
    const payload = stamp ? { ...m.payload, sent_at_ms: performance.timeOrigin + performance.now() } : m.payload;
    inFlight++;
    client.publish(m.topic, JSON.stringify(payload), { qos }, (err) => {
      inFlight--;
      if (err) state.lost ??= err;
      if (inFlight < MAX_IN_FLIGHT / 2) nudge();
    });
    sent++;
    while (inFlight >= MAX_IN_FLIGHT && !state.lost) await new Promise<void>((r) => (wake = r));
  }
  while (inFlight > 0 && !state.lost) await new Promise<void>((r) => (wake = r));
  if (state.lost) throw new Error(`${state.lost.message} after ${sent} messages`);
  return sent;
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('publish-mqtt --url mqtt://HOST:PORT [--speed N|max | --rate N] [--shift-to-now] [--from ISO --to ISO] [--limit N]', spec));
  if (args.url === undefined) throw new UsageError('--url is required');
  if (!/^mqtts?:\/\//.test(args.url)) throw new UsageError(`--url must be mqtt:// or mqtts://, got ${JSON.stringify(args.url)}`);
  const kinds = (args.kind ?? [...ABERDEEN_KINDS]) as AberdeenKind[];
  for (const k of kinds) if (!ABERDEEN_KINDS.includes(k)) throw new UsageError(`--kind must be one of ${ABERDEEN_KINDS.join(', ')}, got ${JSON.stringify(k)}`);
  const qos = args.qos ?? 0;
  if (qos !== 0 && qos !== 1 && qos !== 2) throw new UsageError(`--qos must be 0, 1 or 2, got ${qos}`);
  if (args.limit !== undefined && !(Number.isInteger(args.limit) && args.limit >= 0)) throw new UsageError(`--limit must be a whole number, got ${args.limit}`);
  const pace = paceOf(args.speed, args.rate);
  const from = isoMs('from', args.from);
  const to = isoMs('to', args.to);
  const password = args['password-file'] !== undefined ? readFileSync(args['password-file'], 'utf8').replace(/\r?\n$/, '') : process.env.MQTT_PASSWORD;
  const dataDir = args.data ?? join(ASSETS_DIR, 'cities', 'aberdeen');
  if (!sensorTableOf(dataDir)) throw new UsageError(`no Aberdeen data in ${dataDir} (sensors.csv missing): pass --data FOLDER`);

  const all = loadAberdeenMessages(dataDir, {
    kinds,
    ...(args.prefix !== undefined && { prefix: args.prefix }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(args['shift-to-now'] === true && { shiftTo: Date.now() }),
  });
  const messages = args.limit !== undefined ? all.slice(0, args.limit) : all;

  const client = await mqtt.connectAsync(args.url, {
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...(args['client-id'] !== undefined && { clientId: args['client-id'] }),
    ...(args.username !== undefined && { username: args.username }),
    ...(password !== undefined && { password }),
  });
  // Each message goes out when published, not held back by Nagle's algorithm (latency measurements depend on it).
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  let stopping = false;
  const stop = () => void (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const t0 = performance.now();
  const sent = await publishAll(client, messages, pace, qos, args.stamp === true, () => stopping);
  await client.endAsync();
  const s = (performance.now() - t0) / 1000;
  process.stderr.write(`published ${sent} of ${messages.length} messages to ${new URL(args.url).host} in ${s.toFixed(1)} s (${Math.round(sent / Math.max(s, 1e-3))}/s)${stopping ? ', stopped by a signal' : ''}\n`);
});
