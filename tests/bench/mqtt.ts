/**
 * The MQTT source against a bare mqtt.js subscriber on the same Mosquitto broker, in the same run (part of
 * `npm run bench`, or alone: `npx tsx tests/bench/mqtt.ts`).
 *
 * Messages: Aberdeen's air-quality readings as JSON on aberdeen/air_quality/<sensor_id>, sent by the publisher
 * (electron/cli/publish-mqtt.ts) in a process of its own; the broker is a process of its own too. Both sides receive
 * the same messages and parse each payload as JSON (the bare subscriber must, to read the send time; the source does,
 * to make records). Figures:
 * - throughput: 50,000 messages published as fast as the broker takes them, received by both subscribers at once,
 *   each in a process of its own (mqtt-subscriber.ts); messages (records) per CPU-second of that process, from its
 *   first message to its last; three runs after a warm-up; medians;
 * - latency: 10,000 messages at 2,000 a second, each stamped with its send time (epoch ms, both processes on one
 *   machine), received by both subscribers at once so that the machine's stalls hit both alike; from publish to the
 *   bare subscriber's message handler, or to the source's sink.records; p50 and p99, medians of three runs.
 * The path on through a hub and an engine to the desk's live state: mqtt-desk.ts.
 */
import { performance } from 'node:perf_hooks';
import { ABERDEEN_DATA, NO_ABERDEEN_DATA } from '../helpers/aberdeen-publisher';
import { HAS_MOSQUITTO, MOSQUITTO, startMosquitto, type Mosquitto } from '../helpers/mosquitto';
import { latencyHeadline, latencySummary, ms, publish, spawnSide, throughputHeadline, type Run } from './mqtt-runs';
import { subscribe, type Side } from './mqtt-subscriber';
import { fmt, median, perCore, runPartIfMain, type PartResult } from './report';

const THROUGHPUT_MESSAGES = 50_000;
const LATENCY_MESSAGES = 10_000;
const LATENCY_RATE = 2_000;
const TIMEOUT_MS = 120_000;
/** The source may cost at most this much more CPU per message than the bare subscriber. */
const THROUGHPUT_TARGET = 0.8;
/** Its p99 latency may exceed the bare subscriber's by at most this many ms or this share, whichever is more (noise). */
const LATENCY_MARGIN_MS = 2;
const LATENCY_MARGIN_SHARE = 0.2;

/**
 * Throughput of both sides on the same burst at the same time, each in a process of its own: CPU time of each from
 * its first message to its last, so that load from elsewhere on the machine hits both alike.
 */
async function throughput(broker: Mosquitto): Promise<Record<Side, Run>> {
  const total = THROUGHPUT_MESSAGES;
  const bare = await spawnSide('mqtt-subscriber.ts', ['bare', broker.url, String(total)]);
  const source = await spawnSide('mqtt-subscriber.ts', ['source', broker.url, String(total)]).catch((e: unknown) => {
    bare.kill(); // the second side failed to start: the first is not left running
    throw e;
  });
  const subs = [bare, source];
  try {
    const runs: Partial<Record<Side, Run>> = {};
    void subs[0]!.result.then((r) => (runs.bare = r), () => {});
    void subs[1]!.result.then((r) => (runs.source = r), () => {});
    await publish(broker, total, { rate: 'max', stamp: false }, TIMEOUT_MS, () => runs.bare !== undefined && runs.source !== undefined, () => `${total} messages at both subscribers`);
    return { bare: await subs[0]!.result, source: await subs[1]!.result };
  } finally {
    for (const s of subs) s.kill();
  }
}

/**
 * Latency of both sides at once, on the same messages: the machine's stalls (other processes on a shared machine)
 * hit both alike, so the comparison holds even when the absolute figures are noisy.
 */
