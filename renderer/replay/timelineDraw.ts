/**
 * Painting the timeline on a canvas: the rows (time axis, alarms, a re-run's difference, operator actions, readings
 * with recorded gaps hatched) on a base layer drawn when the data or the view change, and the instant, the live edge
 * and the pointer on an overlay drawn as often as the instant moves (cheap: a few lines). Every row is drawn from
 * per-column bins, so thousands of marks cost one pass.
 */
import type { ReplayDiff, TimelineData } from '../../electron/engine/api';
import { SEVERITIES, type Severity } from '../../electron/shared/severity';
import { SEVERITY_COLORS } from '../map/layers/alerts';
import type { TimelineView } from '../store';
import { alarmSpanCoverage, binMarks, densityColumns, severityRank, spanCoverage } from './timelineBins';
import { timeTicks, timeToX } from './timelineScale';
import { t } from '../i18n/i18n';

export interface Row {
  y: number;
  h: number;
}

/** Where each row lies (CSS px); the diff row only when a re-run's difference is shown. */
export interface TimelineLayout {
  axis: Row;
  alarms: Row;
  diff: Row | null;
  actions: Row;
  readings: Row;
  height: number;
}

export function timelineLayout(withDiff: boolean): TimelineLayout {
  const axis = { y: 0, h: 16 };
  const alarms = { y: 18, h: 18 };
  const diff = withDiff ? { y: 38, h: 12 } : null;
  const actions = { y: (diff ? diff.y + diff.h : alarms.y + alarms.h) + 2, h: 10 };
  const readings = { y: actions.y + actions.h + 2, h: 18 };
  return { axis, alarms, diff, actions, readings, height: readings.y + readings.h + 2 };
}

const css = (c: readonly number[], alpha = 1) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
const COLORS = {
  grid: 'rgba(133, 146, 163, 0.16)',
  gridMajor: 'rgba(133, 146, 163, 0.38)',
  label: '#8592a3',
  labelMajor: '#d7dee8',
  rowLabel: 'rgba(133, 146, 163, 0.7)',
  density: '#3f6d96',
  action: '#d7dee8',
  added: '#43c85a',
  missed: '#ff7b54',
  gap: 'rgba(255, 179, 0, 0.55)',
  gapFaint: 'rgba(255, 179, 0, 0.3)',
  noData: 'rgba(255, 255, 255, 0.025)',
  cursor: '#4fc3f7',
  live: '#43c85a',
  hover: 'rgba(215, 222, 232, 0.45)',
};
const FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/** Diagonal hatching for gaps (made once per context). */
const hatches = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern | null>>();
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  let byColor = hatches.get(ctx);
  if (!byColor) hatches.set(ctx, (byColor = new Map()));
  if (!byColor.has(color)) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 6;
    const tc = tile.getContext('2d');
    if (tc) {
      tc.strokeStyle = color;
      tc.lineWidth = 1.2;
      tc.beginPath();
      tc.moveTo(-1, 7);
      tc.lineTo(7, -1);
      tc.stroke();
    }
    byColor.set(color, tc ? ctx.createPattern(tile, 'repeat') : null);
  }
  return byColor.get(color) ?? color;
}

/** Calls `fill(x0, x1)` for each run of consecutive columns where `on(c)`. */
function runs(width: number, on: (c: number) => boolean, fill: (x0: number, x1: number) => void): void {
  let start = -1;
  for (let c = 0; c <= width; c++) {
    const lit = c < width && on(c);
    if (lit && start < 0) start = c;
    else if (!lit && start >= 0) {
      fill(start, c);
      start = -1;
    }
  }
}

export interface BaseInput {
  data: TimelineData | null;
  view: TimelineView;
  width: number;
  timeZone: string;
  /** Where open alarms' spans end (the live edge). */
  openEnd: number;
  diff: ReplayDiff | null;
}

