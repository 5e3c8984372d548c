/**
 * The one way CityDesk writes a time for people, on every side that shows one (the renderer's panels, lists, charts
 * and timeline; the engine's audit words, alarm sentences and incident-pack report): the city's local 24-hour time
 * (its IANA zone, passed in: never the machine's), the zone named where the time stands alone, seconds where they
 * matter, and dates with the month's name ("30 Nov 2026", never "11/30/26"). Files keep ISO 8601 (their writers use
 * toISOString, on an allow-list in tests/shared/time-format-scan.test.ts). Pure (Intl only).
 *
 * The shapes (TimeShape), e.g. for 2026-11-30T09:15:42Z in Europe/Paris:
 *   clock         "10:15 CET"                    a time alone (today's, in a panel or a sentence)
 *   clockSeconds  "10:15:42 CET"                 alarm transitions, the feed clock
 *   dayClock      "30 Nov 10:15 CET"             another day this year
 *   dateTime      "30 Nov 2026 10:15 CET"        a wall-clock instant to the minute (notes, outages)
 *   stamp         "30 Nov 2026 10:15:42 CET"     audit rows, alarm history, tooltips
 *   weekdayStamp  "Mon 30 Nov 2026 10:15:42 CET" the replay clock
 *   listTime      "30 Nov 10:15"                 table cells under a heading that names the zone
 *   date          "30 Nov 2026"
 *   day           "30 Nov"
 *   weekdayDay    "Mon 30 Nov"                   the timeline's day ticks
 *   month         "Nov 2026"
 *   hm            "10:15"                        axis ticks (the axis names the zone once)
 *   hms           "10:15:42"                     axis ticks at second steps
 *
 * The words and separators follow the display locale (setDisplayLocale; 'en-GB' unless the renderer sets the
 * operator's language): in Danish (da-DK) the same shapes read "30. nov. 2026 10.15 CET", "man. 30. nov.",
 * "nov. 2026", "10.15.42" (Danish month and weekday names, the day's full stop, the time's full stops), still 24-hour
 * and with the zone's name. The engine, its exports and reports keep 'en-GB' (they never set it).
 */

export type TimeShape =
  | 'clock'
  | 'clockSeconds'
  | 'dayClock'
  | 'dateTime'
  | 'stamp'
  | 'weekdayStamp'
  | 'listTime'
  | 'date'
  | 'day'
  | 'weekdayDay'
  | 'month'
  | 'hm'
  | 'hms';

/** The fields of an instant on the city's clock, as written (two-digit hours, minutes and seconds; month by name). */
export interface ZoneParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
  zone: string;
  /** What the locale writes right after the day's number: "" (en-GB "30 Nov"), "." (da-DK "30. nov."). */
  dayMark: string;
  /** Between hours, minutes and seconds: ":" (en-GB), "." (da-DK). */
  timeSep: string;
}

/** The locale of every time written for people here (BCP 47): the renderer sets the operator's language's. */
export const DEFAULT_DISPLAY_LOCALE = 'en-GB';
let locale = DEFAULT_DISPLAY_LOCALE;

/**
 * Sets the locale of the words and separators of every time (and of the renderer's numbers, panels/format.ts);
 * one Intl knows, else it stays and a RangeError says so.
 */
export function setDisplayLocale(next: string): void {
  if (Intl.DateTimeFormat.supportedLocalesOf([next]).length === 0) throw new RangeError(`display locale: "${next}" is not a locale Intl knows`);
  locale = next;
}

/** The locale times (and the renderer's numbers) are written in: "en-GB" unless set. */
export function displayLocale(): string {
  return locale;
}

/** One formatter per locale and zone, made once: Intl.DateTimeFormat is costly to build and lists format thousands of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, loc: string): Intl.DateTimeFormat {
  const key = `${loc}|${timeZone}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(loc, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    });
    formatters.set(key, fmt);
  }
  return fmt;
}

/** The parts of `ms` on the clock of `timeZone` (a RangeError for a zone Intl does not know), in the display locale. */
export function zoneParts(ms: number, timeZone: string, loc: string = locale): ZoneParts {
  const p: Record<string, string> = {};
  let prev = '';
  let dayMark = '';
  let timeSep = ':';
  for (const part of formatterFor(timeZone, loc).formatToParts(new Date(ms))) {
    if (part.type === 'literal') {
      // The locale's own marks: a full stop after the day ("30. nov."), the clock's separator ("10.15").
      if (prev === 'day' && part.value.trim().startsWith('.')) dayMark = '.';
      if (prev === 'hour' && part.value.trim()) timeSep = part.value.trim();
    } else {
      p[part.type] = part.value;
      prev = part.type;
    }
  }
  const hour = p.hour === '24' ? '00' : (p.hour ?? '00');
  return {
    weekday: p.weekday ?? '',
    day: p.day ?? '',
    month: p.month ?? '',
    year: p.year ?? '',
    hour,
    minute: p.minute ?? '00',
    second: p.second ?? '00',
    zone: p.timeZoneName ?? timeZone,
    dayMark,
    timeSep,
  };
}

const clockOf = (p: ZoneParts, seconds: boolean): string => `${p.hour}${p.timeSep}${p.minute}${seconds ? `${p.timeSep}${p.second}` : ''}`;
const dayOf = (p: ZoneParts): string => `${p.day}${p.dayMark} ${p.month}`;

