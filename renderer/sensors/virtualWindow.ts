/**
 * The rows of a long list that are drawn: those in view plus a few above and below (overscan), with the space of the
 * others kept as padding so that the scroll bar stays true. Fixed row height. Pure.
 */
export interface VirtualWindow {
  /** First row drawn. */
  start: number;
  /** One past the last row drawn. */
  end: number;
  /** Space above the first row drawn, and below the last, in px. */
  padTop: number;
  padBottom: number;
}

export function virtualWindow(scrollTop: number, viewportPx: number, rowPx: number, total: number, overscan = 6): VirtualWindow {
  if (total <= 0 || rowPx <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowPx);
  const shown = Math.ceil(Math.max(0, viewportPx) / rowPx) + 1;
  const start = Math.max(0, Math.min(total - 1, first) - overscan);
  const end = Math.min(total, first + shown + overscan);
  return { start, end, padTop: start * rowPx, padBottom: (total - end) * rowPx };
}

/** The scroll position that shows row `index` whole, moving as little as possible. */
export function scrollToShow(index: number, scrollTop: number, viewportPx: number, rowPx: number): number {
  const top = index * rowPx;
  if (top < scrollTop) return top;
  if (top + rowPx > scrollTop + viewportPx) return Math.max(0, top + rowPx - viewportPx);
  return scrollTop;
}
