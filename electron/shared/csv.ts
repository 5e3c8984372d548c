/** CSV writing (RFC 4180), shared by the cache export and the alarm KPI export. Pure. */

/** RFC 4180: quote a field that holds a comma, a double quote or a line break; double the quotes inside. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
