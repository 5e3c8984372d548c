/**
 * The timeline's data from the engine (`timeline` command): fetched for a span wider than the view (a view's width on
 * each side, about one density bucket per pixel), so that panning and small zooms are answered from what is held;
 * requests are debounced while the wheel turns or a drag moves, the last few answers are kept, and a view that
 * reaches the live edge is fetched again every few seconds as the live feed records more.
 */
import type { EngineClient, TimelineData } from '../../electron/engine/api';
import type { TimelineView } from '../store';
import { t } from '../i18n/i18n';

/** What to ask the engine for a view `width` px wide: the view and as much again on each side, aligned buckets. */
export interface TimelineRequest {
  from: number;
  to: number;
  buckets: number;
}

/** The engine's limit on buckets per request. */
export const MAX_BUCKETS = 4000;
/** Alarms asked for per request (the engine keeps the most severe first; `alarmsTotal` counts all). */
export const MAX_ALARMS = 5000;

export function requestFor(view: TimelineView, width: number): TimelineRequest {
  const span = view.to - view.from;
  const buckets = Math.max(1, Math.min(MAX_BUCKETS, Math.round(3 * Math.max(1, width))));
  // Whole-millisecond buckets aligned on multiples of their length: neighbouring requests share bucket edges.
  const bucketMs = Math.max(1, Math.ceil((3 * span) / buckets));
  const from = Math.floor((view.from - span) / bucketMs) * bucketMs;
  return { from, to: from + buckets * bucketMs, buckets };
}

/**
 * Whether fetched data can draw the view: the view lies inside it and its buckets are between half and two and a half
 * pixels wide (else the density strip would be blurred or needlessly fine).
 */
export function covers(got: TimelineRequest, view: TimelineView, width: number): boolean {
  if (view.from < got.from || view.to > got.to) return false;
  const bucketPx = ((got.to - got.from) / got.buckets / (view.to - view.from)) * Math.max(1, width);
  return bucketPx >= 0.5 && bucketPx <= 2.5;
}

/** The engine's error in words for the strip ('unavailable': the engine has no timeline yet, said politely). */
export function timelineErrorText(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'unavailable') return t('replay.timeline.unavailable', { message });
  if (code === 'closed' || code === 'timeout') return t('replay.timeline.notAnswering');
  return t('replay.timeline.failed', { message });
}

export interface TimelineLoadState {
  /** The data drawing the view (the latest covering it), or the nearest held while a fetch is under way. */
  data: TimelineData | null;
  loading: boolean;
  error: string | null;
}

interface Held {
  req: TimelineRequest;
  data: TimelineData;
  /** Wall time of the answer (live-edge views are fetched again after `liveRefreshMs`). */
  at: number;
}

export interface TimelineLoaderOptions {
  debounceMs?: number;
  /** How many answers are kept. */
  keep?: number;
  /** A view reaching past the newest data held is fetched again after this long (wall ms). */
  liveRefreshMs?: number;
  now?: () => number;
}

/** Fetches and holds the timeline's data; `onChange` hears every change of what to draw. */
export class TimelineLoader {
  private held: Held[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = new Set<string>();
  private wanted: { view: TimelineView; width: number } | null = null;
  private state: TimelineLoadState = { data: null, loading: false, error: null };
  private disposed = false;
  private readonly debounceMs: number;
  private readonly keep: number;
  private readonly liveRefreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: Pick<EngineClient, 'call'>,
    private readonly onChange: (s: TimelineLoadState) => void,
    opts: TimelineLoaderOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 150;
    this.keep = opts.keep ?? 8;
    this.liveRefreshMs = opts.liveRefreshMs ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  /** The first fetch, before any view: what the cache holds (its extent gives the first view). */
  loadAll(width: number): void {
    void this.fetch({ from: Number.NaN, to: Number.NaN, buckets: Math.max(1, Math.min(MAX_BUCKETS, Math.round(width))) });
  }

  /** The view to draw: answered at once from what is held, fetched (debounced) when nothing held covers it. */
  request(view: TimelineView, width: number): void {
    this.wanted = { view, width };
    const hit = this.find(view, width);
    if (hit) {
      // Move the hit to the front (kept longest).
      this.held = [hit, ...this.held.filter((h) => h !== hit)];
      this.publish({ data: hit.data, error: null });
      if (!this.fresh(hit, view)) this.schedule();
      return;
    }
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private find(view: TimelineView, width: number): Held | undefined {
    return this.held.find((h) => covers(h.req, view, width));
  }

  /** Held data is fresh unless the view reaches past the newest data it knew of and it is older than the refresh. */
  private fresh(h: Held, view: TimelineView): boolean {
    const newest = h.data.extent.to;
    if (newest === null || view.to <= newest) return true;
    return this.now() - h.at < this.liveRefreshMs;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const w = this.wanted;
      if (!w || this.disposed) return;
      const hit = this.find(w.view, w.width);
      if (hit && this.fresh(hit, w.view)) return;
      void this.fetch(requestFor(w.view, w.width));
    }, this.debounceMs);
  }

  private async fetch(req: TimelineRequest): Promise<void> {
    const all = Number.isNaN(req.from);
    const key = all ? 'all' : `${req.from}|${req.to}|${req.buckets}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    this.publish({ loading: true });
    try {
      const data = await this.client.call('timeline', all ? { buckets: req.buckets, maxAlarms: MAX_ALARMS } : { ...req, maxAlarms: MAX_ALARMS });
      if (this.disposed) return;
      const got: TimelineRequest = all ? { from: data.from, to: data.to, buckets: data.density.counts.length || req.buckets } : req;
      this.held = [{ req: got, data, at: this.now() }, ...this.held.filter((h) => !(h.req.from === got.from && h.req.to === got.to && h.req.buckets === got.buckets))].slice(0, this.keep);
      const w = this.wanted;
      // Show the answer when it draws the view wanted (or nothing better is held yet).
      if (!w || covers(got, w.view, w.width) || !this.find(w.view, w.width)) this.publish({ data: w ? (this.find(w.view, w.width)?.data ?? data) : data, error: null });
    } catch (e) {
      if (!this.disposed) this.publish({ error: timelineErrorText(e) });
    } finally {
      this.inFlight.delete(key);
      if (!this.disposed) this.publish({ loading: this.inFlight.size > 0 });
    }
  }

  private publish(change: Partial<TimelineLoadState>): void {
    const next = { ...this.state, ...change };
    if (next.data === this.state.data && next.loading === this.state.loading && next.error === this.state.error) return;
    this.state = next;
    this.onChange(next);
  }
}
