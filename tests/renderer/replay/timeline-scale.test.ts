import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY,
  HOUR,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  MINUTE,
  clampView,
  defaultView,
  dragPan,
  followInstant,
  panBy,
  tickStep,
  timeTicks,
  timeToX,
  viewAtEdge,
  wheelZoomFactor,
  xToTime,
  zoomAt,
} from '../../../renderer/replay/timelineScale';

const T0 = Date.UTC(2014, 7, 1, 0, 0); // 1 Aug 2014 00:00 UTC = 02:00 CEST
const WEEK = { from: T0, to: T0 + 7 * DAY };
const NONE = { from: null, to: null };

describe('time <-> pixel', () => {
  it('maps the view onto the width and back', () => {
    const view = { from: T0, to: T0 + HOUR };
    expect(timeToX(T0, view, 600)).toBe(0);
    expect(timeToX(T0 + HOUR, view, 600)).toBe(600);
    expect(timeToX(T0 + 30 * MINUTE, view, 600)).toBe(300);
    expect(xToTime(150, view, 600)).toBe(T0 + 15 * MINUTE);
  });
  it('round-trips any pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: MIN_SPAN_MS, max: MAX_SPAN_MS }), fc.integer({ min: 50, max: 4000 }), (x, span, width) => {
        const view = { from: T0, to: T0 + span };
        expect(timeToX(xToTime(x, view, width), view, width)).toBeCloseTo(x, 3);
      }),
    );
  });
});

describe('zoom and pan', () => {
  it('zooms around the pointer: the time under it stays put', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), (k, factor) => {
        const view = { from: T0 + DAY, to: T0 + 2 * DAY };
        const anchor = view.from + k * DAY;
        const next = zoomAt(view, anchor, factor, WEEK);
        const before = timeToX(anchor, view, 1000);
        expect(timeToX(anchor, next, 1000)).toBeCloseTo(before, 3);
        expect(next.to - next.from).toBeCloseTo(DAY * factor, 0);
      }),
    );
  });
  it('goes from weeks down to ten seconds and no further, nor wider than the limit', () => {
    let view = { from: T0, to: T0 + 7 * DAY };
    for (let i = 0; i < 200; i++) view = zoomAt(view, T0 + 3 * DAY, 0.5, WEEK);
    expect(view.to - view.from).toBe(MIN_SPAN_MS);
    for (let i = 0; i < 200; i++) view = zoomAt(view, T0 + 3 * DAY, 2, NONE);
    expect(view.to - view.from).toBe(MAX_SPAN_MS);
  });
  it('wheel down zooms out, up zooms in, a notch about 1.2x', () => {
    expect(wheelZoomFactor(100)).toBeGreaterThan(1.15);
    expect(wheelZoomFactor(100)).toBeLessThan(1.25);
    expect(wheelZoomFactor(-100)).toBeCloseTo(1 / wheelZoomFactor(100), 6);
    expect(wheelZoomFactor(3, 1)).toBeCloseTo(wheelZoomFactor(99), 6); // lines
  });
  it('a drag moves the time under the pointer with it', () => {
    const view = { from: T0 + DAY, to: T0 + 2 * DAY };
    const next = dragPan(view, 250, 1000, WEEK); // dragged right by a quarter: earlier by 6 h
    expect(next).toEqual({ from: T0 + DAY - 6 * HOUR, to: T0 + 2 * DAY - 6 * HOUR });
  });
  it('cannot scroll away from the data: a fifth of the view stays over it', () => {
    const view = { from: T0, to: T0 + DAY };
    const far = panBy(view, 30 * DAY, WEEK);
    expect(far.from).toBe(WEEK.to - DAY / 5);
    const back = panBy(view, -30 * DAY, WEEK);
    expect(back.to).toBe(WEEK.from + DAY / 5);
    expect(clampView(view, WEEK)).toBe(view); // unchanged: the same object
  });
});

