import { describe, expect, it } from 'vitest';
import { fromZonedInput, parsePeriod, periodParams, toZonedInput } from '../../renderer/kpi/period';

const CPH = 'Europe/Copenhagen';

describe('KPI period in the city time zone', () => {
  it.each<[string, string, string, number]>([
    ['summer (CEST, UTC+2)', CPH, '2014-08-04 10:00', Date.UTC(2014, 7, 4, 8, 0)],
    ['winter (CET, UTC+1)', CPH, '2014-12-01 10:00', Date.UTC(2014, 11, 1, 9, 0)],
    ['UTC', 'UTC', '2014-08-04 10:00', Date.UTC(2014, 7, 4, 10, 0)],
    ['west of UTC', 'America/New_York', '2014-08-04 10:00', Date.UTC(2014, 7, 4, 14, 0)],
    ['a half-hour zone', 'Asia/Kolkata', '2014-08-04 10:00', Date.UTC(2014, 7, 4, 4, 30)],
    ['just after the autumn change', CPH, '2014-10-26 03:30', Date.UTC(2014, 9, 26, 2, 30)],
    ['twice in the autumn: the first (CEST)', CPH, '2014-10-26 02:30', Date.UTC(2014, 9, 26, 0, 30)],
  ])('%s', (_n, tz, input, utc) => {
    expect(fromZonedInput(input, tz)).toBe(utc);
    expect(toZonedInput(utc, tz)).toBe(input);
  });

  it('a time skipped by the spring change is no instant (the period says so in words)', () => {
    // 2014-03-30 02:30 does not exist in Copenhagen (02:00 CET -> 03:00 CEST).
    expect(fromZonedInput('2014-03-30 02:30', CPH)).toBeNull();
    expect(toZonedInput(Date.UTC(2014, 2, 30, 1, 30), CPH)).toBe('2014-03-30 03:30');
    expect(parsePeriod('2014-03-30 02:30', '2014-03-30 12:00', CPH)).toEqual({
      ok: false,
      field: 'from',
      error: '2014-03-30 02:30 does not exist: on 30 Mar 2014 the clocks jump from 02:00 to 03:00 (CET to CEST); pick a time before 02:00 or from 03:00',
    });
  });

  it.each(['', 'yesterday', '2014-02-30 10:00', '2014-08-04 25:00', '2014-08-04'])('%j is not a date and time', (v) => {
    expect(fromZonedInput(v, CPH)).toBeNull();
  });

  it.each<[string, string, string, string | null]>([
    ['a day', '2014-08-04 00:00', '2014-08-05 00:00', null],
    ['no start', '', '2014-08-05 00:00', 'from: enter the start as a date and time'],
    ['no end', '2014-08-04 00:00', '', 'to: enter the end as a date and time'],
    ['not the format', '2014-08-04 00:00', '08/05/2014, 12:00 AM', 'to: “08/05/2014, 12:00 AM” is not a date and time: write it as YYYY-MM-DD HH:MM on the 24-hour clock, e.g. 2026-12-01 06:50'],
    ['backwards', '2014-08-05 00:00', '2014-08-04 00:00', 'the period must end after it starts'],
    ['empty', '2014-08-05 00:00', '2014-08-05 00:00', 'the period must end after it starts'],
    ['too long', '2014-07-01 00:00', '2014-08-05 00:00', 'a period covers at most 31 days'],
  ])('%s', (_n, from, to, error) => {
    const r = parsePeriod(from, to, CPH);
    if (error === null) expect(r).toEqual({ ok: true, from: Date.UTC(2014, 7, 3, 22, 0), to: Date.UTC(2014, 7, 4, 22, 0) });
    else if (/^(from|to): /.test(error)) expect(r).toEqual({ ok: false, field: error.split(':')[0], error: error.slice(error.indexOf(': ') + 2) });
    else expect(r).toEqual({ ok: false, error });
  });

  it('live asks the engine for its own last 24 h; a period sends its bounds', () => {
    expect(periodParams({ kind: 'live' })).toEqual({});
    expect(periodParams({ kind: 'range', from: 1, to: 2 })).toEqual({ from: 1, to: 2 });
  });
});
