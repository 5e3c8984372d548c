/**
 * Reading a record's time: ISO 8601 with or without a zone, epoch seconds or milliseconds, or a pattern such as
 * `DD/MM/YYYY HH:mm:ss`. A time without a zone is read in the mapping's IANA zone (exactly, by Temporal; at a DST
 * edge a skipped local time is read one hour later, a repeated one as the first of the two, the 'compatible' rule).
 * Never throws: a time that cannot be read comes back with what is wrong with it.
 */
import { Temporal } from 'temporal-polyfill';
import { describe } from './describe-value';

export type TimeFormat = 'iso' | 'epoch-s' | 'epoch-ms' | { pattern: string };

export interface TimeSpec {
  format: TimeFormat;
  /** IANA zone for times that carry none (required for patterns and zoneless ISO times; ignored for epochs). */
  zone?: string;
}

export type ParsedTime = { ok: true; ts: number } | { ok: false; detail: string };

/** True for a zone name Temporal and Intl know (`Europe/London`, `UTC`); offsets like `+01:00` are not zone names. */
export function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const PATTERN_TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss', 'SSS'] as const;
type PatternToken = (typeof PATTERN_TOKENS)[number];

export type CompiledPattern = { ok: true; re: RegExp; order: PatternToken[] } | { ok: false; message: string };

/** A pattern from the tokens YYYY MM DD HH mm ss SSS; every other character is literal. Needs YYYY, MM and DD. */
export function compilePattern(pattern: string): CompiledPattern {
  let re = '^';
  const order: PatternToken[] = [];
  for (let i = 0; i < pattern.length; ) {
    const tok = PATTERN_TOKENS.find((t) => pattern.startsWith(t, i));
    if (tok) {
      if (order.includes(tok)) return { ok: false, message: `${tok} appears twice` };
      order.push(tok);
      re += tok === 'YYYY' ? '(\\d{4})' : tok === 'SSS' ? '(\\d{1,9})' : '(\\d{1,2})';
      i += tok.length;
    } else {
      re += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  for (const need of ['YYYY', 'MM', 'DD'] as const) if (!order.includes(need)) return { ok: false, message: `a pattern needs ${need} (tokens: ${PATTERN_TOKENS.join(' ')})` };
  return { ok: true, re: new RegExp(re + '$'), order };
}

/** A compiled time reader for one mapping. */
export function timeReader(spec: TimeSpec): (raw: unknown) => ParsedTime {
  const zone = spec.zone;
  const local = (f: Fields, text: string): ParsedTime => {
    const bad = checkFields(f);
    if (bad) return { ok: false, detail: `${JSON.stringify(text)}: ${bad}` };
    if (!zone) return { ok: false, detail: `${JSON.stringify(text)} has no zone and the mapping gives none (time.zone)` };
    if (zone === 'UTC' || zone === 'Etc/UTC') return { ok: true, ts: utc(f) };
    const pdt = new Temporal.PlainDateTime(f.y, f.mo, f.d, f.h, f.mi, f.s, f.ms);
    return { ok: true, ts: pdt.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds };
  };
  const cache = new Map<string, ParsedTime>();
  const cached = (text: string, read: (t: string) => ParsedTime): ParsedTime => {
    const hit = cache.get(text);
    if (hit) return hit;
    const v = read(text);
    if (cache.size > 50_000) cache.clear();
    cache.set(text, v);
    return v;
  };
  const fmt = spec.format;
  if (fmt === 'epoch-s' || fmt === 'epoch-ms') {
    const scale = fmt === 'epoch-s' ? 1000 : 1;
    return (raw) => {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { ok: false, detail: `${describe(raw)} is not a number of ${fmt === 'epoch-s' ? 'seconds' : 'milliseconds'} since 1970` };
      return { ok: true, ts: Math.round(n * scale) };
    };
  }
  if (fmt === 'iso') {
    const read = (text: string): ParsedTime => {
      const m = ISO.exec(text.trim());
      if (!m) return { ok: false, detail: `${JSON.stringify(text)} is not an ISO 8601 date-time` };
      const f = fields(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
      if (!m[8]) return local(f, text);
      const bad = checkFields(f);
      if (bad) return { ok: false, detail: `${JSON.stringify(text)}: ${bad}` };
      const off = m[8].toUpperCase() === 'Z' ? 0 : offsetMinutes(m[8]);
      if (off === null) return { ok: false, detail: `${JSON.stringify(text)}: bad zone offset ${m[8]}` };
      return { ok: true, ts: utc(f) - off * 60_000 };
    };
    return (raw) => (typeof raw === 'string' ? cached(raw, read) : { ok: false, detail: `${describe(raw)} is not a date-time text` });
  }
  const compiled = compilePattern(fmt.pattern);
  if (!compiled.ok) throw new Error(`time pattern: ${compiled.message}`); // the config check refuses such patterns first
  const read = (text: string): ParsedTime => {
    const m = compiled.re.exec(text.trim());
    if (!m) return { ok: false, detail: `${JSON.stringify(text)} does not match the pattern ${JSON.stringify(fmt.pattern)}` };
    const g = (t: PatternToken) => {
      const i = compiled.order.indexOf(t);
      return i < 0 ? undefined : m[i + 1];
    };
    return local(fields(g('YYYY'), g('MM'), g('DD'), g('HH'), g('mm'), g('ss'), g('SSS')), text);
  };
  return (raw) => (typeof raw === 'string' ? cached(raw, read) : { ok: false, detail: `${describe(raw)} is not a date-time text` });
}

interface Fields {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

function fields(y?: string, mo?: string, d?: string, h?: string, mi?: string, s?: string, frac?: string): Fields {
  return { y: +(y ?? 0), mo: +(mo ?? 0), d: +(d ?? 0), h: +(h ?? 0), mi: +(mi ?? 0), s: +(s ?? 0), ms: frac ? +frac.slice(0, 3).padEnd(3, '0') : 0 };
}

function checkFields(f: Fields): string | null {
  if (f.mo < 1 || f.mo > 12) return `month ${f.mo} does not exist`;
  const days = new Date(Date.UTC(f.y, f.mo, 0)).getUTCDate();
  if (f.d < 1 || f.d > days) return `day ${f.d} does not exist in ${f.y}-${String(f.mo).padStart(2, '0')}`;
  if (f.h > 23 || f.mi > 59 || f.s > 59) return `time of day ${f.h}:${f.mi}:${f.s} does not exist`;
  return null;
}

function utc(f: Fields): number {
  const t = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s, f.ms);
  // Date.UTC maps years 0..99 to 1900..1999; the ISO text means what it says.
  return f.y < 100 ? new Date(t).setUTCFullYear(f.y) : t;
}

function offsetMinutes(text: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (!m) return null;
  const h = +m[2]!;
  const mi = +(m[3] ?? 0);
  if (h > 23 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}