describe('views at the ends, the first view, following the instant', () => {
  it('Home shows the oldest data, End the live edge, at the same span', () => {
    const view = { from: T0 + 3 * DAY, to: T0 + 3 * DAY + HOUR };
    const home = viewAtEdge(view, 'oldest', WEEK);
    expect(home.from).toBeLessThan(WEEK.from);
    expect(home.to).toBeGreaterThan(WEEK.from);
    expect(home.to - home.from).toBe(HOUR);
    const end = viewAtEdge(view, 'live', WEEK);
    expect(end.from).toBeLessThan(WEEK.to);
    expect(end.to).toBeGreaterThan(WEEK.to);
  });
  it('starts on the last day up to the live edge, or the whole cache when it holds less', () => {
    const v = defaultView(WEEK, 0);
    expect(v.to).toBeGreaterThan(WEEK.to);
    expect(v.from).toBeCloseTo(WEEK.to - DAY, -5);
    const short = defaultView({ from: T0, to: T0 + HOUR }, 0);
    expect(short.from).toBe(T0);
    expect(short.to).toBeGreaterThan(T0 + HOUR);
  });
  it('follows the instant when it leaves the view, not before', () => {
    const view = { from: T0, to: T0 + HOUR };
    expect(followInstant(view, T0 + 30 * MINUTE, WEEK)).toBe(view);
    const ahead = followInstant(view, T0 + 2 * HOUR, WEEK);
    expect(ahead.from).toBe(T0 + 2 * HOUR - 15 * MINUTE);
    const behind = followInstant(view, T0 - HOUR, { from: T0 - DAY, to: T0 + DAY });
    expect(behind.to).toBe(T0 - HOUR + 15 * MINUTE);
  });
});

describe('ticks on the city clock', () => {
  it('picks the finest step leaving room for labels', () => {
    expect(tickStep(HOUR, 1200)).toBe(5 * MINUTE);
    expect(tickStep(7 * DAY, 2000)).toBe(12 * HOUR);
    expect(tickStep(7 * DAY, 1200)).toBe(DAY);
    expect(tickStep(60_000, 1200)).toBe(5_000);
  });
  it('hours in Aarhus (CEST, UTC+2) fall on whole local hours; midnight is major and dated', () => {
    const view = { from: T0 - 6 * HOUR, to: T0 + 6 * HOUR }; // 31 Jul 20:00 – 1 Aug 08:00 CEST
    const ticks = timeTicks(view, 1000, 'Europe/Copenhagen');
    const local = ticks.map((t) => (new Date(t.at).getUTCHours() + 2) % 24);
    expect(local.every((h) => h % 2 === 0)).toBe(true);
    const midnight = ticks.find((t) => t.major)!;
    expect(midnight.at).toBe(T0 - 2 * HOUR);
    expect(midnight.label).toBe('Fri 1 Aug');
    expect(ticks.find((t) => !t.major)!.label).toMatch(/^\d\d:00$/);
  });
  it('seconds are labelled with seconds', () => {
    const ticks = timeTicks({ from: T0, to: T0 + 30_000 }, 1000, 'Europe/Copenhagen');
    expect(ticks[1]!.label).toMatch(/^02:00:\d\d$/);
  });
  it('days over a week: local midnights, one per day', () => {
    const ticks = timeTicks({ from: T0, to: T0 + 7 * DAY }, 1000, 'Europe/London');
    expect(ticks).toHaveLength(7);
    expect(ticks.every((t) => new Date(t.at).getUTCHours() === 23)).toBe(true); // 00:00 BST
    expect(ticks[0]!.label).toBe('Sat 2 Aug');
  });
  it('a spring-forward night in London has no 01:00 tick, and no duplicate', () => {
    const from = Date.UTC(2014, 2, 30, 0, 0) - 3 * HOUR; // 29 Mar 21:00 GMT
    const ticks = timeTicks({ from, to: from + 8 * HOUR }, 1600, 'Europe/London', 90);
    const labels = ticks.map((t) => t.label);
    expect(labels).not.toContain('01:00');
    expect(labels).toContain('02:00');
    expect(new Set(ticks.map((t) => t.at)).size).toBe(ticks.length);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.at).toBeGreaterThan(ticks[i - 1]!.at);
  });
  it('months when zoomed right out', () => {
    const ticks = timeTicks({ from: Date.UTC(2014, 0, 15), to: Date.UTC(2014, 3, 15) }, 600, 'UTC');
    expect(ticks.map((t) => t.label)).toEqual(['Feb 2014', 'Mar 2014', 'Apr 2014']);
  });
});
