/**
 * What every bench part shares: the row types, CPU-time measurement, and the printing of a part's section and of the
 * summary table that ends `npm run bench`.
 *
 * A headline compares like with like: the figure and its baseline are the same work (the same readings, the same
 * rules) measured in the same units in the same run. Throughput is readings per CPU-second of the process doing the
 * work (process.cpuUsage: user + system, all of the process's threads), so load from other processes on a shared
 * machine slows both sides' wall time but does not tilt the ratio. Each headline states its target and whether it is
 * met.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** An informational line of a part's section. */
export interface Row {
  name: string;
  value: string;
  note?: string;
}

/** A headline: a figure against its baseline, the ratio, the target and whether it is met. */
export interface Headline {
  name: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean;
}

export interface PartResult {
  rows: Row[];
  headlines: Headline[];
  /** Headlines that could not be measured here, each with the reason (e.g. no Chromium). */
  skipped?: string[];
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Quantile of an ascending-sorted list. */
export const quantile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Starts a stopwatch of this process's CPU time and of wall time. */
export function stopwatch(): () => { cpuMs: number; wallMs: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0 };
  };
}

/** Waits until cond() holds, polling on a timer (not setImmediate: a busy poll would be charged to the CPU measured). */
export async function until(cond: () => boolean, timeoutMs: number, what: string, pollMs = 5): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** `readings/s` per CPU-second, e.g. "312,000 readings/s per core". */
export const perCore = (readings: number, cpuMs: number) => (readings / cpuMs) * 1000;

function table(header: string[], lines: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()}`;
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...lines.map(line)].join('\n');
}

const metText = (h: Headline) => (h.met ? 'met' : 'NOT met');

export function printSection(title: string, r: PartResult): void {
  console.log(`\n${title} (node ${process.version}, ${new Date().toISOString()})`);
  const w = Math.max(0, ...r.rows.map((x) => x.name.length));
  for (const x of r.rows) console.log(`  ${x.name.padEnd(w)}  ${x.value}${x.note ? `   (${x.note})` : ''}`);
  for (const h of r.headlines) {
    console.log(`  HEADLINE ${h.name}: ${h.figure}; baseline ${h.baseline}; ratio ${h.ratio}; target ${h.target}: ${metText(h)}`);
  }
  for (const x of r.skipped ?? []) console.log(`  HEADLINE ${x}`);
}

export function printSummary(headlines: readonly Headline[], skipped: readonly string[], missing: readonly string[]): void {
  console.log(`\nCityDesk bench summary (node ${process.version}, ${new Date().toISOString()}); every baseline measured in the same run`);
  console.log(table(['headline', 'figure', 'baseline', 'ratio', 'target', 'met'], headlines.map((h) => [h.name, h.figure, h.baseline, h.ratio, h.target, metText(h)])));
  for (const x of skipped) console.log(`  ${x}`);
  for (const m of missing) console.log(`  (no headlines from ${m}: it failed, see above)`);
  const notMet = headlines.filter((h) => !h.met).length;
  console.log(`  ${headlines.length - notMet} of ${headlines.length} targets met`);
}

/**
 * Runs a part when its file is the entry point: prints its section; under `npm run bench` (BENCH_HEADLINES set by
 * run.ts) also hands its headlines to the summary. Exits 1 if the part throws.
 */
export function runPartIfMain(moduleUrl: string, title: string, part: () => Promise<PartResult>): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  part()
    .then((r) => {
      printSection(title, r);
      if (process.env.BENCH_HEADLINES) writeFileSync(process.env.BENCH_HEADLINES, JSON.stringify({ headlines: r.headlines, skipped: r.skipped ?? [] }));
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(`${title} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    });
}
