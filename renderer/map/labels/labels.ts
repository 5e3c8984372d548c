/**
 * Which labels the map shows at a view: districts (the engine's zones), places and named roads from the base map (when
 * its data carries names), named point sensors drawn on their own (car parks...) and line sensors' streets, each from
 * the zoom at which it fits, decluttered in screen space (declutter.ts) with the drawn symbols as obstacles. Pure: the
 * view comes in as a projection function.
 */
import type { LngLat } from '../../../electron/shared/model';
import { declutter, type Box, type LabelCandidate } from './declutter';
import { textBoxSize } from './font';

export type LabelKind = 'district' | 'place' | 'street' | 'sensor';

export interface LabelView {
  zoom: number;
  width: number;
  height: number;
  /** CSS px in the map container for a position. */
  project(p: LngLat): [number, number];
}

export interface ZoneLike {
  id: string;
  name: string;
  polygons: [number, number][][][];
}

/** A point sensor drawn on its own: its symbol is an obstacle, its name a label to its right. */
export interface PointLabelSource {
  id: string;
  name: string;
  position: LngLat;
  /** Symbol radius (px). */
  size: number;
  /** Higher first (the worse state, the larger type). */
  priority: number;
}

export interface LineLabelSource {
  id: string;
  name: string;
  path: readonly LngLat[];
}

/** A base-map place (city, town, suburb, neighbourhood...). */
export interface PlaceLabelSource {
  name: string;
  position: LngLat;
  placeClass: string;
}

export interface LabelSources {
  zones: readonly ZoneLike[];
  /** Named areas of the base map (the demo's local communities): labelled as places, from a lower zoom than districts. */
  areas: readonly ZoneLike[];
  points: readonly PointLabelSource[];
  /** Line sensors (streets measured by the feed) and named base-map roads. */
  lines: readonly LineLabelSource[];
  places: readonly PlaceLabelSource[];
  /** Symbols drawn on the map that no label may cover (cluster discs): centre and radius. */
  symbols: readonly { position: LngLat; radius: number }[];
}

export interface MapLabel extends LabelCandidate {
  kind: LabelKind;
  position: LngLat;
  size: number;
  /** Degrees, counter-clockwise (deck.gl's getAngle). */
  angle: number;
  anchor: 'start' | 'middle';
  /** Screen offset (px) from `position` to the text's anchor. */
  offset: [number, number];
}

/** From which zoom each kind is labelled, and its type size (px). */
export const LABEL_RULES = {
  district: { minZoom: 11, size: 12 },
  place: { size: 13 },
  area: { minZoom: 8 },
  street: { minZoom: 14, size: 11 },
  sensor: { minZoom: 13, size: 12 },
} as const;

/** Zoom from which a base-map place of this class is labelled. */
export function placeMinZoom(placeClass: string): number {
  if (placeClass === 'city') return 6;
  if (placeClass === 'town') return 9;
  if (['suburb', 'village', 'quarter'].includes(placeClass)) return 11;
  return 13;
}

const PLACE_PRIORITY: Record<string, number> = { city: 60, town: 50, suburb: 40, quarter: 35, village: 35, neighbourhood: 30 };

/** The centroid of a ring (area-weighted), or its first corner when degenerate. */
export function ringCentroid(ring: readonly [number, number][]): LngLat | null {
  if (ring.length === 0) return null;
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    x += (x0 + x1) * f;
    y += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-15) return [ring[0]![0], ring[0]![1]];
  return [x / (3 * a), y / (3 * a)];
}

function ringArea(ring: readonly [number, number][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return Math.abs(a) / 2;
}

/** A centred box of w × h at (x, y). */
const boxAt = (x: number, y: number, w: number, h: number): Box => [x - w / 2, y - h / 2, x + w / 2, y + h / 2];

/** The point halfway along a screen path and the direction there (radians, screen y down), or null. */
export function midpointOf(path: readonly [number, number][]): { at: [number, number]; dir: number } | null {
  if (path.length < 2) return null;
  let total = 0;
  for (let i = 1; i < path.length; i++) total += Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]);
  let left = total / 2;
  for (let i = 1; i < path.length; i++) {
    const [x0, y0] = path[i - 1]!;
    const [x1, y1] = path[i]!;
    const d = Math.hypot(x1 - x0, y1 - y0);
    if (d >= left && d > 0) return { at: [x0 + ((x1 - x0) * left) / d, y0 + ((y1 - y0) * left) / d], dir: Math.atan2(y1 - y0, x1 - x0) };
    left -= d;
  }
  return null;
}

/** The upright text angle (deck.gl degrees, counter-clockwise) along a screen direction. */
export function uprightAngle(dir: number): number {
  let deg = (-dir * 180) / Math.PI;
  while (deg > 90) deg -= 180;
  while (deg < -90) deg += 180;
  return deg;
}

/** The axis-aligned box of a w × h label rotated by `deg` around (x, y). */
function rotatedBox(x: number, y: number, w: number, h: number, deg: number): Box {
  const r = (deg * Math.PI) / 180;
  const c = Math.abs(Math.cos(r));
  const s = Math.abs(Math.sin(r));
  return boxAt(x, y, w * c + h * s, w * s + h * c);
}

