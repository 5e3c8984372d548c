/** Numbers, spans and relative times in the chosen language (renderer/panels/format.ts), English unchanged. */
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../renderer/i18n/i18n';
import { formatBytes, formatCount, formatInt, formatNumber, formatPercent, formatRelative, formatSpan, formatTime, formatValue } from '../../../renderer/panels/format';
import { displayLocale } from '../../../electron/shared/zone-time';

const MIN = 60_000;
const T = Date.parse('2026-11-30T09:15:42Z');

afterEach(() => {
  setLanguage('en');
});

describe('format in the chosen language', () => {
  it('English: as before', () => {
    expect(formatValue(12.345, 'km/h', 1)).toBe('12.3 km/h');
    expect(formatValue(3.14159)).toBe('3.14');
    expect(formatValue(1234.56)).toBe('1234.6');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(null)).toBe('empty');
    expect(formatPercent(0.42)).toBe('42%');
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatCount(12345)).toBe('12.3k');
    expect(formatCount(1250000)).toBe('1.25M');
    expect(formatCount(2000)).toBe('2k');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatNumber(-0.0001, { decimals: 2 })).toBe('0.00');
    expect(formatSpan(3 * 60 * MIN + 10 * MIN)).toBe('3 h 10 min');
    expect(formatSpan(52 * 60 * MIN)).toBe('2 d 4 h');
    expect(formatRelative(T - 20 * MIN, T)).toBe('20 min ago');
    expect(formatRelative(T + 5 * MIN, T)).toBe('in 5 min');
    expect(formatRelative(T - 3000, T)).toBe('just now');
    expect(formatTime(T, 'Europe/Copenhagen', 'stamp')).toBe('30 Nov 2026 10:15:42 CET');
  });

  it('Danish: decimal comma, full-stop thousands, Danish words and dates', () => {
    setLanguage('da');
    expect(displayLocale()).toBe('da-DK');
    expect(formatValue(12.345, 'km/h', 1)).toBe('12,3 km/h');
    expect(formatValue(3.14159)).toBe('3,14');
    expect(formatValue(1234.56)).toBe('1234,6');
    expect(formatValue(null)).toBe('tom');
    expect(formatPercent(0.42)).toBe('42 %');
    expect(formatInt(1234567)).toBe('1.234.567');
    expect(formatCount(12345)).toBe('12,3k');
    expect(formatBytes(12_345_678)).toBe('12,3 MB');
    expect(formatSpan(3 * 60 * MIN + 10 * MIN)).toBe('3 t 10 min');
    expect(formatSpan(52 * 60 * MIN)).toBe('2 d 4 t');
    expect(formatRelative(T - 20 * MIN, T)).toBe('for 20 min siden');
    expect(formatRelative(T + 5 * MIN, T)).toBe('om 5 min');
    expect(formatRelative(T - 3000, T)).toBe('lige nu');
    expect(formatTime(T, 'Europe/Copenhagen', 'stamp')).toBe('30. nov. 2026 10.15.42 CET');
  });

  it('back to English', () => {
    setLanguage('da');
    setLanguage('en');
    expect(displayLocale()).toBe('en-GB');
    expect(formatValue(12.345, '', 1)).toBe('12.3');
  });
});
