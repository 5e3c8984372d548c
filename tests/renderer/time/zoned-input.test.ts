/**
 * The one typed-time format (renderer/time/zonedInput.ts): "2026-12-01 06:50" on the city's 24-hour clock, read
 * strictly, both sides of each clock change in Copenhagen and London (a skipped time is an error that names the jump,
 * a repeated one takes the first and says so, the zone typed after it picks the second), seconds where given, and
 * what is wrong in words in English and Danish.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ambiguityText, formatZonedInput, otherChoiceText, parseZonedInput, stepZonedInput, zonedInputError, zonedInputToMs, type ZonedParse } from '../../../renderer/time/zonedInput';
import { setLanguage, t } from '../../../renderer/i18n/i18n';

const CPH = 'Europe/Copenhagen';
const LON = 'Europe/London';

const ok = (r: ZonedParse): number => {
  if (!r.ok) throw new Error(`not ok: ${JSON.stringify(r.problem)}`);
  return r.at;
};
const problem = (r: ZonedParse) => {
  if (r.ok) throw new Error(`ok: ${r.at}`);
  return r.problem;
};

afterEach(() => {
  setLanguage('en');
});

describe('writing an instant in the one format', () => {
  it.each<[string, string, number, string]>([
    ['winter in Copenhagen (CET)', CPH, Date.UTC(2026, 11, 1, 5, 50), '2026-12-01 06:50'],
    ['summer in Copenhagen (CEST)', CPH, Date.UTC(2014, 7, 4, 8, 0), '2014-08-04 10:00'],
    ['summer in London (BST)', LON, Date.UTC(2014, 7, 4, 9, 0), '2014-08-04 10:00'],
    ['UTC', 'UTC', Date.UTC(2014, 7, 4, 23, 59), '2014-08-04 23:59'],
    ['west of UTC', 'America/New_York', Date.UTC(2014, 7, 4, 14, 0), '2014-08-04 10:00'],
    ['a half-hour zone', 'Asia/Kolkata', Date.UTC(2014, 7, 4, 4, 30), '2014-08-04 10:00'],
    ['midnight is 00, never 24', CPH, Date.UTC(2026, 10, 30, 23, 0), '2026-12-01 00:00'],
  ])('%s', (_n, tz, ms, text) => {
    expect(formatZonedInput(ms, tz)).toBe(text);
    expect(ok(parseZonedInput(text, tz))).toBe(ms);
  });

  it('with seconds where the field takes them; none for no time', () => {
    const at = Date.UTC(2026, 11, 1, 5, 50, 9, 700);
    expect(formatZonedInput(at, CPH, true)).toBe('2026-12-01 06:50:09');
    expect(ok(parseZonedInput('2026-12-01 06:50:09', CPH))).toBe(Date.UTC(2026, 11, 1, 5, 50, 9));
    expect(ok(parseZonedInput('2026-12-01 06:50', CPH))).toBe(Date.UTC(2026, 11, 1, 5, 50, 0));
    expect(formatZonedInput(null, CPH)).toBe('');
    expect(formatZonedInput(Number.NaN, CPH)).toBe('');
  });

  it('never depends on the machine or the display locale', () => {
    setLanguage('da');
    expect(formatZonedInput(Date.UTC(2026, 11, 1, 5, 50, 9), CPH, true)).toBe('2026-12-01 06:50:09');
  });
});

describe('reading strictly', () => {
  it('takes surrounding spaces and the ISO T between date and time', () => {
    expect(ok(parseZonedInput('  2026-12-01 06:50  ', CPH))).toBe(Date.UTC(2026, 11, 1, 5, 50));
    expect(ok(parseZonedInput('2026-12-01T06:50', CPH))).toBe(Date.UTC(2026, 11, 1, 5, 50));
  });

  it.each(['12/01/2026, 06:50 AM', '01-12-2026 06:50', '2026-12-1 06:50', '2026-12-01 6:50', '2026-12-01', '06:50', '2026-12-01 06:50:5', '2026-12-01 06.50', 'yesterday', '2026-12-01 06:50 AM x', '2026-12-01 06:50 PM', '2026-12-01 06:50 am'])('%j is not in the format', (v) => {
    expect(problem(parseZonedInput(v, CPH))).toEqual({ kind: 'format', text: v.trim() });
    expect(zonedInputToMs(v, CPH)).toBeNull();
  });

  it.each(['2026-02-29 10:00', '2026-02-30 10:00', '2026-04-31 10:00', '2026-13-01 10:00', '2026-00-10 10:00', '2026-12-01 24:00', '2026-12-01 10:60', '2026-12-01 10:00:60'])('%j is no such date or time', (v) => {
    expect(problem(parseZonedInput(v, CPH))).toEqual({ kind: 'date', text: v });
  });

  it('a leap day exists in a leap year', () => {
    expect(ok(parseZonedInput('2028-02-29 10:00', CPH))).toBe(Date.UTC(2028, 1, 29, 9, 0));
  });

  it('empty is its own problem', () => {
    expect(problem(parseZonedInput('   ', CPH))).toEqual({ kind: 'empty' });
  });
});

describe('the spring gap: a time the city clock skips does not exist', () => {
  it('Copenhagen, 29 Mar 2026: 02:00 CET jumps to 03:00 CEST', () => {
    const p = problem(parseZonedInput('2026-03-29 02:30', CPH));
    expect(p).toEqual({ kind: 'gap', text: '2026-03-29 02:30', day: '29 Mar 2026', from: '02:00', to: '03:00', before: 'CET', after: 'CEST' });
    expect(zonedInputError(p, t)).toBe('2026-03-29 02:30 does not exist: on 29 Mar 2026 the clocks jump from 02:00 to 03:00 (CET to CEST); pick a time before 02:00 or from 03:00');
    // Its edges exist.
    expect(ok(parseZonedInput('2026-03-29 01:59:59', CPH))).toBe(Date.UTC(2026, 2, 29, 0, 59, 59));
    expect(ok(parseZonedInput('2026-03-29 03:00', CPH))).toBe(Date.UTC(2026, 2, 29, 1, 0));
    expect(problem(parseZonedInput('2026-03-29 02:00', CPH)).kind).toBe('gap');
    expect(problem(parseZonedInput('2026-03-29 02:59:59', CPH)).kind).toBe('gap');
  });

  it('London, 29 Mar 2026: 01:00 GMT jumps to 02:00 BST', () => {
    expect(problem(parseZonedInput('2026-03-29 01:15', LON))).toMatchObject({ kind: 'gap', from: '01:00', to: '02:00', before: 'GMT', after: 'BST' });
    expect(ok(parseZonedInput('2026-03-29 00:59', LON))).toBe(Date.UTC(2026, 2, 29, 0, 59));
    expect(ok(parseZonedInput('2026-03-29 02:00', LON))).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  it('in Danish', () => {
    setLanguage('da');
    const p = problem(parseZonedInput('2026-03-29 02:30', CPH));
    expect(zonedInputError(p, t)).toBe('2026-03-29 02:30 findes ikke: den 29. mar. 2026 springer uret fra 02:00 til 03:00 (CET til CEST); vælg et klokkeslæt før 02:00 eller fra 03:00');
  });
});

describe('the autumn overlap: a time the city clock shows twice', () => {
  it('Copenhagen, 25 Oct 2026: 02:30 is first CEST, then CET; the first is taken and said so', () => {
    const r = parseZonedInput('2026-10-25 02:30', CPH);
    expect(ok(r)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    if (!r.ok || !r.ambiguity) throw new Error('not ambiguous');
    expect(r.ambiguity).toMatchObject({ text: '2026-10-25 02:30', clock: '02:30', day: '25 Oct 2026', earlier: Date.UTC(2026, 9, 25, 0, 30), later: Date.UTC(2026, 9, 25, 1, 30), earlierZone: 'CEST', laterZone: 'CET', taken: 'earlier' });
    expect(ambiguityText(r.ambiguity, t)).toBe('02:30 comes twice on 25 Oct 2026 (the clocks go back): taken as the first, 02:30 CEST');
    expect(otherChoiceText(r.ambiguity)).toBe('2026-10-25 02:30 CET');
  });

  it('the zone typed after it picks one; the other one is offered back', () => {
    const second = parseZonedInput('2026-10-25 02:30 CET', CPH);
    expect(ok(second)).toBe(Date.UTC(2026, 9, 25, 1, 30));
    if (!second.ok || !second.ambiguity) throw new Error('not ambiguous');
    expect(second.ambiguity.taken).toBe('later');
    expect(ambiguityText(second.ambiguity, t)).toBe('02:30 comes twice on 25 Oct 2026 (the clocks go back): taken as the second, 02:30 CET');
    expect(otherChoiceText(second.ambiguity)).toBe('2026-10-25 02:30 CEST');
    expect(ok(parseZonedInput('2026-10-25 02:30 cest', CPH))).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(ok(parseZonedInput('2026-10-25 02:30 UTC+01:00', CPH))).toBe(Date.UTC(2026, 9, 25, 1, 30));
    expect(ok(parseZonedInput('2026-10-25 02:30 +02:00', CPH))).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it('a zone that is not the city’s then is refused', () => {
    const p = problem(parseZonedInput('2026-10-25 02:30 BST', CPH));
    expect(p).toEqual({ kind: 'zone', text: '2026-10-25 02:30 BST', zone: 'BST', expected: 'CEST / CET' });
    expect(zonedInputError(p, t)).toBe('“BST” is not the city\'s zone at that time (CEST / CET)');
    expect(problem(parseZonedInput('2026-12-01 06:50 CEST', CPH))).toMatchObject({ kind: 'zone', expected: 'CET' });
    expect(ok(parseZonedInput('2026-12-01 06:50 CET', CPH))).toBe(Date.UTC(2026, 11, 1, 5, 50));
  });

  it('London, 25 Oct 2026: 01:30 is first BST, then GMT; with seconds', () => {
    const r = parseZonedInput('2026-10-25 01:30:15', LON);
    expect(ok(r)).toBe(Date.UTC(2026, 9, 25, 0, 30, 15));
    if (!r.ok || !r.ambiguity) throw new Error('not ambiguous');
    expect(r.ambiguity).toMatchObject({ clock: '01:30:15', earlierZone: 'BST', laterZone: 'GMT' });
    expect(ok(parseZonedInput(otherChoiceText(r.ambiguity), LON))).toBe(Date.UTC(2026, 9, 25, 1, 30, 15));
    // Just outside the repeated hour: one instant.
    expect(parseZonedInput('2026-10-25 02:00', LON)).toEqual({ ok: true, at: Date.UTC(2026, 9, 25, 2, 0), ambiguity: null });
    expect(parseZonedInput('2026-10-25 00:59', LON)).toEqual({ ok: true, at: Date.UTC(2026, 9, 24, 23, 59), ambiguity: null });
  });

  it('in Danish', () => {
    setLanguage('da');
    const r = parseZonedInput('2026-10-25 02:30', CPH);
    if (!r.ok || !r.ambiguity) throw new Error('not ambiguous');
    expect(ambiguityText(r.ambiguity, t)).toBe('02:30 forekommer to gange den 25. okt. 2026 (uret stilles tilbage): den første er valgt, 02:30 CEST');
  });
});

describe('what is wrong, in words', () => {
  it('in English', () => {
    expect(zonedInputError({ kind: 'empty' }, t)).toBe('type a date and time, e.g. 2026-12-01 06:50');
    expect(zonedInputError({ kind: 'format', text: '12/01/2026, 06:50 AM' }, t)).toBe('“12/01/2026, 06:50 AM” is not a date and time: write it as YYYY-MM-DD HH:MM on the 24-hour clock, e.g. 2026-12-01 06:50');
    expect(zonedInputError({ kind: 'format', text: 'x' }, t, true)).toBe('“x” is not a date and time: write it as YYYY-MM-DD HH:MM:SS on the 24-hour clock, e.g. 2026-12-01 06:50:00');
    expect(zonedInputError({ kind: 'date', text: '2026-02-30 10:00' }, t)).toBe('2026-02-30 10:00 is not a real date and time: check the day of the month, the hours (00–23) and the minutes (00–59)');
  });

  it('in Danish', () => {
    setLanguage('da');
    expect(zonedInputError({ kind: 'empty' }, t)).toBe('skriv en dato og et klokkeslæt, f.eks. 2026-12-01 06:50');
    expect(zonedInputError({ kind: 'format', text: '12/01/2026' }, t)).toBe('»12/01/2026« er ikke en dato og et klokkeslæt: skriv det som ÅÅÅÅ-MM-DD TT:MM med 24-timers ur, f.eks. 2026-12-01 06:50');
    expect(zonedInputError({ kind: 'date', text: '2026-02-30 10:00' }, t)).toMatch(/^2026-02-30 10:00 er ikke en gyldig dato/);
  });
});

describe('ArrowUp / ArrowDown step the part under the caret', () => {
  it.each<[string, number, number, string]>([
    ['2026-12-01 06:50', 15, 1, '2026-12-01 06:51'],
    ['2026-12-01 06:59', 16, 1, '2026-12-01 07:00'],
    ['2026-12-01 00:00', 12, -1, '2026-11-30 23:00'],
    ['2026-12-31 06:50', 9, 1, '2027-01-01 06:50'],
    ['2026-01-31 06:50', 6, 1, '2026-02-28 06:50'],
    ['2028-02-29 06:50', 2, 1, '2029-02-28 06:50'],
    ['2026-12-01 06:50:59', 18, 1, '2026-12-01 06:51:00'],
    ['2026-12-01T06:50', 0, -1, '2025-12-01 06:50'],
  ])('%s at %i by %i', (text, caret, delta, next) => {
    expect(stepZonedInput(text, caret, delta)).toEqual({ text: next, caret });
  });

  it('leaves text not in the format alone', () => {
    expect(stepZonedInput('12/01/2026', 1, 1)).toBeNull();
    expect(stepZonedInput('2026-13-01 06:50', 1, 1)).toBeNull();
  });
});
