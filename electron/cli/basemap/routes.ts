/**
 * Segments along the road network: a travel-time feed (the demo city's) gives only the two end points of each Bluetooth segment, so a
 * segment is routed at build time (electron/cli/basemap-routes.ts) along the OpenStreetMap road graph between the
 * graph nodes nearest to its end points (shortest path by length), and the route is kept only when its length (end
 * point to node, along the roads, node to end point) is close to the segment's own length from the feed
 * (DISTANCE_IN_METERS, within a tolerance); otherwise the segment stays a straight line. Pure.
 */

export type LngLat = [number, number];

export interface RoadFeature {
  /** Index of the feature in its collection (used to name the roads a route follows). */
  index: number;
  highway: string;
  coordinates: readonly LngLat[];
}

/** Roads a car does not drive on: never part of a route. */
export const NOT_DRIVEN = new Set(['footway', 'path', 'cycleway', 'steps', 'pedestrian', 'track', 'bridleway', 'construction', 'corridor', 'proposed', 'platform']);

/** Metres between two positions (haversine, mean Earth radius). */
export function distanceM(a: LngLat, b: LngLat): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function pathLengthM(path: readonly LngLat[]): number {
  let m = 0;
  for (let i = 1; i < path.length; i++) m += distanceM(path[i - 1]!, path[i]!);
  return m;
}

interface Edge {
  to: number;
  m: number;
  feature: number;
}

/**
 * The road graph: a node per distinct vertex (to 1e-7 degrees), an edge per pair of consecutive vertices, both ways.
 * OpenStreetMap extracts do not always share a vertex where roads meet (the demo city's shipped roads end a few metres
 * short of the road they join, or on the middle of its segment, at about 1,100 junctions), so a dead end is joined to
 * the nearest road segment within `joinM` metres: connector edges (feature -1) to both its ends, each as long as the
 * way there through the nearest point of the segment.
 */
export interface RoadGraph {
  nodes: LngLat[];
  edges: Edge[][];
  /** Length (m) of each feature the graph was built from, by feature index. */
  featureLengthM: Map<number, number>;
  /** The connected component of each node, and the largest one (the road network; the rest are closed ways and fragments). */
  component: Int32Array;
  mainComponent: number;
}

const keyOf = (p: LngLat): string => `${Math.round(p[0] * 1e7)},${Math.round(p[1] * 1e7)}`;

export const CONNECTOR = -1;

export function buildGraph(roads: readonly RoadFeature[], exclude: ReadonlySet<string> = NOT_DRIVEN, joinM = 12): RoadGraph {
  const ids = new Map<string, number>();
  const nodes: LngLat[] = [];
  const edges: Edge[][] = [];
  const featureLengthM = new Map<number, number>();
  const node = (p: LngLat): number => {
    const k = keyOf(p);
    let id = ids.get(k);
    if (id === undefined) {
      id = nodes.length;
      ids.set(k, id);
      nodes.push([p[0], p[1]]);
      edges.push([]);
    }
    return id;
  };
  for (const r of roads) {
    if (exclude.has(r.highway) || r.coordinates.length < 2) continue;
    let prev = node(r.coordinates[0]!);
    let length = 0;
    for (let i = 1; i < r.coordinates.length; i++) {
      const next = node(r.coordinates[i]!);
      const m = distanceM(nodes[prev]!, nodes[next]!);
      length += m;
      if (next !== prev) {
        edges[prev]!.push({ to: next, m, feature: r.index });
        edges[next]!.push({ to: prev, m, feature: r.index });
      }
      prev = next;
    }
    featureLengthM.set(r.index, length);
  }
  if (joinM > 0) joinDeadEnds(nodes, edges, joinM);
  const { component, main } = components(edges);
  return { nodes, edges, featureLengthM, component, mainComponent: main };
}

function components(edges: readonly Edge[][]): { component: Int32Array; main: number } {
  const component = new Int32Array(edges.length).fill(-1);
  let main = -1;
  let mainSize = 0;
  let next = 0;
  for (let i = 0; i < edges.length; i++) {
    if (component[i]! >= 0 || edges[i]!.length === 0) continue;
    const c = next++;
    component[i] = c;
    let size = 0;
    for (const stack = [i]; stack.length > 0; ) {
      const u = stack.pop()!;
      size++;
      for (const e of edges[u]!) if (component[e.to]! < 0) {
        component[e.to] = c;
        stack.push(e.to);
      }
    }
    if (size > mainSize) [main, mainSize] = [c, size];
  }
  return { component, main };
}

