/**
 * The one time format (electron/shared/zone-time.ts): every shape, on both sides of the daylight-saving changes of
 * Europe/Copenhagen and Europe/London, at local midnight, with the zone's name; the axis ticks; spans and relative
 * times.
 */
import { describe, expect, it } from 'vitest';
import {
  axisZoneText,
  formatAxisTick,
  formatClock,
  formatFeedTime,
  formatRelative,
  formatSpan,
  formatTime,
  formatTimeNear,
  sameLocalDay,
  zoneName,
  zoneParts,
  type TimeShape,
} from '../../electron/shared/zone-time';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// 2026-11-30 09:15:42 UTC: 10:15:42 in Copenhagen (CET), 09:15:42 in London (GMT).
const T = Date.UTC(2026, 10, 30, 9, 15, 42);
// 2024: clocks change at 01:00 UTC in both zones (last Sunday of March and of October).
const SPRING = Date.UTC(2024, 2, 31, 1, 0);
const AUTUMN = Date.UTC(2024, 9, 27, 1, 0);
const CPH = 'Europe/Copenhagen';
const LON = 'Europe/London';

describe('every shape, in the city zone', () => {
  it('writes each shape of the same instant (Copenhagen, winter)', () => {
    const expected: Record<TimeShape, string> = {
      clock: '10:15 CET',
      clockSeconds: '10:15:42 CET',
      dayClock: '30 Nov 10:15 CET',
      dateTime: '30 Nov 2026 10:15 CET',
      stamp: '30 Nov 2026 10:15:42 CET',
      weekdayStamp: 'Mon 30 Nov 2026 10:15:42 CET',
      listTime: '30 Nov 10:15',
      date: '30 Nov 2026',
      day: '30 Nov',
      weekdayDay: 'Mon 30 Nov',
      month: 'Nov 2026',
      hm: '10:15',
      hms: '10:15:42',
    };
    for (const [shape, text] of Object.entries(expected)) expect(formatTime(T, CPH, shape as TimeShape), shape).toBe(text);
  });

  it('never writes 12-hour times, numeric dates or ISO', () => {
    for (let h = 0; h < 24; h++) {
      const t = Date.UTC(2026, 10, 30, h, 5);
      for (const shape of ['clock', 'stamp', 'dayClock', 'weekdayStamp'] as const) {
        const s = formatTime(t, CPH, shape);
        expect(s).not.toMatch(/am|pm|AM|PM|\d+\/\d+|T\d\d:|Z$/);
      }
      expect(formatTime(t, 'UTC', 'hm')).toBe(`${String(h).padStart(2, '0')}:05`);
    }
  });

  it('midnight is 00:00 (never 24:00) and belongs to the new day', () => {
    const midnight = Date.UTC(2026, 10, 30, 23, 0); // 00:00 CET on 1 Dec
    expect(formatTime(midnight, CPH, 'stamp')).toBe('1 Dec 2026 00:00:00 CET');
    expect(formatTime(midnight - SEC, CPH, 'stamp')).toBe('30 Nov 2026 23:59:59 CET');
    expect(formatTime(Date.UTC(2026, 0, 1), LON, 'weekdayStamp')).toBe('Thu 1 Jan 2026 00:00:00 GMT');
    expect(zoneParts(midnight, CPH).hour).toBe('00');
    expect(sameLocalDay(midnight, midnight - SEC, CPH)).toBe(false);
    expect(sameLocalDay(midnight, midnight + 23 * HOUR, CPH)).toBe(true);
  });

  it('Europe/Copenhagen across its clock changes: CET, CEST and back; the skipped hour never shows', () => {
    expect(formatTime(SPRING - MIN, CPH, 'clockSeconds')).toBe('01:59:00 CET');
    expect(formatTime(SPRING, CPH, 'clockSeconds')).toBe('03:00:00 CEST');
    expect(formatTime(AUTUMN - MIN, CPH, 'stamp')).toBe('27 Oct 2024 02:59:00 CEST');
    expect(formatTime(AUTUMN, CPH, 'stamp')).toBe('27 Oct 2024 02:00:00 CET');
    for (let t = SPRING - 2 * HOUR; t < SPRING + 2 * HOUR; t += 5 * MIN) expect(formatTime(t, CPH, 'hm').startsWith('02:')).toBe(false);
  });

  it('Europe/London across its clock changes: the repeated autumn hour is told apart by its zone', () => {
    expect(formatClock(SPRING - MIN, LON)).toBe('00:59 GMT');
    expect(formatClock(SPRING, LON)).toBe('02:00 BST');
    expect(formatFeedTime(AUTUMN - 30 * MIN, LON)).toBe('27 Oct 2024 01:30:00 BST');
    expect(formatFeedTime(AUTUMN + 30 * MIN, LON)).toBe('27 Oct 2024 01:30:00 GMT');
    expect(zoneName(T, LON)).toBe('GMT');
    expect(zoneName(Date.UTC(2026, 6, 1), LON)).toBe('BST');
    expect(zoneName(T, 'UTC')).toBe('UTC');
  });

  it('no time is a dash, and an unknown zone is an error, not a guess', () => {
    expect(formatTime(null, CPH, 'stamp')).toBe('—');
    expect(formatTime(Number.NaN, CPH, 'clock')).toBe('—');
    expect(formatTime(undefined, CPH, 'day')).toBe('—');
    expect(() => formatTime(T, 'Mars/Olympus', 'clock')).toThrow(RangeError);
  });
});

