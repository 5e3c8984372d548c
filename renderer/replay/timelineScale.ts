/**
 * The timeline's geometry (pure): time <-> pixel, zoom around a point, pan, the limits of the view (weeks to seconds,
 * kept near the data), the keyboard's steps, following the replayed instant, and tick marks on the city's clock.
 */
import type { TimelineView } from '../store';
import { formatTime } from '../../electron/shared/zone-time';
import { fieldsIn, offsetAt, wallToUtc } from '../kpi/period';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The narrowest view: ten seconds across the strip. */
export const MIN_SPAN_MS = 10 * SECOND;
/** The widest view: about three months (the rollups' reach). */
export const MAX_SPAN_MS = 92 * DAY;
/** The view shown first: the last day up to the live edge. */
export const DEFAULT_SPAN_MS = DAY;

/** Where the time `t` lies on a strip `width` px wide showing `view` (may be outside 0..width). */
export function timeToX(t: number, view: TimelineView, width: number): number {
  return ((t - view.from) / (view.to - view.from)) * width;
}

/** The time at `x` px on a strip `width` px wide showing `view`. */
export function xToTime(x: number, view: TimelineView, width: number): number {
  return view.from + (x / width) * (view.to - view.from);
}

/** The data's reach: from the oldest data held to the live edge (null ends: unknown). */
export interface TimelineBounds {
  from: number | null;
  to: number | null;
}

/**
 * Keeps a view within the limits: its span between MIN_SPAN_MS and MAX_SPAN_MS, and (when the bounds are known) not
 * scrolled away from the data: at least a fifth of the view stays over [bounds.from, bounds.to].
 */
export function clampView(view: TimelineView, bounds: TimelineBounds): TimelineView {
  let span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, view.to - view.from));
  if (!Number.isFinite(span)) span = DEFAULT_SPAN_MS;
  const mid = (view.from + view.to) / 2;
  let from = Number.isFinite(mid) ? mid - span / 2 : (bounds.to ?? 0) - span;
  const keep = span / 5;
  if (bounds.to !== null && from > bounds.to - keep) from = bounds.to - keep;
  if (bounds.from !== null && from + span < bounds.from + keep) from = bounds.from + keep - span;
  return from === view.from && from + span === view.to ? view : { from, to: from + span };
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the time `anchor` at the same place on the strip. */
export function zoomAt(view: TimelineView, anchor: number, factor: number, bounds: TimelineBounds): TimelineView {
  const span = view.to - view.from;
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span * factor));
  const k = span > 0 ? (anchor - view.from) / span : 0.5;
  const from = anchor - k * next;
  return clampView({ from, to: from + next }, bounds);
}

/** The zoom factor of a wheel turn (deltaY in px; down = out), smooth for trackpads, ~1.2x per mouse notch. */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(Math.max(-400, Math.min(400, px)) * 0.0018);
}

/** Moves the view by `delta` ms (positive: later). */
export function panBy(view: TimelineView, delta: number, bounds: TimelineBounds): TimelineView {
  return clampView({ from: view.from + delta, to: view.to + delta }, bounds);
}

/** The view a drag gives: the time under the pointer at the start stays under it. */
export function dragPan(start: TimelineView, dxPx: number, width: number, bounds: TimelineBounds): TimelineView {
  return panBy(start, -(dxPx / width) * (start.to - start.from), bounds);
}

/** The first view: the last day up to the live edge (a little room after it), or what the cache holds if less. */
export function defaultView(bounds: TimelineBounds, now: number): TimelineView {
  const to = bounds.to ?? now;
  const from = bounds.from !== null ? Math.max(bounds.from, to - DEFAULT_SPAN_MS) : to - DEFAULT_SPAN_MS;
  const span = Math.max(MIN_SPAN_MS, to - from);
  return clampView({ from, to: from + span * 1.03 }, bounds);
}

/** The view for Home (`edge` 'oldest') and End ('live'): the same span, at that end of the data. */
export function viewAtEdge(view: TimelineView, edge: 'oldest' | 'live', bounds: TimelineBounds): TimelineView {
  const span = view.to - view.from;
  if (edge === 'oldest' && bounds.from !== null) return clampView({ from: bounds.from - span * 0.03, to: bounds.from + span * 0.97 }, bounds);
  if (edge === 'live' && bounds.to !== null) return clampView({ from: bounds.to - span * 0.97, to: bounds.to + span * 0.03 }, bounds);
  return view;
}

