/**
 * Field paths of a mapping: where in a record a value is, written as in JavaScript: `sensor.id`, `location[0]`,
 * `properties["PM2.5"]`, `data.items[3].value`. Parsed once when the mapping is compiled; reading a path never throws
 * and never follows inherited properties (`__proto__`, `constructor`): a field the record does not hold is undefined.
 */

export type PathSegment = string | number;

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

const NAME = /^[A-Za-z_$][\w$-]*/;

/** Parses `a.b[0]["c.d"]`; an empty path means the record itself. */
export function parseFieldPath(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (message: string): ParsedPath => ({ ok: false, message: `${message} at character ${i + 1} of ${JSON.stringify(path)}` });
  if (path.length > 500) return { ok: false, message: 'a field path is at most 500 characters' };
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return fail('unclosed [');
      const inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) segments.push(JSON.parse(inner) as string);
      else if (/^'[^']*'$/.test(inner)) segments.push(inner.slice(1, -1));
      else return fail('expected an index [0] or a quoted name ["a.b"]');
      i = close + 1;
    } else {
      if (segments.length > 0) {
        if (path[i] !== '.') return fail('expected . or [');
        i++;
      }
      const m = NAME.exec(path.slice(i));
      if (!m) return fail('expected a field name');
      segments.push(m[0]);
      i += m[0].length;
    }
  }
  return { ok: true, segments };
}

/** The value at `segments` in `value`, or undefined when any step is missing. Own properties only. */
export function readPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let v = value;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof s === 'number') {
      if (!Array.isArray(v) || s >= v.length) return undefined;
      v = v[s];
    } else {
      if (!Object.hasOwn(v, s)) return undefined;
      v = (v as Record<string, unknown>)[s];
    }
  }
  return v;
}
