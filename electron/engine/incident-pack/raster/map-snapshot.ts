/**
 * One picture of the map at an instant, drawn by the engine (the same for the desk's pack and `npm run incident`): the
 * dark base map (water, roads by class, district outlines and names), the incident's area, every sensor in its state
 * then, coloured as the live map colours it (electron/shared/sensor-style.ts: band of the headline metric, grey when
 * stale, dark when never heard from, violet when it cannot be judged, a magenta ring or light halo when flagged), the
 * alarms open then as rings by priority (unacknowledged ones thicker and full strength), a title band with the city,
 * the local time and zone and the counts, and the attribution.
 */
import type { Alarm } from '../../api';
import { PRIORITY_STYLE } from '../../../shared/alarm-colors';
import { freshness, type Freshness, type LngLat, type Sensor, type SensorState } from '../../../shared/model';
import { ROAD_ORDER, ROAD_STYLE, type RoadClass } from '../../../shared/road-classes';
import { FLAG_HALO_COLOR, FLAG_RING_COLOR, OUTLINE_DIM, OUTLINE_LIVE, UNKNOWN_COLOR, type RGBA } from '../../../shared/sensor-colors';
import { anchorOf, pathOf, reportedPosition, ringOf } from '../../../shared/sensor-geometry';
import { sensorLook } from '../../../shared/sensor-style';
import { formatFeedTime } from '../../../shared/zone-time';
import type { MapSnapshotInput } from '../render-types';
import { Canvas, type Pt } from './canvas';
import { encodePng } from './png';
import { fitBbox, type Projection } from './projection';
import { drawText, textWidth } from './text';

/** The snapshot's own colours (the base map's follow the live map's dark style). */
export const SNAPSHOT_COLORS = {
  land: [10, 14, 20, 255],
  water: [12, 36, 54, 255],
  waterOutline: [18, 54, 80, 255],
  districtFill: [20, 28, 40, 140],
  districtLine: [43, 59, 82, 205],
  districtLabel: [120, 138, 160, 255],
  areaFill: [120, 220, 255, 34],
  areaLine: [120, 220, 255, 255],
  band: [16, 21, 30, 240],
  title: [235, 240, 248, 255],
  subtitle: [170, 182, 198, 255],
  attribution: [130, 142, 158, 255],
  halo: [6, 9, 14, 255],
} as const satisfies Record<string, RGBA>;

/** Point and ring sizes (px) as the live map draws them (renderer/map/layers/point.ts, line.ts). */
const POINT = { outlinePx: 1.5, flaggedPx: 4, ringGapPx: 4, ringPx: 3 } as const;
const HALO_EXTRA_PX = 4;
export const TITLE_BAND_PX = 42;
export const FOOT_BAND_PX = 16;

function hexColor(hex: string, opacity = 1): RGBA {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, Math.round(255 * opacity)];
}

/** MapLibre's zoom for a projection (512-pixel world tiles), for the base map's zoom-dependent road widths. */
export function zoomOf(p: Projection): number {
  return Math.log2(p.scale / 512);
}

/** A road class's width at a zoom, as the live style interpolates it (exponential 1.5 between zoom 10 and 16). */
export function roadWidth(cls: RoadClass, zoom: number): number {
  const s = ROAD_STYLE[cls];
  const z = Math.max(10, Math.min(16, zoom));
  const t = (Math.pow(1.5, z - 10) - 1) / (Math.pow(1.5, 6) - 1);
  const w = s.w10 + (s.w16 - s.w10) * t;
  return zoom > 16 ? w * Math.pow(2, zoom - 16) : w;
}

function projectAll(p: Projection, line: readonly LngLat[] | readonly [number, number][]): Pt[] {
  return line.map(([lng, lat]) => p.project(lng, lat));
}

/** Whether projected points can touch the picture (with a margin): cheap culling of the base map. */
function onScreen(pts: readonly Pt[], w: number, h: number, margin = 20): boolean {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of pts) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return maxX >= -margin && minX <= w + margin && maxY >= -margin && minY <= h + margin;
}

