/**
 * The timeline's marks per pixel column (pure): however many alarms, actions or diff entries a span holds, drawing
 * costs one pass over them plus one over the columns. Also what lies under the pointer (for tooltips and clicks).
 */
import type { DiffAlarm, TimelineAction, TimelineAlarm, TimelineData } from '../../electron/engine/api';
import { SEVERITY_RANK, type Severity } from '../../electron/shared/severity';
import type { TimelineView } from '../store';
import { timeToX } from './timelineScale';

/** Instants binned per column: the highest rank seen (-1: none) and how many fell there. */
export interface MarkColumns {
  rank: Int8Array;
  count: Uint32Array;
}

/** Bins instants (with a rank, e.g. severity) into `width` columns; those outside the view are left out. */
export function binMarks<T>(items: readonly T[], at: (item: T) => number, rank: (item: T) => number, view: TimelineView, width: number): MarkColumns {
  const w = Math.max(0, Math.floor(width));
  const out: MarkColumns = { rank: new Int8Array(w).fill(-1), count: new Uint32Array(w) };
  for (const item of items) {
    const c = Math.floor(timeToX(at(item), view, w));
    if (c < 0 || c >= w) continue;
    out.count[c]! += 1;
    const r = rank(item);
    if (r > out.rank[c]!) out.rank[c] = r;
  }
  return out;
}

/**
 * How many spans cover each column (a difference array: one pass over the spans, one over the columns). A span that
 * touches a column covers it, so even a one-second alarm shows at any zoom.
 */
export function spanCoverage<T>(items: readonly T[], from: (item: T) => number, to: (item: T) => number, view: TimelineView, width: number): Int32Array {
  const w = Math.max(0, Math.floor(width));
  const diff = new Int32Array(w + 1);
  for (const item of items) {
    const a = Math.max(0, Math.floor(timeToX(from(item), view, w)));
    const b = Math.min(w - 1, Math.floor(timeToX(to(item), view, w)));
    if (b < 0 || a >= w || b < a) continue;
    diff[a]! += 1;
    diff[b + 1]! -= 1;
  }
  const out = new Int32Array(w);
  let run = 0;
  for (let c = 0; c < w; c++) {
    run += diff[c]!;
    out[c] = run;
  }
  return out;
}

/** When an alarm's span ends on the timeline: cleared, else resolved, else still open (`openEnd`, the live edge). */
export function alarmEnd(a: TimelineAlarm, openEnd: number): number {
  return a.clearedAt ?? a.resolvedAt ?? Math.max(a.raisedAt, openEnd);
}

export const severityRank = (s: Severity): number => SEVERITY_RANK[s];

/** Alarm spans per column, per severity (critical, warning, info each its own coverage). */
export function alarmSpanCoverage(alarms: readonly TimelineAlarm[], openEnd: number, view: TimelineView, width: number): Record<Severity, Int32Array> {
  const of = (s: Severity) => spanCoverage(alarms.filter((a) => a.severity === s), (a) => a.raisedAt, (a) => alarmEnd(a, openEnd), view, width);
  return { critical: of('critical'), warning: of('warning'), info: of('info') };
}

/**
 * Readings per column from the density buckets (the busiest bucket touching the column, as readings per minute), and
 * the busiest column (for the scale). Columns outside the buckets are NaN (no figure: not zero readings).
 */
export function densityColumns(density: TimelineData['density'], dataFrom: number, view: TimelineView, width: number): { perMinute: Float32Array; max: number } {
  const w = Math.max(0, Math.floor(width));
  const perMinute = new Float32Array(w).fill(Number.NaN);
  const { bucketMs, counts } = density;
  let max = 0;
  if (!(bucketMs > 0) || counts.length === 0) return { perMinute, max };
  const span = view.to - view.from;
  for (let c = 0; c < w; c++) {
    const t0 = view.from + (c / w) * span;
    const t1 = view.from + ((c + 1) / w) * span;
    const i0 = Math.max(0, Math.floor((t0 - dataFrom) / bucketMs));
    const i1 = Math.min(counts.length - 1, Math.ceil((t1 - dataFrom) / bucketMs) - 1);
    if (i1 < i0) continue;
    let best = 0;
    for (let i = i0; i <= i1; i++) best = Math.max(best, counts[i]!);
    const v = (best * 60_000) / bucketMs;
    perMinute[c] = v;
    if (v > max) max = v;
  }
  return { perMinute, max };
}

// ---------------------------------------------------------------------------------------------------------------
// Under the pointer

/** The alarm marked nearest `x` (within `tolPx`), the most severe first among those equally near; null when none. */
export function alarmAt(alarms: readonly TimelineAlarm[], view: TimelineView, width: number, x: number, tolPx = 4): TimelineAlarm | null {
  let best: TimelineAlarm | null = null;
  let bestDist = Infinity;
  for (const a of alarms) {
    const d = Math.abs(timeToX(a.raisedAt, view, width) - x);
    if (d > tolPx) continue;
    if (d < bestDist - 0.5 || (Math.abs(d - bestDist) <= 0.5 && best && SEVERITY_RANK[a.severity] > SEVERITY_RANK[best.severity])) {
      best = a;
      bestDist = d;
    }
  }
  return best;
}

/** How many alarms are marked within `tolPx` of `x` (the tooltip says "and N more"). */
export function alarmsNear(alarms: readonly TimelineAlarm[], view: TimelineView, width: number, x: number, tolPx = 4): number {
  let n = 0;
  for (const a of alarms) if (Math.abs(timeToX(a.raisedAt, view, width) - x) <= tolPx) n++;
  return n;
}

/** The operator actions within `tolPx` of `x`, in time order. */
export function actionsAt(actions: readonly TimelineAction[], view: TimelineView, width: number, x: number, tolPx = 4): TimelineAction[] {
  return actions.filter((a) => Math.abs(timeToX(a.at, view, width) - x) <= tolPx).sort((a, b) => a.at - b.at);
}

/** The re-run's added / missed alarms within `tolPx` of `x`. */
export function diffAt(diff: readonly DiffAlarm[], view: TimelineView, width: number, x: number, tolPx = 4): DiffAlarm[] {
  return diff.filter((d) => Math.abs(timeToX(d.at, view, width) - x) <= tolPx);
}
