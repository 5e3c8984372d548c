/** The audit view's pure parts: the range typed in the city's zone, the page parameters and labels, the timeline words. */
import { describe, expect, it } from 'vitest';
import { auditPageParams, byText, lastPageOffset, pageLabel, parseAuditRange, timelineKindText } from '../../renderer/audit/auditQuery';

describe('the audit view\u2019s range', () => {
  it('reads local date-times in the city\u2019s zone, either end open', () => {
    expect(parseAuditRange('', '', 'Europe/Copenhagen')).toEqual({ ok: true, range: {} });
    // 10:00 CEST = 08:00 UTC; 01:00 GMT in London in winter = 01:00 UTC.
    expect(parseAuditRange('2014-08-01T10:00', '', 'Europe/Copenhagen')).toEqual({ ok: true, range: { from: Date.UTC(2014, 7, 1, 8, 0) } });
    expect(parseAuditRange('', '2014-12-01T01:00', 'Europe/London')).toEqual({ ok: true, range: { to: Date.UTC(2014, 11, 1, 1, 0) } });
    expect(parseAuditRange('2014-08-01T10:00', '2014-08-01T12:30', 'Europe/Copenhagen')).toEqual({ ok: true, range: { from: Date.UTC(2014, 7, 1, 8, 0), to: Date.UTC(2014, 7, 1, 10, 30) } });
  });

  it('says what is wrong', () => {
    expect(parseAuditRange('yesterday', '', 'UTC')).toMatchObject({ ok: false, field: 'from', error: expect.stringMatching(/^“yesterday” is not a date and time/) });
    expect(parseAuditRange('', '2014-02-30 10:00', 'UTC')).toMatchObject({ ok: false, field: 'to', error: expect.stringMatching(/^2014-02-30 10:00 is not a real date/) });
    expect(parseAuditRange('2014-03-30 02:30', '', 'Europe/Copenhagen')).toMatchObject({ ok: false, field: 'from', error: expect.stringMatching(/does not exist/) });
    expect(parseAuditRange('2014-08-02T10:00', '2014-08-01T10:00', 'UTC')).toEqual({ ok: false, error: 'the range must end after it starts' });
  });
});

describe('the audit view\u2019s pages', () => {
  it('asks for a page of the range and the search', () => {
    expect(auditPageParams({ from: 1, to: 2 }, '  bruuns  ', 200)).toEqual({ from: 1, to: 2, search: 'bruuns', offset: 200, limit: 100 });
    expect(auditPageParams({}, '   ', 0)).toEqual({ offset: 0, limit: 100 });
  });

  it('labels the page with the true total', () => {
    expect(pageLabel(0, 100, 12345)).toBe('1–100 of 12,345');
    expect(pageLabel(12300, 45, 12345)).toBe('12,301–12,345 of 12,345');
    expect(pageLabel(0, 0, 0)).toBe('no rows');
    expect(pageLabel(500, 0, 20)).toBe('none here of 20');
    expect(lastPageOffset(12345)).toBe(12300);
    expect(lastPageOffset(200)).toBe(100);
    expect(lastPageOffset(0)).toBe(0);
  });

  it('names the steps and CityDesk itself', () => {
    expect(timelineKindText('acknowledged')).toBe('Acknowledged');
    expect(timelineKindText('member-raised')).toBe('Member raised');
    expect(byText('system')).toBe('CityDesk');
    expect(byText('Ana')).toBe('Ana');
  });
});