async function latency(broker: Mosquitto): Promise<Record<Side, number[]>> {
  const lat: Record<Side, number[]> = { bare: [], source: [] };
  const now = () => performance.timeOrigin + performance.now();
  const closers = [
    await subscribe('bare', broker.url, (p) => lat.bare.push(now() - p.sent_at_ms!)),
    await subscribe('source', broker.url, (p) => lat.source.push(now() - p.sent_at_ms!)),
  ];
  try {
    const total = LATENCY_MESSAGES;
    await publish(broker, total, { rate: LATENCY_RATE, stamp: true }, TIMEOUT_MS, () => lat.bare.length >= total && lat.source.length >= total, () => `${total} stamped messages (bare ${lat.bare.length}, source ${lat.source.length})`);
    return lat;
  } finally {
    for (const close of closers) await close();
  }
}

export async function mqttBench(): Promise<PartResult> {
  if (!HAS_MOSQUITTO || !ABERDEEN_DATA) {
    const why = !HAS_MOSQUITTO ? `${MOSQUITTO} not found` : NO_ABERDEEN_DATA;
    return { rows: [], headlines: [], skipped: [`mqtt source throughput: skipped (${why})`, `mqtt source latency: skipped (${why})`] };
  }
  // Mosquitto holds at most 1000 messages per client by default; a burst of 50,000 must not be cut at the broker.
  const broker = await startMosquitto({ config: ['max_queued_messages 0', 'max_queued_bytes 0'] });
  try {
    await throughput(broker); // warm-up: the broker, the page cache, the publisher's start
    const both: Record<Side, Run>[] = [];
    for (let i = 0; i < 3; i++) both.push(await throughput(broker));
    const bare = both.map((b) => b.bare);
    const source = both.map((b) => b.source);
    const lats: Record<Side, number[]>[] = [];
    for (let i = 0; i < 3; i++) lats.push(await latency(broker));

    const core = (rs: Run[]) => median(rs.map((r) => perCore(r.messages, r.cpuMs)));
    const wall = (rs: Run[]) => median(rs.map((r) => perCore(r.messages, r.wallMs)));
    const list = (rs: Run[]) => rs.map((r) => fmt(perCore(r.messages, r.cpuMs))).join(', ');
    const bl = latencySummary(lats.map((l) => l.bare));
    const sl = latencySummary(lats.map((l) => l.source));
    const latencyLimit = bl.p99 + Math.max(LATENCY_MARGIN_MS, LATENCY_MARGIN_SHARE * bl.p99);
    const bareCore = core(bare);
    const sourceCore = core(source);
    return {
      rows: [
        { name: 'broker', value: 'Mosquitto (own process)', note: 'publisher: electron/cli/publish-mqtt.ts in its own process, QoS 0' },
        { name: 'bare mqtt.js per CPU-second', value: `${fmt(bareCore)} messages/s`, note: `JSON.parse of each payload; runs ${list(bare)}; wall ${fmt(wall(bare))}/s` },
        { name: 'MQTT source per CPU-second', value: `${fmt(sourceCore)} records/s`, note: `UTF-8 check, size limit, JSON, records; runs ${list(source)}; wall ${fmt(wall(source))}/s` },
        { name: 'bare mqtt.js latency', value: `p50 ${ms(bl.p50)}, p99 ${ms(bl.p99)}, max ${ms(bl.max)}`, note: `${fmt(LATENCY_MESSAGES)} messages at ${fmt(LATENCY_RATE)}/s, both subscribers at once; medians of 3 runs, p99s ${bl.runs}` },
        { name: 'MQTT source latency', value: `p50 ${ms(sl.p50)}, p99 ${ms(sl.p99)}, max ${ms(sl.max)}`, note: `publish to sink.records; p99s ${sl.runs}` },
      ],
      headlines: [
        throughputHeadline('MQTT source throughput', sourceCore, 'records', bareCore, THROUGHPUT_TARGET),
        latencyHeadline('MQTT source latency p99', sl, bl, `p99 <= bare + ${LATENCY_MARGIN_MS} ms or +${LATENCY_MARGIN_SHARE * 100}%, whichever is more`, latencyLimit),
      ],
    };
  } finally {
    await broker.stop();
  }
}

runPartIfMain(import.meta.url, 'MQTT source vs a bare mqtt.js subscriber', mqttBench);
