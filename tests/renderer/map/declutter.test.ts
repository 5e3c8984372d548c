/** Greedy label declutter: no two kept labels overlap, priority wins, obstacles and the screen edge are respected. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { declutter, type Box, type LabelCandidate } from '../../../renderer/map/labels/declutter';

const VIEW = { width: 800, height: 600 };
const label = (key: string, priority: number, box: Box, text = key): LabelCandidate => ({ key, text, priority, box });
const overlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

describe('declutter', () => {
  it('keeps the higher priority of two overlapping labels, and both when apart', () => {
    const kept = declutter([label('low', 1, [100, 100, 200, 115]), label('high', 5, [150, 105, 250, 120]), label('far', 0, [400, 100, 500, 115])], { viewport: VIEW });
    expect(kept.map((l) => l.key)).toEqual(['high', 'far']);
  });

  it('drops labels that cover an obstacle (a symbol) or run off screen', () => {
    const kept = declutter([label('on-symbol', 9, [10, 10, 60, 25]), label('off', 9, [780, 10, 830, 25]), label('ok', 1, [100, 100, 150, 115])], { viewport: VIEW, obstacles: [[40, 5, 70, 30]] });
    expect(kept.map((l) => l.key)).toEqual(['ok']);
  });

  it('keeps a gap between labels', () => {
    expect(declutter([label('a', 2, [0, 0, 50, 10]), label('b', 1, [52, 0, 100, 10])], { viewport: VIEW, gapPx: 4 })).toHaveLength(1);
    expect(declutter([label('a', 2, [0, 0, 50, 10]), label('b', 1, [56, 0, 100, 10])], { viewport: VIEW, gapPx: 4 })).toHaveLength(2);
  });

  it('does not repeat a text within repeatPx (a street named once per stretch)', () => {
    const pieces = [0, 1, 2, 3].map((i) => label(`piece${i}`, 1, [i * 120, 100, i * 120 + 100, 112], 'Vestergade'));
    expect(declutter(pieces, { viewport: VIEW, repeatPx: 300 }).map((l) => l.key)).toEqual(['piece0', 'piece3']);
  });

  it('property: kept labels never overlap, and a label dropped overlaps something kept of equal or higher priority, an obstacle, or the edge', () => {
    const box = fc.record({ x: fc.integer({ min: -50, max: 800 }), y: fc.integer({ min: -20, max: 600 }), w: fc.integer({ min: 5, max: 150 }), h: fc.integer({ min: 5, max: 20 }), p: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(box, { maxLength: 120 }), (raw) => {
        const cands = raw.map((b, i) => label(`k${String(i).padStart(3, '0')}`, b.p, [b.x, b.y, b.x + b.w, b.y + b.h]));
        const kept = declutter(cands, { viewport: VIEW, gapPx: 0 });
        for (let i = 0; i < kept.length; i++) for (let j = i + 1; j < kept.length; j++) expect(overlap(kept[i]!.box, kept[j]!.box)).toBe(false);
        const keptSet = new Set(kept);
        for (const c of cands) {
          if (keptSet.has(c)) continue;
          const [x0, y0, x1, y1] = c.box;
          const offScreen = x0 < 0 || y0 < 0 || x1 > VIEW.width || y1 > VIEW.height;
          expect(offScreen || kept.some((k) => k.priority >= c.priority && overlap(k.box, c.box))).toBe(true);
        }
      }),
      { numRuns: 80 },
    );
  });
});
