/**
 * MQTT to the desk's live state against a bare mqtt.js subscriber on the same Mosquitto broker, in the same run (part
 * of `npm run bench`, or alone: `npx tsx tests/bench/mqtt-desk.ts`).
 *
 * The desk: a hub with an MQTT source mapping Aberdeen's air-quality messages to air-quality sensors, and an engine
 * (startEngine, in-memory cache) subscribed to that hub over the feed protocol (mqtt-desk-side.ts). A reading counts
 * once it is in the engine's live state. The publisher (electron/cli/publish-mqtt.ts) and the broker are processes of
 * their own. Figures:
 * - throughput: 20,000 messages published as fast as the broker takes them, received by the bare subscriber
 *   (mqtt-subscriber.ts) and the desk at once, each in a process of its own; messages (the desk: readings into its live
 *   state) per CPU-second of that process
 *   (the desk's: hub and engine together, from subscribed until every reading made of the messages is in the live
 *   state; reading times from the data, see mqtt-desk-side.ts); three runs after a warm-up; medians. The desk does far
 *   more per message than the bare subscriber (mapping, the feed protocol, validation, the cache's SQLite writes, live
 *   state), so the target is a share of it;
 * - latency: 4,000 messages at 1,000 a second, stamped with their send time, received by both at once in this
 *   process; publish to the bare subscriber's handler, or to the reading's entry into the live state. The hub sends
 *   its readings in batches every 500 ms (its tick), which bounds the desk's latency from below by design.
 */
