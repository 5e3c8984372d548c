/**
 * The wall's timing, pure: which page of the alarm ticker and which view is shown, advanced one step per period
 * unless paused (a pointer over the wall). Pages and views wrap round; an index past the end (the list shrank) starts
 * over.
 */

/** Each ticker page stays this long (wall ms). */
export const TICKER_PAGE_MS = 8_000;
/** Each rotating view stays this long (wall ms). */
export const VIEW_MS = 20_000;

export interface TickerPage<T> {
  items: readonly T[];
  /** 0-based page shown. */
  page: number;
  pages: number;
}

/** Page `page` of `items`, `perPage` a page (the page index wraps; an empty list is one empty page). */
export function tickerPage<T>(items: readonly T[], perPage: number, page: number): TickerPage<T> {
  const per = Math.max(1, Math.floor(perPage));
  const pages = Math.max(1, Math.ceil(items.length / per));
  const p = ((Math.floor(page) % pages) + pages) % pages;
  return { items: items.slice(p * per, p * per + per), page: p, pages };
}

/** The next index of a rotation of `count` (0 when there is nothing to rotate). */
export function nextIndex(index: number, count: number): number {
  return count <= 0 ? 0 : (index + 1) % count;
}