function joinDeadEnds(nodes: readonly LngLat[], edges: Edge[][], joinM: number): void {
  // Local metres (equirectangular about the first node: fine over a city).
  const lat0 = ((nodes[0]?.[1] ?? 0) * Math.PI) / 180;
  const mx = 111_320 * Math.cos(lat0);
  const my = 110_574;
  const xy = (p: LngLat): [number, number] => [p[0] * mx, p[1] * my];
  const cellM = Math.max(joinM, 25);
  const grid = new Map<string, [number, number][]>();
  edges.forEach((list, a) => {
    for (const e of list) {
      if (e.to < a || e.feature === CONNECTOR) continue;
      const [ax, ay] = xy(nodes[a]!);
      const [bx, by] = xy(nodes[e.to]!);
      for (let cx = Math.floor(Math.min(ax, bx) / cellM); cx <= Math.floor(Math.max(ax, bx) / cellM); cx++)
        for (let cy = Math.floor(Math.min(ay, by) / cellM); cy <= Math.floor(Math.max(ay, by) / cellM); cy++) {
          const k = `${cx},${cy}`;
          const cell = grid.get(k);
          if (cell) cell.push([a, e.to]);
          else grid.set(k, [[a, e.to]]);
        }
    }
  });
  const ends = nodes.map((_, i) => i).filter((i) => edges[i]!.length === 1);
  for (const i of ends) {
    const [px, py] = xy(nodes[i]!);
    const own = edges[i]![0]!.to;
    let best: { a: number; b: number; perp: number; ta: number; tb: number } | null = null;
    const cx0 = Math.floor(px / cellM);
    const cy0 = Math.floor(py / cellM);
    for (let cx = cx0 - 1; cx <= cx0 + 1; cx++)
      for (let cy = cy0 - 1; cy <= cy0 + 1; cy++)
        for (const [a, b] of grid.get(`${cx},${cy}`) ?? []) {
          if (a === i || b === i || a === own || b === own) continue;
          const [ax, ay] = xy(nodes[a]!);
          const [bx, by] = xy(nodes[b]!);
          const len = Math.hypot(bx - ax, by - ay);
          const t = len > 0 ? Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len ** 2)) : 0;
          const perp = Math.hypot(ax + t * (bx - ax) - px, ay + t * (by - ay) - py);
          if (perp <= joinM && (!best || perp < best.perp)) best = { a, b, perp, ta: t * len, tb: (1 - t) * len };
        }
    if (!best) continue;
    for (const [to, along] of [
      [best.a, best.ta],
      [best.b, best.tb],
    ] as const) {
      edges[i]!.push({ to, m: best.perp + along, feature: CONNECTOR });
      edges[to]!.push({ to: i, m: best.perp + along, feature: CONNECTOR });
    }
  }
}

/** The node of the road network (the largest component) nearest to `p`, and its distance (m); null for an empty graph. */
export function nearestNode(graph: RoadGraph, p: LngLat): { node: number; m: number } | null {
  let best = -1;
  let bestM = Infinity;
  const cosLat = Math.cos((p[1] * Math.PI) / 180);
  for (let i = 0; i < graph.nodes.length; i++) {
    if (graph.component[i] !== graph.mainComponent) continue;
    const q = graph.nodes[i]!;
    const d = ((q[0] - p[0]) * cosLat) ** 2 + (q[1] - p[1]) ** 2; // equirectangular: only to compare
    if (d < bestM) [best, bestM] = [i, d];
  }
  return best < 0 ? null : { node: best, m: distanceM(p, graph.nodes[best]!) };
}

/** A binary min-heap of [cost, node]. */
class Heap {
  private readonly a: [number, number][] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: [number, number]): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]![0] <= a[i]![0]) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): [number, number] {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]![0] < a[m]![0]) m = l;
        if (r < a.length && a[r]![0] < a[m]![0]) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

export interface GraphPath {
  nodes: number[];
  /** The feature each step (nodes[i] -> nodes[i+1]) runs on. */
  features: number[];
  m: number;
}

