/**
 * What the MQTT bench parts share (mqtt.ts, mqtt-desk.ts): publishing Aberdeen's messages with the publisher in a
 * process of its own, and a subscribing side in a process of its own that reports one run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ABERDEEN_DATA, runPublisher } from '../helpers/aberdeen-publisher';
import type { Mosquitto } from '../helpers/mosquitto';
import { fmt, median, quantile, until, type Headline } from './report';

const HERE = import.meta.dirname;
const TSX = join(HERE, '..', '..', 'node_modules', '.bin', 'tsx');

/** One side's run: messages received, and its process's CPU and wall time for them. */
export interface Run {
  messages: number;
  cpuMs: number;
  wallMs: number;
}

export interface Pace {
  /** Messages a second, or as fast as the broker takes them. */
  rate: number | 'max';
  /** Add sent_at_ms to each message. */
  stamp: boolean;
}

/** Publishes `total` Aberdeen air-quality messages at `pace`; resolves when `done()` holds (fails if the publisher does). */
export async function publish(broker: Mosquitto, total: number, pace: Pace, timeoutMs: number, done: () => boolean, what: () => string): Promise<void> {
  const args = [...(pace.rate === 'max' ? ['--speed', 'max'] : ['--rate', String(pace.rate)]), ...(pace.stamp ? ['--stamp'] : [])];
  const published = runPublisher(['--url', broker.url, '--data', ABERDEEN_DATA!, '--kind', 'air_quality', '--limit', String(total), ...args]);
  let exit: { code: number | null; stderr: string } | null = null;
  void published.then((r) => (exit = r));
  await until(() => done() || (exit !== null && exit.code !== 0), timeoutMs, what(), 2);
  const r = await published;
  if (r.code !== 0) throw new Error(`publisher failed: ${r.stderr}`);
}

/** `tsx FILE ARGS` (a file beside this one): waits for its READY; `result` resolves with the JSON line it prints next. */
export async function spawnSide<R extends Run = Run>(file: string, args: readonly string[]): Promise<{ result: Promise<R>; kill(): void }> {
  const child = spawn(TSX, [join(HERE, file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${file} ${args[0] ?? ''} exited (${code})`))));
  const line = () => Promise.race([new Promise<string>((resolve) => lines.once('line', resolve)), exited]);
  if ((await line()) !== 'READY') throw new Error(`${file} ${args[0] ?? ''}: no READY`);
  return { result: line().then((l) => JSON.parse(l) as R), kill: () => child.kill() };
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Latency over several runs: each run's p50, p99 and max, the medians over the runs, and the runs' p99s in words. */
export function latencySummary(runs: readonly (readonly number[])[]): { p50: number; p99: number; max: number; runs: string } {
  const each = runs.map((l) => {
    const s = [...l].sort((a, b) => a - b);
    return { p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s[s.length - 1]! };
  });
  return { p50: median(each.map((e) => e.p50)), p99: median(each.map((e) => e.p99)), max: median(each.map((e) => e.max)), runs: each.map((e) => ms(e.p99)).join(', ') };
}

/** A throughput headline against the bare subscriber: `figure` per core (in `unit`), met at `share` of the bare's. */
export function throughputHeadline(name: string, figure: number, unit: string, bare: number, share: number): Headline {
  return {
    name,
    figure: `${fmt(figure)} ${unit}/s per core`,
    baseline: `bare mqtt.js ${fmt(bare)} messages/s per core`,
    ratio: `${(figure / bare).toFixed(2)}x`,
    target: `>= ${share}x the bare subscriber`,
    met: figure >= share * bare,
  };
}

/** A latency headline against the bare subscriber: met when the p99 is at most `limitMs`. */
export function latencyHeadline(name: string, lat: { p50: number; p99: number }, bare: { p50: number; p99: number }, target: string, limitMs: number): Headline {
  return {
    name,
    figure: `p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)}`,
    baseline: `bare mqtt.js p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}`,
    ratio: `${(lat.p99 / bare.p99).toFixed(2)}x`,
    target,
    met: lat.p99 <= limitMs,
  };
}
