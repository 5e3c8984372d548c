/**
 * Alarm places close together at the map's zoom drawn as one symbol (renderer/map/cluster/alarmPlaces.ts): the worst
 * priority, the total count, ringed while any is unacknowledged, hollow only when none holds; apart again at street zoom.
 */
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../electron/engine/api';
import { ALARM_PLACE_RADIUS_PX, mergeAlarmPlaces } from '../../../renderer/map/cluster/alarmPlaces';
import { CLUSTER_MAX_ZOOM } from '../../../renderer/map/cluster/clusterLayers';
import { alarmPlaceTooltip, alarmSymbolData, type AlarmSymbolInput } from '../../../renderer/map/layers/alarmSymbols';
import { parkingSensor, SHIPPED_REGISTRY } from '../fixtures';
import { alarm } from '../workload-fixtures';

const at = (id: string, lng: number, lat: number) => ({ ...parkingSensor(id), geometry: { type: 'Point' as const, coordinates: [lng, lat] as [number, number] } });
// Two car parks 150 m apart in the centre, one 10 km away.
const A = at('A', 10.2, 56.15);
const B = at('B', 10.2025, 56.15);
const FAR = at('F', 10.36, 56.15);
const catalogue = new Map([A, B, FAR].map((s) => [s.id, s]));
function input(alarms: Alarm[]): AlarmSymbolInput {
  return { alarms: new Map(alarms.map((a) => [a.id, a])), shelves: new Map(), catalogue, states: new Map(), zones: [], rules: new Map() };
}
const ack = { by: 'Ana', at: 5 };

describe('alarm places close together', () => {
  const alarms = [
    alarm('a1', { subject: A.id, priority: 'medium', acknowledged: ack, state: 'acknowledged' }),
    alarm('a2', { subject: A.id, priority: 'low', acknowledged: ack, state: 'acknowledged' }),
    alarm('b1', { subject: B.id, priority: 'high', acknowledged: null, state: 'cleared' }),
    alarm('f1', { subject: FAR.id, priority: 'low', acknowledged: null, state: 'active' }),
  ];
  const data = alarmSymbolData(input(alarms));

  it('share one symbol at the city view: worst priority, total count, ringed, filled while one holds', () => {
    expect(data.places).toHaveLength(3);
    const merged = mergeAlarmPlaces(data, 11);
    expect(merged.places).toHaveLength(2);
    const near = merged.places.find((p) => p.merged)!;
    expect(near).toMatchObject({ merged: 2, count: 3, priority: 'high', unacknowledged: 1, holding: true, sensorId: B.id, position: [10.2025, 56.15] });
    expect(near.alarms.map((a) => a.id)).toEqual(['b1', 'a1', 'a2']);
    // drawn worst last (on top)
    expect(merged.places.at(-1)).toBe(near);
    expect(alarmPlaceTooltip(near, { catalogue, zones: [], rules: new Map(), registry: SHIPPED_REGISTRY })).toMatch(/^3 alarms at 2 places close together/);
    // nothing is lost: every open alarm is in exactly one symbol
    expect(merged.places.flatMap((p) => p.alarms.map((a) => a.id)).sort()).toEqual(['a1', 'a2', 'b1', 'f1']);
  });

  it('part as the map zooms in, and are never merged from street zoom on', () => {
    // 150 m is ~36 px near zoom 14.6 at this latitude: merged below, apart above.
    expect(mergeAlarmPlaces(data, 13).places).toHaveLength(2);
    expect(mergeAlarmPlaces(data, 16).places).toHaveLength(3);
    expect(mergeAlarmPlaces(data, CLUSTER_MAX_ZOOM)).toBe(data);
    expect(mergeAlarmPlaces(data, null)).toBe(data);
    expect(ALARM_PLACE_RADIUS_PX).toBeGreaterThan(0);
  });

  it('hollow only when no merged place holds', () => {
    const cleared = alarmSymbolData(input([alarm('a', { subject: A.id, state: 'cleared', acknowledged: null }), alarm('b', { subject: B.id, state: 'cleared', acknowledged: null })]));
    expect(mergeAlarmPlaces(cleared, 11).places[0]).toMatchObject({ merged: 2, holding: false, unacknowledged: 2 });
  });
});
