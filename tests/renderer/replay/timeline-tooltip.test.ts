import { describe, expect, it } from 'vitest';
import type { DiffAlarm, ReplayDiff, TimelineData } from '../../../electron/engine/api';
import { tooltipLines } from '../../../renderer/replay/timelineTooltip';

const T0 = Date.UTC(2014, 7, 1, 6, 0); // 08:00 CEST
const TZ = 'Europe/Copenhagen';
const view = { from: T0, to: T0 + 100_000 }; // 1 s per px at width 100

const data: TimelineData = {
  from: T0,
  to: T0 + 100_000,
  extent: { from: T0, to: T0 + 100_000, rawFrom: T0 },
  alarms: [
    { id: 'a1', ruleId: 'full', ruleName: 'Car park full', subject: 'car-park:1', subjectName: 'Bruuns Galleri', severity: 'critical', priority: 'high', raisedAt: T0 + 50_000, clearedAt: null, acknowledgedAt: T0 + 60_000, resolvedAt: null },
  ],
  alarmsTotal: 1,
  gaps: [{ id: 1, scope: 'all', from: T0 + 20_000, to: T0 + 30_000, reason: 'feed down' }],
  actions: [{ id: '9', at: T0 + 60_000, kind: 'acknowledge', user: 'Ana', text: "Ana acknowledged Car park full at Bruuns Galleri: 'on it'", alarmId: 'a1', sensorId: null }],
  density: { bucketMs: 10_000, counts: [6, 6, 0, 0, 6, 6, 6, 6, 6, 6] },
};

describe('the timeline tooltip, in words', () => {
  it('names the alarm marked under the pointer, how it ended and how to replay it', () => {
    const lines = tooltipLines(data, null, view, 100, 50, TZ);
    expect(lines[0]).toBe('1 Aug 2014 08:00:50 CEST');
    expect(lines[1]).toBe('Critical: Car park full at Bruuns Galleri, raised 1 Aug 2014 08:00:50 CEST, still open, acknowledged 1 Aug 2014 08:01:00 CEST. Click to replay it.');
    expect(lines.at(-1)).toBe('about 36 readings a minute');
  });
  it('lists the operator actions and the gaps there, and says when nothing was recorded', () => {
    expect(tooltipLines(data, null, view, 100, 60, TZ)).toContain("1 Aug 2014 08:01:00 CEST: Ana acknowledged Car park full at Bruuns Galleri: 'on it'");
    const gap = tooltipLines(data, null, view, 100, 25, TZ);
    expect(gap).toContain('Gap in the recording (all sensors), 1 Aug 08:00 – 08:00 CEST: feed down');
    expect(gap).toContain('no readings recorded here');
  });
  it("says what a re-run would have added or missed", () => {
    const d = (at: number, alarmId: string | null): DiffAlarm => ({ ruleId: 'full', ruleName: 'Car park full', subject: 'car-park:1', subjectName: 'Bruuns Galleri', severity: 'warning', at, clearedAt: null, message: 'occupancy 97%', position: null, alarmId });
    const diff: ReplayDiff = { id: 'r', from: T0, to: T0 + 100_000, rules: [], readings: 10, added: [d(T0 + 80_000, null)], missed: [d(T0 + 80_000, 'a1')], matched: 0, note: null };
    const lines = tooltipLines(data, diff, view, 100, 80, TZ);
    expect(lines).toContain('+ the re-run would have raised Car park full at Bruuns Galleri (1 Aug 2014 08:01:20 CEST): occupancy 97%');
    expect(lines).toContain('− recorded, the re-run would not raise: Car park full at Bruuns Galleri (1 Aug 2014 08:01:20 CEST)');
  });
});
