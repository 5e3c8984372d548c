/**
 * One HTTP byte range (RFC 9110 §14): what a PMTiles reader asks for. `bytes=a-b`, `bytes=a-` and `bytes=-n` are
 * served; several ranges, other units or a malformed header are ignored (the whole file is sent, as the RFC allows);
 * a range that starts past the end is unsatisfiable (416). Pure, for both hosts (browser mode's web host and Electron's
 * citydesk-basemap:// handler, through electron/hosts/user-basemap.ts).
 */
export type RangeResult = { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'whole' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'whole' };
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return size === 0 ? { kind: 'unsatisfiable' } : { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'whole' }; // a last-byte-pos before the first is invalid: ignored
  return { kind: 'partial', start, end };
}

/** The headers of a partial or unsatisfiable answer. */
export function contentRange(r: RangeResult, size: number): string | undefined {
  if (r.kind === 'partial') return `bytes ${r.start}-${r.end}/${size}`;
  if (r.kind === 'unsatisfiable') return `bytes */${size}`;
  return undefined;
}
