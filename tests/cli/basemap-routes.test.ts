/**
 * Segments along the road network (electron/cli/basemap/routes.ts, segment-routes.ts, electron/cli/basemap-routes.ts):
 * the router on a tiny graph, the acceptance rule, the naming rule, and that the shipped routes file and named roads are
 * what the build script makes (for a sample of segments) and what the demo feed draws.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { acceptLength, buildGraph, coveredFeatures, distanceM, nearestNode, routeSegment, shortestPath, type LngLat, type RoadFeature } from '../../electron/cli/basemap/routes';
import { planSegmentRoutes, type RoutesFile, type SegmentRow } from '../../electron/cli/basemap/segment-routes';
import { loadDemoData } from '../../electron/demo-feed/data';

const ASSETS = join(__dirname, '..', '..', 'assets');

// A tiny grid about 111 m apart (0.001° of latitude; 0.0018° of longitude at 56° N is about 112 m):
//   A(0,0) - B(1,0) - C(2,0)
//   |                 |
//   D(0,1) ---------- E(2,1)     and a footway A - C straight (never driven)
const at = (x: number, y: number): LngLat => [10 + x * 0.0018, 56 + y * 0.001];
const A = at(0, 0), B = at(1, 0), C = at(2, 0), D = at(0, 1), E = at(2, 1);
const tiny: RoadFeature[] = [
  { index: 0, highway: 'residential', coordinates: [A, B] },
  { index: 1, highway: 'residential', coordinates: [B, C] },
  { index: 2, highway: 'unknown', coordinates: [A, D] },
  { index: 3, highway: 'tertiary', coordinates: [D, E, C] },
  { index: 4, highway: 'footway', coordinates: [A, at(1, 0.1), C] },
];

describe('the router', () => {
  it('finds the shortest road path and never uses a footway', () => {
    const g = buildGraph(tiny, undefined, 0);
    const a = nearestNode(g, A)!.node;
    const c = nearestNode(g, C)!.node;
    const p = shortestPath(g, a, c)!;
    expect(p.nodes.map((n) => g.nodes[n])).toEqual([A, B, C]);
    expect(p.features).toEqual([0, 1]);
    expect(p.m).toBeCloseTo(distanceM(A, B) + distanceM(B, C), 6);
  });

  it('goes round when the direct road is missing, and gives up past the bound', () => {
    const g = buildGraph(tiny.filter((r) => r.index !== 1), undefined, 0);
    const p = shortestPath(g, nearestNode(g, A)!.node, nearestNode(g, C)!.node)!;
    expect(p.nodes.map((n) => g.nodes[n])).toEqual([A, D, E, C]);
    expect(shortestPath(g, nearestNode(g, A)!.node, nearestNode(g, C)!.node, 200)).toBeNull();
  });

  it('joins a dead end to the road it stops short of (through the nearest point of its segment)', () => {
    const stub: RoadFeature = { index: 5, highway: 'residential', coordinates: [at(1, 0.5), at(1, 0.05)] }; // ends ~5.6 m from A-B-C
    const apart = buildGraph([...tiny, stub], undefined, 0);
    const stubStart = apart.nodes.findIndex((p) => p[0] === at(1, 0.5)[0] && p[1] === at(1, 0.5)[1]);
    expect(apart.component[stubStart]).not.toBe(apart.mainComponent); // unjoined, the stub is a fragment
    const joined = buildGraph([...tiny, stub], undefined, 12);
    const from = joined.nodes.findIndex((p) => p[0] === at(1, 0.5)[0] && p[1] === at(1, 0.5)[1]);
    const p = shortestPath(joined, from, nearestNode(joined, C)!.node)!;
    expect(p.m).toBeGreaterThan(distanceM(at(1, 0.5), B) - 1);
    expect(p.m).toBeLessThan(distanceM(at(1, 0.5), B) + distanceM(B, C) + 1);
  });

  it('snaps the end points to the nearest network node and adds them to the route', () => {
    const g = buildGraph(tiny, undefined, 0);
    const p1 = at(-0.05, 0.02);
    const p2 = at(2.05, -0.02);
    const straight = distanceM(A, B) + distanceM(B, C) + distanceM(p1, A) + distanceM(C, p2);
    const r = routeSegment(g, p1, p2, straight);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.path[0]).toEqual(p1);
    expect(r.path[r.path.length - 1]).toEqual(p2);
    expect(r.path.slice(1, -1)).toEqual([A, B, C]);
    expect(r.lengthM).toBeCloseTo(straight, 3);
    expect(coveredFeatures(g, r.steps)).toEqual([0, 1]);
    expect(routeSegment(g, at(0, 5), C, 500)).toEqual({ ok: false, reason: 'off the road map' });
  });
});

describe('the acceptance rule', () => {
  it('keeps a route within 25 % of the segment length, both ways, and nothing else', () => {
    expect(acceptLength(1000, 1000)).toBe(true);
    expect(acceptLength(1250, 1000)).toBe(true);
    expect(acceptLength(750, 1000)).toBe(true);
    expect(acceptLength(1251, 1000)).toBe(false);
    expect(acceptLength(749, 1000)).toBe(false);
    expect(acceptLength(1000, 0)).toBe(false);
    expect(acceptLength(NaN, 1000)).toBe(false);
    expect(acceptLength(1100, 1000, 0.05)).toBe(false);
  });

  it('a route much longer than the feed says stays straight, and names no road', () => {
    const roads: FeatureCollection = { type: 'FeatureCollection', features: tiny.filter((r) => r.index !== 1).map((r) => ({ type: 'Feature', properties: { highway: r.highway }, geometry: { type: 'LineString', coordinates: r.coordinates as LngLat[] } })) };
    const row = (id: string, m: number): SegmentRow => ({ REPORT_ID: id, POINT_1_LNG: String(A[0]), POINT_1_LAT: String(A[1]), POINT_2_LNG: String(C[0]), POINT_2_LAT: String(C[1]), POINT_1_STREET: 'Ringvej', POINT_2_STREET: 'Ringvej', DISTANCE_IN_METERS: String(m) });
    const longWay = distanceM(A, D) + distanceM(D, E) + distanceM(E, C); // ~446 m round; straight A-C ~224 m
    const plan = planSegmentRoutes(roads, [row('1', 230), row('2', longWay)]);
    expect(plan.file.straight).toEqual({ 1: 'no road path within the tolerance' });
    expect(Object.keys(plan.file.routes)).toEqual(['2']);
    expect(plan.summary).toMatchObject({ segments: 2, routed: 1 });
    expect(plan.roads.features.map((f) => f.properties?.name ?? null)).toEqual([null, 'Ringvej', 'Ringvej', null]);
  });
});

describe('the shipped routes', () => {
  const routes = JSON.parse(gunzipSync(readFileSync(join(ASSETS, 'city', 'traffic-routes.json.gz'))).toString('utf8')) as RoutesFile;
  const rows = parse(gunzipSync(readFileSync(join(ASSETS, 'city', 'trafficMetaData.csv.gz'))).toString('utf8'), { columns: true, bom: true }) as SegmentRow[];
  const roads = JSON.parse(gunzipSync(readFileSync(join(ASSETS, 'basemap', 'roads.geojson.gz'))).toString('utf8')) as FeatureCollection;

  it('accounts for every segment: routed or straight with a reason', () => {
    const ids = rows.map((r) => r.REPORT_ID);
    expect(ids).toHaveLength(449);
    expect(new Set([...Object.keys(routes.routes), ...Object.keys(routes.straight)])).toEqual(new Set(ids));
    expect(Object.keys(routes.routes).length).toBeGreaterThanOrEqual(100);
    for (const [id, path] of Object.entries(routes.routes)) {
      const row = rows.find((r) => r.REPORT_ID === id)!;
      const m = path.slice(1).reduce((s, p, i) => s + distanceM(path[i]!, p), 0);
      expect(acceptLength(m, Number(row.DISTANCE_IN_METERS), routes.rule.tolerance), `segment ${id}: ${Math.round(m)} m`).toBe(true);
      expect(path[0]).toEqual([Number(row.POINT_1_LNG), Number(row.POINT_1_LAT)]);
      expect(path[path.length - 1]).toEqual([Number(row.POINT_2_LNG), Number(row.POINT_2_LAT)]);
    }
  });

  it('is what the build script makes, for a sample of segments', () => {
    const sample = rows.filter((_, i) => i % 37 === 0); // 13 segments across the file
    const plan = planSegmentRoutes(roads, sample, routes.rule);
    for (const r of sample) {
      const id = r.REPORT_ID!;
      expect(plan.file.routes[id] ?? null, id).toEqual(routes.routes[id] ?? null);
      expect(plan.file.straight[id] ?? null, id).toEqual(routes.straight[id] ?? null);
    }
    expect(sample.some((r) => routes.routes[r.REPORT_ID!])).toBe(true);
  }, 60_000);

  it('names a shipped road only after a routed segment on one street', () => {
    const routedOneStreet = new Set(rows.filter((r) => routes.routes[r.REPORT_ID!] && r.POINT_1_STREET === r.POINT_2_STREET).map((r) => r.POINT_1_STREET));
    const named = roads.features.filter((f) => typeof f.properties?.name === 'string');
    expect(named.length).toBeGreaterThan(0);
    for (const f of named) expect(routedOneStreet.has(f.properties!.name as string)).toBe(true);
  });

  it('the demo feed draws a routed segment along its route and the others between their end points', () => {
    const data = loadDemoData(ASSETS);
    const [id, path] = Object.entries(routes.routes)[0]!;
    expect(data.sensors.find((s) => s.id === `traffic:${id}`)!.geometry).toEqual({ type: 'LineString', coordinates: path });
    const straightId = Object.keys(routes.straight)[0]!;
    expect((data.sensors.find((s) => s.id === `traffic:${straightId}`)!.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(2);
  }, 60_000);
});
