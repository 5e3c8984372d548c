/**
 * "Worst now" ranking (renderer/worst/ranking.ts): per type present, by the registry's own measure of worse; flagged
 * values listed apart (not ranked, not dropped), stale ones marked and ranked after live ones, never-heard counted;
 * generic over the registry: Aberdeen's air quality (EAQI level) and weather (wind speed), a feed's own type.
 */
import { describe, expect, it } from 'vitest';
import type { Sensor } from '../../electron/shared/model';
import { rankedBy, rankingMetric, worstNow, type WorstSection } from '../../renderer/worst/ranking';
import { input, parkingSensor, riverGauge, RIVER_GAUGE, SHIPPED_REGISTRY, stateOf, T0, trafficSensor, WITH_RIVER } from './fixtures';

const MIN = 60_000;
const section = (sections: WorstSection[], typeId: string): WorstSection => {
  const s = sections.find((x) => x.type.id === typeId);
  if (!s) throw new Error(`no section for ${typeId}`);
  return s;
};
const ids = (s: WorstSection) => s.ranked.map((e) => e.sensorId);

describe('worst now: the demo types', () => {
  it('car parks: fullest first, over capacity on top and flagged as such; stale after live; impossible values flagged', () => {
    const parks = ['half', 'full', 'over', 'stale', 'negative', 'never'].map((id) => parkingSensor(id, 100));
    const sections = worstNow(
      input(parks, [
        stateOf('parking:half', T0 - MIN, { vehicleCount: 50, totalSpaces: 100 }),
        stateOf('parking:full', T0 - MIN, { vehicleCount: 97, totalSpaces: 100 }),
        stateOf('parking:over', T0 - 2 * MIN, { vehicleCount: 130, totalSpaces: 100 }, ['over-capacity']),
        stateOf('parking:stale', T0 - 3 * 3600_000, { vehicleCount: 99, totalSpaces: 100 }),
        stateOf('parking:negative', T0 - MIN, { vehicleCount: -4, totalSpaces: 100 }, ['negative-value']),
      ]),
    );
    const parking = section(sections, 'car-park');
    expect(rankedBy(parking)).toBe('highest: Occupancy');
    expect(ids(parking)).toEqual(['parking:over', 'parking:full', 'parking:half', 'parking:stale']);
    const [over] = parking.ranked;
    expect(over).toMatchObject({ value: 130, freshness: 'live', ageMs: 2 * MIN, band: 'Over capacity (> 100 %)' });
    expect(over!.flags).toEqual([{ id: 'over-capacity', label: 'More vehicles than spaces (occupancy over 100%)' }]);
    expect(parking.ranked[3]).toMatchObject({ freshness: 'stale', value: 99 });
    // The impossible count is listed, with its reason, and not ranked (it is not the "emptiest" or the "fullest").
    expect(parking.flagged).toEqual([expect.objectContaining({ sensorId: 'parking:negative', value: -4, reason: 'Vehicles outside its valid range' })]);
    expect(parking.never).toBe(1);
    expect(parking.rankedTotal).toBe(4);
  });

  it('traffic: slowest against normal first; a 0 km/h or empty speed is flagged, not ranked as the worst jam', () => {
    const segs = ['slow', 'free', 'zero', 'empty', 'nocount'].map((id) => trafficSensor(id, 50));
    const sections = worstNow(
      input(segs, [
        stateOf('traffic:slow', T0 - MIN, { avgSpeedKmh: 10, vehicleCount: 4 }),
        stateOf('traffic:free', T0 - MIN, { avgSpeedKmh: 48, vehicleCount: 9 }),
        stateOf('traffic:zero', T0 - MIN, { avgSpeedKmh: 0, vehicleCount: 3 }, ['zero-speed']),
        stateOf('traffic:empty', T0 - MIN, { avgSpeedKmh: null, vehicleCount: 3 }, ['missing-value']),
        // no vehicle counted says nothing against the speed: ranked, its flag shown
        stateOf('traffic:nocount', T0 - MIN, { avgSpeedKmh: 20, vehicleCount: 0 }, ['zero-vehicles']),
      ]),
    );
    const traffic = section(sections, 'traffic');
    expect(rankedBy(traffic)).toBe('lowest: Speed as % of normal');
    expect(ids(traffic)).toEqual(['traffic:slow', 'traffic:nocount', 'traffic:free']);
    expect(traffic.ranked[0]).toMatchObject({ value: 20, band: 'Congested (≤ 40 % of normal speed)' });
    expect(traffic.ranked[1]!.flags.map((f) => f.id)).toEqual(['zero-vehicles']);
    expect(traffic.flagged.map((e) => [e.sensorId, e.reason])).toEqual([
      ['traffic:empty', 'Average speed reported empty'],
      ['traffic:zero', 'Average speed reported as 0 km/h'],
    ]);
  });

  it('shows at most the limit, counting the rest; sections follow the map order', () => {
    const parks = Array.from({ length: 8 }, (_, i) => parkingSensor(`p${i}`, 100));
    const sections = worstNow(input([...parks, trafficSensor('t')], parks.map((p, i) => stateOf(p.id, T0, { vehicleCount: 10 * i, totalSpaces: 100 }))), 3);
    expect(sections.map((s) => s.type.id)).toEqual(['traffic', 'car-park']);
    const parking = section(sections, 'car-park');
    expect(ids(parking)).toEqual(['parking:p7', 'parking:p6', 'parking:p5']);
    expect(parking.rankedTotal).toBe(8);
    expect(section(sections, 'traffic')).toMatchObject({ ranked: [], never: 1 });
  });
});

