/**
 * Times in the city's zone for the audit's words (its CSV keeps ISO 8601 beside the desk's full form): "11:21 CEST",
 * "2 Aug 11:21 CEST", "2 Aug 2014 11:21 CEST". Never ISO in words. The shapes are electron/shared/zone-time.ts's.
 */
import { formatSpan, formatTimeNear } from '../../shared/zone-time';

/**
 * A time inside a detail, relative to the row's own time: "11:21 CEST" on the same local day, "3 Aug 11:21 CEST" on
 * another one (with the year when that differs too, or when the row's time is unknown).
 */
export function localTimeNear(ms: number, ref: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  return formatTimeNear(ms, ref, timeZone);
}

/** A span in words: "45 s", "30 min", "2 h", "2 h 15 min", "3 d 4 h". */
export function spanText(ms: number): string {
  return formatSpan(ms);
}
