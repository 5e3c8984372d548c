import { describe, expect, it } from 'vitest';
import { GREEN, NEVER_COLOR, RED, AMBER, STALE_COLOR, FLAGGED_COLOR, OVER_CAPACITY_OUTLINE, UNKNOWN_COLOR } from '../../renderer/map/colors';
import { airData, airIndex, airLevel, AIR_LABEL } from '../../renderer/map/layers/air';
import { buildLayers, pickedSensorId } from '../../renderer/map/layers';
import { occupancyColor, parkingData, parkingRadius, OVER_CAPACITY_FILL } from '../../renderer/map/layers/parking';
import { congestionColor, congestionRatio, trafficData, trafficHaloData, trafficLayers, trafficWidth, TRAFFIC_WIDTH } from '../../renderer/map/layers/traffic';
import { airSensor, input, parkingSensor, stateOf, T0, trafficSensor } from './fixtures';

describe('traffic layer', () => {
  it('congestion ratio is speed over normal speed, null when it cannot be computed', () => {
    expect(congestionRatio(40, 50)).toBeCloseTo(0.8);
    expect(congestionRatio(null, 50)).toBeNull();
    expect(congestionRatio(40, null)).toBeNull();
    expect(congestionRatio(40, 0)).toBeNull();
    expect(congestionRatio(-1, 50)).toBeNull();
  });

  it('colours green at >= 0.8, red below 0.4, amber in between, continuously', () => {
    expect(congestionColor(0.8)).toEqual(GREEN);
    expect(congestionColor(1.4)).toEqual(GREEN);
    expect(congestionColor(0.39)).toEqual(RED);
    expect(congestionColor(0)).toEqual(RED);
    expect(congestionColor(0.6)).toEqual(AMBER);
    const mid = congestionColor(0.7);
    expect(mid).not.toEqual(AMBER);
    expect(mid).not.toEqual(GREEN);
    // continuous: a tiny step gives a tiny change
    const a = congestionColor(0.5);
    const b = congestionColor(0.501);
    expect(Math.abs(a[1] - b[1])).toBeLessThanOrEqual(2);
  });

  it('width grows with vehicle count, clamped; stale and never are thinner', () => {
    expect(trafficWidth(0, 'live')).toBe(TRAFFIC_WIDTH.minPx);
    expect(trafficWidth(1000, 'live')).toBe(TRAFFIC_WIDTH.maxPx);
    expect(trafficWidth(15, 'live')).toBeGreaterThan(TRAFFIC_WIDTH.minPx);
    expect(trafficWidth(15, 'live')).toBeLessThan(TRAFFIC_WIDTH.maxPx);
    expect(trafficWidth(30, 'stale')).toBeLessThan(TRAFFIC_WIDTH.minPx);
    expect(trafficWidth(30, 'never')).toBeLessThan(trafficWidth(30, 'stale'));
  });

  it('builds one datum per segment from its end points with freshness, colour and flags', () => {
    const s = [trafficSensor('1'), trafficSensor('2'), trafficSensor('3'), trafficSensor('4'), trafficSensor('5', null)];
    const data = trafficData(
      input(s, [
        stateOf('traffic:1', T0 - 60_000, { avgSpeedKmh: 45, vehicleCount: 10 }),
        stateOf('traffic:2', T0 - 3600_000, { avgSpeedKmh: 45, vehicleCount: 10 }), // stale: > 300 s × 1.5
        stateOf('traffic:4', T0, { avgSpeedKmh: 0, vehicleCount: 0 }, ['zero-speed', 'zero-vehicles']),
        stateOf('traffic:5', T0, { avgSpeedKmh: 45, vehicleCount: 3 }),
      ]),
    );
    expect(data.map((d) => d.id)).toEqual(['traffic:1', 'traffic:2', 'traffic:3', 'traffic:4', 'traffic:5']);
    const [live, stale, never, flagged, unknown] = data;
    expect(live?.path).toEqual([[10.1, 56.1], [10.2, 56.15]]);
    expect(live?.freshness).toBe('live');
    expect(live?.congestion).toBeCloseTo(0.9);
    expect(live?.color).toEqual(GREEN);
    expect(stale?.freshness).toBe('stale');
    expect(stale?.color).toEqual(STALE_COLOR);
    expect(stale?.width).toBe(TRAFFIC_WIDTH.stalePx);
    expect(never?.freshness).toBe('never');
    expect(never?.color).toEqual(NEVER_COLOR);
    expect(flagged?.unusable).toBe(true);
    expect(flagged?.color).toEqual(FLAGGED_COLOR); // not red: a 0 km/h reading is not a traffic jam
    expect(unknown?.color).toEqual(UNKNOWN_COLOR);
    expect(trafficHaloData(data).map((d) => d.id)).toEqual(['traffic:4']);
  });

  it('accepts a numeric-string normal speed', () => {
    const s = trafficSensor('1');
    s.attributes.normalSpeedKmh = '60';
    const [d] = trafficData(input([s], [stateOf(s.id, T0, { avgSpeedKmh: 30, vehicleCount: 1 })]));
    expect(d?.congestion).toBeCloseTo(0.5);
  });

  it('produces pickable path layers keyed on the store version', () => {
    const s = [trafficSensor('1')];
    const data = trafficData(input(s, [stateOf('traffic:1', T0, { avgSpeedKmh: 45, vehicleCount: 10 })]));
    const [halo, main] = trafficLayers(data, 42);
    expect(main.id).toBe('traffic');
    expect(main.props.pickable).toBe(true);
    expect(main.props.data).toBe(data);
    expect(main.props.updateTriggers).toMatchObject({ getColor: 42, getWidth: 42 });
    expect(halo.props.pickable).toBe(false);
    const getColor = main.props.getColor as (d: (typeof data)[number]) => unknown;
    expect(getColor(data[0]!)).toEqual(data[0]!.color);
  });
});

