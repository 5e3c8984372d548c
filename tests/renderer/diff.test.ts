import { describe, expect, it } from 'vitest';
import { changedLineCount, diffLines, sideBySide, splitLines } from '../../renderer/rules/diff';

describe('line diff', () => {
  it('finds the longest common subsequence', () => {
    const ops = diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e']);
    expect(ops).toEqual([
      { type: 'same', left: 0, right: 0 },
      { type: 'removed', left: 1 },
      { type: 'added', right: 1 },
      { type: 'same', left: 2, right: 2 },
      { type: 'same', left: 3, right: 3 },
      { type: 'added', right: 4 },
    ]);
  });

  it('handles empty sides and identical texts', () => {
    expect(diffLines([], ['a'])).toEqual([{ type: 'added', right: 0 }]);
    expect(diffLines(['a'], [])).toEqual([{ type: 'removed', left: 0 }]);
    expect(diffLines(['a', 'b'], ['a', 'b']).every((o) => o.type === 'same')).toBe(true);
  });

  it('every line of both sides appears exactly once, in order', () => {
    const a = 'x y z a b c d e f'.split(' ');
    const b = 'a b q c e f x y'.split(' ');
    const ops = diffLines(a, b);
    expect(ops.filter((o) => o.type !== 'added').map((o) => ('left' in o ? o.left : -1))).toEqual(a.map((_, i) => i));
    expect(ops.filter((o) => o.type !== 'removed').map((o) => ('right' in o ? o.right : -1))).toEqual(b.map((_, i) => i));
    const same = ops.filter((o) => o.type === 'same') as { left: number; right: number }[];
    for (const s of same) expect(a[s.left]).toBe(b[s.right]);
    expect(same).toHaveLength(5); // a b c e f
  });

  it('past the edit limit, shows every differing line as removed then added (still each line once, in order)', () => {
    const a = Array.from({ length: 600 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 600 }, (_, i) => `b${i}`);
    const ops = diffLines(a, b);
    expect(ops).toHaveLength(1200);
    expect(ops.slice(0, 600).every((o, i) => o.type === 'removed' && o.left === i)).toBe(true);
    expect(ops.slice(600).every((o, i) => o.type === 'added' && o.right === i)).toBe(true);
  });

  it('pairs removed and added lines side by side as changes', () => {
    const left = JSON.stringify({ name: 'Car park full', value: 95, minutes: 15 }, null, 2);
    const right = JSON.stringify({ name: 'Car park full', value: 90, minutes: 15, extra: true }, null, 2);
    const rows = sideBySide(left, right);
    expect(rows.find((r) => r.kind === 'changed')).toEqual({ left: { line: 3, text: '  "value": 95,' }, right: { line: 3, text: '  "value": 90,' }, kind: 'changed' });
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k !== 'same').length).toBe(changedLineCount(rows));
    expect(rows.at(-1)).toEqual({ left: { line: 5, text: '}' }, right: { line: 6, text: '}' }, kind: 'same' });
    expect(changedLineCount(sideBySide(left, left))).toBe(0);
  });

  it('splits lines without a phantom last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});