const ok = (ms: number | null | undefined): ms is number => typeof ms === 'number' && Number.isFinite(ms);

/** `ms` written in one of the shapes above, in `timeZone`; "—" for no time. */
export function formatTime(ms: number | null | undefined, timeZone: string, shape: TimeShape): string {
  if (!ok(ms)) return '—';
  const p = zoneParts(ms, timeZone);
  const hm = clockOf(p, false);
  const hms = clockOf(p, true);
  const day = dayOf(p);
  const date = `${day} ${p.year}`;
  switch (shape) {
    case 'clock':
      return `${hm} ${p.zone}`;
    case 'clockSeconds':
      return `${hms} ${p.zone}`;
    case 'dayClock':
      return `${day} ${hm} ${p.zone}`;
    case 'dateTime':
      return `${date} ${hm} ${p.zone}`;
    case 'stamp':
      return `${date} ${hms} ${p.zone}`;
    case 'weekdayStamp':
      return `${p.weekday} ${date} ${hms} ${p.zone}`;
    case 'listTime':
      return `${day} ${hm}`;
    case 'date':
      return date;
    case 'day':
      return day;
    case 'weekdayDay':
      return `${p.weekday} ${day}`;
    case 'month':
      return `${p.month} ${p.year}`;
    case 'hm':
      return hm;
    case 'hms':
      return hms;
  }
}

/** The zone's short name at that instant: "BST", "GMT", "CEST", "UTC", "GMT-4". */
export function zoneName(ms: number, timeZone: string): string {
  return zoneParts(ms, timeZone).zone;
}

/** Whether two instants fall on the same day of the city's calendar. */
export function sameLocalDay(a: number, b: number, timeZone: string): boolean {
  if (!ok(a) || !ok(b)) return false;
  const p = zoneParts(a, timeZone);
  const q = zoneParts(b, timeZone);
  return p.day === q.day && p.month === q.month && p.year === q.year;
}

/**
 * A time in a sentence, as short as its reference allows: "10:15 CET" on the reference's day, "3 Dec 10:15 CET" on
 * another day of its year, "3 Dec 2025 10:15 CET" otherwise (and with no reference). `seconds`: to the second.
 */
export function formatTimeNear(ms: number | null | undefined, ref: number | null | undefined, timeZone: string, seconds = false): string {
  if (!ok(ms)) return '—';
  if (ok(ref) && sameLocalDay(ms, ref, timeZone)) return formatTime(ms, timeZone, seconds ? 'clockSeconds' : 'clock');
  const p = zoneParts(ms, timeZone);
  const clock = `${clockOf(p, seconds)} ${p.zone}`;
  if (ok(ref) && zoneParts(ref, timeZone).year === p.year) return `${dayOf(p)} ${clock}`;
  return `${dayOf(p)} ${p.year} ${clock}`;
}

/** The feed's instants in full, to the second with the zone: "30 Nov 2026 10:15:42 CET" (audit, alarm history). */
export function formatFeedTime(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'stamp');
}

/** A time shown alone, with its zone: "10:15 BST". */
export function formatClock(ms: number | null, timeZone: string): string {
  return formatTime(ms, timeZone, 'clock');
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A tick's label on a time axis whose ticks are `step` ms apart (uPlot's axes, the KPI chart, the timeline): 24-hour
 * clock on the city's clock ("10:15", "10:15:30" at second steps); at a local midnight, or for steps of a day or
 * more, the day ("30 Nov"); for steps of about a month, "Nov 2026". The axis names the zone once (axisZoneText).
 */
export function formatAxisTick(ms: number, timeZone: string, step: number): string {
  if (!ok(ms)) return '';
  if (step >= 28 * DAY) return formatTime(ms, timeZone, 'month');
  const p = zoneParts(ms, timeZone);
  if (step >= DAY || (p.hour === '00' && p.minute === '00' && p.second === '00' && step >= MINUTE)) return dayOf(p);
  return clockOf(p, step < MINUTE);
}

/** The zone(s) an axis from `from` to `to` is in: "CET", or "CEST / CET" when a clock change lies inside it. */
export function axisZoneText(from: number, to: number, timeZone: string): string {
  const a = zoneName(from, timeZone);
  const b = zoneName(to, timeZone);
  return a === b ? a : `${a} / ${b}`;
}

/** A span in words: "42 s", "5 min", "3 h 10 min", "2 d 4 h" (whole units, rounded down); "—" for none. */
export function formatSpan(ms: number | null | undefined): string {
  if (!ok(ms)) return '—';
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/**
 * `ms` relative to `now` (the feed clock, or in replay the replayed instant): "20 min ago", "in 5 min", "just now"
 * (within 10 s). The caller re-renders as `now` ticks (renderer/time/useNow.ts). "—" when either is unknown.
 */
export function formatRelative(ms: number | null | undefined, now: number | null | undefined): string {
  if (!ok(ms) || !ok(now)) return '—';
  const d = now - ms;
  if (Math.abs(d) < 10 * SECOND) return 'just now';
  return d > 0 ? `${formatSpan(d)} ago` : `in ${formatSpan(-d)}`;
}
