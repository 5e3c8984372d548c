/**
 * Alarm load: what a sequence of alarm events would put on an operator's desk, measured as the control-room standards
 * do (ANSI/ISA-18.2, EEMUA 191): new alarms per 10-minute interval (average, peak), floods (intervals with more than
 * FLOOD_ALARMS), chattering (CHATTER_CYCLES raise/clear cycles of one (rule, subject) within CHATTER_WINDOW_MS).
 * Pure; used by backtests (the load a rule would add), the alarm KPIs and the alarm-load benchmark.
 */
import { CHATTER_CYCLES, CHATTER_WINDOW_MS, FLOOD_ALARMS, FLOOD_WINDOW_MS } from '../../shared/alarm-priority';
import type { AlarmLoad } from '../api';

/** One alarm event as the load counts it: `key` is `${ruleId}|${subject}`; only presented raises count as new. */
export interface LoadEvent {
  type: 'raise' | 'clear' | 'escalate';
  key: string;
  at: number;
}

/** New alarms per 10-minute interval from `from` (every interval up to `to`, zeros included). */
export function perTenMinutes(raises: readonly number[], from: number, to: number): { at: number; count: number }[] {
  const n = Math.max(1, Math.ceil((to - from) / FLOOD_WINDOW_MS));
  const counts = new Array<number>(n).fill(0);
  for (const at of raises) {
    if (at < from || at > to) continue;
    counts[Math.min(n - 1, Math.floor((at - from) / FLOOD_WINDOW_MS))]!++;
  }
  return counts.map((count, i) => ({ at: from + i * FLOOD_WINDOW_MS, count }));
}

/**
 * The (rule, subject) keys that chattered, with their cycle count: a cycle is a raise that follows a clear of the same
 * key; CHATTER_CYCLES cycles whose raises fall within CHATTER_WINDOW_MS make a key chatter. `firstAt` is the raise that
 * began the first chattering run; `runFrom` and `runTo` are the first and last raise of the run with the most cycles.
 */
export function chatteringKeys(events: readonly LoadEvent[]): Map<string, { cycles: number; firstAt: number; runFrom: number; runTo: number }> {
  const raisesByKey = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'raise') continue;
    let list = raisesByKey.get(e.key);
    if (!list) raisesByKey.set(e.key, (list = []));
    list.push(e.at);
  }
  const out = new Map<string, { cycles: number; firstAt: number; runFrom: number; runTo: number }>();
  for (const [key, raises] of raisesByKey) {
    raises.sort((a, b) => a - b);
    let best = 0;
    let firstAt = NaN;
    let runFrom = NaN;
    let runTo = NaN;
    for (let i = 0, j = 0; j < raises.length; j++) {
      while (raises[j]! - raises[i]! > CHATTER_WINDOW_MS) i++;
      const cycles = j - i + 1;
      if (cycles >= CHATTER_CYCLES && cycles > best) {
        if (best === 0) firstAt = raises[i]!;
        best = cycles;
        runFrom = raises[i]!;
        runTo = raises[j]!;
      }
    }
    if (best > 0) out.set(key, { cycles: best, firstAt, runFrom, runTo });
  }
  return out;
}

/** Floods (intervals with more than FLOOD_ALARMS) and the peak interval (the first of the highest; null when all are 0). */
export function bucketStats(buckets: readonly { at: number; count: number }[]): { floods: number; peak: number; peakAt: number | null } {
  let floods = 0;
  let peak = 0;
  let peakAt: number | null = null;
  for (const b of buckets) {
    if (b.count > FLOOD_ALARMS) floods++;
    if (b.count > peak) {
      peak = b.count;
      peakAt = b.at;
    }
  }
  return { floods, peak, peakAt };
}

/** The load of these events over [from, to]. */
export function alarmLoad(events: readonly LoadEvent[], from: number, to: number): AlarmLoad {
  const raises = events.filter((e) => e.type === 'raise' && e.at >= from && e.at <= to).map((e) => e.at);
  const buckets = perTenMinutes(raises, from, to);
  const days = Math.max(0, to - from) / 86_400_000;
  const { floods, peak } = bucketStats(buckets);
  const perDay = days > 0 ? raises.length / days : raises.length;
  const chattering = chatteringKeys(events).size;
  return {
    days,
    alarms: raises.length,
    perDay,
    averagePerTenMinutes: buckets.length ? raises.length / buckets.length : 0,
    peakPerTenMinutes: peak,
    floods,
    chattering,
    summary: loadSummary(perDay, floods, days, chattering),
  };
}

function loadSummary(perDay: number, floods: number, days: number, chattering: number): string {
  const rate = perDay >= 10 || perDay === 0 ? Math.round(perDay) : Math.round(perDay * 10) / 10;
  const span = days >= 1.5 ? `${Math.round(days)} days` : days >= 0.9 ? 'day' : `${Math.max(1, Math.round(days * 24))} hours`;
  const parts = [`${rate} alarm${rate === 1 ? '' : 's'} a day`, `${floods} flood${floods === 1 ? '' : 's'} in the last ${span}`];
  if (chattering) parts.push(`${chattering} chattering`);
  return parts.join(', ');
}