/** Draws the rows. The context is scaled to CSS px by the caller; `layout` from timelineLayout. */
export function drawBase(ctx: CanvasRenderingContext2D, input: BaseInput, layout: TimelineLayout): void {
  const { data, view, timeZone, diff } = input;
  const w = Math.floor(input.width);
  ctx.clearRect(0, 0, w, layout.height);
  ctx.font = FONT;
  ctx.textBaseline = 'middle';

  // Before the oldest and after the newest data: shaded (no data there, not zero).
  if (data && data.extent.from !== null && data.extent.to !== null) {
    const x0 = timeToX(data.extent.from, view, w);
    const x1 = timeToX(Math.max(data.extent.to, input.openEnd), view, w);
    ctx.fillStyle = COLORS.noData;
    if (x0 > 0) ctx.fillRect(0, layout.alarms.y, Math.min(w, x0), layout.height - layout.alarms.y);
    if (x1 < w) ctx.fillRect(Math.max(0, x1), layout.alarms.y, w - Math.max(0, x1), layout.height - layout.alarms.y);
  }

  // Axis and grid.
  for (const tick of timeTicks(view, w, timeZone)) {
    const x = Math.round(timeToX(tick.at, view, w)) + 0.5;
    ctx.fillStyle = tick.major ? COLORS.gridMajor : COLORS.grid;
    ctx.fillRect(x - 0.5, layout.axis.y + 10, 1, layout.height);
    ctx.fillStyle = tick.major ? COLORS.labelMajor : COLORS.label;
    ctx.font = tick.major ? `600 ${FONT}` : FONT;
    ctx.fillText(tick.label, x + 3, layout.axis.y + 7);
  }
  ctx.font = FONT;

  if (data) {
    drawReadings(ctx, data, view, w, layout.readings);
    drawGaps(ctx, data, view, w, layout);
    drawAlarms(ctx, data, view, w, input.openEnd, layout.alarms);
    const acts = binMarks(data.actions, (a) => a.at, () => 0, view, w);
    ctx.fillStyle = COLORS.action;
    for (let c = 0; c < w; c++) if (acts.count[c]! > 0) ctx.fillRect(c, layout.actions.y + (acts.count[c]! > 1 ? 0 : 2), 1, layout.actions.h - (acts.count[c]! > 1 ? 0 : 2));
  }
  if (diff && layout.diff) drawDiff(ctx, diff, view, w, layout.diff);

  // Row names at the left, over a fade.
  ctx.fillStyle = COLORS.rowLabel;
  const label = (text: string, row: Row) => ctx.fillText(text, 9, row.y + row.h / 2);
  label(t('replay.timeline.rowAlarms'), layout.alarms);
  if (layout.diff) label(t('replay.timeline.rowRerun'), layout.diff);
  label(t('replay.timeline.rowActions'), layout.actions);
  label(t('replay.timeline.rowReadings'), layout.readings);
}

function drawReadings(ctx: CanvasRenderingContext2D, data: TimelineData, view: TimelineView, w: number, row: Row): void {
  const { perMinute, max } = densityColumns(data.density, data.from, view, w);
  if (!(max > 0)) return;
  ctx.fillStyle = COLORS.density;
  for (let c = 0; c < w; c++) {
    const v = perMinute[c]!;
    if (!(v > 0)) continue;
    const h = Math.max(1, (v / max) * row.h);
    ctx.fillRect(c, row.y + row.h - h, 1, h);
  }
}

function drawGaps(ctx: CanvasRenderingContext2D, data: TimelineData, view: TimelineView, w: number, layout: TimelineLayout): void {
  // Gaps of the whole feed hatched over every row; a type's or one sensor's in the readings row, fainter.
  const whole = spanCoverage(data.gaps.filter((g) => g.scope === 'all'), (g) => g.from, (g) => g.to, view, w);
  const some = spanCoverage(data.gaps.filter((g) => g.scope !== 'all'), (g) => g.from, (g) => g.to, view, w);
  ctx.fillStyle = hatch(ctx, COLORS.gapFaint);
  runs(w, (c) => some[c]! > 0 && whole[c]! === 0, (x0, x1) => ctx.fillRect(x0, layout.readings.y, x1 - x0, layout.readings.h));
  ctx.fillStyle = hatch(ctx, COLORS.gap);
  runs(w, (c) => whole[c]! > 0, (x0, x1) => ctx.fillRect(x0, layout.alarms.y, x1 - x0, layout.readings.y + layout.readings.h - layout.alarms.y));
}