function areaCandidates(zones: readonly ZoneLike[], view: LabelView, kind: 'district' | 'place'): MapLabel[] {
  if (view.zoom < (kind === 'district' ? LABEL_RULES.district.minZoom : LABEL_RULES.area.minZoom)) return [];
  const size = LABEL_RULES[kind].size;
  const base = kind === 'district' ? 200 : 250;
  const out: MapLabel[] = [];
  for (const z of zones) {
    let best: [number, number][] | null = null;
    let bestArea = -1;
    for (const poly of z.polygons) {
      const outer = poly[0];
      if (!outer || outer.length < 3) continue;
      const area = ringArea(outer);
      if (area > bestArea) [best, bestArea] = [outer, area];
    }
    const at = best && ringCentroid(best);
    if (!best || !at || !z.name.trim()) continue;
    // It fits when the district is on screen at least as wide as most of its name.
    const xs = best.map((p) => view.project(p)[0]);
    const [w, h] = textBoxSize(z.name, size);
    if (Math.max(...xs) - Math.min(...xs) < 0.7 * w) continue;
    const [x, y] = view.project(at);
    out.push({ key: `${kind}:${z.id}`, kind, text: z.name, priority: base + Math.min(40, Math.log2(1 + bestArea * 1e6)), box: boxAt(x, y, w, h), position: at, size, angle: 0, anchor: 'middle', offset: [0, 0] });
  }
  return out;
}

function placeCandidates(places: readonly PlaceLabelSource[], view: LabelView): MapLabel[] {
  const size = LABEL_RULES.place.size;
  const out: MapLabel[] = [];
  for (const p of places) {
    if (view.zoom < placeMinZoom(p.placeClass) || !p.name.trim()) continue;
    const [w, h] = textBoxSize(p.name, size);
    const [x, y] = view.project(p.position);
    out.push({ key: `place:${p.name}:${p.position.join(',')}`, kind: 'place', text: p.name, priority: 200 + (PLACE_PRIORITY[p.placeClass] ?? 20), box: boxAt(x, y, w, h), position: p.position, size, angle: 0, anchor: 'middle', offset: [0, 0] });
  }
  return out;
}

function streetCandidates(lines: readonly LineLabelSource[], view: LabelView): MapLabel[] {
  if (view.zoom < LABEL_RULES.street.minZoom) return [];
  const size = LABEL_RULES.street.size;
  const out: MapLabel[] = [];
  for (const l of lines) {
    if (!l.name.trim()) continue;
    const screen = l.path.map((p) => view.project(p));
    const mid = midpointOf(screen);
    if (!mid) continue;
    const [w, h] = textBoxSize(l.name, size);
    let length = 0;
    for (let i = 1; i < screen.length; i++) length += Math.hypot(screen[i]![0] - screen[i - 1]![0], screen[i]![1] - screen[i - 1]![1]);
    if (length < w) continue; // the name would overrun its street
    const angle = uprightAngle(mid.dir);
    const [x, y] = mid.at;
    const lngLat = pointAlong(l.path, screen, mid.at);
    out.push({ key: `street:${l.id}`, kind: 'street', text: l.name, priority: 100 + Math.min(40, length / 20), box: rotatedBox(x, y, w, h, angle), position: lngLat, size, angle, anchor: 'middle', offset: [0, 0] });
  }
  return out;
}

/** The geographic position of a screen point on a path (linear within the piece it lies on). */
function pointAlong(path: readonly LngLat[], screen: readonly [number, number][], at: [number, number]): LngLat {
  let best: LngLat = path[0]!;
  let bestD = Infinity;
  for (let i = 1; i < screen.length; i++) {
    const [x0, y0] = screen[i - 1]!;
    const [x1, y1] = screen[i]!;
    const len2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((at[0] - x0) * (x1 - x0) + (at[1] - y0) * (y1 - y0)) / len2)) : 0;
    const d = (x0 + t * (x1 - x0) - at[0]) ** 2 + (y0 + t * (y1 - y0) - at[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      const a = path[i - 1]!;
      const b = path[i]!;
      best = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    }
  }
  return best;
}

/** Gap between a sensor's symbol and its name (px). */
const SENSOR_LABEL_GAP_PX = 4;

function sensorCandidates(points: readonly PointLabelSource[], view: LabelView): MapLabel[] {
  if (view.zoom < LABEL_RULES.sensor.minZoom) return [];
  const size = LABEL_RULES.sensor.size;
  const out: MapLabel[] = [];
  for (const p of points) {
    if (!p.name.trim()) continue;
    const [w, h] = textBoxSize(p.name, size);
    const [x, y] = view.project(p.position);
    const dx = p.size + SENSOR_LABEL_GAP_PX;
    out.push({ key: `sensor:${p.id}`, kind: 'sensor', text: p.name, priority: 300 + p.priority, box: [x + dx, y - h / 2, x + dx + w, y + h / 2], position: p.position, size, angle: 0, anchor: 'start', offset: [dx, 0] });
  }
  return out;
}

/** The labels to draw at `view`: every source's candidates, decluttered against each other and the drawn symbols. */
export function placeLabels(sources: LabelSources, view: LabelView): MapLabel[] {
  const obstacles: Box[] = [
    ...sources.points.map((p) => {
      const [x, y] = view.project(p.position);
      return boxAt(x, y, 2 * p.size, 2 * p.size);
    }),
    ...sources.symbols.map((s) => {
      const [x, y] = view.project(s.position);
      return boxAt(x, y, 2 * s.radius, 2 * s.radius);
    }),
  ];
  const candidates = [
    ...areaCandidates(sources.zones, view, 'district'),
    ...areaCandidates(sources.areas, view, 'place'),
    ...placeCandidates(sources.places, view),
    ...streetCandidates(sources.lines, view),
    ...sensorCandidates(sources.points, view),
  ];
  return declutter(candidates, { viewport: { width: view.width, height: view.height }, obstacles, gapPx: 4, repeatPx: 300 });
}
