/**
 * The two subscribers the MQTT bench compares (mqtt.ts): a bare mqtt.js client that parses each payload as JSON, and
 * the hub's MQTT source. Also a process of its own (`tsx mqtt-subscriber.ts SIDE URL TOTAL`) for the throughput runs,
 * so that both sides receive the same burst at the same time, each charged its own CPU time: it prints READY once
 * subscribed, then one JSON line {messages, cpuMs, wallMs} (from its first message to its TOTAL-th) and exits.
 */
import mqtt from 'mqtt';
import { pathToFileURL } from 'node:url';
import { createMqttSource } from '../../electron/hub/sources/mqtt';
import { stopwatch, until } from './report';

export type Side = 'bare' | 'source';
export const TOPIC = 'aberdeen/#';

/** A subscriber on TOPIC that hands each parsed payload to `got`; resolves when it is subscribed, with its close. */
export async function subscribe(side: Side, url: string, got: (payload: { sent_at_ms?: number }) => void): Promise<() => Promise<void>> {
  if (side === 'bare') {
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    c.on('message', (_topic, payload) => got(JSON.parse(payload.toString('utf8')) as { sent_at_ms?: number }));
    await c.subscribeAsync(TOPIC, { qos: 0 });
    return () => c.endAsync();
  }
  const source = createMqttSource({ url, topics: [TOPIC], payload: 'json', maxPayloadBytes: 1024 * 1024 });
  let ready = false;
  const problems: string[] = [];
  source.start({
    records: (rs) => {
      for (const r of rs) got((r.value as { payload: { sent_at_ms?: number } }).payload);
    },
    unparsable: (reason, detail) => problems.push(`${reason}: ${detail}`),
    ok: () => (ready = true),
    failing: (reason, detail) => problems.push(`${reason}: ${detail}`),
  });
  await until(() => ready || problems.length > 0, 10_000, 'the MQTT source to subscribe');
  if (problems.length) throw new Error(`MQTT source: ${problems.join('; ')}`);
  return async () => {
    await source.stop();
    if (problems.length) throw new Error(`MQTT source: ${problems.join('; ')}`);
  };
}

async function main(side: Side, url: string, total: number): Promise<void> {
  let n = 0;
  let stop: ReturnType<typeof stopwatch> | null = null;
  let t: { cpuMs: number; wallMs: number } | null = null;
  const close = await subscribe(side, url, () => {
    if (n++ === 0) stop = stopwatch();
    if (n === total) t = stop!();
  });
  console.log('READY');
  await until(() => t !== null, 180_000, `${total} messages (${n} in)`, 2);
  await close();
  console.log(JSON.stringify({ messages: n, ...t! }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [side, url, total] = process.argv.slice(2);
  if ((side !== 'bare' && side !== 'source') || !url || !(Number(total) > 0)) {
    console.error('usage: mqtt-subscriber.ts bare|source URL TOTAL');
    process.exit(2);
  }
  main(side, url, Number(total)).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