function drawAlarms(ctx: CanvasRenderingContext2D, data: TimelineData, view: TimelineView, w: number, openEnd: number, row: Row): void {
  // Spans (raise to clear) as thin bars, the most severe drawn last; raises as marks coloured by the column's worst.
  const spans = alarmSpanCoverage(data.alarms, openEnd, view, w);
  SEVERITIES.forEach((s: Severity, i) => {
    ctx.fillStyle = css(SEVERITY_COLORS[s], 0.45);
    const y = row.y + row.h - 4 - i * 2;
    runs(w, (c) => spans[s][c]! > 0, (x0, x1) => ctx.fillRect(x0, y, x1 - x0, 2));
  });
  const marks = binMarks(data.alarms, (a) => a.raisedAt, (a) => severityRank(a.severity), view, w);
  for (let c = 0; c < w; c++) {
    const r = marks.rank[c]!;
    if (r < 0) continue;
    ctx.fillStyle = css(SEVERITY_COLORS[SEVERITIES[r]!]);
    const h = marks.count[c]! > 1 ? row.h - 4 : row.h - 8;
    ctx.fillRect(c, row.y + (row.h - 4 - h), marks.count[c]! > 3 ? 2 : 1, h);
  }
}

function drawDiff(ctx: CanvasRenderingContext2D, diff: ReplayDiff, view: TimelineView, w: number, row: Row): void {
  const mid = row.y + row.h / 2;
  const draw = (items: ReplayDiff['added'], color: string, glyph: '+' | '-') => {
    const cols = binMarks(items, (d) => d.at, (d) => severityRank(d.severity), view, w);
    ctx.fillStyle = color;
    let lastGlyph = -Infinity;
    for (let c = 0; c < w; c++) {
      if (cols.count[c]! === 0) continue;
      if (c - lastGlyph >= 8) {
        // A glyph: "+" (would have been raised), "−" (recorded, would not have been).
        ctx.fillRect(c - 3, mid - 0.75, 7, 1.5);
        if (glyph === '+') ctx.fillRect(c - 0.75, mid - 3.5, 1.5, 7);
        lastGlyph = c;
      } else ctx.fillRect(c, mid - 3, 1, 6);
    }
  };
  draw(diff.added, COLORS.added, '+');
  draw(diff.missed, COLORS.missed, '-');
}

export interface OverlayInput {
  view: TimelineView;
  width: number;
  height: number;
  /** The replayed instant (null: live). */
  at: number | null;
  liveEdge: number | null;
  hoverX: number | null;
}

/** The instant (a cursor with a handle), the live edge (dashed, "LIVE"), the pointer's line. */
export function drawOverlay(ctx: CanvasRenderingContext2D, o: OverlayInput): void {
  const w = Math.floor(o.width);
  ctx.clearRect(0, 0, w, o.height);
  ctx.font = `600 ${FONT}`;
  ctx.textBaseline = 'middle';
  if (o.hoverX !== null) {
    ctx.fillStyle = COLORS.hover;
    ctx.fillRect(Math.round(o.hoverX), 14, 1, o.height - 14);
  }
  if (o.liveEdge !== null) {
    const x = Math.round(timeToX(o.liveEdge, o.view, w)) + 0.5;
    if (x >= -1 && x <= w + 1) {
      ctx.strokeStyle = COLORS.live;
      ctx.lineWidth = 1;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, 14);
      ctx.lineTo(x, o.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = COLORS.live;
      const text = t('replay.timeline.live');
      const tw = ctx.measureText(text).width;
      ctx.fillText(text, x + 4 + tw > w ? x - tw - 4 : x + 4, 7);
    }
  }
  if (o.at !== null) {
    const x = Math.round(timeToX(o.at, o.view, w));
    if (x >= -2 && x <= w + 2) {
      ctx.fillStyle = COLORS.cursor;
      ctx.fillRect(x - 1, 12, 2, o.height - 12);
      // The handle: a small triangle on the axis, to drag.
      ctx.beginPath();
      ctx.moveTo(x - 6, 2);
      ctx.lineTo(x + 6, 2);
      ctx.lineTo(x, 13);
      ctx.closePath();
      ctx.fill();
    }
  }
}
