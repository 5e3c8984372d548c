import { describe, expect, it } from 'vitest';
import { fromZonedInput, parsePeriod, periodParams, toZonedInput } from '../../renderer/kpi/period';

const CPH = 'Europe/Copenhagen';

describe('KPI period in the city time zone', () => {
  it.each<[string, string, string, number]>([
    ['summer (CEST, UTC+2)', CPH, '2014-08-04T10:00', Date.UTC(2014, 7, 4, 8, 0)],
    ['winter (CET, UTC+1)', CPH, '2014-12-01T10:00', Date.UTC(2014, 11, 1, 9, 0)],
    ['UTC', 'UTC', '2014-08-04T10:00', Date.UTC(2014, 7, 4, 10, 0)],
    ['west of UTC', 'America/New_York', '2014-08-04T10:00', Date.UTC(2014, 7, 4, 14, 0)],
    ['a half-hour zone', 'Asia/Kolkata', '2014-08-04T10:00', Date.UTC(2014, 7, 4, 4, 30)],
    ['just after the autumn change', CPH, '2014-10-26T03:30', Date.UTC(2014, 9, 26, 2, 30)],
    ['twice in the autumn: the second (CET)', CPH, '2014-10-26T02:30', Date.UTC(2014, 9, 26, 1, 30)],
  ])('%s', (_n, tz, input, utc) => {
    expect(fromZonedInput(input, tz)).toBe(utc);
    expect(toZonedInput(utc, tz)).toBe(input);
  });

  it('a time skipped by the spring change reads with the offset before it', () => {
    // 2014-03-30 02:30 does not exist in Copenhagen (02:00 CET -> 03:00 CEST): read as CET, it is 03:30 CEST.
    expect(fromZonedInput('2014-03-30T02:30', CPH)).toBe(Date.UTC(2014, 2, 30, 1, 30));
    expect(toZonedInput(Date.UTC(2014, 2, 30, 1, 30), CPH)).toBe('2014-03-30T03:30');
  });

  it.each(['', 'yesterday', '2014-02-30T10:00', '2014-08-04T25:00', '2014-08-04'])('%j is not a date and time', (v) => {
    expect(fromZonedInput(v, CPH)).toBeNull();
  });

  it.each<[string, string, string, string | null]>([
    ['a day', '2014-08-04T00:00', '2014-08-05T00:00', null],
    ['no start', '', '2014-08-05T00:00', 'enter the start as a date and time'],
    ['no end', '2014-08-04T00:00', 'x', 'enter the end as a date and time'],
    ['backwards', '2014-08-05T00:00', '2014-08-04T00:00', 'the period must end after it starts'],
    ['empty', '2014-08-05T00:00', '2014-08-05T00:00', 'the period must end after it starts'],
    ['too long', '2014-07-01T00:00', '2014-08-05T00:00', 'a period covers at most 31 days'],
  ])('%s', (_n, from, to, error) => {
    const r = parsePeriod(from, to, CPH);
    if (error === null) expect(r).toEqual({ ok: true, from: Date.UTC(2014, 7, 3, 22, 0), to: Date.UTC(2014, 7, 4, 22, 0) });
    else expect(r).toEqual({ ok: false, error });
  });

  it('live asks the engine for its own last 24 h; a period sends its bounds', () => {
    expect(periodParams({ kind: 'live' })).toEqual({});
    expect(periodParams({ kind: 'range', from: 1, to: 2 })).toEqual({ from: 1, to: 2 });
  });
});
