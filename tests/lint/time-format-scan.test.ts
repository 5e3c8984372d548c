/**
 * One time format (issue 12 item 5): every time a person reads is written by electron/shared/zone-time.ts (re-exported
 * by renderer/panels/format.ts). This test reads the sources of the renderer and of the engine's and shared code, and
 * fails on any other way of writing a time: the machine's locale or zone (toLocaleTimeString, toLocaleString with
 * date options, getHours), 12-hour clocks (hour12, 'am'/'pm'), hand-made clocks ("hh:" + padStart), a formatter of
 * its own (Intl.DateTimeFormat with display options), and ISO text in the renderer. Files keep ISO 8601: the writers
 * of files (CSV, NDJSON, manifests, file names, logs, stored records) are allowed toISOString, each named below with
 * its reason. An allow-list entry that no longer matches fails too (the list stays exact).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const SCANNED = ['renderer', 'electron/engine', 'electron/shared'];
/** The one place that formats times for people. */
const THE_FORMAT = 'electron/shared/zone-time.ts';

type Rule = { name: string; re: RegExp; renderer?: boolean };
/** Ways of writing a time other than zone-time.ts's. `renderer`: applies to renderer/ only. */
const RULES: Rule[] = [
  { name: 'machine-locale time', re: /\.(toLocaleTimeString|toLocaleDateString|toTimeString|toDateString|toUTCString|toGMTString)\s*\(/ },
  { name: 'toLocaleString of a date', re: /\.toLocaleString\(\s*\)|\.toLocaleString\([^)]*\b(timeZone|dateStyle|timeStyle|hour|minute|month|weekday)\b/ },
  { name: 'hour12', re: /\bhour12\b/ },
  { name: 'am/pm', re: /['"`]\s*[ap]m\s*['"`]|\{aa\}|\{AA\}/ },
  { name: 'machine-zone clock fields', re: /\.get(Hours|Minutes|Seconds|Day|Date|Month|FullYear)\(\)/ },
  { name: 'hand-made clock', re: /padStart\(2,\s*'0'\)\}:|\.getUTC(Hours|Minutes|Seconds)\(\)|\.slice\(11,\s*1[69]\)/ },
  { name: 'own date formatter', re: /new Intl\.DateTimeFormat\(/ },
  { name: 'ISO text in the renderer', re: /\.toISOString\(\)/, renderer: true },
  { name: 'ISO text', re: /\.toISOString\(\)/ },
];

/** file -> rule names allowed there, and why. */
const ALLOWED: Record<string, { rules: string[]; why: string }> = {
  'renderer/kpi/period.ts': { rules: ['own date formatter'], why: 'wall-clock fields for the period arithmetic' },
  'renderer/time/zonedInput.ts': { rules: ['own date formatter', 'hand-made clock'], why: 'the one typed format of time fields ("2026-12-01 06:50"): wall-clock fields, the field text and its DST arithmetic' },
  'renderer/store/sensorsSlice.ts': { rules: ['own date formatter'], why: 'checks that a city zone is one Intl knows' },
  'electron/shared/protocol.ts': { rules: ['own date formatter'], why: 'checks that a city zone is one Intl knows' },
  'electron/engine/rules/schema.ts': { rules: ['own date formatter'], why: 'checks that a rule zone is one Intl knows' },
  'electron/engine/rules/active-hours.ts': { rules: ['own date formatter'], why: 'wall-clock fields for the active-hours arithmetic' },
  'electron/engine/incident-pack/zip.ts': { rules: ['machine-zone clock fields'], why: 'a zip entry time (DOS format, in a file)' },
  'electron/engine/export/export-rows.ts': { rules: ['ISO text'], why: 'CSV and NDJSON export files' },
  'electron/engine/audit/csv.ts': { rules: ['ISO text'], why: 'the audit CSV file (beside the local column)' },
  'electron/engine/rules/kpis-csv.ts': { rules: ['ISO text'], why: 'the KPI CSV file and its file name' },
  'electron/engine/incident-pack/format.ts': { rules: ['ISO text'], why: 'snapshot file names' },
  'electron/engine/incident-pack/rows.ts': { rules: ['ISO text'], why: 'the pack\u2019s CSV files' },
  'electron/engine/incident-pack/writer.ts': { rules: ['ISO text'], why: 'the manifest and the pack\u2019s directory name' },
  'electron/engine/commands/audit.ts': { rules: ['ISO text'], why: 'the audit CSV file name' },
  'electron/engine/alerting.ts': { rules: ['ISO text'], why: 'the rules export file, and stored audit records (worded by audit/words.ts)' },
  'electron/engine/rules/alarms.ts': { rules: ['ISO text'], why: 'stored audit records (worded by audit/words.ts)' },
  'electron/engine/sources/source-admin.ts': { rules: ['ISO text'], why: 'the source export file' },
  'electron/engine/feed-sink.ts': { rules: ['ISO text'], why: 'the engine log (a file)' },
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Comments are words about code, not code: dropped before scanning (line comments and block comments). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The rules a source breaks, with the line of each. */
export function findings(file: string, text: string): { rule: string; line: number; text: string }[] {
  const out: { rule: string; line: number; text: string }[] = [];
  const renderer = file.startsWith('renderer/');
  code(text)
    .split('\n')
    .forEach((l, i) => {
      for (const r of RULES) {
        if (r.renderer && !renderer) continue;
        if (r.name === 'ISO text' && renderer) continue; // the renderer's own rule names it
        if (r.re.test(l)) out.push({ rule: r.name, line: i + 1, text: l.trim() });
      }
    });
  return out;
}

describe('one time format: no other way of writing a time', () => {
  const files = SCANNED.flatMap(sources).filter((f) => f !== THE_FORMAT);

  it('the scan sees the sources (and flags what it should)', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain('renderer/panels/SensorChart.tsx');
    const bad = [
      "t.toLocaleTimeString('en-US')",
      "new Date(ms).toLocaleString()",
      "d.toLocaleString('en-GB', { timeZone, dateStyle: 'medium' })",
      "{ hour12: true }",
      "h < 12 ? 'am' : 'pm'",
      "values: '{h}{aa}'",
      "`${d.getHours()}:${d.getMinutes()}`",
      "`${String(h).padStart(2, '0')}:${m}`",
      "new Date(ms).toISOString().slice(11, 16)",
      "new Intl.DateTimeFormat('en-US', { hour: 'numeric' })",
    ];
    for (const b of bad) expect(findings('renderer/x.tsx', b).length, b).toBeGreaterThan(0);
    const fine = ["n.toLocaleString('en-GB')", "formatTime(ms, tz, 'clock')", "// new Date().toLocaleString()", "`${n} min ${String(s).padStart(2, '0')} s`"];
    for (const f of fine) expect(findings('renderer/x.tsx', f), f).toEqual([]);
    expect(findings('electron/engine/x.ts', 'new Date(t).toISOString()').map((x) => x.rule)).toEqual(['ISO text']);
  });

  it('every time in renderer/, electron/engine and electron/shared goes through zone-time.ts (files keep ISO, named)', () => {
    const offences: string[] = [];
    const used = new Map<string, Set<string>>();
    for (const f of files) {
      for (const hit of findings(f, readFileSync(join(root, f), 'utf8'))) {
        if (ALLOWED[f]?.rules.includes(hit.rule)) {
          used.set(f, (used.get(f) ?? new Set()).add(hit.rule));
          continue;
        }
        offences.push(`${f}:${hit.line} ${hit.rule}: ${hit.text}`);
      }
    }
    expect(offences, 'write times with electron/shared/zone-time.ts (formatTime and its shapes), or name a file writer in ALLOWED').toEqual([]);
    const stale = Object.entries(ALLOWED).flatMap(([f, a]) => a.rules.filter((r) => !used.get(f)?.has(r)).map((r) => `${f}: ${r}`));
    expect(stale, 'allow-list entries that match nothing any more: remove them').toEqual([]);
  });
});
