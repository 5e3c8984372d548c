/**
 * A small line diff (longest common subsequence) for comparing two rule versions side by side.
 */

export type DiffOp = { type: 'same'; left: number; right: number } | { type: 'removed'; left: number } | { type: 'added'; right: number };

/** Above this many cells the LCS table would be too big: fall back to "everything changed" for the middle part. */
const MAX_CELLS = 4_000_000;

/** Edit script turning `a` into `b`, in order. Common prefix and suffix are matched first (cheap, and typical). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffOp[] = [];
  for (let i = 0; i < start; i++) ops.push({ type: 'same', left: i, right: i });
  const n = endA - start;
  const m = endB - start;
  if (n * m > MAX_CELLS) {
    for (let i = start; i < endA; i++) ops.push({ type: 'removed', left: i });
    for (let j = start; j < endB; j++) ops.push({ type: 'added', right: j });
  } else {
    // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB)
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) {
        ops.push({ type: 'same', left: start + i, right: start + j });
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
        ops.push({ type: 'removed', left: start + i });
        i++;
      } else {
        ops.push({ type: 'added', right: start + j });
        j++;
      }
    }
    for (; i < n; i++) ops.push({ type: 'removed', left: start + i });
    for (; j < m; j++) ops.push({ type: 'added', right: start + j });
  }
  for (let k = 0; endA + k < a.length; k++) ops.push({ type: 'same', left: endA + k, right: endB + k });
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
