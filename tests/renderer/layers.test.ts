/**
 * The map layers on the demo's types, as shipped in the registry (traffic segments, car parks, the CityPulse simulated
 * air index): the behaviour operators rely on is kept by the generic builders.
 */
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import { FLAG_HALO_COLOR, FLAG_RING_COLOR, FLAGGED_COLOR, NEVER_COLOR, STALE_COLOR, UNKNOWN_COLOR } from '../../renderer/map/colors';
import { buildLayers, pickedSensorId } from '../../renderer/map/layers';
import { haloData, lineData, lineLayers, type LineDatum } from '../../renderer/map/layers/line';
import { pointData } from '../../renderer/map/layers/point';
import { shapeAtlasBitmap } from '../../renderer/map/layers/shapes';
import { BAND_ALPHA, LINE_WIDTH, headlineInputs, inputCheckIds, sizeOnlyCheckIds } from '../../renderer/map/layers/typeStyle';
import { bandRgb, PALETTES } from '../../renderer/map/colors';
import { airSensor, input, parkingSensor, SHIPPED_REGISTRY, stateOf, T0, trafficSensor } from './fixtures';

const TRAFFIC = SHIPPED_REGISTRY.get('traffic')!;
const CAR_PARK = SHIPPED_REGISTRY.get('car-park')!;
const AIR = SHIPPED_REGISTRY.get('citypulse-air-index')!;
const atlas = shapeAtlasBitmap();

function bandColour(typeId: string, label: RegExp): [number, number, number, number] {
  const band = SHIPPED_REGISTRY.get(typeId)!.style.bands.find((b) => label.test(b.label));
  if (!band) throw new Error(`no band ${String(label)} in ${typeId}`);
  return [...bandRgb('hmi', SHIPPED_REGISTRY.get(typeId)!, band), BAND_ALPHA];
}

function byId<T extends { id: string }>(data: readonly T[], id: string): T {
  const d = data.find((x) => x.id === id);
  if (!d) throw new Error(`no datum ${id}`);
  return d;
}

