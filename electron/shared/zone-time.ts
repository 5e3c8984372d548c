/**
 * Times in a given zone (the city's, never the machine's), for every side that shows them: the renderer's panels and
 * the engine's incident-pack pictures and report. Pure (Intl only).
 */

/**
 * Formatters per (time zone, shape), made once: Intl.DateTimeFormat is costly to build and lists format thousands of
 * times. Every time is shown in the city's zone (the store's city.timeZone, passed in), never the machine's.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export const TIME_SHAPES = {
  full: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' },
  short: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  minute: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  clock: { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' },
  day: { day: 'numeric', month: 'short', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** The date-time parts of `ms` in `timeZone`, in one of the shapes above. */
export function timeParts(ms: number, timeZone: string, shape: keyof typeof TIME_SHAPES): Record<string, string> {
  const key = `${shape}|${timeZone}`;
  let fmt = formatters.get(key);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { ...TIME_SHAPES[shape], hour12: false, timeZone });
    formatters.set(key, fmt);
  }
  return Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

const ok = (ms: number | null | undefined): ms is number => typeof ms === 'number' && Number.isFinite(ms);

/** The zone's short name at that instant: "BST", "GMT", "CEST", "UTC", "GMT-4". */
export function zoneName(ms: number, timeZone: string): string {
  return timeParts(ms, timeZone, 'clock').timeZoneName ?? timeZone;
}

/** e.g. "2014-08-01 08:05:00 CEST" in the given zone. */
export function formatFeedTime(ms: number | null, timeZone: string): string {
  if (!ok(ms)) return '—';
  const p = timeParts(ms, timeZone, 'full');
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName ?? ''}`.trim();
}

/** A time shown alone, with its zone: "10:15 BST". */
export function formatClock(ms: number | null, timeZone: string): string {
  if (!ok(ms)) return '—';
  const p = timeParts(ms, timeZone, 'clock');
  return `${p.hour}:${p.minute} ${p.timeZoneName ?? ''}`.trim();
}
