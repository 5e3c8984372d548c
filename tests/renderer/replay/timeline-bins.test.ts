import { describe, expect, it } from 'vitest';
import type { TimelineAction, TimelineAlarm } from '../../../electron/engine/api';
import type { Severity } from '../../../electron/shared/severity';
import { actionsAt, alarmAt, alarmEnd, alarmSpanCoverage, alarmsNear, binMarks, densityColumns, severityRank, spanCoverage } from '../../../renderer/replay/timelineBins';

const T0 = Date.UTC(2014, 7, 1, 8, 0);
const view = { from: T0, to: T0 + 100_000 }; // 1 s per column at width 100

function alarm(id: string, raisedAt: number, severity: Severity, clearedAt: number | null = null): TimelineAlarm {
  return { id, ruleId: 'r', ruleName: 'Car park full', subject: 's', subjectName: 'Bruuns Galleri', severity, priority: 'high', raisedAt, clearedAt, acknowledgedAt: null, resolvedAt: null };
}

describe('marks per pixel column', () => {
  it('counts each column and keeps its most severe mark; outside the view is left out', () => {
    const alarms = [alarm('a', T0 + 10_200, 'info'), alarm('b', T0 + 10_900, 'critical'), alarm('c', T0 + 10_500, 'warning'), alarm('d', T0 - 1, 'critical'), alarm('e', T0 + 100_000, 'critical')];
    const cols = binMarks(alarms, (a) => a.raisedAt, (a) => severityRank(a.severity), view, 100);
    expect(cols.count[10]).toBe(3);
    expect(cols.rank[10]).toBe(severityRank('critical'));
    expect(cols.count.reduce((a, b) => a + b, 0)).toBe(3);
    expect(cols.rank[11]).toBe(-1);
  });
  it('ten thousand marks cost one pass: all are counted', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => alarm(String(i), T0 + (i % 100_000) * 10, 'warning'));
    const cols = binMarks(many, (a) => a.raisedAt, (a) => severityRank(a.severity), view, 100);
    expect(cols.count.reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});

describe('span coverage', () => {
  it('covers every column a span touches, even a span shorter than a column', () => {
    const cov = spanCoverage([{ a: T0 + 5_000, b: T0 + 8_500 }, { a: T0 + 7_100, b: T0 + 7_200 }], (s) => s.a, (s) => s.b, view, 100);
    expect(Array.from(cov.slice(4, 10))).toEqual([0, 1, 1, 2, 1, 0]);
  });
  it('clips spans to the view', () => {
    const cov = spanCoverage([{ a: T0 - 50_000, b: T0 + 2_000 }, { a: T0 + 98_000, b: T0 + 500_000 }], (s) => s.a, (s) => s.b, view, 100);
    expect(Array.from(cov.slice(0, 4))).toEqual([1, 1, 1, 0]);
    expect(Array.from(cov.slice(97))).toEqual([0, 1, 1]);
  });
  it('an alarm still open runs to the live edge, per severity', () => {
    const open = alarm('o', T0 + 90_000, 'critical');
    expect(alarmEnd(open, T0 + 95_000)).toBe(T0 + 95_000);
    expect(alarmEnd({ ...open, resolvedAt: T0 + 91_000 }, T0 + 95_000)).toBe(T0 + 91_000);
    const cov = alarmSpanCoverage([open, alarm('w', T0, 'warning', T0 + 1_000)], T0 + 95_000, view, 100);
    expect(cov.critical[92]).toBe(1);
    expect(cov.critical[96]).toBe(0);
    expect(cov.warning[1]).toBe(1);
    expect(cov.info.every((v) => v === 0)).toBe(true);
  });
});

describe('reading density', () => {
  it('per column as readings per minute, NaN where no bucket says', () => {
    // 10 buckets of 10 s from T0: column c (1 s) sits in bucket floor(c / 10).
    const counts = [0, 5, 10, 0, 0, 0, 0, 0, 0, 20];
    const { perMinute, max } = densityColumns({ bucketMs: 10_000, counts }, T0, { from: T0 - 10_000, to: T0 + 90_000 }, 100);
    expect(Number.isNaN(perMinute[5]!)).toBe(true); // before the buckets: no figure
    expect(perMinute[10]).toBe(0); // a real zero
    expect(perMinute[25]).toBe(30);
    expect(max).toBe(60);
  });
});

describe('under the pointer', () => {
  const alarms = [alarm('w', T0 + 50_000, 'warning'), alarm('c', T0 + 50_400, 'critical'), alarm('far', T0 + 80_000, 'critical')];
  it('finds the nearest mark, preferring the more severe at the same place', () => {
    expect(alarmAt(alarms, view, 100, 50)?.id).toBe('c');
    expect(alarmAt(alarms, view, 100, 65)).toBeNull();
    expect(alarmsNear(alarms, view, 100, 50)).toBe(2);
  });
  it('lists the actions near the pointer in time order', () => {
    const act = (id: string, at: number): TimelineAction => ({ id, at, kind: 'acknowledge', user: 'Ana', text: `Ana acknowledged ${id}`, alarmId: null, sensorId: null });
    const got = actionsAt([act('b', T0 + 30_500), act('a', T0 + 29_000), act('z', T0 + 60_000)], view, 100, 30);
    expect(got.map((a) => a.id)).toEqual(['a', 'b']);
  });
});
