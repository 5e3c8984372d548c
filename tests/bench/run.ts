/**
 * `npm run bench`: figures against baselines measured in the same run, like for like (report.ts), never timed unit
 * tests. Each part runs in a fresh process of its own (no JIT state or heap carried from one part to the next), prints
 * its section, and hands its headlines back; the run ends with one summary table of every headline.
 *
 * 1. feed.ts: feed-to-UI-state throughput against a bare Socket.IO client.
 * 2. ingest.ts: ingest into the SQLite cache against one INSERT per reading; size per sensor-day; cache open times.
 * 3. alarm-latency.ts: reading-to-alarm latency, at the UI state and on screen in Chromium, against the transport.
 * 4. rules.ts: the rules evaluator's throughput, and against json-rules-engine on the same rules and readings.
 * 5. mqtt.ts: the hub's MQTT source against a bare mqtt.js subscriber on the same Mosquitto broker (throughput, latency).
 * 6. mqtt-desk.ts: MQTT through a hub and an engine to the desk's live state, against a bare mqtt.js subscriber.
 * 7. alarm-load.ts: the alarm load of the starter rules over the demo week (new alarms per 10 minutes, floods,
 *    chattering, standing), before issue 9 and as shipped, and the alarm pipeline's throughput.
 * 8. audit-search.ts: a page of an audit search with its total over 100,000 rows, against every row put into words and
 *    filtered.
 * 9. replay-playback.ts: playing a replay at 3600x in Chromium (frame intervals, long tasks, JS heap) against the same
 *    page live.
 * 10. incident-pack.ts: packing a one-day incident for the whole demo city against `npm run export` of its readings.
 * 11. replay-seek.ts: replay frames at random instants over the demo week's cache and over 90 days of rollups (p50,
 *    p99) against a naive scan of the cache up to the instant.
 * 12. feed-codec.ts: binary columnar reading batches (issue 13) against JSON: encode+decode time and bytes per reading
 *    for 10,000 and 100,000 readings.
 * 13. scale-feed.ts: city scale (issue 13), feed to engine at 10,000 and 100,000 sensors at 1 Hz: readings/s, engine
 *    CPU per second of feed, engine memory at start and after the run; the JSON object path, baseline of the binary one.
 *
 * `npx tsx tests/bench/run.ts feed rules` runs only the parts named; `npm run bench -- --scale` the city-scale parts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSummary, type Headline, type PartResult } from './report';

const HERE = import.meta.dirname;
const TSX = join(HERE, '..', '..', 'node_modules', '.bin', 'tsx');
const PARTS = ['feed', 'ingest', 'alarm-latency', 'rules', 'mqtt', 'mqtt-desk', 'alarm-load', 'audit-search', 'replay-playback', 'incident-pack', 'replay-seek', 'feed-codec', 'scale-feed'];

/** The city-scale parts (issue 13), chosen together by `--scale`. */
const SCALE_PARTS = ['feed-codec', 'scale-feed'];

const chosen = process.argv.slice(2);
const parts = chosen.length ? PARTS.filter((p) => chosen.includes(p) || (chosen.includes('--scale') && SCALE_PARTS.includes(p))) : PARTS;
const dir = mkdtempSync(join(tmpdir(), 'citydesk-bench-run-'));
const headlines: Headline[] = [];
const skipped: string[] = [];
const failed: string[] = [];
try {
  for (const part of parts) {
    const out = join(dir, `${part}.json`);
    const r = spawnSync(TSX, [join(HERE, `${part}.ts`)], { stdio: 'inherit', env: { ...process.env, BENCH_HEADLINES: out } });
    if (r.status === 0 && existsSync(out)) {
      const got = JSON.parse(readFileSync(out, 'utf8')) as Required<Pick<PartResult, 'headlines' | 'skipped'>>;
      headlines.push(...got.headlines);
      skipped.push(...got.skipped);
    } else failed.push(`${part}.ts`);
  }
  printSummary(headlines, skipped, failed);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed.length ? 1 : 0);
