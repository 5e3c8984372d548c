/**
 * Alerting on the map, as pure functions (data in, deck.gl layers out; no store, no WebGL):
 *   - the selected alarm's subject: a ring around the sensor (plus its segment for traffic) or the zone's outline,
 *     drawn by priority with a cue besides colour (ring size, a second ring for urgent, a priority label);
 *   - the rule editor's scope: chosen sensors (rings), a district (outline), a polygon being drawn (vertices, edges,
 *     and the closed area);
 *   - backtest marks at the subjects that would have fired.
 * Also the geometry helpers they need: where an alarm's subject is, bounds for flying there, polygon drawing steps.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Alarm, RuleSummary, Severity, ZoneInfo } from '../../../electron/engine/api';
import { PRIORITY_STYLE, SEVERITY_COLORS, type PriorityStyle } from '../../../electron/shared/alarm-colors';
import type { Priority } from '../../../electron/shared/alarm-priority';
import type { LngLat, Sensor, SensorState } from '../../../electron/shared/model';
import type { RGBA } from '../colors';
import { anchorOf, pathOf, reportedPosition, ringOf } from './geometry';

export { PRIORITY_STYLE, SEVERITY_COLORS, type PriorityStyle };

export const SCOPE_COLOR: RGBA = [120, 220, 255, 255];
export const DRAW_COLOR: RGBA = [255, 255, 255, 240];

/** What to highlight for an alarm (or a backtest mark): sensors and/or zone rings. */
export interface HighlightTarget {
  /** Sensors to ring. */
  sensors: { id: string; position: LngLat; path: LngLat[] | null }[];
  /** Zone outlines: rings of [lng, lat]. */
  rings: LngLat[][];
  label: string;
}

/**
 * Where to ring a sensor of any type: a point, a line (and its path), an area (and its outline), a moving point at its
 * latest reported position when the states are known.
 */
function sensorEntry(s: Sensor, states?: ReadonlyMap<string, SensorState>): HighlightTarget['sensors'][number] {
  return { id: s.id, position: reportedPosition(states?.get(s.id)) ?? anchorOf(s), path: pathOf(s) ?? ringOf(s) };
}

/** Rings of a zone (outer rings and holes, all outlined). */
export function zoneRings(zone: Pick<ZoneInfo, 'polygons'>): LngLat[][] {
  return zone.polygons.flatMap((poly) => poly.map((ring) => ring.map(([a, b]) => [a, b] as LngLat)));
}

/**
 * Where a subject is: a sensor id, or 'zone:<id>' (a district; or, for polygon and whole-kind zone rules, the rule
 * id). Null when it cannot be found (unknown sensor, zones not loaded).
 */
export function subjectTarget(
  subject: string,
  ctx: { catalogue: ReadonlyMap<string, Sensor>; zones: readonly ZoneInfo[]; rules: ReadonlyMap<string, RuleSummary>; states?: ReadonlyMap<string, SensorState> },
): HighlightTarget | null {
  if (subject.startsWith('zone:')) {
    const id = subject.slice(5);
    const zone = ctx.zones.find((z) => z.id === id);
    if (zone) return { sensors: [], rings: zoneRings(zone), label: zone.name };
    const rule = ctx.rules.get(id);
    if (!rule?.rule) return null;
    const scope = rule.rule.scope;
    if (scope.type === 'zone' && 'polygon' in scope) return { sensors: [], rings: [closeRing(scope.polygon)], label: rule.name };
    const sensors = [...ctx.catalogue.values()].filter((s) => s.kind === rule.kind && (scope.type !== 'sensors' || scope.ids.includes(s.id)));
    return sensors.length ? { sensors: sensors.map((x) => sensorEntry(x, ctx.states)), rings: [], label: rule.name } : null;
  }
  const sensor = ctx.catalogue.get(subject);
  return sensor ? { sensors: [sensorEntry(sensor, ctx.states)], rings: [], label: sensor.name || sensor.id } : null;
}

export function alarmTarget(alarm: Pick<Alarm, 'subject'>, ctx: Parameters<typeof subjectTarget>[1]): HighlightTarget | null {
  return subjectTarget(alarm.subject, ctx);
}

export type Bounds = [[number, number], [number, number]];

/** [[minLng, minLat], [maxLng, maxLat]] of every coordinate of a target, or null when it has none. */
export function targetBounds(t: HighlightTarget): Bounds | null {
  const pts: LngLat[] = [...t.sensors.flatMap((s) => s.path ?? [s.position]), ...t.rings.flat()];
  return boundsOf(pts);
}