import { performance } from 'node:perf_hooks';
import { ABERDEEN_DATA, NO_ABERDEEN_DATA } from '../helpers/aberdeen-publisher';
import { HAS_MOSQUITTO, MOSQUITTO, startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { settled, startDesk } from './mqtt-desk-side';
import { latencyHeadline, latencySummary, ms, publish, spawnSide, throughputHeadline, type Run } from './mqtt-runs';
import { subscribe } from './mqtt-subscriber';
import { fmt, median, perCore, runPartIfMain, until, type PartResult } from './report';

const THROUGHPUT_MESSAGES = 20_000;
const LATENCY_MESSAGES = 4_000;
const LATENCY_RATE = 1_000;
const TIMEOUT_MS = 180_000;
/** The hub's batch interval (electron/hub/server.ts, default tickMs). */
const HUB_TICK_MS = 500;
/** The desk carries at least this share of the bare subscriber's messages per CPU-second to its live state. */
const THROUGHPUT_TARGET = 0.1;
/** The desk's p99 is at most the bare subscriber's p99 plus one hub tick plus this margin. */
const LATENCY_MARGIN_MS = 100;

interface DeskRun extends Run {
  readings: number;
  rejects: Record<string, number>;
}

async function throughput(broker: Mosquitto): Promise<{ bare: Run; desk: DeskRun }> {
  const total = THROUGHPUT_MESSAGES;
  const bare = await spawnSide('mqtt-subscriber.ts', ['bare', broker.url, String(total)]);
  const desk = await spawnSide<DeskRun>('mqtt-desk-side.ts', [broker.url, String(total)]).catch((e: unknown) => {
    bare.kill();
    throw e;
  });
  try {
    const runs: { bare?: Run; desk?: DeskRun } = {};
    void bare.result.then((r) => (runs.bare = r), () => {});
    void desk.result.then((r) => (runs.desk = r), () => {});
    await publish(broker, total, { rate: 'max', stamp: true }, TIMEOUT_MS, () => runs.bare !== undefined && runs.desk !== undefined, () => `${total} messages at the bare subscriber and the desk`);
    return { bare: await bare.result, desk: await desk.result };
  } finally {
    bare.kill();
    desk.kill();
  }
}

/** Latency of both at once on the same stamped messages, in this process. */
async function latency(broker: Mosquitto): Promise<{ bare: number[]; desk: number[]; readings: number }> {
  const now = () => performance.timeOrigin + performance.now();
  const lat = { bare: [] as number[], desk: [] as number[] };
  let warm = false;
  const desk = await startDesk(broker.url, 'sent', (rs, at) => {
    if (warm) for (const r of rs) lat.desk.push(at - r.ts);
  });
  const close = await subscribe('bare', broker.url, (p) => lat.bare.push(now() - p.sent_at_ms!));
  try {
    // Warm-up: the sensors enter the catalogue (a new sensor waits for the hub's catalogue update) and the JIT warms.
    await publish(broker, 1_000, { rate: LATENCY_RATE, stamp: true }, TIMEOUT_MS, () => lat.bare.length >= 1_000 && settled(desk, 1_000, Infinity), () => 'warm-up');
    const base = desk.counts();
    await until(() => settled(desk, base.records, Infinity), 10_000, 'warm-up settled');
    await new Promise((r) => setTimeout(r, 2 * HUB_TICK_MS));
    lat.bare.length = 0;
    warm = true;
    const total = LATENCY_MESSAGES;
    const readings = () => desk.counts().readings - base.readings;
    await publish(
      broker,
      total,
      { rate: LATENCY_RATE, stamp: true },
      TIMEOUT_MS,
      () => lat.bare.length >= total && desk.counts().records - base.records >= total && lat.desk.length >= readings(),
      () => `${total} stamped messages (bare ${lat.bare.length}, desk ${lat.desk.length} of ${readings()} readings)`,
    );
    return { ...lat, readings: readings() };
  } finally {
    await close();
    await desk.close();
  }
}


const DEMO_NOTE =
  "the demo's registry-driven ingest against its pre-registry figure: no like-for-like baseline in one run (the pre-registry path is no longer in the code; it would need an old checkout); feed.ts and ingest.ts measure today's path against their own baselines";

export async function mqttDeskBench(): Promise<PartResult> {
  if (!HAS_MOSQUITTO || !ABERDEEN_DATA) {
    const why = !HAS_MOSQUITTO ? `${MOSQUITTO} not found` : NO_ABERDEEN_DATA;
    return { rows: [], headlines: [], skipped: [`MQTT to desk throughput: skipped (${why})`, `MQTT to desk latency: skipped (${why})`] };
  }
  const broker = await startMosquitto({ config: ['max_queued_messages 0', 'max_queued_bytes 0'] });
  try {
    await throughput(broker); // warm-up: the broker, the page cache, the publisher's start
    const runs: { bare: Run; desk: DeskRun }[] = [];
    for (let i = 0; i < 3; i++) runs.push(await throughput(broker));
    const lats: Awaited<ReturnType<typeof latency>>[] = [];
    for (let i = 0; i < 3; i++) lats.push(await latency(broker));

    const core = (rs: Run[]) => median(rs.map((r) => perCore(r.messages, r.cpuMs)));
    const list = (rs: Run[]) => rs.map((r) => fmt(perCore(r.messages, r.cpuMs))).join(', ');
    const bare = runs.map((r) => r.bare);
    const desk = runs.map((r) => r.desk);
    const bareCore = core(bare);
    const deskCore = median(desk.map((r) => perCore(r.readings, r.cpuMs)));
    const deskReadings = median(desk.map((r) => r.readings));
    const rejects = desk.map((r) => Object.values(r.rejects).reduce((a, b) => a + b, 0));
    const bl = latencySummary(lats.map((l) => l.bare));
    const dl = latencySummary(lats.map((l) => l.desk));
    const latencyLimit = bl.p99 + HUB_TICK_MS + LATENCY_MARGIN_MS;
    return {
      rows: [
        { name: 'broker', value: 'Mosquitto (own process)', note: 'publisher: electron/cli/publish-mqtt.ts in its own process, QoS 0, stamped' },
        { name: 'desk', value: 'hub (MQTT source, mapping) -> feed protocol v2 -> engine (in-memory cache) -> live state', note: 'one process' },
        { name: 'bare mqtt.js per CPU-second', value: `${fmt(bareCore)} messages/s`, note: `JSON.parse of each payload; runs ${list(bare)}` },
        {
          name: 'desk per CPU-second',
          value: `${fmt(deskCore)} readings/s into the live state`,
          note: `messages/s per run ${list(desk)}; readings in the live state ${fmt(deskReadings)} of ${fmt(THROUGHPUT_MESSAGES)} messages (the data's times; a repeat skipped by the hub is not one); engine rejects ${rejects.join(', ')}`,
        },
        { name: 'bare mqtt.js latency', value: `p50 ${ms(bl.p50)}, p99 ${ms(bl.p99)}, max ${ms(bl.max)}`, note: `${fmt(LATENCY_MESSAGES)} messages at ${fmt(LATENCY_RATE)}/s, both at once; medians of 3 runs, p99s ${bl.runs}` },
        { name: 'desk latency', value: `p50 ${ms(dl.p50)}, p99 ${ms(dl.p99)}, max ${ms(dl.max)}`, note: `publish to live state (hub tick ${HUB_TICK_MS} ms); p99s ${dl.runs}; readings ${lats.map((l) => l.readings).join(', ')}` },
        { name: 'demo ingest vs pre-registry', value: 'not measured', note: DEMO_NOTE },
      ],
      headlines: [
        throughputHeadline('MQTT to desk throughput', deskCore, 'readings', bareCore, THROUGHPUT_TARGET),
        latencyHeadline('MQTT to desk latency p99', dl, bl, `p99 <= bare + hub tick ${HUB_TICK_MS} ms + ${LATENCY_MARGIN_MS} ms`, latencyLimit),
      ],
      skipped: [`demo ingest vs pre-registry: ${DEMO_NOTE}`],
    };
  } finally {
    await broker.stop();
  }
}

runPartIfMain(import.meta.url, 'MQTT to the desk vs a bare mqtt.js subscriber', mqttDeskBench);