function drawBasemap(c: Canvas, p: Projection, input: MapSnapshotInput): void {
  const bm = input.basemap;
  if (!bm) return;
  const zoom = zoomOf(p);
  const districts = bm.districts.map((d) => ({ name: d.name, rings: d.rings.map((r) => projectAll(p, r)) })).filter((d) => d.rings.some((r) => onScreen(r, c.width, c.height)));
  for (const d of districts) c.fillPath(d.rings, SNAPSHOT_COLORS.districtFill);
  for (const poly of bm.water) {
    const rings = poly.map((r) => projectAll(p, r));
    if (rings.some((r) => onScreen(r, c.width, c.height))) c.fillPath(rings, SNAPSHOT_COLORS.water);
  }
  const districtLine = Math.max(0.5, Math.min(1.2, 0.5 + (zoom - 10) * 0.14));
  for (const d of districts) for (const r of d.rings) c.strokeLine([...r, r[0]!], districtLine, SNAPSHOT_COLORS.districtLine);
  const byClass = new Map<RoadClass, Pt[][]>();
  for (const road of bm.roads) {
    const pts = projectAll(p, road.line);
    if (!onScreen(pts, c.width, c.height)) continue;
    const cls = (ROAD_ORDER as readonly string[]).includes(road.cls) ? (road.cls as RoadClass) : 'other';
    const list = byClass.get(cls);
    if (list) list.push(pts);
    else byClass.set(cls, [pts]);
  }
  for (const cls of ROAD_ORDER) {
    const color = hexColor(ROAD_STYLE[cls].color, ROAD_STYLE[cls].opacity);
    const w = roadWidth(cls, zoom);
    for (const pts of byClass.get(cls) ?? []) c.strokeLine(pts, w, color);
  }
  // District names where they fit inside their district and clear of each other.
  const taken: [number, number, number, number][] = [];
  for (const d of districts) {
    const all = d.rings.flat();
    const xs = all.map((q) => q[0]);
    const ys = all.map((q) => q[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const tw = textWidth(d.name);
    if (tw > (x1 - x0) * 0.9 || y1 - y0 < 14) continue;
    const lx = (x0 + x1) / 2 - tw / 2;
    const ly = (y0 + y1) / 2 - 4;
    const box: [number, number, number, number] = [lx - 3, ly - 3, lx + tw + 3, ly + 11];
    if (box[1] < TITLE_BAND_PX || box[3] > c.height - FOOT_BAND_PX || box[0] < 0 || box[2] > c.width) continue;
    if (taken.some((t) => t[0] < box[2] && box[0] < t[2] && t[1] < box[3] && box[1] < t[3])) continue;
    taken.push(box);
    drawText(c, d.name, lx, ly, { color: SNAPSHOT_COLORS.districtLabel, halo: SNAPSHOT_COLORS.halo });
  }
}

function drawArea(c: Canvas, p: Projection, input: MapSnapshotInput): void {
  const area = input.area;
  if (!area) return;
  const polygons = area.kind === 'district' ? area.polygons : [[area.polygon]];
  for (const poly of polygons) {
    const rings = poly.map((r) => projectAll(p, r));
    c.fillPath(rings, SNAPSHOT_COLORS.areaFill);
    for (const r of rings) c.strokeLine([...r, r[0]!], 2.5, SNAPSHOT_COLORS.areaLine);
  }
}

/** A sensor as drawn: where, how it looks at the instant. */
export interface DrawnSensor {
  sensor: Sensor;
  freshness: Freshness;
  color: RGBA;
  flagged: boolean;
  size: number;
  /** Where its symbol (point) or its anchor (line, area) is, in pixels. */
  at: Pt;
}

/** Every sensor's look at `input.at`, from the states given (what the replay frame holds), and where it is drawn. */
export function drawnSensors(input: MapSnapshotInput, p: Projection): DrawnSensor[] {
  const states = new Map<string, SensorState>(input.states.map((s) => [s.sensorId, s]));
  const out: DrawnSensor[] = [];
  for (const sensor of input.sensors) {
    const state = states.get(sensor.id);
    const f = freshness(sensor, state, input.at);
    const type = input.registry.get(sensor.kind);
    const place = reportedPosition(state) ?? anchorOf(sensor);
    const at = p.project(place[0], place[1]);
    if (!type) {
      out.push({ sensor, freshness: f, color: [...UNKNOWN_COLOR], flagged: false, size: 6, at });
      continue;
    }
    const look = sensorLook(input.registry, type, sensor, state, f);
    out.push({ sensor, freshness: f, color: look.color, flagged: look.flagged, size: look.size, at });
  }
  return out;
}

function drawSensors(c: Canvas, p: Projection, input: MapSnapshotInput, sensors: readonly DrawnSensor[]): void {
  const geometryOf = (d: DrawnSensor): string => input.registry.get(d.sensor.kind)?.geometry ?? 'point';
  for (const d of sensors.filter((s) => geometryOf(s) === 'area')) {
    const ring = ringOf(d.sensor);
    if (!ring) continue;
    const pts = projectAll(p, ring);
    c.fillPath([pts], d.color);
    c.strokeLine(pts, d.flagged ? POINT.ringPx : 1, d.flagged ? FLAG_RING_COLOR : d.freshness === 'live' ? OUTLINE_LIVE : OUTLINE_DIM);
  }
  const lines = sensors.filter((s) => geometryOf(s) === 'line');
  for (const d of lines.filter((s) => s.flagged)) {
    const ends = pathOf(d.sensor);
    if (ends) c.strokeLine(projectAll(p, ends), d.size + HALO_EXTRA_PX, FLAG_HALO_COLOR);
  }
  for (const d of lines) {
    const ends = pathOf(d.sensor);
    // Lines are opaque while live, as on the live map.
    if (ends) c.strokeLine(projectAll(p, ends), d.size, [d.color[0], d.color[1], d.color[2], d.freshness === 'live' ? 255 : d.color[3]]);
  }
  for (const d of sensors.filter((s) => geometryOf(s) === 'point' || geometryOf(s) === 'moving-point' || !input.registry.get(s.sensor.kind))) {
    const [x, y] = d.at;
    const outline = d.flagged ? POINT.flaggedPx : POINT.outlinePx;
    // As deck.gl's stroked circles: the fill inside, the outline a ring on the edge (not under a translucent fill).
    c.fillCircle(x, y, Math.max(0.5, d.size - outline / 2), d.color);
    c.strokeCircle(x, y, d.size, outline, d.flagged ? FLAG_RING_COLOR : d.freshness === 'live' ? OUTLINE_LIVE : OUTLINE_DIM);
  }
}

/** Where an alarm is rung: its subject sensor, else its group's members (a zone's alarm): pixel places. */
function alarmPlaces(alarm: Alarm, byId: ReadonlyMap<string, DrawnSensor>): Pt[] {
  const own = byId.get(alarm.subject);
  if (own) return [own.at];
  return (alarm.group?.members ?? []).flatMap((m) => {
    const d = byId.get(m.subject);
    return d ? [d.at] : [];
  });
}

function drawAlarms(c: Canvas, input: MapSnapshotInput, sensors: readonly DrawnSensor[]): void {
  const byId = new Map(sensors.map((d) => [d.sensor.id, d]));
  // Acknowledged first, so unacknowledged rings lie on top.
  const ordered = [...input.alarms].sort((a, b) => Number(a.acknowledged === null) - Number(b.acknowledged === null));
  for (const alarm of ordered) {
    const style = PRIORITY_STYLE[alarm.priority];
    const unacknowledged = alarm.acknowledged === null || alarm.acknowledged.at > input.at;
    const width = unacknowledged ? style.lineWidth + 1 : Math.max(1.5, style.lineWidth / 2);
    const color: RGBA = unacknowledged ? style.color : [style.color[0], style.color[1], style.color[2], 170];
    for (const [x, y] of alarmPlaces(alarm, byId)) {
      c.strokeCircle(x, y, style.radius, width + 2, [0, 0, 0, 150]);
      c.strokeCircle(x, y, style.radius, width, color);
      if (style.rings === 2) c.strokeCircle(x, y, style.radius + width + 4, Math.max(1.5, width / 2), color);
    }
  }
}

/** Shortens `text` with "…" so that it fits `maxPx` at `scale`. */
function fit(text: string, maxPx: number, scale = 1): string {
  if (textWidth(text, scale) <= maxPx) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}...`, scale) > maxPx) chars.pop();
  return `${chars.join('')}...`;
}

function drawBands(c: Canvas, input: MapSnapshotInput, sensors: readonly DrawnSensor[]): void {
  c.fillRect(0, 0, c.width, TITLE_BAND_PX, SNAPSHOT_COLORS.band);
  const when = formatFeedTime(input.at, input.city.timeZone);
  drawText(c, fit(`${input.city.name}  ${when}`, c.width - 16, 2), 8, 6, { color: SNAPSHOT_COLORS.title, scale: 2 });
  const count = (f: Freshness): number => sensors.filter((s) => s.freshness === f).length;
  const unack = input.alarms.filter((a) => a.acknowledged === null || a.acknowledged.at > input.at).length;
  const summary =
    `${sensors.length} sensors: ${count('live')} live, ${count('stale')} stale, ${count('never')} never heard from, ${sensors.filter((s) => s.flagged).length} flagged` +
    ` · ${input.alarms.length} alarms open (${unack} unacknowledged) · time zone ${input.city.timeZone}`;
  drawText(c, fit(summary, c.width - 16), 8, 27, { color: SNAPSHOT_COLORS.subtitle });
  c.fillRect(0, c.height - FOOT_BAND_PX, c.width, FOOT_BAND_PX, SNAPSHOT_COLORS.band);
  const credits = [input.basemap ? input.basemap.attribution : `No base map for ${input.city.name}`, input.city.attribution].filter((s): s is string => !!s).join(' · ');
  drawText(c, fit(credits, c.width - 16), 8, c.height - FOOT_BAND_PX + 4, { color: SNAPSHOT_COLORS.attribution });
}

/** The picture's pixels and where each sensor landed (for checks). */
export function renderMapCanvas(input: MapSnapshotInput): { canvas: Canvas; projection: Projection; sensors: DrawnSensor[] } {
  const canvas = new Canvas(input.width, input.height, SNAPSHOT_COLORS.land);
  const projection = fitBbox(input.bbox, input.width, input.height, { top: TITLE_BAND_PX + 6, bottom: FOOT_BAND_PX + 6 });
  drawBasemap(canvas, projection, input);
  drawArea(canvas, projection, input);
  const sensors = drawnSensors(input, projection);
  drawSensors(canvas, projection, input, sensors);
  drawAlarms(canvas, input, sensors);
  drawBands(canvas, input, sensors);
  return { canvas, projection, sensors };
}

/** The map at `input.at` as a PNG file. */
export function renderMapPng(input: MapSnapshotInput): Uint8Array {
  const { canvas } = renderMapCanvas(input);
  return encodePng(canvas.width, canvas.height, canvas.data);
}
