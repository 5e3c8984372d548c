import { describe, expect, it } from 'vitest';
import { formatInstantWords, instantToInput, parseInstant } from '../../../renderer/replay/instantInput';

const FROM = Date.UTC(2014, 6, 31, 22, 0); // 1 Aug 2014 00:00 CEST
const TO = Date.UTC(2014, 7, 8, 10, 0);
const TZ = 'Europe/Copenhagen';
const bounds = { from: FROM, to: TO };

describe('the instant typed on the city clock', () => {
  it('reads a date and time in the city zone, with or without seconds, with a space or a T', () => {
    expect(parseInstant('2014-08-01 08:00', TZ, bounds)).toEqual({ ok: true, at: Date.UTC(2014, 7, 1, 6, 0) });
    expect(parseInstant(' 2014-08-01T08:00:30 ', TZ, bounds)).toEqual({ ok: true, at: Date.UTC(2014, 7, 1, 6, 0, 30) });
  });
  it('says what is wrong', () => {
    expect(parseInstant('', TZ, bounds)).toEqual({ ok: false, error: 'type a date and time, e.g. 2014-08-01 08:00' });
    const bad = parseInstant('2014-02-30 08:00', TZ, bounds);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/is not a date and time: write it as YYYY-MM-DD HH:MM/);
    expect(parseInstant('2014-07-31 23:59', TZ, bounds)).toEqual({ ok: false, error: 'no data before 1 Aug 2014 00:00 CEST' });
    expect(parseInstant('2014-08-09 00:00', TZ, bounds)).toEqual({ ok: false, error: 'that is after the live edge (8 Aug 2014 12:00 CEST)' });
    expect(parseInstant('2014-08-02 00:00', TZ, { from: null, to: null })).toEqual({ ok: false, error: 'the cache holds no data yet' });
  });
  it('writes an instant back as the field shows it', () => {
    const at = Date.UTC(2014, 7, 1, 6, 5, 9);
    expect(instantToInput(at, TZ)).toBe('2014-08-01 08:05:09');
    expect(parseInstant(instantToInput(at, TZ), TZ, bounds)).toEqual({ ok: true, at });
    expect(formatInstantWords(Date.UTC(2014, 0, 5, 12, 0), 'Europe/London')).toBe('5 Jan 2014 12:00 GMT');
  });
});

describe('the instant across the city clock changes (the one reader, renderer/time/zonedInput.ts)', () => {
  const all = { from: Date.UTC(2014, 0, 1), to: Date.UTC(2015, 0, 1) };
  it('a time the spring change skips is refused in words; a time shown twice is the first', () => {
    expect(parseInstant('2014-03-30 02:30', TZ, all)).toEqual({ ok: false, error: '2014-03-30 02:30 does not exist: on 30 Mar 2014 the clocks jump from 02:00 to 03:00 (CET to CEST); pick a time before 02:00 or from 03:00' });
    expect(parseInstant('2014-10-26 02:30', TZ, all)).toEqual({ ok: true, at: Date.UTC(2014, 9, 26, 0, 30) });
    expect(parseInstant('2014-10-26 02:30 CET', TZ, all)).toEqual({ ok: true, at: Date.UTC(2014, 9, 26, 1, 30) });
  });
});
