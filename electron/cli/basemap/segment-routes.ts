/**
 * The demo city's segment routes and the street names they support, from the base map's roads and the traffic
 * metadata (electron/cli/basemap-routes.ts writes them). Pure.
 *
 * - Every segment is routed along the road graph (routes.ts); accepted routes go in the routes file, keyed by the
 *   segment's REPORT_ID; the others stay straight lines and are counted by reason.
 * - A road of the base map gets a `name` only where the data supports it: an accepted route whose two end points are
 *   on the same street (POINT_1_STREET = POINT_2_STREET) names the roads it runs along for at least half their length
 *   with that street; a road that two routes would name differently stays unnamed. Every other road has no name.
 */
import type { Feature, FeatureCollection, LineString } from 'geojson';
import { buildGraph, coveredFeatures, routeSegment, DEFAULT_RULE, type AcceptRule, type LngLat, type RoadFeature } from './routes';

export interface SegmentRow {
  REPORT_ID?: string;
  POINT_1_LNG?: string;
  POINT_1_LAT?: string;
  POINT_2_LNG?: string;
  POINT_2_LAT?: string;
  POINT_1_STREET?: string;
  POINT_2_STREET?: string;
  DISTANCE_IN_METERS?: string;
}

export interface RoutesFile {
  about: string;
  rule: AcceptRule;
  /** REPORT_ID -> the route, from the segment's first end point to its second. */
  routes: Record<string, LngLat[]>;
  /** REPORT_ID -> why the segment stays straight. */
  straight: Record<string, string>;
}

export interface SegmentRoutes {
  file: RoutesFile;
  /** The roads with `name` where a route supports it (every other road without one). */
  roads: FeatureCollection;
  summary: { segments: number; routed: number; straight: Record<string, number>; namedRoads: number; conflicts: number };
}

export const ROUTES_ABOUT =
  'Routes of the Aarhus traffic segments along the OpenStreetMap roads of assets/basemap/roads.geojson.gz (shortest path between the road nodes nearest to the end points), kept when within the tolerance of DISTANCE_IN_METERS; made by electron/cli/basemap-routes.ts. © OpenStreetMap contributors (ODbL).';

const num = (v: string | undefined): number => (v === undefined || v.trim() === '' ? NaN : Number(v));

export function planSegmentRoutes(roads: FeatureCollection, rows: readonly SegmentRow[], rule: AcceptRule = DEFAULT_RULE): SegmentRoutes {
  const lines: RoadFeature[] = [];
  roads.features.forEach((f, index) => {
    if (f.geometry?.type !== 'LineString') return;
    lines.push({ index, highway: String(f.properties?.highway ?? 'unknown'), coordinates: (f.geometry as LineString).coordinates as LngLat[] });
  });
  const graph = buildGraph(lines);
  const file: RoutesFile = { about: ROUTES_ABOUT, rule, routes: {}, straight: {} };
  const straight: Record<string, number> = {};
  const names = new Map<number, Set<string>>();
  let routed = 0;
  for (const row of rows) {
    const id = (row.REPORT_ID ?? '').trim();
    const p1: LngLat = [num(row.POINT_1_LNG), num(row.POINT_1_LAT)];
    const p2: LngLat = [num(row.POINT_2_LNG), num(row.POINT_2_LAT)];
    const m = num(row.DISTANCE_IN_METERS);
    let reason: string;
    if (!id || ![...p1, ...p2, m].every(Number.isFinite)) reason = 'incomplete metadata';
    else {
      const r = routeSegment(graph, p1, p2, m, rule);
      if (r.ok) {
        routed++;
        file.routes[id] = r.path;
        const s1 = (row.POINT_1_STREET ?? '').trim();
        if (s1 && s1 === (row.POINT_2_STREET ?? '').trim()) {
          for (const f of coveredFeatures(graph, r.steps)) names.set(f, (names.get(f) ?? new Set()).add(s1));
        }
        continue;
      }
      reason = r.reason;
    }
    if (id) file.straight[id] = reason;
    straight[reason] = (straight[reason] ?? 0) + 1;
  }
  let namedRoads = 0;
  let conflicts = 0;
  const features = roads.features.map((f, i): Feature => {
    const { name: _old, ...rest } = (f.properties ?? {}) as Record<string, unknown>;
    void _old;
    const set = names.get(i);
    if (set && set.size > 1) conflicts++;
    const name = set && set.size === 1 ? [...set][0]! : undefined;
    if (name) namedRoads++;
    return { ...f, properties: name ? { ...rest, name } : rest };
  });
  return { file, roads: { ...roads, features }, summary: { segments: rows.length, routed, straight, namedRoads, conflicts } };
}

/** GeoJSON with one feature per line (diff- and gzip-friendly, as the shipped file was). */
export function featureCollectionText(fc: FeatureCollection): string {
  const { features, ...head } = fc;
  const top = JSON.stringify(head).slice(0, -1);
  return `${top},"features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
}