/** The shortest path by length from `from` to `to` (Dijkstra; ties go to the lower node id), or null when unreachable. */
export function shortestPath(graph: RoadGraph, from: number, to: number, maxM = Infinity): GraphPath | null {
  const dist = new Map<number, number>([[from, 0]]);
  const prev = new Map<number, [number, number]>();
  const heap = new Heap();
  heap.push([0, from]);
  const done = new Set<number>();
  while (heap.size > 0) {
    const [d, u] = heap.pop();
    if (done.has(u)) continue;
    done.add(u);
    if (u === to) break;
    if (d > maxM) return null;
    for (const e of graph.edges[u]!) {
      const nd = d + e.m;
      const old = dist.get(e.to);
      if (old === undefined || nd < old) {
        dist.set(e.to, nd);
        prev.set(e.to, [u, e.feature]);
        heap.push([nd, e.to]);
      }
    }
  }
  if (!done.has(to)) return null;
  const nodes = [to];
  const features: number[] = [];
  for (let n = to; n !== from; ) {
    const [p, f] = prev.get(n)!;
    nodes.push(p);
    features.push(f);
    n = p;
  }
  return { nodes: nodes.reverse(), features: features.reverse(), m: dist.get(to)! };
}

export interface AcceptRule {
  /** Largest relative difference between the route's length and the segment's (0.25: within 25 %). */
  tolerance: number;
  /** Farthest an end point may be from its nearest road node (m): beyond, the segment is off the map's roads. */
  maxSnapM: number;
}

export const DEFAULT_RULE: AcceptRule = { tolerance: 0.25, maxSnapM: 75 };

/** Whether a route of `routeM` stands for a segment the feed says is `segmentM` long. */
export function acceptLength(routeM: number, segmentM: number, tolerance = DEFAULT_RULE.tolerance): boolean {
  return Number.isFinite(routeM) && Number.isFinite(segmentM) && segmentM > 0 && Math.abs(routeM - segmentM) <= tolerance * segmentM;
}

/** One step of a route along the graph: the feature it runs on and its length (m). */
export interface RouteStep {
  feature: number;
  m: number;
}

export type RouteResult =
  | { ok: true; path: LngLat[]; lengthM: number; steps: RouteStep[] }
  | { ok: false; reason: 'off the road map' | 'no road path within the tolerance' | 'length differs'; lengthM?: number };

const round6 = (p: LngLat): LngLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];

/**
 * A segment's route: its first end point, the road path between the nodes nearest to its end points, its second end
 * point; accepted when the whole line's length is within the tolerance of `segmentM`. The end points are the feed's own,
 * the road vertices rounded to 6 decimals (~0.1 m).
 */
export function routeSegment(graph: RoadGraph, p1: LngLat, p2: LngLat, segmentM: number, rule: AcceptRule = DEFAULT_RULE): RouteResult {
  const a = nearestNode(graph, p1);
  const b = nearestNode(graph, p2);
  if (!a || !b || a.m > rule.maxSnapM || b.m > rule.maxSnapM) return { ok: false, reason: 'off the road map' };
  const found = shortestPath(graph, a.node, b.node, segmentM * (1 + rule.tolerance) + 1);
  if (!found) return { ok: false, reason: 'no road path within the tolerance' };
  const path: LngLat[] = [];
  for (const p of [p1, ...found.nodes.map((n) => round6(graph.nodes[n]!)), p2]) {
    const last = path[path.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) path.push([p[0], p[1]]);
  }
  // Judged on the line as drawn (a connector is drawn straight, a little shorter than the way the search counted it).
  const lengthM = pathLengthM(path);
  if (!acceptLength(lengthM, segmentM, rule.tolerance)) return { ok: false, reason: 'length differs', lengthM };
  const steps = found.features.map((feature, i) => ({ feature, m: distanceM(graph.nodes[found.nodes[i]!]!, graph.nodes[found.nodes[i + 1]!]!) }));
  return { ok: true, path, lengthM, steps };
}

/** The features a route runs along for at least `share` of their own length (the roads it was matched onto). */
export function coveredFeatures(graph: RoadGraph, steps: readonly RouteStep[], share = 0.5): number[] {
  const covered = new Map<number, number>();
  for (const s of steps) if (s.feature !== CONNECTOR) covered.set(s.feature, (covered.get(s.feature) ?? 0) + s.m);
  return [...covered].filter(([f, m]) => m >= share * (graph.featureLengthM.get(f) ?? Infinity)).map(([f]) => f).sort((x, y) => x - y);
}
