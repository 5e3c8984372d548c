/**
 * Every time is shown in the city's IANA zone (passed in from the store), with the zone named, on both sides of each
 * daylight-saving change: the repeated autumn hour reads differently (BST / GMT), the skipped spring hour never shows.
 */
import { describe, expect, it } from 'vitest';
import { formatClock, formatFeedRange, formatFeedShort, formatFeedTime, formatWallTime, zoneName } from '../../renderer/panels/format';

const MIN = 60_000;
// 2024: clocks change at 01:00 UTC in both zones (last Sunday of March and of October).
const SPRING = Date.UTC(2024, 2, 31, 1, 0);
const AUTUMN = Date.UTC(2024, 9, 27, 1, 0);

describe('time formatting in the city zone, DST both sides', () => {
  it('Europe/London: GMT before spring, BST after; the repeated autumn hour is told apart by its zone', () => {
    expect(formatClock(SPRING - MIN, 'Europe/London')).toBe('00:59 GMT');
    expect(formatClock(SPRING, 'Europe/London')).toBe('02:00 BST');
    expect(formatClock(AUTUMN - MIN, 'Europe/London')).toBe('01:59 BST');
    expect(formatClock(AUTUMN, 'Europe/London')).toBe('01:00 GMT');
    expect(formatClock(AUTUMN + 59 * MIN, 'Europe/London')).toBe('01:59 GMT');
    expect(formatFeedTime(AUTUMN - 30 * MIN, 'Europe/London')).toBe('27 Oct 2024 01:30:00 BST');
    expect(formatFeedTime(AUTUMN + 30 * MIN, 'Europe/London')).toBe('27 Oct 2024 01:30:00 GMT');
  });

  it('Europe/Copenhagen: CET before spring, CEST after, and back', () => {
    expect(formatClock(SPRING - MIN, 'Europe/Copenhagen')).toBe('01:59 CET');
    expect(formatClock(SPRING, 'Europe/Copenhagen')).toBe('03:00 CEST');
    expect(formatClock(AUTUMN - MIN, 'Europe/Copenhagen')).toBe('02:59 CEST');
    expect(formatClock(AUTUMN, 'Europe/Copenhagen')).toBe('02:00 CET');
    expect(formatWallTime(AUTUMN - MIN, 'Europe/Copenhagen')).toBe('27 Oct 2024 02:59 CEST');
    expect(formatWallTime(AUTUMN, 'Europe/Copenhagen')).toBe('27 Oct 2024 02:00 CET');
  });

  it('the same instant reads in each city its own way; lists name the day and the zone, ranges name the zone', () => {
    const t = Date.UTC(2024, 6, 1, 9, 15);
    expect(formatClock(t, 'Europe/London')).toBe('10:15 BST');
    expect(formatClock(t, 'Europe/Copenhagen')).toBe('11:15 CEST');
    expect(formatClock(t, 'UTC')).toBe('09:15 UTC');
    expect(formatFeedShort(t, 'Europe/London')).toBe('1 Jul 10:15 BST');
    expect(formatFeedRange(AUTUMN - 30 * MIN, AUTUMN + 30 * MIN, 'Europe/London')).toBe('27 Oct 01:30 BST – 01:30 GMT');
    expect(zoneName(t, 'Europe/London')).toBe('BST');
    expect(zoneName(Date.UTC(2024, 0, 1), 'Europe/London')).toBe('GMT');
    expect(formatClock(null, 'Europe/London')).toBe('—');
    expect(formatWallTime(Number.NaN, 'Europe/London')).toBe('—');
  });
});
