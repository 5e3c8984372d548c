/**
 * The instant typed in the replay controls (pure): a date and time on the city's clock, checked against the data held
 * (no data before the oldest, nothing after the live edge), with what is wrong said in words (the operator's language).
 */
import { formatTime } from '../panels/format';
import type { TimelineBounds } from './timelineScale';
import { formatZonedInput, parseZonedInput, zonedInputError } from '../time/zonedInput';
import { t } from '../i18n/i18n';

/** "1 Aug 2014 00:00 CEST" on the city's clock (the one time format, in the operator's language: "1. aug. 2014 00.00 CEST"). */
export function formatInstantWords(ms: number, timeZone: string): string {
  return formatTime(ms, timeZone, 'dateTime');
}

/** The field's text for an instant: "2014-08-01 08:05:30" on the city's clock. */
export function instantToInput(ms: number, timeZone: string): string {
  return formatZonedInput(ms, timeZone, true);
}

export type InstantParse = { ok: true; at: number } | { ok: false; error: string };

/**
 * Reads "YYYY-MM-DD HH:MM[:SS]" (or with a T, as a datetime-local field gives it) on the city's clock, within the
 * data: not before the oldest data held, not after the live edge.
 */
export function parseInstant(text: string, timeZone: string, bounds: TimelineBounds): InstantParse {
  const value = text.trim();
  if (value === '') return { ok: false, error: t('replay.instant.empty') };
  // The one reader (renderer/time/zonedInput.ts): a time the clock skips (spring) or a zone it is not, said as such.
  const read = parseZonedInput(value, timeZone);
  if (!read.ok && (read.problem.kind === 'gap' || read.problem.kind === 'zone')) return { ok: false, error: zonedInputError(read.problem, t, true) };
  const at = read.ok ? read.at : null;
  if (at === null) return { ok: false, error: t('replay.instant.invalid', { text: text.trim(), zone: timeZone }) };
  if (bounds.from === null || bounds.to === null) return { ok: false, error: t('replay.instant.noData') };
  if (at < bounds.from) return { ok: false, error: t('replay.instant.before', { time: formatInstantWords(bounds.from, timeZone) }) };
  if (at > bounds.to) return { ok: false, error: t('replay.instant.after', { time: formatInstantWords(bounds.to, timeZone) }) };
  return { ok: true, at };
}
