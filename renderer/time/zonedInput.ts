/**
 * The one way a person types a time on this screen (every time field: the KPI period, the audit range, the incident
 * window and snapshot instants, the replay instant), pure: the city's local 24-hour clock (its IANA zone, never the
 * machine's) written "2026-12-01 06:50" (or "2026-12-01 06:50:30" where seconds matter). The browser's own
 * datetime-local field is not used: it shows the machine's locale ("12/01/2026, 06:50 AM") and says nothing of a zone.
 *
 * Reading is strict (four-digit year, two-digit month, day, hours, minutes and seconds; a space, or the T of ISO 8601,
 * between date and time; optionally the zone's name after it) and says what is wrong in words (zonedInputError):
 * - a time the city's clock skips when it springs forward (02:30 on the last Sunday of March in Central Europe) does not
 *   exist: an error that names the jump ("the clocks jump from 02:00 to 03:00");
 * - a time it shows twice when it falls back (02:30 on the last Sunday of October) is ambiguous: the first one is
 *   taken (summer time) and the result says so; typing the zone after it ("2026-10-25 02:30 CET") picks the second.
 */
import { formatTime, zoneParts } from '../../electron/shared/zone-time';
import type { Translate } from '../i18n/i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number) => String(n).padStart(2, '0');
/** One numeric formatter per zone (Intl.DateTimeFormat is costly to build). */
const numeric = new Map<string, Intl.DateTimeFormat>();

/** The pattern of the one format, as shown to people ("YYYY-MM-DD HH:MM"; the letters in the language's words). */
export function inputPattern(seconds: boolean, t: Translate): string {
  return t(seconds ? 'time.input.patternSeconds' : 'time.input.pattern');
}

/** An example of the one format (in the placeholder and the errors). */
export function inputExample(seconds: boolean): string {
  return seconds ? '2026-12-01 06:50:00' : '2026-12-01 06:50';
}

