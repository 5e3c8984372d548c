/**
 * Times in the city's zone for the audit's words and its CSV: "11:21 CEST", "2 Aug 11:21 CEST", "2014-08-02 11:21:05
 * CEST". Never ISO in words. Formatters are made once per (zone, shape): Intl.DateTimeFormat is costly to build.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

const SHAPES = {
  full: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
  day: { day: 'numeric', month: 'short', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

function parts(ms: number, timeZone: string, shape: keyof typeof SHAPES): Record<string, string> {
  const key = `${shape}|${timeZone}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { ...SHAPES[shape], hour12: false, timeZone });
    formatters.set(key, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** "2014-08-02 11:21:05 CEST": a row's own time, in full. */
export function localDateTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return '—';
  const p = parts(ms, timeZone, 'full');
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName ?? ''}`.trim();
}

/**
 * A time inside a detail, relative to the row's own time: "11:21 CEST" on the same local day, "3 Aug 11:21 CEST" on
 * another one (with the year when that differs too).
 */
export function localTimeNear(ms: number, ref: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  const p = parts(ms, timeZone, 'full');
  const clock = `${p.hour}:${p.minute} ${p.timeZoneName ?? ''}`.trim();
  if (!Number.isFinite(ref)) return `${dayText(ms, timeZone, true)} ${clock}`;
  const r = parts(ref, timeZone, 'full');
  if (p.year === r.year && p.month === r.month && p.day === r.day) return clock;
  return `${dayText(ms, timeZone, p.year !== r.year)} ${clock}`;
}

function dayText(ms: number, timeZone: string, withYear: boolean): string {
  const d = parts(ms, timeZone, 'day');
  return withYear ? `${d.day} ${d.month} ${d.year}` : `${d.day} ${d.month}`;
}

/** A span in words: "45 s", "30 min", "2 h", "2 h 15 min", "3 d 4 h". */
export function spanText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
