/**
 * Greedy label placement in screen space: candidates are taken by priority (highest first, ties by key) and kept when
 * their box overlaps neither a kept label nor an obstacle (e.g. a sensor symbol) and lies on screen; a text already
 * kept nearby is not repeated. Accepted boxes are indexed in a grid, so placing n labels is about linear. Pure.
 */

/** A screen box in CSS px: left, top, right, bottom. */
export type Box = [number, number, number, number];

export interface LabelCandidate {
  /** Unique, stable (ties are broken by it). */
  key: string;
  text: string;
  priority: number;
  box: Box;
}

export interface DeclutterOptions {
  /** The screen: labels outside it (even partly) are dropped. */
  viewport: { width: number; height: number };
  /** Boxes no label may cover (drawn symbols). */
  obstacles?: readonly Box[];
  /** Empty space kept around each label (px). */
  gapPx?: number;
  /** The same text is not shown twice closer than this (px, centre to centre): a street named once per stretch. */
  repeatPx?: number;
}

const CELL_PX = 128;

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a[0] < b[2] + gap && b[0] < a[2] + gap && a[1] < b[3] + gap && b[1] < a[3] + gap;
}

const centre = (b: Box): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];

class BoxGrid {
  private readonly cells = new Map<string, Box[]>();
  private *keys(b: Box, pad: number): Generator<string> {
    for (let x = Math.floor((b[0] - pad) / CELL_PX); x <= Math.floor((b[2] + pad) / CELL_PX); x++)
      for (let y = Math.floor((b[1] - pad) / CELL_PX); y <= Math.floor((b[3] + pad) / CELL_PX); y++) yield `${x},${y}`;
  }
  add(b: Box): void {
    for (const k of this.keys(b, 0)) {
      const cell = this.cells.get(k);
      if (cell) cell.push(b);
      else this.cells.set(k, [b]);
    }
  }
  hits(b: Box, gap: number): boolean {
    for (const k of this.keys(b, gap)) for (const o of this.cells.get(k) ?? []) if (overlaps(b, o, gap)) return true;
    return false;
  }
}

export function declutter<T extends LabelCandidate>(candidates: readonly T[], options: DeclutterOptions): T[] {
  const gap = options.gapPx ?? 2;
  const repeat2 = (options.repeatPx ?? 0) ** 2;
  const { width, height } = options.viewport;
  const order = [...candidates].sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const placed = new BoxGrid();
  const obstacles = new BoxGrid();
  for (const o of options.obstacles ?? []) obstacles.add(o);
  const shownAt = new Map<string, [number, number][]>();
  const out: T[] = [];
  for (const c of order) {
    const b = c.box;
    if (![...b].every(Number.isFinite) || b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height) continue;
    if (placed.hits(b, gap) || obstacles.hits(b, 0)) continue;
    const [cx, cy] = centre(b);
    const same = shownAt.get(c.text);
    if (repeat2 > 0 && same?.some(([x, y]) => (x - cx) ** 2 + (y - cy) ** 2 < repeat2)) continue;
    placed.add(b);
    if (same) same.push([cx, cy]);
    else shownAt.set(c.text, [[cx, cy]]);
    out.push(c);
  }
  return out;
}
