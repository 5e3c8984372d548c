/** Alert message text ('Occupancy 97% > 95% for 15 min'): built on raise and clear only, never on the hot path. */
import { areaValue, lastAreaCount } from './area';
import type { CompiledRule } from './compile';
import { formatValue, metricText, type MetricText } from './metrics';
import type { SubjectRt } from './runtime-state';
import type { Agg, CompareOp, CompareValue, Condition } from './schema';
import { and3, compare, FALSE, OP_CODE, or3, TRUE } from './three-valued';

const AGG_WORD: Record<Agg, string> = { avg: 'Average', min: 'Lowest', max: 'Highest', sum: 'Total', count: 'Number of readings of' };

export interface Peek {
  truth: number;
  /** The raise text ('Occupancy 97% > 95% for 15 min'), or with brief the values only ('Occupancy 88%'). */
  text: string;
  value?: number;
}

function opText(op: CompareOp, v: CompareValue, m: MetricText): string {
  if (Array.isArray(v)) return `${op} ${formatValue(v[0], m, 'bare')}–${formatValue(v[1], m, 'threshold')}`;
  return `${op} ${formatValue(v, m, 'threshold')}`;
}

/** Label, unit and precision of a metric of the rule's type. */
function textOf(cr: CompiledRule, metric: string): MetricText {
  return metricText(cr.registry, cr.rule.kind, metric);
}

/** opText of a condition node of the rule, built once per compiled rule (not at every message). */
function opTextOf(cr: CompiledRule, c: Condition & { op: CompareOp; value: CompareValue; metric: string }): string {
  let x = cr.opTexts.get(c);
  if (x === undefined) cr.opTexts.set(c, (x = opText(c.op, c.value, textOf(cr, c.metric))));
  return x;
}

function cmpValue(v: number, op: CompareOp, val: CompareValue): number {
  return Array.isArray(val) ? compare(v, OP_CODE[op], val[0], val[1]) : compare(v, OP_CODE[op], val, val);
}

/** A condition's truth, value and text, for messages (only the text asked for is built: raise text, or brief). */
export function peek(cr: CompiledRule, c: Condition, s: SubjectRt, t: number, now: number, brief: boolean): Peek {
  switch (c.type) {
    case 'threshold': {
      const v = s.sensor!.vals[cr.slots.index.get(c.metric)!]!;
      const m = textOf(cr, c.metric);
      const label = m.label;
      const vt = v === v ? formatValue(v, m) : 'missing';
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${label} ${vt}` : `${label} ${vt} ${opTextOf(cr, c)}`, value: v === v ? v : undefined };
    }
    case 'window':
    case 'rate': {
      const w = s.wins[cr.windowOf.get(c)!]!;
      const agg = c.type === 'rate' ? 'change' : c.agg;
      const v = agg === 'avg' ? w.avg() : agg === 'min' ? w.min() : agg === 'max' ? w.max() : agg === 'sum' ? w.total() : agg === 'count' ? w.count : w.change();
      const m = textOf(cr, c.metric);
      const label = m.label;
      const vt = v === v ? (agg === 'count' ? String(v) : formatValue(v, m)) : 'missing';
      const what = c.type === 'rate' ? `${label} change over ${c.minutes} min` : `${AGG_WORD[c.agg]} ${label.toLowerCase()} over ${c.minutes} min`;
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${what} ${vt}` : `${what} ${vt} ${opTextOf(cr, c)}`, value: v === v ? v : undefined };
    }
    case 'noData': {
      const silent = now - s.sensor!.quietFrom;
      const truth = silent >= c.minutes * 60_000 ? TRUE : FALSE;
      const mins = s.sensor!.seen ? Math.floor(silent / 60_000) : null;
      const text = mins === null ? `No data (for at least ${c.minutes} min)` : `No data for ${mins} min`;
      return { truth, text: brief && !truth ? 'Data again' : text, value: mins ?? undefined };
    }
    case 'area': {
      const mi = cr.slots.index.get(c.metric)!;
      const m = textOf(cr, c.metric);
      const v = areaValue(s.zone!, mi, c.agg, (c.maxAgeMinutes ?? 60) * 60_000, now, cr.qualityKey, cr.excludes);
      const n = lastAreaCount();
      const label = c.agg === 'count' ? 'Sensors reporting' : `${AGG_WORD[c.agg]} ${m.label.toLowerCase()}`;
      const vt = v === v ? (c.agg === 'count' ? String(v) : formatValue(v, m)) : 'missing';
      return { truth: cmpValue(v, c.op, c.value), text: brief ? `${label} ${vt}` : `${label} ${vt} ${opTextOf(cr, c)} (${n} sensors)`, value: v === v ? v : undefined };
    }
    case 'sustained': {
      const inner = peek(cr, c.condition, s, t, now, brief);
      const since = s.since[cr.slotOf.get(c)!]!;
      const truth = inner.truth === TRUE && since === since && t - since >= c.minutes * 60_000 ? TRUE : inner.truth === TRUE ? FALSE : inner.truth;
      return { truth, text: brief ? inner.text : `${inner.text} for ${c.minutes} min`, value: inner.value };
    }
    case 'all':
    case 'any': {
      const parts = c.conditions.map((x) => peek(cr, x, s, t, now, brief));
      const chosen = c.type === 'all' ? parts : [parts.find((p) => p.truth === TRUE) ?? parts[0]!];
      const truth = c.type === 'all'
        ? parts.reduce((acc, p) => and3(acc, p.truth), TRUE)
        : parts.reduce((acc, p) => or3(acc, p.truth), FALSE);
      return {
        truth,
        text: brief ? parts.map((p) => p.text).join(', ') : chosen.map((p) => p.text).join(' and '),
        value: chosen.find((p) => p.value !== undefined)?.value,
      };
    }
  }
}
