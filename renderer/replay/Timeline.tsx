/**
 * The timeline's canvas: rows drawn from the data (timelineDraw.ts), the instant and live edge on an overlay; the
 * wheel zooms around the pointer, a drag pans, a click (or a drag of the cursor) seeks, clicking an alarm's mark
 * replays it; with focus, ←/→ pan (Shift: more), +/- zoom, Home/End go to the oldest data / the live edge.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ReplayDiff, TimelineData } from '../../electron/engine/api';
import { useT } from '../i18n/i18n';
import { appStore, feedNow, useAppStore, type TimelineView } from '../store';
import { drawBase, drawOverlay, timelineLayout } from './timelineDraw';
import { alarmAt } from './timelineBins';
import { tooltipLines } from './timelineTooltip';
import { KEY_ZOOM_IN, KEY_ZOOM_OUT, dragPan, keyPanStep, panBy, timeToX, viewAtEdge, wheelZoomFactor, xToTime, zoomAt, type TimelineBounds } from './timelineScale';

export interface TimelineProps {
  data: TimelineData | null;
  view: TimelineView;
  bounds: TimelineBounds;
  diff: ReplayDiff | null;
  timeZone: string;
  onWidth(width: number): void;
}

/** The live edge: the feed clock now (the live feed keeps recording under a replay), else the newest data held. */
export function liveEdgeNow(data: TimelineData | null): number | null {
  return feedNow(appStore.getState()) ?? data?.extent.to ?? null;
}

/** Moves the instant there: into replay from live, or a seek while replaying (within the data). */
export function seekTo(t: number, bounds: TimelineBounds, alarmId?: string): void {
  let at = Math.round(t);
  if (bounds.to !== null) at = Math.min(at, bounds.to);
  if (bounds.from !== null) at = Math.max(at, bounds.from);
  const s = appStore.getState();
  if (!s.replay || alarmId !== undefined) s.enterReplay(at, alarmId !== undefined ? { alarmId } : undefined);
  else s.seekReplay(at);
}

type Drag = { kind: 'pan' | 'cursor'; startX: number; startView: TimelineView; moved: boolean; pointerId: number };

