/**
 * Line diff for comparing two rule versions side by side: the edit script comes from jsdiff (Myers' algorithm).
 */
import { diffArrays } from 'diff';

export type DiffOp = { type: 'same'; left: number; right: number } | { type: 'removed'; left: number } | { type: 'added'; right: number };

/** Past this many edits the exact script is not worth its cost: everything that differs is shown as changed. */
const MAX_EDIT_LENGTH = 500;

/** Edit script turning `a` into `b`, in order: every line of `a` and of `b` appears exactly once. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const changes = diffArrays([...a], [...b], { maxEditLength: MAX_EDIT_LENGTH }) ?? [
    { value: [...a], count: a.length, added: false, removed: true },
    { value: [...b], count: b.length, added: true, removed: false },
  ];
  const ops: DiffOp[] = [];
  let left = 0;
  let right = 0;
  for (const c of changes) {
    for (let k = 0; k < c.value.length; k++) {
      if (c.added) ops.push({ type: 'added', right: right++ });
      else if (c.removed) ops.push({ type: 'removed', left: left++ });
      else ops.push({ type: 'same', left: left++, right: right++ });
    }
  }
  return ops;
}

export interface SideBySideCell {
  /** 1-based line number. */
  line: number;
  text: string;
}

export interface SideBySideRow {
  left: SideBySideCell | null;
  right: SideBySideCell | null;
  /** 'same': unchanged; 'changed': a removed line paired with an added one; 'removed' / 'added': one side only. */
  kind: 'same' | 'changed' | 'removed' | 'added';
}

/**
 * Rows for a two-column view: unchanged lines side by side; within a run of changes, removed and added lines are
 * paired up (shown as changed), the rest stand alone.
 */
export function sideBySide(leftText: string, rightText: string): SideBySideRow[] {
  const a = splitLines(leftText);
  const b = splitLines(rightText);
  const ops = diffLines(a, b);
  const rows: SideBySideRow[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = (): void => {
    const k = Math.max(removed.length, added.length);
    for (let i = 0; i < k; i++) {
      const l = removed[i];
      const r = added[i];
      rows.push({
        left: l === undefined ? null : { line: l + 1, text: a[l]! },
        right: r === undefined ? null : { line: r + 1, text: b[r]! },
        kind: l !== undefined && r !== undefined ? 'changed' : l !== undefined ? 'removed' : 'added',
      });
    }
    removed = [];
    added = [];
  };
  for (const op of ops) {
    if (op.type === 'same') {
      flush();
      rows.push({ left: { line: op.left + 1, text: a[op.left]! }, right: { line: op.right + 1, text: b[op.right]! }, kind: 'same' });
    } else if (op.type === 'removed') removed.push(op.left);
    else added.push(op.right);
  }
  flush();
  return rows;
}

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** How many lines differ (for a summary: "3 lines changed"). */
export function changedLineCount(rows: readonly SideBySideRow[]): number {
  return rows.filter((r) => r.kind !== 'same').length;
}