describe('traffic segments (line builder)', () => {
  it('the headline is speed as % of normal, computed from the average speed', () => {
    expect(TRAFFIC.geometry).toBe('line');
    expect(headlineInputs(TRAFFIC)).toEqual(['avgSpeedKmh']);
    // Checks on the speed make the colour unjudgeable; zero vehicles does not (it says nothing of the speed).
    expect([...inputCheckIds(TRAFFIC)].sort()).toEqual(['speed-implausible', 'zero-speed']);
    // Zero vehicles is common in this data and says nothing of congestion: no halo for it alone.
    expect([...sizeOnlyCheckIds(TRAFFIC)]).toEqual(['zero-vehicles']);
  });

  it('one path per segment from its end points: band colour, width by state (a jam is wider than free flow whatever the vehicles), hollow stale and never', () => {
    const s = [trafficSensor('1'), trafficSensor('2'), trafficSensor('3'), trafficSensor('4'), trafficSensor('5', null), trafficSensor('6')];
    const data = lineData(
      input(s, [
        stateOf('traffic:1', T0 - 60_000, { avgSpeedKmh: 45, vehicleCount: 30 }),
        stateOf('traffic:2', T0 - 3600_000, { avgSpeedKmh: 45, vehicleCount: 10 }), // stale: > 300 s × 1.5
        stateOf('traffic:4', T0, { avgSpeedKmh: 0, vehicleCount: 0 }, ['zero-vehicles', 'zero-speed']),
        stateOf('traffic:5', T0, { avgSpeedKmh: 45, vehicleCount: 0 }, ['zero-vehicles']),
        stateOf('traffic:6', T0, { avgSpeedKmh: 15, vehicleCount: 15 }),
      ]),
      TRAFFIC,
    );
    // Worst drawn last: never heard from, free flow, not computable, stale, cannot be judged, congested.
    expect(data.map((d) => d.id)).toEqual(['traffic:3', 'traffic:1', 'traffic:5', 'traffic:2', 'traffic:4', 'traffic:6']);
    const [live, stale, never, zero, unknown, jam] = ['1', '2', '3', '4', '5', '6'].map((i) => byId(data, `traffic:${i}`)) as [LineDatum, LineDatum, LineDatum, LineDatum, LineDatum, LineDatum];
    expect(live.path).toEqual([[10.1, 56.1], [10.15, 56.12], [10.2, 56.15]]); // as the feed gives it, every vertex
    expect(live.headline).toBeCloseTo(90);
    expect(live.band?.label).toMatch(/Free flow/);
    expect(live.color).toEqual([...bandColour('traffic', /Free flow/).slice(0, 3), 255]); // lines are opaque
    expect(live.stateClass.key).toBe('normal');
    expect(live.size).toBe(2 + LINE_WIDTH.valuePx); // 30 vehicles: the widest free-flowing line, base + 1.5 px
    expect(live.hollow).toBe(false);
    expect(jam.headline).toBeCloseTo(30);
    expect(jam.band?.label).toMatch(/Congested/);
    expect(jam.stateClass).toMatchObject({ key: 'abnormal', severity: 3 });
    // 15 of 30 vehicles: the congested step (4 + 2 × 2 px) plus half the value's 1.5 px; wider than any free flow.
    expect(jam.size).toBeCloseTo(8 + 0.75);
    expect(jam.size).toBeGreaterThan(live.size);
    expect(stale.freshness).toBe('stale');
    expect(stale.color).toEqual(STALE_COLOR);
    expect(stale.size).toBe(LINE_WIDTH.hollowMinPx);
    expect(stale.hollow).toBe(true);
    expect(stale.railColor).toEqual(STALE_COLOR);
    expect(stale.coreColor).toEqual(PALETTES.hmi.shared.hole);
    expect(never.freshness).toBe('never');
    expect(never.color).toEqual(NEVER_COLOR);
    expect(never.hollow).toBe(true);
    expect(never.size).toBe(LINE_WIDTH.hollowMinPx);
    // 0 km/h is not a traffic jam: it cannot be judged, drawn violet, with a halo for its flags.
    expect(zero.judgement).toBe('cannot-judge');
    expect(zero.color).toEqual(FLAGGED_COLOR);
    expect(zero.size).toBe(LINE_WIDTH.hollowMinPx);
    expect(zero.hollow).toBe(false);
    // No normal speed: the reading is fine but the ratio is unknown: hollow, light.
    expect(unknown.judgement).toBe('unknown');
    expect(unknown.color).toEqual([...UNKNOWN_COLOR.slice(0, 3), 255]);
    expect(unknown.hollow).toBe(true);
    expect(haloData(data).map((d) => d.id)).toEqual(['traffic:4']);
  });

  it('an empty or negative speed cannot be judged either', () => {
    const s = [trafficSensor('1'), trafficSensor('2')];
    const data = lineData(
      input(s, [stateOf('traffic:1', T0, { avgSpeedKmh: null, vehicleCount: 4 }, ['missing-value']), stateOf('traffic:2', T0, { avgSpeedKmh: -5, vehicleCount: 4 }, ['negative-value'])]),
      TRAFFIC,
    );
    expect(data.map((d) => d.color)).toEqual([FLAGGED_COLOR, FLAGGED_COLOR]);
  });

  it('uses the derived metrics the engine sent', () => {
    const st = { ...stateOf('traffic:1', T0, { avgSpeedKmh: 30, vehicleCount: 1 }), derived: { speedRatioPct: 77 } };
    const [d] = lineData(input([trafficSensor('1')], [st]), TRAFFIC);
    expect(d?.headline).toBe(77);
  });

  it('produces a halo layer, a rails layer and a pickable path layer keyed on the store version', () => {
    const data = lineData(input([trafficSensor('1')], [stateOf('traffic:1', T0, { avgSpeedKmh: 45, vehicleCount: 10 })]), TRAFFIC);
    const [halo, rails, main] = lineLayers(TRAFFIC, data, 42) as [PathLayer<LineDatum>, PathLayer<LineDatum>, PathLayer<LineDatum>];
    expect(rails.id).toBe('type-traffic-rails');
    expect(rails.props.data).toEqual([]); // no hollow line here
    expect(main.id).toBe('type-traffic');
    expect(main.props.pickable).toBe(true);
    expect(main.props.data).toBe(data);
    expect(main.props.updateTriggers).toMatchObject({ getColor: 42, getWidth: 42 });
    expect(halo.id).toBe('type-traffic-flags');
    expect(halo.props.pickable).toBe(false);
    expect((halo.props.getColor as (d: LineDatum) => unknown)(data[0]!)).toEqual(FLAG_HALO_COLOR);
    const getColor = main.props.getColor as (d: LineDatum) => unknown;
    expect(getColor(data[0]!)).toEqual(data[0]!.color);
  });
});

