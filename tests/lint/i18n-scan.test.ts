/**
 * Every word on the screen in the operator's language (issue 12 item 11): this test reads the renderer's .tsx files in
 * the folders below and fails on user-visible literal text left in JSX: text children ("<h3>Freshness</h3>", "{n}
 * sensors"), and title / aria-label / placeholder / alt / label attributes holding a literal with letters ('title="Close"',
 * 'aria-label={open ? "Collapse" : "Expand"}'). Words come from renderer/i18n/locales through t('namespace.key')
 * (a key-shaped literal is fine). ALLOWED lists the few literals that are the same in every language (the brand, unit
 * symbols), each with its reason. The folders are listed in one array: a folder joins it once its words are translated.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/** The scanned folders and files (renderer-relative paths). */
export const SCANNED: readonly string[] = [
  'renderer/App.tsx',
  'renderer/main.tsx',
  'renderer/panels',
  'renderer/map',
  'renderer/health',
  'renderer/layout',
  'renderer/keyboard',
  'renderer/settings',
  'renderer/time',
  'renderer/wall',
  'renderer/worst',
  'renderer/kpi',
  'renderer/platform',
  'renderer/search',
  'renderer/sensors',
  'renderer/incidents',
  'renderer/sources',
  'renderer/replay',
  'renderer/alarms',
  'renderer/audit',
  'renderer/rules',
];

/**
 * Files of the scanned folders whose words are not translated yet: each must still have findings (a stale entry
 * fails), and the list only shrinks.
 */
const NOT_YET: Record<string, string> = {};

/** Literal text that reads the same in every language. */
const ALLOWED: Record<string, string> = {
  CityDesk: 'the product\u2019s name',
  px: 'unit symbol (CSS pixels)',
  p50: 'a percentile\u2019s name',
  p90: 'a percentile\u2019s name',
  'npm run web': 'a command typed on the host',
  'npm run passphrase -- --db': 'a command typed on the host',
  'Ctrl K': 'key caps (printed the same on every keyboard)',
  Enter: 'a key cap',
  Esc: 'a key cap',
};

const LETTER = /\p{L}/u;
/** A message key (t('panels.freshness')), a test id or class-like token, not words. */
const KEY_LIKE = /^[a-z][\w-]*(\.[\w-]+)+$/;

function sources(rel: string): string[] {
  const full = join(root, rel);
  if (!statSync(full).isDirectory()) return rel.endsWith('.tsx') ? [rel] : [];
  return readdirSync(full).flatMap((name) => sources(`${rel}/${name}`));
}

/** Comments dropped (block comments, JSX comments, line comments), keeping the lines where they were. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function wordy(s: string): boolean {
  const t = s.replace(/\s+/g, ' ').trim();
  if (!t || !LETTER.test(t) || KEY_LIKE.test(t)) return false;
  // Only allowed words left once the allowed literals are taken out.
  let rest = t;
  for (const a of Object.keys(ALLOWED)) rest = rest.split(a).join(' ');
  return LETTER.test(rest);
}

/** The expression inside `{` at `start` (balanced braces, strings skipped). */
function braced(src: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return src.slice(start + 1, i);
  }
  return src.slice(start + 1);
}

/** String literals of an expression that are words (not keys): 'Close', "Expand", `Last ${x}` (its literal parts). */
function wordLiterals(expr: string): string[] {
  const out: string[] = [];
  for (const m of expr.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
    // A literal compared with (=== 'default') is a value, not words.
    if (/[!=]==\s*$/.test(expr.slice(0, m.index))) continue;
    const body = (m[1] ?? m[2] ?? (m[3] ?? '').replace(/\$\{[^}]*\}/g, ' ')).replace(/\\./g, ' ');
    if (wordy(body)) out.push(body);
  }
  return out;
}

const ATTRS = ['title', 'aria-label', 'aria-valuetext', 'placeholder', 'alt', 'label', 'legend'];

