/** A rule's activeHours as a predicate over epoch ms, in the rule's time zone. */
import type { Rule } from './schema';

/**
 * activeHours as a predicate over epoch ms. from < to: [from, to) on the listed days. from > to (overnight, e.g.
 * 22:00-06:00): from `from` on a listed day until `to` the next morning. The zone's UTC offset is cached per quarter
 * hour (offsets change on quarter-hour boundaries), so the check costs a Map-free comparison almost always.
 */
export function activeHoursFn(h: NonNullable<Rule['activeHours']>): (ms: number) => boolean {
  const from = toMinutes(h.from);
  const to = toMinutes(h.to);
  const days = h.days ? new Set(h.days) : null;
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: h.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  let cachedQuarter = NaN;
  let cachedOffset = 0;
  const offsetAt = (ms: number) => {
    const q = Math.floor(ms / 900_000);
    if (q !== cachedQuarter) {
      const p: Record<string, string> = {};
      for (const part of fmt.formatToParts(new Date(q * 900_000))) p[part.type] = part.value;
      const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
      cachedOffset = local - q * 900_000;
      cachedQuarter = q;
    }
    return cachedOffset;
  };
  const dayOk = (isoDay: number) => !days || days.has(isoDay);
  return (ms) => {
    const local = ms + offsetAt(ms);
    const dayIndex = Math.floor(local / 86_400_000);
    const minute = Math.floor((local - dayIndex * 86_400_000) / 60_000);
    const isoDay = ((((dayIndex + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
    if (from < to) return minute >= from && minute < to && dayOk(isoDay);
    if (minute >= from) return dayOk(isoDay);
    if (minute < to) return dayOk(isoDay === 1 ? 7 : isoDay - 1);
    return false;
  };
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
