import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { aarhusLocalToUtc, loadDemoData, parseCsv } from '../../electron/demo-feed/data';
import { qualityFlags } from '../../electron/shared/model';

const data = loadDemoData(join(__dirname, '..', '..', 'assets'));

describe('demo data (shipped Aarhus week)', () => {
  it('has the 449 traffic segments, 8 car parks and 60 air-quality points, ids prefixed by kind', () => {
    const byKind = (k: string) => data.sensors.filter((s) => s.kind === k);
    expect(byKind('traffic')).toHaveLength(449);
    expect(byKind('parking')).toHaveLength(8);
    expect(byKind('air')).toHaveLength(60);
    expect(data.sensors.map((s) => s.id)).toContain('traffic:158324');
    expect(data.sensors.map((s) => s.id)).toContain('parking:NORREPORT');
    expect(data.sensors.map((s) => s.id)).toContain('air:190047');
    expect(new Set(data.sensors.map((s) => s.id)).size).toBe(data.sensors.length);
    expect(data.skipped).toEqual({});
  });

  it('keeps the data’s own values (first traffic row of segment 158324)', () => {
    const t = aarhusLocalToUtc('2014-08-01T07:50:00')!;
    expect(new Date(t).toISOString()).toBe('2014-08-01T05:50:00.000Z'); // CEST = UTC+2
    const r = data.readings.find((x) => x.sensorId === 'traffic:158324' && x.ts === t);
    expect(r?.values).toEqual({ avgSpeedKmh: 50, vehicleCount: 5, avgMeasuredTimeS: 74, medianMeasuredTimeS: 74 });
    const seg = data.sensors.find((s) => s.id === 'traffic:158324')!;
    expect(seg.geometry.type).toBe('LineString');
    expect(typeof seg.attributes.normalSpeedKmh).toBe('number');
  });

  it('contains every traffic and air row of the week and only the demo week of parking', () => {
    const count = (k: string) => data.readings.filter((r) => r.sensorId.startsWith(k + ':')).length;
    expect(count('traffic')).toBe(786_280);
    expect(count('air')).toBe(120_900);
    expect(count('parking')).toBe(2136);
    const firstOutOfOrder = data.readings.findIndex((r, i) => i > 0 && r.ts < data.readings[i - 1]!.ts);
    expect(firstOutOfOrder).toBe(-1);
  });

  it('keeps over-capacity car-park readings and flags them instead of cleaning them away', () => {
    const over = data.readings.filter((r) => r.sensorId.startsWith('parking:') && (r.values.vehicleCount ?? 0) > (r.values.totalSpaces ?? Infinity));
    expect(over.length).toBe(157);
    const sensor = data.sensors.find((s) => s.id === over[0]!.sensorId)!;
    expect(qualityFlags(sensor, over[0]!.values)).toContain('over-capacity');
  });

  it('air quality is labelled as CityPulse simulated values', () => {
    const air = data.sensors.find((s) => s.kind === 'air')!;
    expect(String(air.attributes.source)).toMatch(/simulated/);
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and the pollution file’s CR inside a line', () => {
    const rows = parseCsv('a,b,c\r\n1,"x, ""y""",3\r\n4,5\r,6\n');
    expect(rows).toEqual([
      { a: '1', b: 'x, "y"', c: '3' },
      { a: '4', b: '5\r', c: '6' },
    ]);
  });
  it('rejects text that is not a timestamp', () => {
    expect(aarhusLocalToUtc('yesterday')).toBeNull();
    expect(aarhusLocalToUtc('2014-13-45 99:00:00')).toBeNull();
    expect(aarhusLocalToUtc('2014-08-01 24:00:00')).toBeNull();
  });
});