describe('times in sentences', () => {
  it('as short as the reference allows', () => {
    expect(formatTimeNear(T + HOUR, T, CPH)).toBe('11:15 CET');
    expect(formatTimeNear(T + HOUR, T, CPH, true)).toBe('11:15:42 CET');
    expect(formatTimeNear(T + 2 * DAY, T, CPH)).toBe('2 Dec 10:15 CET');
    expect(formatTimeNear(T + 40 * DAY, T, CPH)).toBe('9 Jan 2027 10:15 CET');
    expect(formatTimeNear(T, null, CPH)).toBe('30 Nov 2026 10:15 CET');
    expect(formatTimeNear(AUTUMN + 30 * MIN, AUTUMN - 30 * MIN, LON)).toBe('01:30 GMT');
  });
});

describe('axis ticks', () => {
  it('24-hour ticks on the city clock, the day at local midnight and for day steps, months by name', () => {
    expect(formatAxisTick(Date.UTC(2026, 10, 30, 5), CPH, 2 * HOUR)).toBe('06:00');
    expect(formatAxisTick(Date.UTC(2026, 10, 30, 19), CPH, 2 * HOUR)).toBe('20:00');
    expect(formatAxisTick(Date.UTC(2026, 10, 29, 23), CPH, 2 * HOUR)).toBe('30 Nov');
    expect(formatAxisTick(Date.UTC(2026, 10, 30, 9, 15, 30), CPH, 15 * SEC)).toBe('10:15:30');
    expect(formatAxisTick(Date.UTC(2026, 10, 29, 23), CPH, 15 * SEC)).toBe('00:00:00');
    expect(formatAxisTick(Date.UTC(2026, 10, 30, 9), CPH, DAY)).toBe('30 Nov');
    expect(formatAxisTick(Date.UTC(2026, 10, 30, 9), CPH, 30 * DAY)).toBe('Nov 2026');
    expect(axisZoneText(T, T + HOUR, CPH)).toBe('CET');
    expect(axisZoneText(AUTUMN - HOUR, AUTUMN + HOUR, CPH)).toBe('CEST / CET');
  });
});

describe('spans and relative times', () => {
  it('spans in whole units', () => {
    expect(formatSpan(42 * SEC)).toBe('42 s');
    expect(formatSpan(5 * MIN + 59 * SEC)).toBe('5 min');
    expect(formatSpan(3 * HOUR + 10 * MIN)).toBe('3 h 10 min');
    expect(formatSpan(2 * DAY + 4 * HOUR)).toBe('2 d 4 h');
    expect(formatSpan(null)).toBe('—');
  });

  it('relative to the clock it is given, so that it moves as the clock ticks', () => {
    const raised = T - 20 * MIN;
    expect(formatRelative(raised, T)).toBe('20 min ago');
    expect(formatRelative(raised, T + MIN)).toBe('21 min ago');
    expect(formatRelative(T + 5 * MIN, T)).toBe('in 5 min');
    expect(formatRelative(T - 3 * SEC, T)).toBe('just now');
    expect(formatRelative(raised, null)).toBe('—');
  });
});
