/**
 * A type the app has never seen, defined only as a JSON document (tests/renderer/fixtures/types/), is drawn by the
 * builder of its geometry, styled by its map style: one test per geometry (point, line, moving point, area).
 */
import { IconLayer, PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { SensorState } from '../../electron/shared/model';
import { PALETTES, UNKNOWN_COLOR } from '../../renderer/map/colors';
import { buildLayers, drawOrder, presentTypes } from '../../renderer/map/layers';
import { AREA_FILL_ALPHA, areaData, areaLayers } from '../../renderer/map/layers/area';
import { lineData, lineLayers } from '../../renderer/map/layers/line';
import { movingPointData } from '../../renderer/map/layers/movingPoint';
import { pointData, pointLayers, type PointDatum } from '../../renderer/map/layers/point';
import { insideShape, SHAPE_CELL_PX, SHAPE_MAPPING, shapeAtlasBitmap } from '../../renderer/map/layers/shapes';
import { BAND_ALPHA, inputCheckIds, POINT_STEP_PX } from '../../renderer/map/layers/typeStyle';

const { flagRing: FLAG_RING_COLOR, cannotJudge: FLAGGED_COLOR, never: NEVER_COLOR, stale: STALE_COLOR, unknown: CLASSIC_UNKNOWN } = PALETTES.classic.shared;
import { input, stateOf, T0 } from './fixtures';
import { FOOTFALL_STREET, GRITTER, PARK_VISITORS, RIVER_GAUGE, sensorOf, TEST_REGISTRY } from './typeFixtures';

const atlas = shapeAtlasBitmap();
/** In the classic palette: each band in the type document's own colour (the calm palette's greys: tests/shared/palette). */
const at = (inputs: Parameters<typeof input>[0], states: SensorState[]) => ({ ...input(inputs, states, T0, 3, TEST_REGISTRY), palette: 'classic' as const });

describe('point builder: a river gauge type from JSON (square symbols, size by flow)', () => {
  const gauges = [
    sensorOf(RIVER_GAUGE, 'g-normal', { type: 'Point', coordinates: [-2.1, 57.15] }, { floodLevelM: 3 }),
    sensorOf(RIVER_GAUGE, 'g-flood', { type: 'Point', coordinates: [-2.2, 57.16] }, { floodLevelM: 3 }),
    sensorOf(RIVER_GAUGE, 'g-dry', { type: 'Point', coordinates: [-2.3, 57.17] }, { floodLevelM: 3 }),
    sensorOf(RIVER_GAUGE, 'g-nolevel', { type: 'Point', coordinates: [-2.3, 57.18] }),
    sensorOf(RIVER_GAUGE, 'g-impossible', { type: 'Point', coordinates: [-2.3, 57.19] }, { floodLevelM: 3 }),
    sensorOf(RIVER_GAUGE, 'g-never', { type: 'Point', coordinates: [-2.4, 57.2] }, { floodLevelM: 3 }),
  ];
  const states = [
    stateOf('g-normal', T0, { levelM: 1.2, flowMs: 0 }),
    stateOf('g-flood', T0, { levelM: 3.4, flowMs: 4 }, ['above-flood-level']),
    stateOf('g-dry', T0, { levelM: 0, flowMs: 1 }, ['level-stuck-at-zero']),
    stateOf('g-nolevel', T0, { levelM: 2, flowMs: 1 }),
    stateOf('g-impossible', T0, { levelM: 40, flowMs: 1 }, ['out-of-range']),
  ];
  const data = pointData(at(gauges, states), RIVER_GAUGE);
  const byId = (id: string) => data.find((d) => d.id === id)!;

  it('colours by the band of its derived headline, sizes by its metric', () => {
    expect(byId('g-normal').headline).toBeCloseTo(-1.8);
    expect(byId('g-normal').band?.label).toBe('Normal');
    expect(byId('g-normal').color).toEqual([40, 160, 90, BAND_ALPHA]);
    expect(byId('g-normal').size).toBe(4); // no flow: the smallest
    expect(byId('g-flood').band?.label).toBe('Flooding');
    expect(byId('g-flood').color).toEqual([210, 40, 40, BAND_ALPHA]);
    expect(byId('g-flood').stateClass).toMatchObject({ key: 'abnormal', severity: 2 }); // graded from higherIsWorse
    expect(byId('g-flood').size).toBe(12 + 2 * POINT_STEP_PX); // the domain's top, two steps larger for its severity
    expect(byId('g-flood').flagged).toBe(true); // a check on the headline: band kept, ring drawn
  });

  it('a check on the level it is computed from, or a level outside its range, cannot be judged', () => {
    expect([...inputCheckIds(RIVER_GAUGE)]).toEqual(['level-stuck-at-zero']);
    expect(byId('g-dry').judgement).toBe('cannot-judge');
    expect(byId('g-dry').color).toEqual(FLAGGED_COLOR);
    expect(byId('g-impossible').color).toEqual(FLAGGED_COLOR);
    // The flood level is unknown: nothing wrong with the reading, the headline is just not computable.
    expect(byId('g-nolevel').judgement).toBe('unknown');
    expect(byId('g-nolevel').color).toEqual(CLASSIC_UNKNOWN);
    expect(byId('g-never').color).toEqual(NEVER_COLOR);
  });

  it('draws squares from the shape atlas, with an outline and magenta rings on flagged gauges', () => {
    const layers = pointLayers(RIVER_GAUGE, data, 3, atlas);
    expect(layers.map((l) => l.id)).toEqual(['type-river-gauge-outline', 'type-river-gauge', 'type-river-gauge-flags']);
    const icons = layers[1] as IconLayer<PointDatum>;
    expect(icons).toBeInstanceOf(IconLayer);
    expect(icons.props.pickable).toBe(true);
    expect((icons.props.getIcon as (d: PointDatum) => string)(byId('g-normal'))).toBe('square');
    expect((icons.props.getIcon as (d: PointDatum) => string)(byId('g-never'))).toBe('square-hollow');
    expect((icons.props.getSize as (d: PointDatum) => number)(byId('g-flood'))).toBe(30);
    expect(icons.props.iconMapping).toBe(SHAPE_MAPPING);
    const rings = layers[2] as ScatterplotLayer<PointDatum>;
    expect((rings.props.data as PointDatum[]).map((d) => d.id).sort()).toEqual(['g-dry', 'g-flood', 'g-impossible']);
    expect((rings.props.getLineColor as (d: PointDatum) => unknown)(byId('g-flood'))).toEqual(FLAG_RING_COLOR);
  });
});

describe('line builder: a street footfall type from JSON', () => {
  const street = sensorOf(FOOTFALL_STREET, 'union-st', { type: 'LineString', coordinates: [[-2.11, 57.145], [-2.1, 57.146], [-2.09, 57.147]] }, { comfortPeople: 400 });
  const quiet = sensorOf(FOOTFALL_STREET, 'side-st', { type: 'LineString', coordinates: [[-2.12, 57.14], [-2.115, 57.141]] }, { comfortPeople: 400 });
  const old = sensorOf(FOOTFALL_STREET, 'old-st', { type: 'LineString', coordinates: [[-2.12, 57.15], [-2.115, 57.151]] }, { comfortPeople: 400 });
  const data = lineData(at([street, quiet, old], [stateOf('union-st', T0, { people: 600 }), stateOf('side-st', T0, { people: 100 }), stateOf('old-st', T0 - 3600_000, { people: 100 })]), FOOTFALL_STREET);

  it('the line as given, band colour of its derived headline, width by its state then its metric, grey and hollow when stale', () => {
    const [busy, calm, stale] = ['union-st', 'side-st', 'old-st'].map((id) => data.find((d) => d.id === id));
    expect(busy?.path).toEqual([[-2.11, 57.145], [-2.1, 57.146], [-2.09, 57.147]]);
    expect(busy?.headline).toBe(150);
    expect(busy?.band?.label).toBe('Crowded');
    expect(busy?.color).toEqual([220, 50, 50, 255]);
    // Crowded (severity 2): 4 px (the first step above normal) + 2 px, plus 60 % of the metric's 1.5 px.
    expect(busy?.size).toBeCloseTo(4 + 2 + 1.5 * 0.6);
    expect(calm?.size).toBeCloseTo(2 + 1.5 * 0.1);
    expect(calm?.band?.label).toBe('Quiet');
    expect(stale?.freshness).toBe('stale');
    expect(stale?.color).toEqual(STALE_COLOR);
    expect(stale?.hollow).toBe(true);
    expect(lineLayers(FOOTFALL_STREET, data, 1).map((l) => l.id)).toEqual(['type-footfall-street-flags', 'type-footfall-street-rails', 'type-footfall-street']);
    expect(lineLayers(FOOTFALL_STREET, data, 1)[2]).toBeInstanceOf(PathLayer);
  });
});

describe('moving-point builder: a gritter type from JSON', () => {
  const truck = sensorOf(GRITTER, 'gritter-7', { type: 'Point', coordinates: [-2.0, 57.1] });
  const parked = sensorOf(GRITTER, 'gritter-8', { type: 'Point', coordinates: [-2.05, 57.12] });
  const moved: SensorState = { ...stateOf('gritter-7', T0, { saltPct: 5 }), last: { sensorId: 'gritter-7', ts: T0, values: { saltPct: 5 }, position: [-2.2, 57.3] } };

  it('draws each vehicle where its latest reading puts it, else where it was listed', () => {
    const data = movingPointData(at([truck, parked], [moved, stateOf('gritter-8', T0, { saltPct: 80 })]), GRITTER);
    // Loaded (normal) first, nearly empty (lower is worse: abnormal) drawn on top.
    expect(data.map((d) => d.id)).toEqual(['gritter-8', 'gritter-7']);
    expect(data.map((d) => d.position)).toEqual([[-2.05, 57.12], [-2.2, 57.3]]);
    expect(data[1]?.band?.label).toBe('Nearly empty');
    expect(data[0]?.band?.label).toBe('Loaded');
    const built = buildLayers(at([truck, parked], [moved]), { visible: {}, selectedId: 'gritter-7', atlas });
    expect(built.counts).toEqual({ gritter: 2 });
    expect(built.layers.map((l) => l.id)).toEqual(['type-gritter-outline', 'type-gritter', 'type-gritter-flags', 'selection-point']);
    // The selection ring follows the vehicle, not its catalogue place.
    expect((built.layers.at(-1) as ScatterplotLayer<{ position: unknown }>).props.data).toEqual([{ position: [-2.2, 57.3] }]);
  });
});

describe('area builder: a park visitors type from JSON', () => {
  const ring: [number, number][] = [[-2.1, 57.1], [-2.09, 57.1], [-2.09, 57.11], [-2.1, 57.11], [-2.1, 57.1]];
  const park = sensorOf(PARK_VISITORS, 'duthie', { type: 'Polygon', coordinates: [ring] });
  const openRing = sensorOf(PARK_VISITORS, 'hazlehead', { type: 'Polygon', coordinates: [ring.slice(0, 4)] });

  it('fills the polygon in its band colour, translucent; a flagged one gets the flag ring colour and a heavier outline', () => {
    const data = areaData(at([park, openRing], [stateOf('duthie', T0, { visitors: 250, batteryPct: 4 }, ['battery-low']), stateOf('hazlehead', T0, { visitors: 20, batteryPct: 80 })]), PARK_VISITORS);
    const [calm, flagged] = data;
    expect(flagged?.polygon).toEqual(ring);
    expect(calm?.polygon).toEqual(ring); // closed for drawing
    expect(flagged?.band?.label).toBe('Many');
    expect(flagged?.fillColor).toEqual([240, 120, 40, AREA_FILL_ALPHA]);
    expect(flagged?.lineColor).toEqual(FLAG_RING_COLOR);
    expect(calm?.lineColor).toEqual([90, 200, 120, 255]);
    expect(flagged!.lineWidth).toBeGreaterThan(calm!.lineWidth);
    const [layer] = areaLayers(PARK_VISITORS, data, 1);
    expect(layer).toBeInstanceOf(PolygonLayer);
    expect(layer?.props.pickable).toBe(true);
  });

  it('areas are drawn below lines and points', () => {
    const types = drawOrder(presentTypes({ catalogue: new Map([park, sensorOf(RIVER_GAUGE, 'g', { type: 'Point', coordinates: [0, 0] }), sensorOf(FOOTFALL_STREET, 's', { type: 'LineString', coordinates: [[0, 0], [1, 1]] })].map((s) => [s.id, s])), registry: TEST_REGISTRY }));
    expect(types.map((t) => t.id)).toEqual(['park-visitors', 'footfall-street', 'river-gauge']);
  });
});

describe('a sensor of a type the registry does not know', () => {
  it('is still drawn, as a point of unknown value', () => {
    const s = { id: 'x-1', kind: 'mystery', name: 'X', geometry: { type: 'Point' as const, coordinates: [1, 2] as [number, number] }, expectedIntervalS: 60, attributes: {} };
    const built = buildLayers(at([s], [stateOf('x-1', T0, { foo: 3 })]), { visible: {}, selectedId: null, atlas });
    expect(built.counts).toEqual({ mystery: 1 });
    const [layer] = built.layers as [ScatterplotLayer<PointDatum>];
    expect((layer.props.data as PointDatum[])[0]?.color).toEqual(CLASSIC_UNKNOWN);
    const calm = buildLayers({ ...at([s], [stateOf('x-1', T0, { foo: 3 })]), palette: 'hmi' }, { visible: {}, selectedId: null, atlas });
    expect(((calm.layers[0] as ScatterplotLayer<PointDatum>).props.data as PointDatum[])[0]?.color).toEqual(UNKNOWN_COLOR);
  });
});

describe('shape atlas', () => {
  it('has one opaque-centred, transparent-cornered cell per shape, and the shapes differ', () => {
    const px = (cell: number, x: number, y: number) => atlas.data[(y * atlas.width + cell * SHAPE_CELL_PX + x) * 4 + 3]!;
    for (let cell = 0; cell < 4; cell++) {
      expect(px(cell, 32, 40)).toBe(255);
      expect(px(cell, 1, 1)).toBe(0);
    }
    expect(px(1, 8, 8)).toBe(255); // a square fills its corner region
    expect(px(2, 8, 8)).toBe(0); // a diamond does not
    expect(insideShape('triangle', 0, -0.9)).toBe(true);
    expect(insideShape('triangle', 0.5, -0.9)).toBe(false);
  });
});