describe('car parks (point builder)', () => {
  it('size grows with the number of spaces (by area), bounded', () => {
    const s = [parkingSensor('S', 65), parkingSensor('L', 1000), parkingSensor('XL', 1e6), parkingSensor('N', null)];
    const spaces = (id: string, totalSpaces: number) => stateOf(`parking:${id}`, T0, { vehicleCount: 10, totalSpaces });
    const data = pointData(input(s, [spaces('S', 65), spaces('L', 1000), spaces('XL', 1e6)]), CAR_PARK);
    const [small, large, huge, none] = ['S', 'L', 'XL', 'N'].map((id) => byId(data, `parking:${id}`).size) as [number, number, number, number];
    expect(large).toBeGreaterThan(small);
    expect(huge).toBe(30);
    expect(none).toBe(7);
    expect(small).toBeCloseTo(7 + 23 * Math.sqrt(65 / 1500));
  });

  it('over capacity is shown as reported: its band, a heavier outline, and the ring of a flagged point, drawn on top', () => {
    const s = [parkingSensor('BUSGADEHUSET', 65), parkingSensor('OK', 100), parkingSensor('OLD', 100)];
    const data = pointData(
      input(s, [
        stateOf('parking:BUSGADEHUSET', T0, { vehicleCount: 1464, totalSpaces: 65 }, ['over-capacity']),
        stateOf('parking:OK', T0, { vehicleCount: 50, totalSpaces: 100 }),
        stateOf('parking:OLD', T0 - 10 * 3600_000, { vehicleCount: 50, totalSpaces: 100 }),
      ]),
      CAR_PARK,
    );
    const [over, ok, old] = ['parking:BUSGADEHUSET', 'parking:OK', 'parking:OLD'].map((id) => byId(data, id));
    expect(over?.headline).toBeCloseTo((1464 / 65) * 100);
    expect(over?.judgement).toBe('ok'); // a check on the headline itself keeps its band
    expect(over?.band?.label).toMatch(/Over capacity/);
    expect(over?.color).toEqual(bandColour('car-park', /Over capacity/));
    expect(over?.flagged).toBe(true);
    expect(ok?.headline).toBeCloseTo(50);
    expect(ok?.color).toEqual(bandColour('car-park', /Spaces free/));
    expect(ok?.flagged).toBe(false);
    expect(old?.freshness).toBe('stale');
    expect(old?.color).toEqual(STALE_COLOR);
    expect(old?.hollow).toBe(true);
    expect(old?.fillColor[3]).toBe(0);
    expect(old?.lineColor).toEqual(STALE_COLOR);
    expect(data.at(-1)?.id).toBe('parking:BUSGADEHUSET'); // the worst is drawn last

    const [layer, rings] = buildLayers(input(s, [stateOf('parking:BUSGADEHUSET', T0, { vehicleCount: 1464, totalSpaces: 65 }, ['over-capacity']), stateOf('parking:OK', T0, { vehicleCount: 50, totalSpaces: 100 })]), { visible: {}, selectedId: null, atlas }).layers as [ScatterplotLayer<(typeof data)[number]>, ScatterplotLayer<(typeof data)[number]>];
    expect(layer).toBeInstanceOf(ScatterplotLayer); // circles
    const lineColor = layer.props.getLineColor as (d: (typeof data)[number]) => unknown;
    const lineWidth = layer.props.getLineWidth as (d: (typeof data)[number]) => number;
    const drawn = layer.props.data as typeof data;
    expect(drawn.map((d) => d.id)).toEqual(['parking:OLD', 'parking:OK', 'parking:BUSGADEHUSET']); // OLD: no reading here
    expect(lineWidth(drawn[2]!)).toBeGreaterThan(lineWidth(drawn[1]!));
    expect(lineColor(drawn[2]!)).toEqual(PALETTES.hmi.shared.outlineLive);
    expect(rings.id).toBe('type-car-park-flags');
    expect((rings.props.data as typeof data).map((d) => d.id)).toEqual(['parking:BUSGADEHUSET']);
    expect((rings.props.getLineColor as (d: (typeof data)[number]) => unknown)(drawn[2]!)).toEqual(FLAG_RING_COLOR);
  });

  it('falls back to the capacity attribute when totalSpaces is missing', () => {
    const [d] = pointData(input([parkingSensor('X', 200)], [stateOf('parking:X', T0, { vehicleCount: 100 })]), CAR_PARK);
    expect(d?.headline).toBeCloseTo(50);
    expect(d?.judgement).toBe('ok');
  });
});