describe('worst now: any council’s types', () => {
  const point = (id: string, kind: string): Sensor => ({ id, kind, name: id, geometry: { type: 'Point', coordinates: [-2.1, 57.15] }, expectedIntervalS: 3600, attributes: {} });

  it("Aberdeen's air quality by EAQI level, an impossible PM2.5 above PM10 flagged", () => {
    const sensors = ['good', 'poor', 'odd'].map((id) => point(id, 'air-quality'));
    const sections = worstNow(
      input(sensors, [
        stateOf('good', T0 - MIN, { pm10: 8, pm2_5: 4 }),
        stateOf('poor', T0 - MIN, { pm10: 120, pm2_5: 30 }),
        stateOf('odd', T0 - MIN, { pm10: 20, pm2_5: 900 }, ['pm25-above-pm10']),
      ]),
    );
    const air = section(sections, 'air-quality');
    expect(rankingMetric(air.type)!.metric.id).toBe('eaqiLevel');
    expect(ids(air)).toEqual(['poor', 'good']);
    expect(air.ranked[0]).toMatchObject({ value: 5, band: 'Very poor' });
    expect(air.flagged).toEqual([expect.objectContaining({ sensorId: 'odd', reason: 'PM2.5 above PM10, which is physically impossible (PM2.5 is part of PM10)' })]);
  });

  it("Aberdeen's weather by wind speed (its headline, temperature, has no worse); a humidity flag does not stop it, an impossible wind does", () => {
    const sensors = ['calm', 'gale', 'wet', 'broken', 'nowind'].map((id) => point(id, 'weather'));
    const sections = worstNow(
      input(sensors, [
        stateOf('calm', T0 - MIN, { temperature: 5, windSpeed: 2 }),
        stateOf('gale', T0 - MIN, { temperature: 5, windSpeed: 21 }),
        stateOf('wet', T0 - MIN, { temperature: 5, windSpeed: 6, humidity: 100 }, ['humidity-saturated']),
        stateOf('broken', T0 - MIN, { temperature: 5, windSpeed: 400 }, ['out-of-range']),
        stateOf('nowind', T0 - MIN, { temperature: 5 }), // a station without a wind sensor: counted, not flagged
      ]),
    );
    const weather = section(sections, 'weather');
    expect(rankedBy(weather)).toBe('highest: Wind speed');
    expect(ids(weather)).toEqual(['gale', 'wet', 'calm']);
    expect(weather.ranked[1]!.flags.map((f) => f.id)).toEqual(['humidity-saturated']);
    expect(weather.ranked[0]!.band).toBeNull();
    expect(weather.flagged.map((e) => [e.sensorId, e.reason])).toEqual([['broken', 'Wind speed outside its valid range']]);
    expect(weather.without).toBe(1);
  });

  it("a feed's own type (a river gauge, JSON only) by its headline; a type with no worse is not ranked", () => {
    const sections = worstNow(
      input([riverGauge('a', 2), riverGauge('b', 2)], [stateOf('a', T0, { waterLevel: 2.5 }), stateOf('b', T0, { waterLevel: 3.1 })], T0, 1, WITH_RIVER),
    );
    expect(ids(section(sections, 'river-gauge'))).toEqual(['b', 'a']);
    expect(rankingMetric({ ...RIVER_GAUGE, metrics: RIVER_GAUGE.metrics.map((m) => ({ ...m, higherIsWorse: null })), derived: [] })).toBeNull();
    expect(SHIPPED_REGISTRY.get('weather')).toBeDefined();
  });
});
