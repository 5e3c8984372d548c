/**
 * Alarm KPIs over a period, as ANSI/ISA-18.2 and EEMUA 191 define them: new alarms presented per 10 minutes (average,
 * peak), share of time in flood, bad actors, chattering (with a suggestion to retune or shelve), standing alarms,
 * shelves, and acknowledgement times (p50/p90) per rule and per operator. Pure: the store reads the alarms and shelf
 * actions of the period (store/alarm-history.ts); the load figures come from alarm-load.ts.
 *
 * - An alarm counts once, a group alarm too (its members are inside it, not alarms of their own).
 * - "Presented": raised while its (rule, subject) was not shelved. Shelved raises are recorded, not presented.
 * - Times are data (feed clock) times: the same alarms give the same KPIs whatever the playback speed.
 */
import { CHATTER_WINDOW_MS, STANDING_MS } from '../../shared/alarm-priority';
import type { AlarmKpis, Shelf } from '../api';
import { bucketStats, chatteringKeys, perTenMinutes } from './alarm-load';
import type { Alarm } from './alarms';

/** An alarm of the period and whether it reached an operator when it was raised. */
export interface KpiAlarm {
  alarm: Alarm;
  /** Raised while its (rule, subject) was not shelved. */
  presented: boolean;
}

/** A shelving or unshelving of a (rule, subject), at feed time (from the audit log). */
export type ShelfAction =
  | { type: 'shelve'; key: string; alarmId: string; by: string; at: number; until: number; reason: string }
  | { type: 'unshelve'; key: string; alarmId: string; by: string; at: number };

export interface KpiNames {
  rule(ruleId: string): string;
  /** The subject in words (a sensor's name, a zone's, a group's). */
  subject(subject: string, alarm?: Alarm): string;
}

export interface KpiInput {
  from: number;
  to: number;
  /** Alarms raised in the period, acknowledged in it, or still active at its end (the store may give more). */
  alarms: readonly KpiAlarm[];
  shelfActions: readonly ShelfAction[];
  names: KpiNames;
  /** Only this rule's alarms and shelves. */
  ruleId?: string;
}

/** How many bad actors are listed. */
export const BAD_ACTORS = 10;

export function alarmKpis(input: KpiInput): AlarmKpis {
  const { from, to, names, ruleId } = input;
  const alarms = ruleId === undefined ? input.alarms : input.alarms.filter((a) => a.alarm.ruleId === ruleId);
  const actions = ruleId === undefined ? input.shelfActions : input.shelfActions.filter((s) => ruleOfKey(s.key) === ruleId);

  // New alarms presented in the period.
  const presented = alarms.filter((a) => a.presented && a.alarm.raisedAt >= from && a.alarm.raisedAt <= to).map((a) => a.alarm);
  const buckets = perTenMinutes(
    presented.map((a) => a.raisedAt),
    from,
    to,
  );
  const { floods, peak, peakAt } = bucketStats(buckets);

  // Bad actors: the most frequent (rule, subject).
  const byKey = new Map<string, Alarm[]>();
  for (const a of presented) {
    const k = keyOf(a);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(a);
  }
  const badActors = [...byKey.values()]
    .map((list) => ({ list, first: list[0]! }))
    .sort((x, y) => y.list.length - x.list.length || cmp(keyOf(x.first), keyOf(y.first)))
    .slice(0, BAD_ACTORS)
    .map(({ list, first }) => ({
      ruleId: first.ruleId,
      ruleName: names.rule(first.ruleId),
      subject: first.subject,
      subjectName: names.subject(first.subject, first),
      count: list.length,
      share: list.length / presented.length,
    }));

  // Chattering: (rule, subject) pairs with CHATTER_CYCLES raises within CHATTER_WINDOW_MS.
  const chatter = chatteringKeys(presented.map((a) => ({ type: 'raise' as const, key: keyOf(a), at: a.raisedAt })));
  const chattering = [...chatter.entries()]
    .map(([key, c]) => {
      const first = byKey.get(key)![0]!;
      return {
        ruleId: first.ruleId,
        ruleName: names.rule(first.ruleId),
        subject: first.subject,
        subjectName: names.subject(first.subject, first),
        cycles: c.cycles,
        firstAt: c.firstAt,
        suggestion: chatterSuggestion(byKey.get(key)!, c.cycles, c.runFrom, c.runTo),
      };
    })
    .sort((x, y) => y.cycles - x.cycles || x.firstAt - y.firstAt || cmp(x.ruleId, y.ruleId) || cmp(x.subject, y.subject));

  // Standing: active (not cleared) for more than STANDING_MS at the end of the period.
  const standing = alarms
    .map((a) => a.alarm)
    .filter((a) => a.raisedAt <= to - STANDING_MS && (a.clearedAt === null || a.clearedAt > to))
    .sort((x, y) => x.raisedAt - y.raisedAt || cmp(x.id, y.id))
    .map((a) => ({ alarmId: a.id, ruleId: a.ruleId, ruleName: names.rule(a.ruleId), subject: a.subject, subjectName: names.subject(a.subject, a), since: a.raisedAt }));

  // Acknowledgements made in the period: from reaching the desk to the acknowledgement.
  const acks = alarms
    .map((a) => a.alarm)
    .filter((a) => a.acknowledged !== null && a.acknowledged.at >= from && a.acknowledged.at <= to)
    .map((a) => ({ alarm: a, by: a.acknowledged!.by, ms: Math.max(0, a.acknowledged!.at - (a.announcedAt ?? a.raisedAt)) }));

  const shelvesInPeriod = actions.filter((s): s is Extract<ShelfAction, { type: 'shelve' }> => s.type === 'shelve' && s.at >= from && s.at <= to);

  // Per rule.
  const ruleIds = new Set<string>([...presented.map((a) => a.ruleId), ...acks.map((a) => a.alarm.ruleId), ...chattering.map((c) => c.ruleId), ...standing.map((s) => s.ruleId)]);
  const perRule = [...ruleIds]
    .map((id) => {
      const times = acks.filter((a) => a.alarm.ruleId === id).map((a) => a.ms);
      return {
        ruleId: id,
        ruleName: names.rule(id),
        count: presented.filter((a) => a.ruleId === id).length,
        ackP50: percentile(times, 0.5),
        ackP90: percentile(times, 0.9),
        chattering: chattering.filter((c) => c.ruleId === id).length,
        standing: standing.filter((s) => s.ruleId === id).length,
      };
    })
    .sort((x, y) => y.count - x.count || cmp(x.ruleId, y.ruleId));

  // Per operator.
  const users = new Set<string>([...acks.map((a) => a.by), ...shelvesInPeriod.map((s) => s.by)]);
  const perOperator = [...users]
    .map((user) => {
      const times = acks.filter((a) => a.by === user).map((a) => a.ms);
      return {
        user,
        acknowledged: times.length,
        shelved: shelvesInPeriod.filter((s) => s.by === user).length,
        ackP50: percentile(times, 0.5),
        ackP90: percentile(times, 0.9),
      };
    })
    .sort((x, y) => y.acknowledged - x.acknowledged || y.shelved - x.shelved || cmp(x.user, y.user));

  const allTimes = acks.map((a) => a.ms);
  return {
    from,
    to,
    perTenMinutes: buckets,
    total: presented.length,
    averagePerTenMinutes: buckets.length ? presented.length / buckets.length : 0,
    peakPerTenMinutes: peak,
    peakAt,
    floodShare: buckets.length ? floods / buckets.length : 0,
    badActors,
    chattering,
    standing,
    shelved: { current: shelvesInForce(actions, to), shelvedInPeriod: shelvesInPeriod.length },
    ackTimes: { p50: percentile(allTimes, 0.5), p90: percentile(allTimes, 0.9), count: allTimes.length },
    perRule,
    perOperator,
  };
}

