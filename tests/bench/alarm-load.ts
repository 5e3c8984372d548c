/**
 * Alarm load bench (part of `npm run bench`, or alone: `npx tsx tests/bench/alarm-load.ts`). Issue 9's targets.
 *
 * The whole demo week (alarm-week.ts: every reading in time order, the evaluator's clock every minute of data time)
 * twice in the same run:
 * (a) baseline: the starter rules as they were before issue 9 (frozen in fixtures/starter-rules-before-issue-9.json)
 *     through the plain pipeline (Evaluator + AlarmBook);
 * (b) the shipped starter rules through the full pipeline (Evaluator + grouping / source-outage stage + AlarmBook).
 * For both: new alarms presented to an operator per 10 minutes (average, peak), time in flood (share of 10-minute
 * intervals with more than FLOOD_ALARMS), chattering alarms, standing alarms (active over 24 h), total.
 * Throughput, in readings per CPU-second: the shipped rules through the full pipeline against the same rules through
 * the plain pipeline (the pipeline's own cost, like for like), in rounds that run each back to back; the ratio is the
 * median of the rounds' ratios, and "no worse" allows THROUGHPUT_TOLERANCE for run-to-run noise. The baseline rules'
 * plain figure is printed beside.
 */
import { FLOOD_ALARMS, STANDING_MS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';
import type { Rule } from '../../electron/engine/rules/schema';
import { FLOOD_SHARE_TARGET, loadDemoWeek, rulesBeforeIssue9, runWeek, shippedStarterRules, STEP_MS, weekLoad, type Pipeline, type WeekLoad, type WeekRun } from './alarm-week';
import { fmt, median, perCore, runPartIfMain, type Headline, type PartResult, type Row } from './report';

/** Throughput of the full pipeline may be this much of the plain one's (run-to-run noise on a shared machine). */
const THROUGHPUT_TOLERANCE = 0.9;
const RUNS = 5;

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const perRule = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${fmt(n)}`).join(', ') || 'none';

function loadRows(label: string, l: WeekLoad): Row[] {
  return [
    { name: `${label}: new alarms presented`, value: fmt(l.alarms), note: perRule(l.byRule) },
    { name: `${label}: per 10 min, average / peak`, value: `${l.average.toFixed(2)} / ${fmt(l.peak)}` },
    { name: `${label}: time in flood`, value: pct(l.floodShare), note: `${fmt(l.floods)} of ${fmt(l.intervals)} 10-minute intervals with more than ${FLOOD_ALARMS}` },
    { name: `${label}: chattering / standing`, value: `${fmt(l.chattering)} / ${fmt(l.standing)}`, note: `standing: active over ${STANDING_MS / 3_600_000} h` },
  ];
}

export async function alarmLoadBench(): Promise<PartResult> {
  const week = loadDemoWeek();
  const before = rulesBeforeIssue9(week.zones);
  const shipped = shippedStarterRules(week);
  const ids = (rs: readonly Rule[]) => rs.map((r) => r.id).join(', ');
  const rows: Row[] = [
    { name: 'demo week', value: `${fmt(week.data.readings.length)} readings`, note: `${week.data.sensors.length} sensors, ${new Date(week.from).toISOString()} to ${new Date(week.to).toISOString()}, clock every ${STEP_MS / 1000} s of data time` },
    { name: '(a) baseline rules', value: `${before.length}`, note: `before issue 9 (fixture): ${ids(before)}` },
    { name: '(b) shipped starter rules', value: `${shipped.length}`, note: ids(shipped) },
  ];

  // Warm up (JIT) on each combination, then RUNS rounds, interleaved so that machine load falls on all alike.
  const combos: { name: string; rules: Rule[]; pipeline: Pipeline }[] = [
    { name: 'baseline-plain', rules: before, pipeline: 'plain' },
    { name: 'shipped-plain', rules: shipped, pipeline: 'plain' },
    { name: 'shipped-full', rules: shipped, pipeline: 'full' },
  ];
  for (const c of combos) runWeek(week, c.rules, c.pipeline);
  const runs = new Map<string, WeekRun[]>(combos.map((c) => [c.name, []]));
  for (let i = 0; i < RUNS; i++) for (const c of combos) runs.get(c.name)!.push(runWeek(week, c.rules, c.pipeline));

  const first = (name: string) => runs.get(name)![0]!;
  // The load is deterministic: every run of a combination must present the same alarms.
  for (const [name, rs] of runs) {
    const n = rs.map((r) => r.presented.length);
    if (n.some((x) => x !== n[0])) throw new Error(`alarm-load bench: ${name} presented ${n.join(' / ')} alarm events in its runs`);
  }
  const a = weekLoad(first('baseline-plain'), week);
  const b = weekLoad(first('shipped-full'), week);
  rows.push(...loadRows('(a) baseline', a), ...loadRows('(b) shipped, full', b));

  const rate = (name: string) => {
    const rates = runs.get(name)!.map((r) => perCore(r.readings, r.cpuMs));
    return { rate: median(rates), note: `median of ${RUNS} (${rates.map(fmt).join(', ')})` };
  };
  const tBefore = rate('baseline-plain');
  const tPlain = rate('shipped-plain');
  const tFull = rate('shipped-full');
  rows.push({ name: 'throughput (a) baseline rules, plain', value: `${fmt(tBefore.rate)} readings/s per core`, note: tBefore.note });
  rows.push({ name: 'throughput shipped rules, plain', value: `${fmt(tPlain.rate)} readings/s per core`, note: tPlain.note });
  rows.push({ name: 'throughput (b) shipped rules, full', value: `${fmt(tFull.rate)} readings/s per core`, note: tFull.note });
  // Each round ran both pipelines back to back: the median of the rounds' ratios is the least disturbed by load that
  // comes and goes on a shared machine.
  const roundRatios = runs.get('shipped-full')!.map((f, i) => perCore(f.readings, f.cpuMs) / perCore(f.readings, runs.get('shipped-plain')![i]!.cpuMs));
  const pipelineRatio = median(roundRatios);
  rows.push({
    name: 'shipped / baseline rules, plain',
    value: `${(tPlain.rate / tBefore.rate).toFixed(2)}x`,
    note: 'what the rules themselves cost (quality flags judged on every traffic reading), not the pipeline',
  });
  rows.push({ name: 'full / plain, shipped rules', value: `${pipelineRatio.toFixed(2)}x`, note: `median of the rounds' ratios (${roundRatios.map((r) => r.toFixed(2)).join(', ')})` });

  const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(2)}x` : '-');
  const headlines: Headline[] = [
    {
      name: 'alarm load: new alarms per 10 min, average',
      figure: b.average.toFixed(2),
      baseline: `before issue 9 ${a.average.toFixed(2)}`,
      ratio: ratio(b.average, a.average),
      target: `<= ${TARGET_AVERAGE_PER_WINDOW} (issue 9)`,
      met: b.average <= TARGET_AVERAGE_PER_WINDOW,
    },
    {
      name: 'alarm load: new alarms in the worst 10 min',
      figure: fmt(b.peak),
      baseline: `before issue 9 ${fmt(a.peak)}`,
      ratio: ratio(b.peak, a.peak),
      target: `<= ${FLOOD_ALARMS} (issue 9)`,
      met: b.peak <= FLOOD_ALARMS,
    },
    {
      name: 'alarm load: time in flood',
      figure: pct(b.floodShare),
      baseline: `before issue 9 ${pct(a.floodShare)}`,
      ratio: ratio(b.floodShare, a.floodShare),
      target: `< ${pct(FLOOD_SHARE_TARGET)} (issue 9)`,
      met: b.floodShare < FLOOD_SHARE_TARGET,
    },
    {
      name: 'alarm load: chattering alarms',
      figure: fmt(b.chattering),
      baseline: `before issue 9 ${fmt(a.chattering)}`,
      ratio: '-',
      target: '0 (issue 9)',
      met: b.chattering === 0,
    },
    {
      name: 'alarm pipeline throughput, shipped rules, per core',
      figure: `${fmt(tFull.rate)} readings/s`,
      baseline: `plain pipeline, same rules ${fmt(tPlain.rate)} readings/s`,
      ratio: `${pipelineRatio.toFixed(2)}x`,
      target: `>= ${THROUGHPUT_TOLERANCE}x (no worse, within run-to-run noise; issue 9)`,
      met: pipelineRatio >= THROUGHPUT_TOLERANCE,
    },
  ];
  return { rows, headlines };
}

runPartIfMain(import.meta.url, 'Alarm load over the demo week (issue 9), and the alarm pipeline\u2019s throughput', alarmLoadBench);
