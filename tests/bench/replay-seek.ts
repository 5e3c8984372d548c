/**
 * Replay seek bench (part of `npm run bench`, or alone: `npx tsx tests/bench/replay-seek.ts`). Issue 10's target:
 * seeking to any instant answers within 100 ms (p99).
 *
 * Two caches, in files like a desk's:
 * (a) the demo week: every reading of the shipped week, maintenance run (rollups), and the alarms the shipped starter
 *     rules raise over it (alarm-week.ts, the full pipeline) stored as the engine stores them;
 * (b) 90 days: (a) with 12 weeks before it in rollups only (the week's 1-hour rollups copied 1 to 12 weeks back, its
 *     1-minute rollups 1 week back): instants before the demo week are answered from rollups, as past raw retention.
 * For each: replayFrame (engine/replay/frame.ts: every sensor's state, alarms open then, counts, shelves, gaps, extent)
 * at SEEKS random instants over the cache, wall time p50 / p99; beside it, in the same run, the naive way to the same
 * sensor states: reading the cache from its start up to the instant, keeping each sensor's latest (raw readings, or
 * for (b) the rollup rows), at NAIVE_SEEKS of the same instants. The naive states are checked equal to the frame's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LiveState } from '../../electron/engine/live-state';
import { replayFrame, type ReplaySources } from '../../electron/engine/replay/frame';
import { timeline } from '../../electron/engine/replay/timeline';
import { openStore, type Store } from '../../electron/engine/store/store';
import type { Reading } from '../../electron/shared/model';
import { priorityOf } from '../../electron/shared/alarm-priority';
import { loadDemoWeek, runWeek, shippedStarterRules } from './alarm-week';
import { fmt, median, quantile, runPartIfMain, type Headline, type PartResult, type Row } from './report';

const TARGET_MS = 100;
const SEEKS = 200;
const NAIVE_SEEKS = 5;
const WEEK = 7 * 86_400_000;
const EXTRA_WEEKS = 12;

/** A seeded sequence of instants in [from, to]. */
function instants(n: number, from: number, to: number, seed: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  return Array.from({ length: n }, () => Math.round(from + next() * (to - from)));
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

interface Seeks {
  p50: number;
  p99: number;
  naiveP50: number;
  naiveP99: number;
  checked: number;
}

/**
 * Seeks at random instants; the naive scan at some of them, its states checked against the frame's. `naive(at)`:
 * each sensor's latest reading at or before `at`, read the naive way.
 */
function seeks(src: ReplaySources, from: number, to: number, naive: (at: number) => Map<string, Reading>, seed: number): Seeks {
  const ats = instants(SEEKS, from, to, seed);
  replayFrame(src, ats[0]!); // statements prepared once, as in a running desk
  const times: number[] = [];
  const frames = new Map<number, ReturnType<typeof replayFrame>>();
  for (const at of ats) {
    const { ms, value } = timed(() => replayFrame(src, at));
    times.push(ms);
    frames.set(at, value);
  }
  const naiveTimes: number[] = [];
  let checked = 0;
  for (const at of ats.slice(0, NAIVE_SEEKS)) {
    const { ms, value } = timed(() => naive(at));
    naiveTimes.push(ms);
    for (const s of frames.get(at)!.states) {
      const want = value.get(s.sensorId) ?? null;
      if (JSON.stringify(want) !== JSON.stringify(s.last)) throw new Error(`the naive scan and the frame disagree on ${s.sensorId} at ${new Date(at).toISOString()}`);
      checked++;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const naiveSorted = [...naiveTimes].sort((a, b) => a - b);
  return { p50: median(times), p99: quantile(sorted, 0.99), naiveP50: median(naiveTimes), naiveP99: quantile(naiveSorted, 0.99), checked };
}

/** Naive: every raw reading from the start up to `at`, in time order, each sensor's last one kept. */
function naiveRaw(store: Store, from: number) {
  return (at: number) => {
    const latest = new Map<string, Reading>();
    for (const r of store.iterateReadings(from, at)) latest.set(r.sensorId, { sensorId: r.sensorId, ts: r.ts, values: r.values });
    return latest;
  };
}

/**
 * Naive over rollups: every 1-hour rollup row up to `at` (then 1-minute, then raw, each overriding the coarser), in
 * key order (sensor, bucket), each sensor's last bucket's averages kept.
 */
function naiveRollups(file: string, store: Store, from: number) {
  const db = new Database(file, { readonly: true });
  const sensors = db.prepare<[], { sid: number; id: string; kind: string }>('SELECT sid, id, kind FROM sensors').all();
  const bySid = new Map(sensors.map((s) => [s.sid, s]));
  const layouts = new Map<string, string[]>();
  for (const r of db.prepare<[], { kind: string; slot: number; metric: string }>('SELECT kind, slot, metric FROM metric_slots ORDER BY kind, slot').all()) {
    const l = layouts.get(r.kind) ?? [];
    l[r.slot] = r.metric;
    layouts.set(r.kind, l);
  }
  const scan = (table: string, at: number) => {
    const latest = new Map<string, Reading>();
    let cur: { sid: number; bucket: number; values: Record<string, number | null> } | null = null;
    const flush = () => {
      if (cur) latest.set(bySid.get(cur.sid)!.id, { sensorId: bySid.get(cur.sid)!.id, ts: cur.bucket, values: cur.values });
    };
    for (const row of db.prepare<[number], { sid: number; bucket: number; m: number; sum: number | null; count: number }>(`SELECT sid, bucket, m, sum, count FROM ${table} WHERE bucket <= ? ORDER BY sid, bucket, m`).iterate(at)) {
      if (!cur || cur.sid !== row.sid || cur.bucket !== row.bucket) {
        flush();
        const layout = layouts.get(bySid.get(row.sid)!.kind) ?? [];
        cur = { sid: row.sid, bucket: row.bucket, values: Object.fromEntries(layout.map((m) => [m, null])) };
      }
      const name = layouts.get(bySid.get(row.sid)!.kind)?.[row.m];
      if (name !== undefined) cur.values[name] = row.count > 0 && row.sum !== null ? row.sum / row.count : null;
    }
    flush();
    return latest;
  };
  const raw = naiveRaw(store, from);
  return {
    close: () => db.close(),
    latest: (at: number) => {
      const out = scan('rollup_1h', at);
      for (const [id, r] of scan('rollup_1m', at)) out.set(id, r);
      for (const [id, r] of raw(at)) out.set(id, r);
      return out;
    },
  };
}

async function replaySeekBench(): Promise<PartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-bench-replay-'));
  try {
    const week = loadDemoWeek();
    const { data } = week;
    const file = join(dir, 'cache.db');
    const build = timed(() => {
      const store = openStore(file);
      store.saveCatalogue(data.sensors);
      for (let i = 0; i < data.readings.length; i += 50_000) store.ingest('demo', data.readings.slice(i, i + 50_000), i, data.readings[Math.min(i + 50_000, data.readings.length) - 1]!.ts);
      store.flush();
      for (let r = store.maintain(data.end); !r.caughtUp; r = store.maintain(data.end));
      return store;
    });
    const store = build.value;
    const run = timed(() => runWeek(week, shippedStarterRules(week), 'full'));
    store.saveAlarms(run.value.alarms);
    const state = new LiveState();
    state.setCatalogue(data.sensors, { registry: store.registry() });
    const rules = new Map(shippedStarterRules(week).map((r) => [r.id, r]));
    const src: ReplaySources = {
      store,
      catalogue: data.sensors,
      registry: store.registry(),
      priorityFor: (ruleId, severity) => priorityOf(severity, rules.get(ruleId)?.rationale?.respondWithinMinutes),
      names: { rule: (id) => rules.get(id)?.name ?? id, subject: (subject, alarm) => alarm?.group?.name ?? state.sensor(subject)?.name ?? subject },
    };
    const a = seeks(src, data.start, data.end, naiveRaw(store, data.start), 1);
    const tl = timed(() => timeline(src, { buckets: 1000 }, data.end));

    // (b) 90 days: 12 weeks of rollups before the demo week, written beside it (a second connection, as a copy).
    const copy = timed(() => {
      store.flush();
      const db = new Database(file);
      db.transaction(() => {
        for (let k = 1; k <= EXTRA_WEEKS; k++) db.prepare('INSERT OR IGNORE INTO rollup_1h SELECT sid, bucket - ?, m, min, max, sum, count FROM rollup_1h WHERE bucket >= ?').run(k * WEEK, Math.floor(data.start / 3_600_000) * 3_600_000);
        db.prepare('INSERT OR IGNORE INTO rollup_1m SELECT sid, bucket - ?, m, min, max, sum, count FROM rollup_1m WHERE bucket >= ?').run(WEEK, Math.floor(data.start / 60_000) * 60_000);
      })();
      const n = (t: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n;
      const counts = { hour: n('rollup_1h'), minute: n('rollup_1m') };
      db.close();
      return counts;
    });
    const from90 = data.start - EXTRA_WEEKS * WEEK;
    const naive90 = naiveRollups(file, store, data.start);
    const b = seeks(src, from90, data.end, naive90.latest, 2);
    naive90.close();
    const tl90 = timed(() => timeline(src, { buckets: 1000 }, data.end));
    store.close();

    const ms = (x: number) => `${x.toFixed(1)} ms`;
    const rows: Row[] = [
      { name: 'week cache: readings', value: fmt(data.readings.length), note: `${data.sensors.length} sensors, built in ${fmt(build.ms / 1000)} s with maintenance` },
      { name: 'week cache: alarms stored', value: fmt(run.value.alarms.length), note: 'shipped starter rules, full pipeline (alarm-week.ts)' },
      { name: 'week: seeks', value: `${SEEKS} random instants`, note: `p50 ${ms(a.p50)}, p99 ${ms(a.p99)}; naive scan at ${NAIVE_SEEKS} of them p50 ${ms(a.naiveP50)}, p99 ${ms(a.naiveP99)}; ${fmt(a.checked)} sensor states checked equal` },
      { name: 'week: timeline of the whole cache', value: ms(tl.ms), note: `1000 buckets, ${fmt(tl.value.alarmsTotal)} alarms, ${fmt(tl.value.density.counts.reduce((s, n) => s + n, 0))} readings in the density strip` },
      { name: '90-day cache: rollup rows', value: `${fmt(copy.value.hour)} 1-hour, ${fmt(copy.value.minute)} 1-minute`, note: `the week's rollups copied ${EXTRA_WEEKS} weeks back (1-hour) and 1 week back (1-minute)` },
      { name: '90-day: seeks', value: `${SEEKS} random instants`, note: `p50 ${ms(b.p50)}, p99 ${ms(b.p99)}; naive scan at ${NAIVE_SEEKS} of them p50 ${ms(b.naiveP50)}, p99 ${ms(b.naiveP99)}; ${fmt(b.checked)} sensor states checked equal` },
      { name: '90-day: timeline of the whole cache', value: ms(tl90.ms), note: '1000 buckets, density from 1-hour rollups' },
    ];
    const headline = (name: string, s: Seeks): Headline => ({
      name,
      figure: `p99 ${ms(s.p99)} (p50 ${ms(s.p50)})`,
      baseline: `naive scan up to the instant p99 ${ms(s.naiveP99)} (p50 ${ms(s.naiveP50)})`,
      ratio: `${(s.naiveP50 / s.p50).toFixed(0)}x faster (p50)`,
      target: `p99 <= ${TARGET_MS} ms (issue 10)`,
      met: s.p99 <= TARGET_MS,
    });
    return { rows, headlines: [headline('replay seek, demo week cache', a), headline('replay seek, 90 days of rollups', b)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runPartIfMain(import.meta.url, 'Replay seek (issue 10): the desk as of any instant, against a naive scan', replaySeekBench);
