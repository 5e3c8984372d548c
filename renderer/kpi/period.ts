/**
 * The KPI view's period: live (the engine's last 24 h of the feed clock) or a chosen period, typed as local date and
 * time in the city's zone (never the machine's), in the one format ("2014-08-04 10:00", renderer/time/zonedInput.ts),
 * and sent to the engine as UTC milliseconds. Pure.
 */
import { t } from '../i18n/i18n';
import { formatZonedInput, parseZonedInput, zonedInputError, zonedInputToMs } from '../time/zonedInput';

/** The longest chosen period (the engine's limit, commands/alarm-kpis.ts). */
export const MAX_PERIOD_DAYS = 31;

export type KpiPeriod = { kind: 'live' } | { kind: 'range'; from: number; to: number };

const parts = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock fields (year, month 1-12, day, hour, minute, second) of an instant in the zone. */
export function fieldsIn(ms: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let fmt = parts.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    parts.set(timeZone, fmt);
  }
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms. */
export function offsetAt(ms: number, timeZone: string): number {
  const f = fieldsIn(ms, timeZone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - Math.floor(ms / 1000) * 1000;
}

/** An instant as a time field's text in the zone, the one format (renderer/time/zonedInput.ts): "2014-08-04 10:00". */
export function toZonedInput(ms: number, timeZone: string): string {
  return formatZonedInput(ms, timeZone);
}

/**
 * A time field's text read in the zone (the one reader, renderer/time/zonedInput.ts), as UTC ms; null when it is not
 * a date and time or names no instant (a time skipped by the spring clock change). A time shown twice (autumn) is the
 * first, unless the zone typed after it picks the second.
 */
export function fromZonedInput(value: string, timeZone: string): number | null {
  return zonedInputToMs(value, timeZone);
}

/**
 * A wall-clock time in the zone, written as if it were UTC ms (Date.UTC of its fields), as the instant it names. A time
 * skipped by a clock change is read with the offset before the change; a time that occurs twice is the second one.
 */
export function wallToUtc(wall: number, timeZone: string): number {
  // Two passes: the offset at the first guess, then at the instant it gives (they differ only around a clock change).
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return offsetAt(second, timeZone) === wall - second ? second : Math.max(first, second);
}

/**
 * The chosen period from the two fields, or what is wrong with it (`field`: the field it is about, shown under it; a
 * period's own problem has none).
 */
export function parsePeriod(fromInput: string, toInput: string, timeZone: string): { ok: true; from: number; to: number } | { ok: false; error: string; field?: 'from' | 'to' } {
  const a = parseZonedInput(fromInput, timeZone);
  if (!a.ok) return { ok: false, field: 'from', error: a.problem.kind === 'empty' ? t('kpi.errStart') : zonedInputError(a.problem, t) };
  const b = parseZonedInput(toInput, timeZone);
  if (!b.ok) return { ok: false, field: 'to', error: b.problem.kind === 'empty' ? t('kpi.errEnd') : zonedInputError(b.problem, t) };
  const [from, to] = [a.at, b.at];
  if (!(from < to)) return { ok: false, error: t('kpi.errOrder') };
  if (to - from > MAX_PERIOD_DAYS * 86_400_000) return { ok: false, error: t('kpi.errLong', { n: MAX_PERIOD_DAYS }) };
  return { ok: true, from, to };
}

/** The KPI command's parameters for the period (live: none, the engine takes its feed clock's last 24 h). */
export function periodParams(p: KpiPeriod): { from?: number; to?: number } {
  return p.kind === 'live' ? {} : { from: p.from, to: p.to };
}
