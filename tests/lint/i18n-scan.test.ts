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
];

/**
 * Files of the scanned folders whose words are not translated yet: each must still have findings (a stale entry
 * fails), and the list only shrinks.
 */
const NOT_YET: Record<string, string> = {
  'renderer/panels/AlarmList.tsx': 'the older alarm list (alarms/ has the operator\u2019s list)',
  'renderer/panels/Notes.tsx': 'operator notes',
  'renderer/panels/SensorChart.tsx': 'the chart\u2019s units and gap marks',
  'renderer/kpi/KpiCharts.tsx': 'alarm load charts',
  'renderer/kpi/KpiView.tsx': 'alarm load',
};

/** Literal text that reads the same in every language. */
const ALLOWED: Record<string, string> = {
  CityDesk: 'the product\u2019s name',
  px: 'unit symbol (CSS pixels)',
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
