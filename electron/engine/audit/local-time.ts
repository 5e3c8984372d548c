/**
 * Times in the city's zone for the audit's words (its CSV uses the desk's full form, formatFeedTime): "11:21 CEST", "2 Aug 11:21 CEST", "2014-08-02 11:21:05
 * CEST". Never ISO in words. The parts come from electron/shared/zone-time.ts (its formatters are made once).
 */
import { timeParts } from '../../shared/zone-time';

/**
 * A time inside a detail, relative to the row's own time: "11:21 CEST" on the same local day, "3 Aug 11:21 CEST" on
 * another one (with the year when that differs too).
 */
export function localTimeNear(ms: number, ref: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  const p = timeParts(ms, timeZone, 'full');
  const clock = `${p.hour}:${p.minute} ${p.timeZoneName ?? ''}`.trim();
  if (!Number.isFinite(ref)) return `${dayText(ms, timeZone, true)} ${clock}`;
  const r = timeParts(ref, timeZone, 'full');
  if (p.year === r.year && p.month === r.month && p.day === r.day) return clock;
  return `${dayText(ms, timeZone, p.year !== r.year)} ${clock}`;
}

function dayText(ms: number, timeZone: string, withYear: boolean): string {
  const d = timeParts(ms, timeZone, 'day');
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
