/**
 * A sensor's history for charts: raw readings where they are kept and fit, else 1-minute or 1-hour rollups, with the
 * tail not yet folded (the current minute or hour) folded on the fly so that the newest data is never missing.
 */
import type Database from 'better-sqlite3';
import type { HistoryPoint, HistoryResolution } from '../api';
import type { MetaTable } from './meta';
import type { MetricLayouts } from './metric-layouts';
import { HOUR, MINUTE, RAW_KEPT_FROM, rollupUntilKey } from './rollup-meta';
import type { SensorTable } from './sensors';
import { decodeValues } from './value-codec';


interface RollupRow {
  bucket: number;
  m: number;
  min: number | null;
  max: number | null;
  sum: number | null;
  count: number;
}

export class HistoryReader {
  private readonly rawRange: Database.Statement<[number, number, number], { ts: number; v: string }>;
  private readonly rollupRange: Record<'1m' | '1h', Database.Statement<[number, number, number], RollupRow>>;

  constructor(
    db: Database.Database,
    private readonly sensors: SensorTable,
    private readonly meta: MetaTable,
    private readonly layouts: MetricLayouts,
  ) {
    this.rawRange = db.prepare('SELECT ts, v FROM readings WHERE sid = ? AND ts >= ? AND ts <= ? ORDER BY ts');
    this.rollupRange = {
      '1m': db.prepare('SELECT bucket, m, min, max, sum, count FROM rollup_1m WHERE sid = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket, m'),
      '1h': db.prepare('SELECT bucket, m, min, max, sum, count FROM rollup_1h WHERE sid = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket, m'),
    };
  }

  /**
   * History of one sensor in [from, to]. Raw readings when they are kept for the whole range and fit in maxPoints;
   * else 1-minute rollups when those fit; else 1-hour rollups.
   */
  history(sensorId: string, from: number, to: number, maxPoints = 3000, expectedIntervalS = 300): { resolution: HistoryResolution; points: HistoryPoint[] } {
    const s = this.sensors.key(sensorId);
    if (!s) throw new Error(`unknown sensor ${sensorId}`);
    const span = Math.max(0, to - from);
    const rawKeptFrom = this.meta.number(RAW_KEPT_FROM);
    const rawFits = span / (expectedIntervalS * 1000) <= maxPoints;
    if (rawFits && (rawKeptFrom === null || from >= rawKeptFrom)) {
      const rows = this.rawRange.all(s.sid, from, to);
      return { resolution: 'raw', points: rows.map((r) => ({ ts: r.ts, values: decodeValues(this.layouts.of(s.kind), r.v) })) };
    }
    const level: '1m' | '1h' = span / MINUTE <= maxPoints ? '1m' : '1h';
    const bucket = level === '1m' ? MINUTE : HOUR;
    const rows = this.rollupRange[level].all(s.sid, Math.floor(from / bucket) * bucket, to);
    const metrics = this.layouts.of(s.kind);
    // The tail not yet folded (the current minute or hour): folded here from raw, so the newest data is never missing.
    const until = this.meta.number(rollupUntilKey(level));
    const tailFrom = Math.max(until ?? -Infinity, Math.floor(from / bucket) * bucket);
    if (tailFrom <= to) {
      const tail = new Map<string, RollupRow>();
      for (const raw of this.rawRange.all(s.sid, tailFrom, to)) {
        const b = Math.floor(raw.ts / bucket) * bucket;
        (JSON.parse(raw.v) as (number | null)[]).forEach((v, m) => {
          if (v === null) return;
          const k = `${b}|${m}`;
          const cur = tail.get(k);
          if (!cur) tail.set(k, { bucket: b, m, min: v, max: v, sum: v, count: 1 });
          else {
            cur.min = Math.min(cur.min!, v);
            cur.max = Math.max(cur.max!, v);
            cur.sum = cur.sum! + v;
            cur.count++;
          }
        });
      }
      const folded = new Set(rows.map((r) => r.bucket));
      for (const t of [...tail.values()].sort((a, b) => a.bucket - b.bucket || a.m - b.m)) if (!folded.has(t.bucket)) rows.push(t);
    }
    const points: HistoryPoint[] = [];
    let cur: Required<HistoryPoint> | null = null;
    for (const r of rows) {
      if (!cur || cur.ts !== r.bucket) {
        cur = { ts: r.bucket, values: {}, min: {}, max: {}, count: 0 };
        points.push(cur);
      }
      const name = metrics[r.m];
      if (name === undefined) continue;
      cur.values[name] = r.count > 0 && r.sum !== null ? r.sum / r.count : null;
      cur.min[name] = r.min;
      cur.max[name] = r.max;
      cur.count = Math.max(cur.count, r.count);
    }
    return { resolution: level, points };
  }
}