/** The user-visible literals of a .tsx source, with their lines. */
export function findings(text: string): { line: number; text: string }[] {
  const src = code(text);
  const out: { line: number; text: string }[] = [];
  const lineAt = (i: number) => src.slice(0, i).split('\n').length;
  // Text children: after a tag's `>` (not an arrow's `=>`, nor a comparison inside code) up to the next `<` or `{`;
  // and after an expression's `}` up to a closing tag.
  for (const m of src.matchAll(/(?<![=\-\s])>([^<>{}]*)(?=[<{])/g)) {
    const seg = m[1]!;
    if (/[;=]|&&|\|\||\breturn\b|\bas const\b|\bsatisfies\b/.test(seg) || /^\s*[),\]:(]/.test(seg)) continue;
    if (wordy(seg)) out.push({ line: lineAt(m.index!), text: seg.trim() });
  }
  for (const m of src.matchAll(/\}([^<>{}\n;=]*)(?=<\/|<[a-zA-Z])/g)) {
    const seg = m[1]!;
    if (/&&|\|\||\breturn\b|[()]/.test(seg)) continue;
    if (wordy(seg)) out.push({ line: lineAt(m.index!), text: seg.trim() });
  }
  // Between two expressions: {from} made by {who}.
  for (const m of src.matchAll(/\}([^<>{}\n;=()$`]*)(?=\{)/g)) {
    const seg = m[1]!;
    if (/\b(else|return|const|let|if|case|try|catch|finally|do|as|in|of)\b|&&|\|\||=>|^\s*[,:\]]|[,:]\s*$/.test(seg)) continue;
    if (wordy(seg) && /\p{L}{2,}/u.test(seg)) out.push({ line: lineAt(m.index!), text: seg.trim() });
  }
  // Expression children with words in a literal: <b>{on ? 'Shown' : 'Hidden from the map'}</b> (nested tags'
  // attributes dropped; a lower-case single token such as 'warn' is a value, not words).
  for (const m of src.matchAll(/(?<![=\-])>\s*\{/g)) {
    const expr = braced(src, m.index! + m[0].length - 1)
      .replace(/\s[\w-]+=("[^"]*"|\{`[^`]*`\}|\{[^{}]*\})/g, ' ')
      .replace(/\bt\(\s*'[^']*'/g, 't(');
    for (const l of wordLiterals(expr)) if (/\s|^\p{Lu}|…$/u.test(l.trim())) out.push({ line: lineAt(m.index!), text: `{…}: ${l.trim()}` });
  }
  // Attributes with a literal: title="Close", aria-label={open ? 'Collapse' : 'Expand'}.
  for (const m of src.matchAll(new RegExp(`\\s(${ATTRS.join('|')})=("([^"]*)"|\\{)`, 'g'))) {
    const lits = m[3] !== undefined ? (wordy(m[3]) ? [m[3]] : []) : wordLiterals(braced(src, m.index! + m[0].length - 1).replace(/\bt\(\s*'[^']*'/g, 't('));
    for (const l of lits) out.push({ line: lineAt(m.index!), text: `${m[1]}: ${l.trim()}` });
  }
  return out;
}

/**
 * User-facing .ts files (text built outside JSX: tooltips, announcements, header and chart words): every string
 * literal with two words or more in it ("Click to select the alarm", `${n} sources down`) must come from t() instead.
 * A single word ('Time') is not caught, nor are thrown errors and console lines (developer text). A file joins the list
 * once its words are translated.
 */
export const TS_SCANNED: readonly string[] = [
  'renderer/map/layers/alarmSymbols.ts',
  'renderer/map/layers/common.ts',
  'renderer/map/home.ts',
  'renderer/health/sourceDown.ts',
  'renderer/health/headerText.ts',
  'renderer/health/alarmNote.ts',
  'renderer/health/frozen.ts',
  'renderer/keyboard/mapKeys.ts',
  'renderer/keyboard/mapSelection.ts',
  'renderer/kpi/kpiCharts.ts',
  'renderer/kpi/period.ts',
  'renderer/panels/describe.ts',
  'renderer/panels/chartSeries.ts',
  'renderer/panels/chartData.ts',
  'renderer/panels/format.ts',
  'renderer/panels/provenance.ts',
  'renderer/panels/cacheText.ts',
  'renderer/panels/banner.ts',
  'renderer/panels/sensorDetails.ts',
  'renderer/wall/wallSummary.ts',
  'renderer/wall/wallPaging.ts',
  'renderer/sources/draft.ts',
  'renderer/platform/web.ts',
  'renderer/platform/rpc-client.ts',
  'renderer/platform/electron.ts',
  'renderer/replay/replayFormat.ts',
  'renderer/replay/instantInput.ts',
  'renderer/replay/liveCritical.ts',
  'renderer/replay/rerunChoice.ts',
  'renderer/replay/timelineData.ts',
  'renderer/replay/timelineDraw.ts',
  'renderer/replay/timelineTooltip.ts',
  'renderer/alarms/keyboard.ts',
  'renderer/alarms/alarmList.ts',
  'renderer/alarms/alarmPaging.ts',
  'renderer/alarms/flood.ts',
  'renderer/alarms/sound.ts',
  'renderer/audit/auditQuery.ts',
  'renderer/audit/auditWords.ts',
  'renderer/rules/ruleForm.ts',
  'renderer/rules/tuning.ts',
  'renderer/rules/load.ts',
  'renderer/rules/rationale.ts',
];

/** Literals of those files that are not words for the operator. */
const TS_ALLOWED: Record<string, string> = {
  'client closed': 'the reason in a WebSocket close frame (for the host\u2019s log, never shown)',
  '10px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif': 'a CSS font (the timeline canvas, renderer/replay/timelineDraw.ts)',
  '← / → , + / −, Home / End': 'key caps (printed the same on every keyboard)',
};

/** The string literals with two words or more of a .ts source (comments, imports, errors and console lines left out). */
export function tsFindings(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  code(text)
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*import\b|throw new \w*Error|console\./.test(line)) return;
      for (const m of line.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
        const body = (m[1] ?? m[2] ?? (m[3] ?? '').replace(/\$\{[^}]*\}/g, ' ')).replace(/\\./g, ' ');
        if (body.trim() in TS_ALLOWED) continue;
        if (body.split(/\s+/).filter((w) => /^\p{L}{2,}[,.:;!?]?$/u.test(w)).length >= 2) out.push({ line: i + 1, text: body.trim() });
      }
    });
  return out;
}

