/**
 * How a reading's values are stored: a JSON array in the order of its sensor type's metric layout (metric-layouts.ts:
 * the type's metrics in the order they were first stored, append-only); a metric the feed did not send is stored as
 * null, like one it sent empty. Older rows of a type whose layout grew since are simply shorter: the metrics added
 * later read as null, and no stored position ever changes meaning.
 */

/** Encodes `values` in `layout` order (a metric the layout lacks is not stored: see hasUnplacedMetric). */
export function encodeValues(layout: readonly string[], values: Readonly<Record<string, number | null>>): string {
  let s = '[';
  for (let i = 0; i < layout.length; i++) {
    const v = values[layout[i]!];
    s += (i ? ',' : '') + (v === undefined || v === null ? 'null' : String(v));
  }
  return s + ']';
}

/** Every metric of the layout (null when the row is shorter or holds null), from a stored array. */
export function decodeValues(layout: readonly string[], v: string): Record<string, number | null> {
  const arr = JSON.parse(v) as (number | null)[];
  const out: Record<string, number | null> = {};
  for (let i = 0; i < layout.length; i++) out[layout[i]!] = arr[i] ?? null;
  return out;
}

/** Whether `values` names a metric the layout lacks (it must then be extended before encoding). */
export function hasUnplacedMetric(layout: ReadonlySet<string>, values: Readonly<Record<string, number | null>>): boolean {
  for (const k in values) if (!layout.has(k)) return true;
  return false;
}