/** The wall-clock fields (year, month 1-12, day, hour, minute, second) of an instant on the zone's clock. */
export function wallFields(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let fmt = numeric.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    numeric.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms. */
export function zoneOffset(ms: number, timeZone: string): number {
  const f = wallFields(ms, timeZone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - Math.floor(ms / 1000) * 1000;
}

/** An instant as the field's text on the zone's clock: "2026-12-01 06:50" (or "2026-12-01 06:50:30"); "" for none. */
export function formatZonedInput(ms: number | null | undefined, timeZone: string, seconds = false): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  const f = wallFields(ms, timeZone);
  return `${f.y}-${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}${seconds ? `:${pad(f.s)}` : ''}`;
}

/** A clock change near a wall time: the instant it happens and the offsets before and after it. */
interface Change {
  at: number;
  before: number;
  after: number;
}

/** The instants a wall time (its fields written as if UTC: Date.UTC) names on the zone's clock: none, one or two. */
export function wallCandidates(wall: number, timeZone: string): number[] {
  const offsets = new Set([zoneOffset(wall - DAY, timeZone), zoneOffset(wall, timeZone), zoneOffset(wall + DAY, timeZone)]);
  const out: number[] = [];
  for (const o of offsets) {
    const at = wall - o;
    if (zoneOffset(at, timeZone) === o && !out.includes(at)) out.push(at);
  }
  return out.sort((a, b) => a - b);
}

/** The clock change between two instants (offsets differ at lo and hi), found to the minute. */
function changeBetween(lo: number, hi: number, timeZone: string): Change {
  const before = zoneOffset(lo, timeZone);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.max(MINUTE, Math.floor((hi - lo) / 2 / MINUTE) * MINUTE);
    if (zoneOffset(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return { at: hi, before, after: zoneOffset(hi, timeZone) };
}

const clockText = (wall: number): string => {
  const d = new Date(wall);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

/** "UTC+02:00" for an offset in ms. */
export function offsetText(offset: number): string {
  const m = Math.round(Math.abs(offset) / MINUTE);
  return `UTC${offset < 0 ? '-' : '+'}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** The zone's names at an instant: its short name in the display locale, in en-GB, and as an offset ("UTC+02:00"). */
function namesAt(ms: number, timeZone: string): string[] {
  const off = zoneOffset(ms, timeZone);
  const h = off / HOUR;
  const short = Number.isInteger(h) ? [`UTC${h < 0 ? '' : '+'}${h}`, `GMT${h < 0 ? '' : '+'}${h}`] : [];
  return [zoneParts(ms, timeZone).zone, zoneParts(ms, timeZone, 'en-GB').zone, offsetText(off), offsetText(off).replace('UTC', 'GMT'), offsetText(off).slice(3), ...short].map((n) => n.toUpperCase());
}

/** The zone's short name at an instant, in the display locale ("CEST"). */
const zoneAt = (ms: number, timeZone: string): string => zoneParts(ms, timeZone).zone;

/** Names that tell the two instants of an ambiguous time apart: their zone names, or their offsets when those agree. */
function distinctNames(a: number, b: number, timeZone: string): [string, string] {
  const [na, nb] = [zoneAt(a, timeZone), zoneAt(b, timeZone)];
  return na !== nb ? [na, nb] : [offsetText(zoneOffset(a, timeZone)), offsetText(zoneOffset(b, timeZone))];
}

/** A time that occurs twice on the city's clock (the clocks fall back): both instants and the one taken. */
export interface Ambiguity {
  /** The wall time as typed, "2026-10-25 02:30". */
  text: string;
  /** The day, as the screen writes it ("25 Oct 2026"). */
  day: string;
  /** The clock time, "02:30" (or "02:30:15"). */
  clock: string;
  earlier: number;
  later: number;
  /** The zone names that tell them apart ("CEST", "CET"). */
  earlierZone: string;
  laterZone: string;
  taken: 'earlier' | 'later';
}

export type ZonedProblem =
  | { kind: 'empty' }
  /** Not in the one format. */
  | { kind: 'format'; text: string }
  /** In the format but no such date or time (30 Feb, 24:00, 10:60). */
  | { kind: 'date'; text: string }
  /** A time the city's clock skips: it jumps from `from` to `to` (wall clock "02:00" → "03:00") on `day`. */
  | { kind: 'gap'; text: string; day: string; from: string; to: string; before: string; after: string }
  /** A zone typed after the time that is not the city's zone then. */
  | { kind: 'zone'; text: string; zone: string; expected: string };

export type ZonedParse = { ok: true; at: number; ambiguity: Ambiguity | null } | { ok: false; problem: ZonedProblem };

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]|\s+)(\d{2}):(\d{2})(?::(\d{2}))?(?:\s+([A-Za-z][A-Za-z0-9+\-:]*|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads a field's text as an instant on the zone's clock (see the module's comment), or says what is wrong with it.
 * Seconds are optional ("06:50" is "06:50:00").
 */
export function parseZonedInput(raw: string, timeZone: string): ZonedParse {
  const text = raw.trim();
  if (text === '') return { ok: false, problem: { kind: 'empty' } };
  const m = SHAPE.exec(text);
  // A 12-hour clock ("06:50 PM") is not the format (not a zone either).
  if (!m || /^[AP]\.?M\.?$/i.test(m[7] ?? '')) return { ok: false, problem: { kind: 'format', text } };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const zone = m[7];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (y < 1000 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return { ok: false, problem: { kind: 'date', text } };
  const all = wallCandidates(wall, timeZone);
  const wallText = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}${m[6] !== undefined ? `:${m[6]}` : ''}`;
  if (all.length === 0) {
    const offsets = [zoneOffset(wall - DAY, timeZone), zoneOffset(wall + DAY, timeZone)];
    const c = changeBetween(wall - Math.max(...offsets), wall - Math.min(...offsets), timeZone);
    return {
      ok: false,
      problem: { kind: 'gap', text: wallText, day: formatTime(c.at, timeZone, 'date'), from: clockText(c.at + c.before), to: clockText(c.at + c.after), before: zoneAt(c.at - MINUTE, timeZone), after: zoneAt(c.at, timeZone) },
    };
  }
  let chosen = all;
  if (zone !== undefined) {
    const z = zone.toUpperCase();
    chosen = all.filter((at) => namesAt(at, timeZone).includes(z));
    if (chosen.length === 0) {
      const expected = all.length === 2 ? distinctNames(all[0]!, all[1]!, timeZone).join(' / ') : zoneAt(all[0]!, timeZone);
      return { ok: false, problem: { kind: 'zone', text, zone, expected } };
    }
  }
  const at = chosen[0]!;
  if (all.length === 2) return { ok: true, at, ambiguity: ambiguity(wallText, all, at === all[0] ? 'earlier' : 'later', m[6] !== undefined, timeZone) };
  return { ok: true, at, ambiguity: null };
}

function ambiguity(text: string, both: number[], taken: 'earlier' | 'later', seconds: boolean, timeZone: string): Ambiguity {
  const [earlier, later] = both as [number, number];
  const [earlierZone, laterZone] = distinctNames(earlier, later, timeZone);
  const clock = formatZonedInput(earlier, timeZone, seconds).slice(11);
  return { text, day: formatTime(earlier, timeZone, 'date'), clock, earlier, later, earlierZone, laterZone, taken };
}

/** The field's text that picks the other instant of an ambiguous time: "2026-10-25 02:30 CET". */
export function otherChoiceText(a: Ambiguity): string {
  return `${a.text} ${a.taken === 'earlier' ? a.laterZone : a.earlierZone}`;
}

/** What is wrong with a field's text, in words (`seconds`: the field takes seconds, its example shows them). */
export function zonedInputError(p: ZonedProblem, t: Translate, seconds = false): string {
  const pattern = inputPattern(seconds, t);
  const example = inputExample(seconds);
  switch (p.kind) {
    case 'empty':
      return t('time.input.empty', { example });
    case 'format':
      return t('time.input.format', { text: p.text, pattern, example });
    case 'date':
      return t('time.input.date', { text: p.text });
    case 'gap':
      return t('time.input.gap', { text: p.text, day: p.day, from: p.from, to: p.to, before: p.before, after: p.after });
    case 'zone':
      return t('time.input.zone', { text: p.text, zone: p.zone, expected: p.expected });
  }
}

/** Which of an ambiguous time's two instants was taken, in words. */
export function ambiguityText(a: Ambiguity, t: Translate): string {
  return t(a.taken === 'earlier' ? 'time.input.ambiguousFirst' : 'time.input.ambiguousSecond', { clock: a.clock, day: a.day, zone: a.taken === 'earlier' ? a.earlierZone : a.laterZone, other: a.taken === 'earlier' ? a.laterZone : a.earlierZone });
}

/** A field's text as an instant, or null when it is not one (for callers that say what is wrong themselves). */
export function zonedInputToMs(text: string, timeZone: string): number | null {
  const r = parseZonedInput(text, timeZone);
  return r.ok ? r.at : null;
}

/** Where each part of "YYYY-MM-DD HH:MM:SS" sits in the text: [start, end). */
const PARTS = [
  { start: 0, end: 4, unit: 'year' },
  { start: 5, end: 7, unit: 'month' },
  { start: 8, end: 10, unit: 'day' },
  { start: 11, end: 13, unit: 'hour' },
  { start: 14, end: 16, unit: 'minute' },
  { start: 17, end: 19, unit: 'second' },
] as const;

/**
 * The field's text with the part under the caret (year, month, day, hour, minute or second) moved by `delta` on the
 * wall clock (ArrowUp / ArrowDown), and where the caret goes; null when the text is not in the format. A month or
 * year step keeps the day when it exists, else the month's last day.
 */
export function stepZonedInput(text: string, caret: number, delta: number): { text: string; caret: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const seconds = m[6] !== undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const parts = seconds ? PARTS : PARTS.slice(0, 5);
  const part = parts.find((p) => caret >= p.start && caret <= p.end) ?? parts[parts.length - 1]!;
  let wall: number;
  if (part.unit === 'year' || part.unit === 'month') {
    const months = y * 12 + (mo - 1) + (part.unit === 'year' ? 12 * delta : delta);
    const [ny, nmo] = [Math.floor(months / 12), months % 12];
    const lastDay = new Date(Date.UTC(ny, nmo + 1, 0)).getUTCDate();
    wall = Date.UTC(ny, nmo, Math.min(d, lastDay), h, mi, s);
  } else {
    const unitMs = { day: DAY, hour: HOUR, minute: MINUTE, second: 1000 }[part.unit];
    wall = Date.UTC(y, mo - 1, Math.min(d, new Date(Date.UTC(y, mo, 0)).getUTCDate()), h, mi, s) + delta * unitMs;
  }
  const w = new Date(wall);
  if (w.getUTCFullYear() < 1000 || w.getUTCFullYear() > 9999) return null;
  const next = `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}${seconds ? `:${pad(w.getUTCSeconds())}` : ''}`;
  return { text: next, caret: Math.min(caret, next.length) };
}
