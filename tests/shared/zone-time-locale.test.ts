/** The one time format in the display locale: English (en-GB, the default) and Danish (da-DK), every shape. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY_LOCALE, displayLocale, formatAxisTick, formatTime, formatTimeNear, setDisplayLocale, type TimeShape } from '../../electron/shared/zone-time';

const CPH = 'Europe/Copenhagen';
const T = Date.parse('2026-11-30T09:15:42Z'); // Monday, 10:15:42 CET
const MAY = Date.parse('2026-05-30T09:15:42Z'); // Saturday, 11:15:42 CEST

const SHAPES: [TimeShape, string, string][] = [
  ['clock', '10:15 CET', '10.15 CET'],
  ['clockSeconds', '10:15:42 CET', '10.15.42 CET'],
  ['dayClock', '30 Nov 10:15 CET', '30. nov. 10.15 CET'],
  ['dateTime', '30 Nov 2026 10:15 CET', '30. nov. 2026 10.15 CET'],
  ['stamp', '30 Nov 2026 10:15:42 CET', '30. nov. 2026 10.15.42 CET'],
  ['weekdayStamp', 'Mon 30 Nov 2026 10:15:42 CET', 'man. 30. nov. 2026 10.15.42 CET'],
  ['listTime', '30 Nov 10:15', '30. nov. 10.15'],
  ['date', '30 Nov 2026', '30. nov. 2026'],
  ['day', '30 Nov', '30. nov.'],
  ['weekdayDay', 'Mon 30 Nov', 'man. 30. nov.'],
  ['month', 'Nov 2026', 'nov. 2026'],
  ['hm', '10:15', '10.15'],
  ['hms', '10:15:42', '10.15.42'],
];

afterEach(() => setDisplayLocale(DEFAULT_DISPLAY_LOCALE));

describe('display locale of the one time format', () => {
  it('is en-GB unless set', () => {
    expect(displayLocale()).toBe('en-GB');
  });

  it.each(SHAPES)('%s in English and Danish', (shape, en, da) => {
    expect(formatTime(T, CPH, shape)).toBe(en);
    setDisplayLocale('da-DK');
    expect(formatTime(T, CPH, shape)).toBe(da);
  });

  it('Danish month and weekday names, 24-hour clock, the zone kept', () => {
    setDisplayLocale('da-DK');
    expect(formatTime(MAY, CPH, 'weekdayStamp')).toBe('lør. 30. maj 2026 11.15.42 CEST');
    expect(formatTime(Date.parse('2026-11-30T22:05:00Z'), CPH, 'clock')).toBe('23.05 CET');
    expect(formatTimeNear(MAY, T, CPH)).toBe('30. maj 11.15 CEST');
    expect(formatAxisTick(T, CPH, 30_000)).toBe('10.15.42');
    expect(formatAxisTick(Date.parse('2026-11-29T23:00:00Z'), CPH, 3_600_000)).toBe('30. nov.');
  });

  it('refuses a locale Intl does not know, keeping the current one', () => {
    expect(() => setDisplayLocale('not a locale')).toThrow();
    expect(displayLocale()).toBe('en-GB');
  });
});
