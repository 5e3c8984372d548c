/**
 * `npx tsx electron/cli/basemap-routes.ts [--assets DIR (default ./assets)] [--tolerance 0.25] [--check]`: the build step that routes the
 * demo city's traffic segments along its base map's roads (electron/cli/basemap/segment-routes.ts) and writes
 *   - assets/city/traffic-routes.json.gz: the accepted routes by REPORT_ID (read by the demo feed: a routed segment's
 *     geometry is its route; the others stay straight between their end points), and why the others were not routed;
 *   - assets/basemap/roads.geojson.gz: the same roads with `name` where an accepted route supports it.
 * Inputs: assets/basemap/roads.geojson.gz (OpenStreetMap roads of central Aarhus; any `name` it has is recomputed)
 * and assets/city/trafficMetaData.csv.gz. Deterministic: the same inputs give the same bytes. `--check` writes
 * nothing and exits 1 when the shipped files differ from what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection } from 'geojson';
import { DEFAULT_RULE } from './basemap/routes';
import { featureCollectionText, planSegmentRoutes, type SegmentRow } from './basemap/segment-routes';

export const ROUTES_FILE = 'city/traffic-routes.json.gz';
export const ROADS_FILE = 'basemap/roads.geojson.gz';
const META_FILE = 'city/trafficMetaData.csv.gz';

export function buildSegmentRoutes(assetsDir: string, tolerance = DEFAULT_RULE.tolerance) {
  const roads = JSON.parse(gunzipSync(readFileSync(join(assetsDir, ROADS_FILE))).toString('utf8')) as FeatureCollection;
  const rows = parse(gunzipSync(readFileSync(join(assetsDir, META_FILE))).toString('utf8'), { columns: true, skip_empty_lines: true, bom: true }) as SegmentRow[];
  const plan = planSegmentRoutes(roads, rows, { ...DEFAULT_RULE, tolerance });
  return {
    plan,
    routesBytes: gzipSync(Buffer.from(`${JSON.stringify(plan.file)}\n`), { level: 9 }),
    roadsBytes: gzipSync(Buffer.from(featureCollectionText(plan.roads)), { level: 9 }),
  };
}

function main(argv: string[]): number {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const assets = resolve(arg('--assets') ?? 'assets');
  const tolerance = arg('--tolerance') !== undefined ? Number(arg('--tolerance')) : DEFAULT_RULE.tolerance;
  if (!(tolerance > 0 && tolerance < 1)) {
    console.error('--tolerance: a fraction between 0 and 1 (0.25: within 25 %)');
    return 2;
  }
  const { plan, routesBytes, roadsBytes } = buildSegmentRoutes(assets, tolerance);
  const s = plan.summary;
  console.log(`${s.routed} of ${s.segments} segments routed along the roads; straight: ${JSON.stringify(s.straight)}; ${s.namedRoads} roads named (${s.conflicts} left unnamed: two names)`);
  if (argv.includes('--check')) {
    const same = (rel: string, bytes: Buffer) => gunzipSync(readFileSync(join(assets, rel))).equals(gunzipSync(bytes));
    const stale = [ROUTES_FILE, ROADS_FILE].filter((rel, i) => !same(rel, i === 0 ? routesBytes : roadsBytes));
    if (stale.length) console.error(`out of date: ${stale.join(', ')}`);
    return stale.length ? 1 : 0;
  }
  writeFileSync(join(assets, ROUTES_FILE), routesBytes);
  writeFileSync(join(assets, ROADS_FILE), roadsBytes);
  console.log(`wrote ${ROUTES_FILE} (${routesBytes.length} B) and ${ROADS_FILE} (${roadsBytes.length} B)`);
  return 0;
}

if (/basemap-routes\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