export function boundsOf(points: readonly LngLat[]): Bounds | null {
  if (points.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [
    [minX, minY],
    [maxX, maxY],
  ];
}

/** The centre of a target (for a backtest mark on a zone). */
export function targetCenter(t: HighlightTarget): LngLat | null {
  const b = targetBounds(t);
  return b ? [(b[0][0] + b[1][0]) / 2, (b[0][1] + b[1][1]) / 2] : null;
}

/** A drawn polygon's corners as a closed ring (the first corner repeated at the end). */
export function closeRing(points: readonly [number, number][]): LngLat[] {
  const ring = points.map(([a, b]) => [a, b] as LngLat);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}

// ---------------------------------------------------------------------------------------------------------------------
// Layers

/**
 * The selected alarm's subject, drawn by its priority (PRIORITY_STYLE): zone outline, the sensor's path, a ring (two
 * for urgent) and a label with the priority in words. Empty when nothing to show.
 */
export function highlightLayers(target: HighlightTarget | null, priority: Priority, idPrefix = 'alarm-highlight'): Layer[] {
  if (!target) return [];
  const style = PRIORITY_STYLE[priority];
  const color = style.color;
  const layers: Layer[] = [];
  if (target.rings.length) {
    layers.push(
      new PathLayer<{ path: LngLat[] }>({
        id: `${idPrefix}-zone`,
        data: target.rings.map((path) => ({ path })),
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: color,
        getWidth: style.lineWidth,
        pickable: false,
      }),
    );
  }
  const paths = target.sensors.filter((s) => s.path);
  if (paths.length) {
    layers.push(
      new PathLayer<{ path: LngLat[] }>({
        id: `${idPrefix}-path`,
        data: paths.map((s) => ({ path: s.path! })),
        widthUnits: 'pixels',
        capRounded: true,
        getPath: (d) => d.path,
        getColor: [color[0], color[1], color[2], 150],
        getWidth: 10,
        pickable: false,
      }),
    );
  }
  if (target.sensors.length) {
    const data = target.sensors.map((s) => ({ position: s.position }));
    for (let r = 0; r < style.rings; r++) {
      layers.push(
        new ScatterplotLayer<{ position: LngLat }>({
          id: r === 0 ? `${idPrefix}-ring` : `${idPrefix}-ring-outer`,
          data,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: false,
          getPosition: (d) => d.position,
          getRadius: style.radius + r * (style.lineWidth + 5),
          getLineColor: color,
          getLineWidth: r === 0 ? style.lineWidth : Math.max(2, style.lineWidth - 2),
          pickable: false,
        }),
      );
    }
  }
  const at = target.sensors[0]?.position ?? targetCenter(target);
  if (at) {
    layers.push(
      new TextLayer<{ position: LngLat; text: string }>({
        id: `${idPrefix}-label`,
        data: [{ position: at, text: style.label }],
        getPosition: (d) => d.position,
        getText: (d) => d.text,
        getSize: 12,
        sizeUnits: 'pixels',
        getColor: [15, 20, 28, 255],
        background: true,
        getBackgroundColor: color,
        backgroundPadding: [4, 2],
        fontWeight: 700,
        getPixelOffset: [0, -(style.radius + style.rings * 8 + 6)],
        pickable: false,
      }),
    );
  }
  return layers;
}

/** The rule editor's chosen sensors: cyan rings. */
export function pickedSensorsLayer(ids: readonly string[], catalogue: ReadonlyMap<string, Sensor>): Layer | null {
  const data = ids.flatMap((id) => {
    const s = catalogue.get(id);
    return s ? [{ id, position: anchorOf(s) }] : [];
  });
  if (!data.length) return null;
  return new ScatterplotLayer<{ id: string; position: LngLat }>({
    id: 'rule-scope-sensors',
    data,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: false,
    getPosition: (d) => d.position,
    getRadius: 16,
    getLineColor: SCOPE_COLOR,
    getLineWidth: 3,
    pickable: false,
  });
}

/** A district chosen as the rule's scope: outline plus a faint fill. */
export function zoneScopeLayers(zone: Pick<ZoneInfo, 'polygons'> | null): Layer[] {
  if (!zone) return [];
  const rings = zoneRings(zone);
  return [
    new PolygonLayer<{ polygon: LngLat[][] }>({
      id: 'rule-scope-zone-fill',
      data: zone.polygons.map((p) => ({ polygon: p.map((r) => r.map(([a, b]) => [a, b] as LngLat)) })),
      getPolygon: (d) => d.polygon,
      filled: true,
      stroked: false,
      getFillColor: [SCOPE_COLOR[0], SCOPE_COLOR[1], SCOPE_COLOR[2], 40],
      pickable: false,
    }),
    new PathLayer<{ path: LngLat[] }>({
      id: 'rule-scope-zone-line',
      data: rings.map((path) => ({ path })),
      widthUnits: 'pixels',
      getPath: (d) => d.path,
      getColor: SCOPE_COLOR,
      getWidth: 2.5,
      pickable: false,
    }),
  ];
}

/**
 * A polygon being drawn (open: edges and vertices; the first vertex larger, as the place to close it) or a closed one
 * (filled area with outline).
 */
export function drawPolygonLayers(points: readonly LngLat[], closed: boolean): Layer[] {
  if (points.length === 0) return [];
  const layers: Layer[] = [];
  if (closed && points.length >= 3) {
    layers.push(
      new PolygonLayer<{ polygon: LngLat[] }>({
        id: 'rule-draw-area',
        data: [{ polygon: [...points] }],
        getPolygon: (d) => d.polygon,
        filled: true,
        stroked: true,
        getFillColor: [SCOPE_COLOR[0], SCOPE_COLOR[1], SCOPE_COLOR[2], 45],
        getLineColor: SCOPE_COLOR,
        lineWidthUnits: 'pixels',
        getLineWidth: 2.5,
        pickable: false,
      }),
    );
  } else if (points.length >= 2) {
    layers.push(
      new PathLayer<{ path: LngLat[] }>({
        id: 'rule-draw-edges',
        data: [{ path: [...points] }],
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: DRAW_COLOR,
        getWidth: 2,
        pickable: false,
      }),
    );
  }
  layers.push(
    new ScatterplotLayer<{ position: LngLat; first: boolean }>({
      id: 'rule-draw-vertices',
      data: points.map((p, i) => ({ position: p, first: i === 0 })),
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
      getPosition: (d) => d.position,
      getRadius: (d) => (d.first && !closed ? 7 : 4),
      getFillColor: closed ? SCOPE_COLOR : DRAW_COLOR,
      getLineColor: [10, 14, 20, 255],
      getLineWidth: 1.5,
      pickable: false,
      updateTriggers: { getRadius: closed, getFillColor: closed },
    }),
  );
  return layers;
}

export interface BacktestMark {
  position: LngLat;
  type: 'raise' | 'clear' | 'escalate';
  severity: Severity;
  subjectName: string;
  count: number;
}

/** Backtest: one marker per subject that would have fired, sized by how often. */
export function backtestLayer(marks: readonly BacktestMark[]): Layer | null {
  if (!marks.length) return null;
  return new ScatterplotLayer<BacktestMark>({
    id: 'rule-backtest-marks',
    data: [...marks],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: true,
    getPosition: (d) => d.position,
    getRadius: (d) => Math.min(18, 6 + 2 * Math.sqrt(d.count)),
    getFillColor: (d) => [...SEVERITY_COLORS[d.severity].slice(0, 3), 150] as RGBA,
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 1.5,
    pickable: false,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Drawing a polygon: click adds a corner, double-click closes

/** Corners closer than this (degrees, about 1 m) count as the same click. */
export const SAME_POINT_DEG = 1e-5;

function near(a: LngLat, b: LngLat): boolean {
  return Math.abs(a[0] - b[0]) < SAME_POINT_DEG && Math.abs(a[1] - b[1]) < SAME_POINT_DEG;
}

/** Adds a corner (a repeated click on the last corner is ignored). */
export function addCorner(points: readonly LngLat[], p: LngLat): LngLat[] {
  const last = points[points.length - 1];
  return last && near(last, p) ? [...points] : [...points, p];
}

/**
 * Closes the polygon on a double-click: the double-click's own clicks may have added the same corner twice, and the
 * closing corner is implied (not repeated). Null when fewer than 3 distinct corners remain.
 */
export function closePolygon(points: readonly LngLat[]): LngLat[] | null {
  const out: LngLat[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || !near(last, p)) out.push(p);
  }
  while (out.length > 1 && near(out[0]!, out[out.length - 1]!)) out.pop();
  return out.length >= 3 ? out : null;
}
