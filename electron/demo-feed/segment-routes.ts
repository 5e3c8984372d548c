/**
 * The demo city's segment routes (assets/city/traffic-routes.json.gz, made at build time by
 * electron/cli/basemap-routes.ts): REPORT_ID -> the segment's path along the OpenStreetMap roads, from its first end
 * point to its second. Segments without one (off the shipped road map, or whose road path is not within 25 % of the
 * feed's DISTANCE_IN_METERS) stay straight between their end points. A missing or unreadable file means no routes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const ROUTES_FILE = 'city/traffic-routes.json.gz';

type Path = [number, number][];

const isPath = (v: unknown): v is Path =>
  Array.isArray(v) && v.length >= 2 && v.every((c) => Array.isArray(c) && c.length === 2 && c.every((x) => typeof x === 'number' && Number.isFinite(x)));

export function loadSegmentRoutes(assetsDir: string): Map<string, Path> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(readFileSync(join(assetsDir, ROUTES_FILE))).toString('utf8'));
  } catch {
    return new Map();
  }
  const routes = (parsed as { routes?: unknown } | null)?.routes;
  if (typeof routes !== 'object' || routes === null) return new Map();
  return new Map(Object.entries(routes).filter((e): e is [string, Path] => isPath(e[1])));
}