/** The q-th percentile (0 < q <= 1) by the nearest-rank method (a value that occurred), or null for no values. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The shelves in force at `at`: the last shelving of each key not taken off (by an operator or on expiry) by then. */
export function shelvesInForce(actions: readonly ShelfAction[], at: number): Shelf[] {
  const shelves = new Map<string, Shelf>();
  const ordered = actions.filter((s) => s.at <= at).sort((x, y) => x.at - y.at || (x.type === y.type ? 0 : x.type === 'shelve' ? -1 : 1));
  for (const s of ordered) {
    if (s.type === 'shelve') shelves.set(s.key, { key: s.key, by: s.by, at: s.at, until: s.until, reason: s.reason });
    else shelves.delete(s.key);
  }
  return [...shelves.values()].filter((s) => s.until > at).sort((x, y) => x.until - y.until || cmp(x.key, y.key));
}

/**
 * What to do about a chattering (rule, subject), in words: the off-delay that would have held the clears that were
 * followed by a new raise (rounded up to 5 minutes; the chattering window when the clears are unknown), a deadband, or
 * shelving while the cause is repaired. `list`: the key's alarms, oldest first.
 */
export function chatterSuggestion(list: readonly Alarm[], cycles: number, runFrom: number, runTo: number): string {
  const run = list.filter((a) => a.raisedAt >= runFrom && a.raisedAt <= runTo);
  let longestGap = 0;
  for (let i = 1; i < run.length; i++) {
    const cleared = run[i - 1]!.clearedAt;
    if (cleared !== null && cleared <= run[i]!.raisedAt) longestGap = Math.max(longestGap, run[i]!.raisedAt - cleared);
  }
  const offDelayMin = longestGap > 0 ? Math.max(5, Math.ceil((longestGap + 60_000) / 300_000) * 5) : CHATTER_WINDOW_MS / 60_000;
  const spanMin = Math.max(1, Math.round((runTo - runFrom) / 60_000));
  return `${cycles} raises in ${spanMin} min: add an off-delay of ${offDelayMin} min or a deadband, or shelve while the sensor is repaired`;
}

function keyOf(a: Pick<Alarm, 'ruleId' | 'subject'>): string {
  return `${a.ruleId}|${a.subject}`;
}

/** The rule of a shelf key (`${ruleId}|${subject}`; rule ids hold no '|'). */
function ruleOfKey(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
