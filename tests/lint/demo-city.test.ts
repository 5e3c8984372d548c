/**
 * Nothing in the product assumes the demo city outside the demo's own places (issue 8, item 4): every code, HTML, CSS
 * and JSON file under electron/ and renderer/ is grepped for the demo city's names. Markdown is not grepped (docs may
 * use the demo as an example).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SCANNED_DIRS = ['electron', 'renderer'];
const SCANNED_EXT = /\.(ts|tsx|js|mjs|cjs|html|css|json)$/;
const DEMO_CITY = /aarhus|århus|aarhus|copenhagen|rådhus/i;

/**
 * The demo's own places, each with why it may name the city. A folder ends with '/'.
 */
const EXEMPT: Record<string, string> = {
  // The demo feed: the recorded CityPulse week of the demo city, its city block (name, zone, home view) and its data.
  'electron/demo-feed/': 'the demo feed itself',
  // The hub's demo source type: replay of the demo feed's recorded week, pre-mapped.
  'electron/hub/sources/demo.ts': "the hub's demo source",
  // The About box credits the data the app ships (the demo city's sensor data and districts): licences require it.
  'electron/main/about.ts': 'attribution of shipped data',
  // The demo city's detailed base map (issue 8: it keeps it): its style carries its data's credits (CC BY).
  'renderer/map/basemap/demo-style.ts': "the demo city's base-map style and its credits",
  // The incident pack's pictures draw the demo city's shipped base map (where a pack's sensors lie on it): its credits.
  // The build step that routes the demo city's traffic segments along its shipped roads (and its output's description).
  'electron/cli/basemap-routes.ts': "the demo city's segment routes (build step)",
  'electron/cli/basemap/segment-routes.ts': "the demo city's segment routes (build step)",
  'electron/engine/incident-pack/raster/basemap.ts': "the demo city's base map for pack pictures and its credits",
};

function isExempt(rel: string): boolean {
  return Object.keys(EXEMPT).some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p));
}

function productFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (SCANNED_EXT.test(name)) out.push(relative(ROOT, abs).split(sep).join('/'));
    }
  };
  for (const d of SCANNED_DIRS) walk(join(ROOT, d));
  return out.sort();
}

describe('the demo city is named only in the demo', () => {
  const files = productFiles();

  it('scans the product (code, html, css, json under electron/ and renderer/)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('renderer/index.html');
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
  });

  it('no file outside the exempt places names the demo city', () => {
    const offenders = files
      .filter((f) => !isExempt(f))
      .flatMap((f) =>
        readFileSync(join(ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => DEMO_CITY.test(line))
          .map(({ line, i }) => `${f}:${i + 1}: ${line.trim().slice(0, 120)}`),
      );
    expect(offenders).toEqual([]);
  });

  it('every exemption exists and does name the city (no stale exemptions; the pattern matches)', () => {
    for (const p of Object.keys(EXEMPT)) {
      const inside = files.filter((f) => (p.endsWith('/') ? f.startsWith(p) : f === p));
      expect(inside, p).not.toEqual([]);
      expect(
        inside.some((f) => DEMO_CITY.test(readFileSync(join(ROOT, f), 'utf8'))),
        `${p} no longer names the demo city: drop its exemption`,
      ).toBe(true);
    }
  });

  it('the pattern catches the names in any case and spelling', () => {
    for (const s of ['Aarhus', 'ÅRHUS', 'Europe/Copenhagen', 'Rådhuskvarteret', 'aarhus-demo']) expect(s).toMatch(DEMO_CITY);
    for (const s of ['Aberdeen', 'Europe/London', 'UTC']) expect(s).not.toMatch(DEMO_CITY);
  });
});