export function Timeline({ data, view, bounds, diff, timeZone, onWidth }: TimelineProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hoverX, setHoverX] = useState<number | null>(null);
  const drag = useRef<Drag | null>(null);
  const layout = useMemo(() => timelineLayout(diff !== null), [diff]);
  const catalogue = useAppStore((s) => s.catalogue);
  // The rows' labels, the day ticks and the live edge's word are drawn in the operator's language: redrawn on a change.
  const { t, locale } = useT();
  // The latest props for the handlers attached once (wheel, the overlay's store subscription).
  const live = useRef({ view, bounds, width, data, layout, hoverX });
  live.current = { view, bounds, width, data, layout, hoverX };

  // Width from the element (the canvas is drawn at the device's pixel ratio).
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      setWidth(w);
      onWidth(w);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [onWidth]);

  const sizeCanvas = (c: HTMLCanvasElement | null): CanvasRenderingContext2D | null => {
    if (!c || width <= 0) return null;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(width * dpr);
    const ph = Math.round(layout.height * dpr);
    if (c.width !== pw || c.height !== ph) {
      c.width = pw;
      c.height = ph;
    }
    const ctx = c.getContext('2d');
    ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  };

  // Base layer: when the data, the view, the size or the difference change.
  useEffect(() => {
    const ctx = sizeCanvas(baseRef.current);
    if (!ctx) return;
    const openEnd = liveEdgeNow(data) ?? view.to;
    drawBase(ctx, { data, view, width, timeZone, openEnd, diff }, layout);
    const el = baseRef.current!;
    el.dataset.drawn = String(Number(el.dataset.drawn ?? 0) + 1);
    el.dataset.alarms = String(data?.alarms.length ?? 0);
    el.dataset.actions = String(data?.actions.length ?? 0);
    el.dataset.gaps = String(data?.gaps.length ?? 0);
  }, [data, view, width, timeZone, diff, layout, locale]);

  // Overlay: the instant, the live edge and the pointer; redrawn when the instant moves and every second (live edge).
  useEffect(() => {
    const paint = () => {
      const ctx = sizeCanvas(overRef.current);
      if (!ctx) return;
      const s = appStore.getState();
      const l = live.current;
      drawOverlay(ctx, { view: l.view, width: l.width, height: l.layout.height, at: s.replay?.at ?? null, liveEdge: liveEdgeNow(l.data), hoverX: l.hoverX });
    };
    paint();
    let lastAt = appStore.getState().replay?.at;
    const unsub = appStore.subscribe((s) => {
      if (s.replay?.at === lastAt) return;
      lastAt = s.replay?.at;
      paint();
    });
    const timer = setInterval(paint, 1000);
    return () => {
      unsub();
      clearInterval(timer);
    };
  }, [view, width, layout, hoverX, data, locale]);

  // The wheel zooms around the pointer (a listener that may prevent the page's scroll).
  useEffect(() => {
    const el = overRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const l = live.current;
      if (l.width <= 0) return;
      const x = e.clientX - el.getBoundingClientRect().left;
      const dy = Math.abs(e.deltaY) >= Math.abs(e.deltaX) ? e.deltaY : 0;
      if (dy !== 0) appStore.getState().setTimelineView(zoomAt(l.view, xToTime(x, l.view, l.width), wheelZoomFactor(dy, e.deltaMode), l.bounds));
      else if (e.deltaX !== 0) appStore.getState().setTimelineView(panBy(l.view, (e.deltaX / l.width) * (l.view.to - l.view.from), l.bounds));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const xOf = (e: PointerEvent) => e.clientX - e.currentTarget.getBoundingClientRect().left;

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    const x = xOf(e);
    const at = appStore.getState().replay?.at;
    const onCursor = at !== undefined && Math.abs(timeToX(at, view, width) - x) <= 6;
    const onAxis = e.clientY - e.currentTarget.getBoundingClientRect().top < layout.alarms.y;
    drag.current = { kind: onCursor || onAxis ? 'cursor' : 'pan', startX: x, startView: view, moved: false, pointerId: e.pointerId };
    e.currentTarget.setPointerCapture(e.pointerId);
    wrapRef.current?.focus();
    if (drag.current.kind === 'cursor') seekTo(xToTime(x, view, width), bounds);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const x = xOf(e);
    setHoverX(x);
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (Math.abs(x - d.startX) > 3) d.moved = true;
    if (!d.moved) return;
    if (d.kind === 'cursor') seekTo(xToTime(x, view, width), bounds);
    else appStore.getState().setTimelineView(dragPan(d.startView, x - d.startX, width, bounds));
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.pointerId !== e.pointerId || d.moved || d.kind === 'cursor') return;
    // A click: on an alarm's mark, replay that alarm; elsewhere, go to that instant.
    const x = xOf(e);
    const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
    const inAlarms = y >= layout.alarms.y && y < layout.alarms.y + layout.alarms.h;
    const hit = inAlarms && data ? alarmAt(data.alarms, view, width, x) : null;
    if (hit) seekTo(hit.raisedAt, bounds, hit.id);
    else seekTo(xToTime(x, view, width), bounds);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const set = appStore.getState().setTimelineView;
    const mid = appStore.getState().replay?.at ?? (view.from + view.to) / 2;
    const anchor = mid >= view.from && mid <= view.to ? mid : (view.from + view.to) / 2;
    let next: TimelineView | null = null;
    if (e.key === 'ArrowLeft') next = panBy(view, -keyPanStep(view, e.shiftKey), bounds);
    else if (e.key === 'ArrowRight') next = panBy(view, keyPanStep(view, e.shiftKey), bounds);
    else if (e.key === '+' || e.key === '=') next = zoomAt(view, anchor, KEY_ZOOM_IN, bounds);
    else if (e.key === '-' || e.key === '_') next = zoomAt(view, anchor, KEY_ZOOM_OUT, bounds);
    else if (e.key === 'Home') next = viewAtEdge(view, 'oldest', bounds);
    else if (e.key === 'End') next = viewAtEdge(view, 'live', bounds);
    if (!next) return;
    // The strip's keys are its own while it has focus (not the alarm keyboard's, not the page's scroll).
    e.preventDefault();
    e.stopPropagation();
    set(next);
  };

  const lines = hoverX !== null && width > 0 ? tooltipLines(data, diff, view, width, hoverX, timeZone, (id) => catalogue.get(id)?.name) : null;

  return (
    <div
      ref={wrapRef}
      className="timeline-canvas"
      style={{ height: layout.height }}
      tabIndex={0}
      role="slider"
      aria-label={t('replay.timeline.canvas')}
      aria-valuemin={bounds.from ?? undefined}
      aria-valuemax={bounds.to ?? undefined}
      aria-valuenow={appStore.getState().replay?.at ?? bounds.to ?? undefined}
      data-testid="timeline-canvas"
      data-view-from={view.from}
      data-view-to={view.to}
      onKeyDownCapture={onKeyDown}
    >
      <canvas ref={baseRef} className="timeline-base" style={{ width, height: layout.height }} data-testid="timeline-base" />
      <canvas
        ref={overRef}
        className="timeline-over"
        style={{ width, height: layout.height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onPointerLeave={() => setHoverX(null)}
        data-testid="timeline-overlay"
      />
      {lines && hoverX !== null && (
        <div className="timeline-tip" role="tooltip" data-testid="timeline-tooltip" style={hoverX > width / 2 ? { right: width - hoverX + 10 } : { left: hoverX + 10 }}>
          {lines.map((l, i) => (
            <div key={i} className={i === 0 ? 'timeline-tip-time' : undefined}>
              {l}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