describe('text built in .ts files goes through the language files', () => {
  it('flags English sentences and leaves keys, classes and values alone', () => {
    const bad = [
      "lines.push(place.count > 1 ? 'Click to select the worst' : 'Click to select the alarm');",
      'return `${list.length} sources down (first ${since})`;',
      'button.title = "Home view: the whole city";',
      "return { ok: false, error: 'the period must end after it starts' };",
    ];
    for (const b of bad) expect(tsFindings(b).length, b).toBeGreaterThan(0);
    const fine = [
      "return t('health.manyDown', { n: list.length, names: list.join(', ') });",
      "div.className = 'maplibregl-ctrl maplibregl-ctrl-group';",
      "if (a.kind === 'Polygon') return 'group:district:' + id;",
      "throw new Error('not a GeoJSON FeatureCollection');",
      "console.warn('engine sent invalid JSON');",
      '/** "Click to select the alarm": a comment */',
      "return t(`map.tipState_${a.state}`);",
    ];
    for (const f of fine) expect(tsFindings(f), f).toEqual([]);
  });

  it('no English sentences left in the listed .ts files', () => {
    const offences = TS_SCANNED.flatMap((f) => tsFindings(readFileSync(join(root, f), 'utf8')).map((h) => `${f}:${h.line} ${h.text}`));
    expect(offences, 'user-visible text built in .ts: move it to en.json/da.json and use t()').toEqual([]);
  });
});

describe('every word on the screen goes through the language files', () => {
  const files = SCANNED.flatMap(sources);

  it('the scan sees the sources, and flags what it should', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files).toContain('renderer/panels/StatusBar.tsx');
    const bad = [
      '<h3>Freshness</h3>',
      '<span>{n} sensors</span>',
      '<span className="x">{count}</span> open alarms<b/>',
      '<button title="Close">×</button>',
      "<nav aria-label={open ? 'Collapse the drawer' : 'Expand the drawer'}>",
      '<input placeholder={`Search ${what}`} />',
      '<p>\n  Muted at the feed time\n</p>',
      "<span>{supervisor ? 'Supervisor' : 'Operator'}</span>",
      "<p>{loading ? 'loading…' : null}</p>",
      '<span>{range} made by {who}</span>',
    ];
    for (const b of bad) expect(findings(b).length, b).toBeGreaterThan(0);
    const fine = [
      "<h3>{t('panels.freshness')}</h3>",
      "<button title={t('panels.close')} aria-label={t('panels.close', { n: 2 })}>×</button>",
      '<span className="app-name">CityDesk</span>',
      "{open ? '▾' : '▴'}",
      'const x = useState<number | null>(null);\nconst y = a > b ? 1 : 2;',
      "{items.map((i) => (\n  <li key={i}>{i}</li>\n))}",
      "{open && <div data-testid=\"sensor-panel\">{x} · {y}</div>}",
      '<span>{height} px</span>',
      "<dd>{x === 'raw' ? <b className=\"warn\">{n}</b> : '—'}</dd>",
    ];
    for (const f of fine) expect(findings(f), f).toEqual([]);
  });

  it('no literal words left in the scanned folders\u2019 JSX (translate them in renderer/i18n/locales)', () => {
    const offences: string[] = [];
    const stale: string[] = [];
    for (const f of files) {
      const hits = findings(readFileSync(join(root, f), 'utf8'));
      if (f in NOT_YET) {
        if (hits.length === 0) stale.push(f);
        continue;
      }
      offences.push(...hits.map((h) => `${f}:${h.line} ${h.text}`));
    }
    expect(offences, 'user-visible literal text: move it to en.json/da.json and use t()').toEqual([]);
    expect(stale, 'translated now: remove these from NOT_YET').toEqual([]);
  });
});