describe('parking layer', () => {
  it('radius grows with capacity, bounded', () => {
    expect(parkingRadius(null)).toBeGreaterThan(0);
    expect(parkingRadius(1000)).toBeGreaterThan(parkingRadius(65));
    expect(parkingRadius(1e9)).toBe(30);
  });

  it('shows over-capacity as it is: distinct fill, magenta outline, flagged', () => {
    const s = [parkingSensor('BUSGADEHUSET', 65), parkingSensor('OK', 100), parkingSensor('OLD', 100)];
    const data = parkingData(
      input(s, [
        stateOf('parking:BUSGADEHUSET', T0, { vehicleCount: 1464, totalSpaces: 65 }, ['over-capacity']),
        stateOf('parking:OK', T0, { vehicleCount: 50, totalSpaces: 100 }),
        stateOf('parking:OLD', T0 - 10 * 3600_000, { vehicleCount: 50, totalSpaces: 100 }),
      ]),
    );
    const [over, ok, old] = data;
    expect(over?.occupancy).toBeCloseTo(1464 / 65);
    expect(over?.overCapacity).toBe(true);
    expect(over?.fillColor).toEqual(OVER_CAPACITY_FILL);
    expect(over?.lineColor).toEqual(OVER_CAPACITY_OUTLINE);
    expect(over?.lineWidth).toBeGreaterThan(ok!.lineWidth);
    expect(ok?.overCapacity).toBe(false);
    expect(ok?.occupancy).toBeCloseTo(0.5);
    expect(old?.freshness).toBe('stale');
    expect(old?.fillColor).toEqual(STALE_COLOR);
    expect(occupancyColor(0)).toEqual(GREEN);
    expect(occupancyColor(1)).toEqual(RED);
  });

  it('falls back to the capacity attribute when totalSpaces is missing', () => {
    const [d] = parkingData(input([parkingSensor('X', 200)], [stateOf('parking:X', T0, { vehicleCount: 100 })]));
    expect(d?.totalSpaces).toBe(200);
    expect(d?.occupancy).toBeCloseTo(0.5);
  });
});

describe('air layer', () => {
  it('index is the max of the five pollutant indexes', () => {
    expect(airIndex({ ozone: 60, particulateMatter: 41, carbonMonoxide: 88, sulfurDioxide: 43, nitrogenDioxide: 91 })).toEqual({ index: 91, dominant: 'nitrogenDioxide' });
    expect(airIndex({ ozone: null })).toEqual({ index: null, dominant: null });
  });

  it('levels: good <= 50 < moderate <= 100 < USG <= 150 < unhealthy <= 200 < very unhealthy', () => {
    expect(airLevel(50).level).toBe('good');
    expect(airLevel(51).level).toBe('moderate');
    expect(airLevel(100).level).toBe('moderate');
    expect(airLevel(150).level).toBe('unhealthy-sensitive');
    expect(airLevel(200).level).toBe('unhealthy');
    expect(airLevel(201).level).toBe('very-unhealthy');
  });

  it('is labelled as simulated', () => {
    expect(AIR_LABEL).toBe('CityPulse simulated air quality');
  });

  it('colours by level, grey when stale or never', () => {
    const s = [airSensor('1'), airSensor('2')];
    const data = airData(input(s, [stateOf('air:1', T0, { ozone: 120, particulateMatter: 10, carbonMonoxide: 10, sulfurDioxide: 10, nitrogenDioxide: 10 })]));
    expect(data[0]?.level).toBe('unhealthy-sensitive');
    expect(data[0]?.fillColor).toEqual(airLevel(120).color);
    expect(data[1]?.freshness).toBe('never');
    expect(data[1]?.fillColor).toEqual(NEVER_COLOR);
  });
});

describe('buildLayers', () => {
  const sensors = [trafficSensor('1'), trafficSensor('2'), parkingSensor('P'), airSensor('A')];
  const inp = input(sensors, [stateOf('traffic:1', T0, { avgSpeedKmh: 10, vehicleCount: 3 })], T0, 7);

  it('draws all kinds in order and reports data lengths', () => {
    const built = buildLayers(inp, { visible: { traffic: true, parking: true, air: true }, selectedId: null });
    expect(built.layers.map((l) => l.id)).toEqual(['traffic-flags', 'traffic', 'air', 'parking']);
    expect(built.counts).toEqual({ traffic: 2, parking: 1, air: 1 });
  });

  it('omits hidden layers and reports 0 for them', () => {
    const built = buildLayers(inp, { visible: { traffic: false, parking: true, air: false }, selectedId: null });
    expect(built.layers.map((l) => l.id)).toEqual(['parking']);
    expect(built.counts).toEqual({ traffic: 0, parking: 1, air: 0 });
  });

  it('adds a selection highlight with a geometry-specific id', () => {
    const a = buildLayers(inp, { visible: { traffic: true, parking: true, air: true }, selectedId: 'traffic:1' });
    expect(a.layers.at(-1)?.id).toBe('selection-path');
    const b = buildLayers(inp, { visible: { traffic: true, parking: true, air: true }, selectedId: 'parking:P' });
    expect(b.layers.at(-1)?.id).toBe('selection-point');
    const c = buildLayers(inp, { visible: { traffic: true, parking: true, air: true }, selectedId: 'traffic:nope' });
    expect(c.layers.at(-1)?.id).toBe('parking');
  });

  it('picks the sensor id from a datum', () => {
    expect(pickedSensorId({ id: 'traffic:1' })).toBe('traffic:1');
    expect(pickedSensorId(null)).toBeNull();
    expect(pickedSensorId({ id: 3 })).toBeNull();
  });
});
