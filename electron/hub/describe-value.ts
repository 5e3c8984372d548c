/** A raw value for a rejection's detail line: its JSON (or its text), cut to 80 characters; `missing` for undefined. */
export function describe(raw: unknown): string {
  if (raw === undefined) return 'missing';
  let s: string;
  try {
    s = JSON.stringify(raw) ?? String(raw);
  } catch {
    s = String(raw);
  }
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}
