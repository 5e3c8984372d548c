/**
 * The comparison of a rule set's re-run with what was recorded (pure). Two raises are the same alarm when they have
 * the same rule id, the same subject and were raised within MATCH_MS of each other; what only the re-run raised is
 * `added`, what only the record holds is `missed`. A raise that has no such pair but falls while the other side had
 * the same rule and subject's alarm open (raised earlier, not yet cleared) is no difference either: the operator had
 * that alarm (`covered`). This is what state from before a re-run's warm-up looks like: an alarm held open live by a
 * reading in its clear band since long before is not known to the re-run, which raises it again later. Only raises inside the window are reported; raises just outside it
 * (within MATCH_MS) still pair with those inside, so an alarm raised a few seconds before the window's start on one
 * side and after it on the other is no difference.
 */
import type { Alarm } from '../rules/alarms';
import type { Condition, Rule } from '../rules/schema';

/** Two raises of the same rule and subject at most this far apart are one alarm. */
export const MATCH_MS = 60_000;

export interface RaiseComparison {
  /** Raised by the re-run inside the window, not recorded (oldest first). */
  added: Alarm[];
  /** Recorded inside the window, not raised by the re-run (oldest first). */
  missed: Alarm[];
  /** Pairs with at least one raise inside the window. */
  matched: number;
  /** Raises inside the window without a pair that fell while the other side had the same alarm open. */
  covered: number;
}

/**
 * Pairs `recorded` and `rerun` alarms (each list: alarms raised, by raisedAt) per rule and subject. On each (rule,
 * subject) both sides are walked in time order and the earliest raises are paired first when they are within MATCH_MS:
 * on a line with a fixed tolerance this pairs as many as any pairing can.
 */
export function compareRaises(recorded: readonly Alarm[], rerun: readonly Alarm[], from: number, to: number): RaiseComparison {
  const byKey = new Map<string, { rec: Alarm[]; run: Alarm[] }>();
  const side = (a: Alarm) => {
    const k = `${a.ruleId}|${a.subject}`;
    let e = byKey.get(k);
    if (!e) byKey.set(k, (e = { rec: [], run: [] }));
    return e;
  };
  for (const a of recorded) side(a).rec.push(a);
  for (const a of rerun) side(a).run.push(a);
  const inWindow = (a: Alarm) => a.raisedAt >= from && a.raisedAt <= to;
  const added: Alarm[] = [];
  const missed: Alarm[] = [];
  let matched = 0;
  let covered = 0;
  /** Whether one of `others` was open (raised before, not cleared yet) when `a` was raised. */
  const openAt = (a: Alarm, others: readonly Alarm[]) => others.some((o) => o.raisedAt < a.raisedAt && (o.clearedAt === null || o.clearedAt >= a.raisedAt));
  const byTime = (a: Alarm, b: Alarm) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const { rec, run } of byKey.values()) {
    rec.sort(byTime);
    run.sort(byTime);
    let i = 0;
    let j = 0;
    while (i < rec.length || j < run.length) {
      const r = rec[i];
      const n = run[j];
      if (r && n && Math.abs(r.raisedAt - n.raisedAt) <= MATCH_MS) {
        if (inWindow(r) || inWindow(n)) matched++;
        i++;
        j++;
      } else if (r && (!n || r.raisedAt < n.raisedAt)) {
        if (inWindow(r)) {
          if (openAt(r, run)) covered++;
          else missed.push(r);
        }
        i++;
      } else {
        if (inWindow(n!)) {
          if (openAt(n!, rec)) covered++;
          else added.push(n!);
        }
        j++;
      }
    }
  }
  added.sort(byTime);
  missed.sort(byTime);
  return { added, missed, matched, covered };
}

/**
 * Which recorded alarms a re-run answers for: those of its rules, and source outages (built-in) of the sources it
 * watched. Live, every source is watched for outages; a re-run watches the sources of its rules' kinds, and only when
 * one of its rules is a not-reporting rule (rules/grouping.ts): `outageSubjects` is null when it watched none.
 */
export function recordedInScope(recorded: readonly Alarm[], ruleIds: ReadonlySet<string>, outageRuleId: string, outageSubjects: ReadonlySet<string> | null): Alarm[] {
  return recorded.filter((a) => ruleIds.has(a.ruleId) || (a.ruleId === outageRuleId && outageSubjects !== null && outageSubjects.has(a.subject)));
}

/** Margin of the warm-up beyond what the rules' conditions span: silence (staleness, outages) is judged over it. */
export const WARM_UP_MARGIN_MS = 60 * 60_000;

/**
 * How long before the window a re-run starts reading, so that its rules hold at the window's start the state they
 * would have held live (windows filled, sustained timers running, silences counted): the longest time span any rule's
 * conditions and clear add up to (nested spans summed), plus WARM_UP_MARGIN_MS.
 */
export function warmUpMs(rules: readonly Rule[]): number {
  let longest = 0;
  for (const r of rules) {
    const clear = (r.clear?.minClearMinutes ?? 0) + (r.clear?.condition ? spanMinutes(r.clear.condition) : 0);
    longest = Math.max(longest, spanMinutes(r.condition) + clear);
  }
  return longest * 60_000 + WARM_UP_MARGIN_MS;
}

/** Minutes of history a condition looks at (a sustained condition's minutes on top of its inner condition's). */
function spanMinutes(c: Condition): number {
  switch (c.type) {
    case 'sustained':
      return c.minutes + spanMinutes(c.condition);
    case 'window':
    case 'rate':
    case 'noData':
      return c.minutes;
    case 'area':
      return c.maxAgeMinutes ?? 60;
    case 'all':
    case 'any':
      return c.conditions.reduce((m, x) => Math.max(m, spanMinutes(x)), 0);
    case 'threshold':
      return 0;
  }
}