/** The keyboard's pan: a tenth of the view (Shift: half of it). */
export function keyPanStep(view: TimelineView, big: boolean): number {
  return (view.to - view.from) * (big ? 0.5 : 0.1);
}

/** The keyboard's zoom factor for + (in) and - (out). */
export const KEY_ZOOM_IN = 1 / 1.5;
export const KEY_ZOOM_OUT = 1.5;

/**
 * While the instant moves (playback, steps), the view follows it: unchanged while `at` is inside (away from the
 * edges), else moved so that `at` stands a quarter in (moving forward) or three quarters in (moving back).
 */
export function followInstant(view: TimelineView, at: number, bounds: TimelineBounds): TimelineView {
  const span = view.to - view.from;
  const margin = span * 0.02;
  if (at >= view.from + margin && at <= view.to - margin) return view;
  const from = at > view.to - margin ? at - span * 0.25 : at - span * 0.75;
  return clampView({ from, to: from + span }, bounds);
}

// ---------------------------------------------------------------------------------------------------------------
// Ticks on the city's clock

export interface Tick {
  at: number;
  label: string;
  /** A day (or month) begins here: drawn stronger, labelled with the date. */
  major: boolean;
}

const MONTH = 30 * DAY;
/** Tick intervals, finest first; months are calendar months on the city's clock. */
export const TICK_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, MONTH,
] as const;

/** The finest tick interval leaving at least `minPx` between ticks. */
export function tickStep(span: number, width: number, minPx = 90): number {
  const perPx = span / Math.max(1, width);
  return TICK_STEPS.find((s) => s / perPx >= minPx) ?? MONTH;
}

/** At most this many ticks whatever is asked (a guard for very wide strips). */
const MAX_TICKS = 400;

/**
 * Tick marks for the view on the city's clock: whole local seconds, minutes or hours (multiples of the step), local
 * midnights (weeks start on Monday) or the first of the month. Times skipped by a clock change get no tick; a tick
 * at a local midnight is major and labelled with the date.
 */
export function timeTicks(view: TimelineView, width: number, timeZone: string, minPx = 90): Tick[] {
  const step = tickStep(view.to - view.from, width, minPx);
  const out: Tick[] = [];
  const push = (at: number, label: string, major: boolean) => {
    if (at < view.from || at > view.to || out.length >= MAX_TICKS) return;
    // A skipped or repeated wall time maps to an instant already marked: keep the first.
    if (out.length && out[out.length - 1]!.at >= at) return;
    out.push({ at, label, major });
  };
  const wallFrom = view.from + offsetAt(view.from, timeZone);
  const wallTo = view.to + offsetAt(view.to, timeZone);
  if (step < DAY) {
    for (let wall = Math.ceil(wallFrom / step) * step; wall <= wallTo && out.length < MAX_TICKS; wall += step) {
      const at = wallToUtc(wall, timeZone);
      if (at + offsetAt(at, timeZone) !== wall) continue; // skipped by a clock change
      const midnight = wall % DAY === 0;
      push(at, formatTime(at, timeZone, midnight ? 'weekdayDay' : step < MINUTE ? 'hms' : 'hm'), midnight);
    }
    return out;
  }
  if (step < MONTH) {
    const days = step / DAY;
    // Local midnights; weeks on Mondays (epoch day 4 was a Monday), 2-day steps on even epoch days.
    const phase = days === 7 ? 4 : 0;
    let day = Math.floor(wallFrom / DAY);
    day += (((phase - day) % days) + days) % days;
    for (; day * DAY <= wallTo && out.length < MAX_TICKS; day += days) {
      const wall = day * DAY;
      const firstOfMonth = new Date(wall).getUTCDate() === 1;
      const at = wallToUtc(wall, timeZone);
      push(at, formatTime(at, timeZone, 'weekdayDay'), firstOfMonth || days === 7);
    }
    return out;
  }
  const f = fieldsIn(view.from, timeZone);
  for (let y = f.y, mo = f.mo; out.length < MAX_TICKS; mo === 12 ? ((y += 1), (mo = 1)) : (mo += 1)) {
    const wall = Date.UTC(y, mo - 1, 1);
    if (wall > wallTo) break;
    const at = wallToUtc(wall, timeZone);
    push(at, formatTime(at, timeZone, 'month'), mo === 1);
  }
  return out;
}