describe('CityPulse simulated air index (point builder)', () => {
  it('colours by the band of the highest of the five indexes; grey when never heard from', () => {
    const s = [airSensor('1'), airSensor('2')];
    const data = pointData(input(s, [stateOf('air:1', T0, { ozone: 120, particulateMatter: 10, carbonMonoxide: 10, sulfurDioxide: 10, nitrogenDioxide: 10 })]), AIR);
    const [never, usg] = data; // never heard from first (drawn below)
    expect(usg?.headline).toBe(120);
    expect(usg?.band?.label).toMatch(/sensitive groups/);
    expect(usg?.color).toEqual(bandColour('citypulse-air-index', /sensitive groups/));
    expect(usg?.size).toBe(6 + 2 * 1.5); // severity 2: two steps larger
    expect(never?.freshness).toBe('never');
    expect(never?.color).toEqual(NEVER_COLOR);
    expect(never?.hollow).toBe(true);
    expect(never?.size).toBe(6);
    expect(AIR.provenance).toBe('simulated');
  });
});

describe('buildLayers', () => {
  const sensors = [trafficSensor('1'), trafficSensor('2'), parkingSensor('P'), airSensor('A')];
  const inp = input(sensors, [stateOf('traffic:1', T0, { avgSpeedKmh: 10, vehicleCount: 3 })], T0, 7);

  it('draws every present type: lines below points, large symbols below small ones; counts per type id', () => {
    const built = buildLayers(inp, { visible: {}, selectedId: null, atlas });
    expect(built.layers.map((l) => l.id)).toEqual([
      'type-traffic-flags',
      'type-traffic-rails',
      'type-traffic',
      'type-car-park',
      'type-car-park-flags',
      'type-citypulse-air-index',
      'type-citypulse-air-index-flags',
    ]);
    expect(built.counts).toEqual({ traffic: 2, 'car-park': 1, 'citypulse-air-index': 1 });
  });

  it('omits hidden types and reports 0 for them; ids it was not told about stay visible', () => {
    const built = buildLayers(inp, { visible: { traffic: false, 'citypulse-air-index': false, 'some-other': false }, selectedId: null, atlas });
    expect(built.layers.map((l) => l.id)).toEqual(['type-car-park', 'type-car-park-flags']);
    expect(built.counts).toEqual({ traffic: 0, 'car-park': 1, 'citypulse-air-index': 0 });
  });

  it('adds a selection highlight: along a line, or a ring just outside the symbol', () => {
    const a = buildLayers(inp, { visible: {}, selectedId: 'traffic:1', atlas });
    expect(a.layers.at(-1)?.id).toBe('selection-path');
    expect((a.layers.at(-1) as PathLayer<{ path: unknown }>).props.data).toEqual([{ path: [[10.1, 56.1], [10.15, 56.12], [10.2, 56.15]] }]);
    const b = buildLayers(inp, { visible: {}, selectedId: 'parking:P', atlas });
    const ring = b.layers.at(-1) as ScatterplotLayer;
    expect(ring.id).toBe('selection-point');
    expect(ring.props.getRadius).toBeCloseTo(7 + 8); // a car park without a reading: the smallest symbol + the gap
    const c = buildLayers(inp, { visible: {}, selectedId: 'traffic:nope', atlas });
    expect(c.layers.at(-1)?.id).toBe('type-citypulse-air-index-flags');
  });

  it('picks the sensor id from a datum', () => {
    expect(pickedSensorId({ id: 'traffic:1' })).toBe('traffic:1');
    expect(pickedSensorId(null)).toBeNull();
    expect(pickedSensorId({ id: 3 })).toBeNull();
  });
});
