/**
 * Binary batches (issue 13 item 2): encode + decode of one reading batch in the columnar frame (electron/shared/
 * reading-columns.ts) against JSON.stringify + JSON.parse of the same batch, measured in the same run, for 10,000 and
 * 100,000 readings; bytes per reading on the wire for both. The binary decode is timed twice: to columns (what the
 * renderer will use) and on to reading objects (what the engine's validator takes today, the like-for-like of
 * JSON.parse). The sensor-id dictionary is sent once per connection and is not in the per-batch figures; its size is
 * shown beside them.
 *
 * Knobs: BENCH_CODEC_RUNS (default 7; the median is reported).
 */
import { performance } from 'node:perf_hooks';
import type { Reading } from '../../electron/shared/model';
import { decodeColumns, encodeColumns, frameReadings } from '../../electron/shared/reading-columns';
import { fmt, median, runPartIfMain, type Headline, type PartResult, type Row } from './report';

const RUNS = Number(process.env.BENCH_CODEC_RUNS ?? 7);

/** A batch shaped like the demo feed's types scaled up: traffic (4 metrics), car parks (2), air (5), some nulls. */
function batchOf(n: number): { feedId: string; seq: number; feedTime: number; readings: Reading[] } {
  const t0 = Date.UTC(2026, 11, 1, 8, 0);
  const readings: Reading[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 10;
    const ts = t0 + (i % 1000) * 1000;
    if (kind < 7) {
      readings.push({ sensorId: `traffic:${190000 + i}`, ts, values: { avgSpeedKmh: 20 + (i % 61), vehicleCount: i % 13, avgMeasuredTimeS: 40 + (i % 97), medianMeasuredTimeS: i % 11 === 0 ? null : 38 + (i % 89) } });
    } else if (kind < 9) {
      readings.push({ sensorId: `parking:GARAGE-${i}`, ts, values: { vehicleCount: i % 400, totalSpaces: 400 } });
    } else {
      readings.push({ sensorId: `air:${i}`, ts, values: { ozone: 30 + (i % 70) * 0.37, particulateMatter: (i % 50) * 1.3, carbonMonoxide: (i % 40) * 0.9, sulfurDioxide: (i % 30) * 0.7, nitrogenDioxide: (i % 90) * 0.51 } });
    }
  }
  return { feedId: 'aarhus-demo-x100', seq: 4242, feedTime: t0 + 1_000_000, readings };
}

function time(fn: () => void): number {
  const xs: number[] = [];
  fn(); // warm
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

interface Figures {
  n: number;
  jsonMs: number;
  jsonBytes: number;
  binMs: number;
  binObjectsMs: number;
  binBytes: number;
  dictBytes: number;
}

function measure(n: number): Figures {
  const batch = batchOf(n);
  const ids: string[] = [];
  const at = new Map<string, number>();
  const indexOf = (id: string) => {
    let i = at.get(id);
    if (i === undefined) at.set(id, (i = ids.push(id) - 1));
    return i;
  };
  let sink = 0;
  const jsonText = JSON.stringify(batch);
  const jsonMs = time(() => {
    const parsed = JSON.parse(JSON.stringify(batch)) as { readings: Reading[] };
    sink += parsed.readings.length;
  });
  const frame = encodeColumns(batch, indexOf);
  const binMs = time(() => {
    const f = decodeColumns(encodeColumns(batch, indexOf));
    sink += f.rows;
  });
  const binObjectsMs = time(() => {
    const f = decodeColumns(encodeColumns(batch, indexOf));
    sink += frameReadings(f, ids).length;
  });
  if (sink === 0) throw new Error('nothing measured');
  const dictBytes = Buffer.byteLength(JSON.stringify({ feedId: batch.feedId, from: 0, ids }));
  return { n, jsonMs, jsonBytes: Buffer.byteLength(jsonText), binMs, binObjectsMs, binBytes: frame.length, dictBytes };
}

async function feedCodecBench(): Promise<PartResult> {
  const rows: Row[] = [];
  const headlines: Headline[] = [];
  for (const n of [10_000, 100_000]) {
    const f = measure(n);
    const label = `${fmt(n)} readings`;
    rows.push(
      { name: `${label}: JSON stringify+parse`, value: `${f.jsonMs.toFixed(1)} ms, ${(f.jsonBytes / n).toFixed(1)} bytes/reading` },
      { name: `${label}: binary encode+decode to columns`, value: `${f.binMs.toFixed(1)} ms, ${(f.binBytes / n).toFixed(1)} bytes/reading`, note: `${(f.jsonMs / f.binMs).toFixed(1)}x faster, ${(f.jsonBytes / f.binBytes).toFixed(1)}x smaller than JSON` },
      { name: `${label}: binary encode+decode to reading objects`, value: `${f.binObjectsMs.toFixed(1)} ms`, note: `${(f.jsonMs / f.binObjectsMs).toFixed(1)}x JSON's speed; what the engine's validator takes` },
      { name: `${label}: sensor-id dictionary (once per connection)`, value: `${fmt(f.dictBytes)} bytes`, note: `${(f.dictBytes / n).toFixed(1)} bytes per sensor` },
    );
    headlines.push({
      name: `feed codec ${label}: encode+decode (to reading objects)`,
      figure: `${f.binObjectsMs.toFixed(1)} ms`,
      baseline: `${f.jsonMs.toFixed(1)} ms JSON.stringify+parse`,
      ratio: `${(f.jsonMs / f.binObjectsMs).toFixed(2)}x`,
      target: 'faster than JSON',
      met: f.binObjectsMs < f.jsonMs,
    });
    headlines.push({
      name: `feed codec ${label}: bytes per reading`,
      figure: `${(f.binBytes / n).toFixed(1)} B`,
      baseline: `${(f.jsonBytes / n).toFixed(1)} B JSON`,
      ratio: `${(f.jsonBytes / f.binBytes).toFixed(2)}x smaller`,
      target: 'at most half of JSON',
      met: f.binBytes * 2 <= f.jsonBytes,
    });
  }
  rows.push({ name: 'runs per figure', value: `${RUNS} (median), after one warm-up run` });
  return { rows, headlines };
}

runPartIfMain(import.meta.url, 'Feed codec (issue 13): binary columnar batches against JSON, encode+decode and bytes', feedCodecBench);
