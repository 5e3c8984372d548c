/** ISO 8601 date-time options of the CLIs (`--from`, `--to`): strict, with one-line usage errors. */
import { UsageError } from './usage-error';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Strict ISO 8601 (calendar date, optional time and offset; no offset = UTC). Rejects 2014-02-30 and friends. */
export function parseIso(flag: string, s: string): number {
  const m = ISO_RE.exec(s);
  if (!m) throw new UsageError(`--${flag} must be an ISO 8601 date or date-time (e.g. 2014-08-01T06:00:00Z), got ${JSON.stringify(s)}`);
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone = 'Z'] = m;
  const ms = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(base);
  const fieldsOk =
    check.getUTCFullYear() === Number(y) &&
    check.getUTCMonth() === Number(mo) - 1 &&
    check.getUTCDate() === Number(d) &&
    check.getUTCHours() === Number(h) &&
    check.getUTCMinutes() === Number(mi) &&
    check.getUTCSeconds() === Number(sec);
  if (!fieldsOk) throw new UsageError(`--${flag} is not a valid date: ${JSON.stringify(s)}`);
  let offsetMin = 0;
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const oh = Number(z[2]);
    const om = Number(z[3]);
    if (oh > 23 || om > 59) throw new UsageError(`--${flag} has an invalid UTC offset: ${JSON.stringify(s)}`);
    offsetMin = (z[1] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base - offsetMin * 60_000;
}
