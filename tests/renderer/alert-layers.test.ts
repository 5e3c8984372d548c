import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { RuleSummary, ZoneInfo } from '../../electron/engine/api';
import type { LngLat, Sensor, SensorState } from '../../electron/shared/model';
import {
  PRIORITY_STYLE,
  addCorner,
  alarmTarget,
  backtestLayer,
  boundsOf,
  closePolygon,
  drawPolygonLayers,
  highlightLayers,
  pickedSensorsLayer,
  targetBounds,
  zoneScopeLayers,
} from '../../renderer/map/layers/alerts';
import { alertLayers } from '../../renderer/map/layers/alertOverlay';
import { newRuleForm } from '../../renderer/rules/ruleForm';
import { airSensor, parkingSensor, SHIPPED_REGISTRY, trafficSensor } from './fixtures';

const zone: ZoneInfo = { id: '170', name: 'Rådhuskvarteret', polygons: [[[[10.2, 56.15], [10.21, 56.15], [10.21, 56.16], [10.2, 56.15]]]] };
const catalogue = new Map([parkingSensor('P'), trafficSensor('1'), airSensor('A')].map((s) => [s.id, s]));
const polygonRule = {
  id: 'drawn',
  name: 'Drawn area',
  kind: 'car-park',
  rule: { scope: { type: 'zone', polygon: [[10, 56], [10.1, 56], [10.1, 56.1]] } },
} as unknown as RuleSummary;
const ctx = { catalogue, zones: [zone], rules: new Map([['drawn', polygonRule]]) };

describe('alarm highlight', () => {
  it('rings a point sensor in the priority colour, with its priority in words', () => {
    const t = alarmTarget({ subject: 'parking:P' }, ctx);
    expect(t?.sensors.map((s) => s.id)).toEqual(['parking:P']);
    const layers = highlightLayers(t, 'high');
    expect(layers.map((l) => l.id)).toEqual(['alarm-highlight-ring', 'alarm-highlight-label']);
    const ring = layers[0] as ScatterplotLayer;
    expect(ring).toBeInstanceOf(ScatterplotLayer);
    expect(ring.props.filled).toBe(false);
    expect(ring.props.getLineColor).toEqual(PRIORITY_STYLE.high.color);
    expect(ring.props.data).toEqual([{ position: [10.2, 56.15] }]);
    const label = layers[1] as TextLayer<{ text: string }>;
    expect(label).toBeInstanceOf(TextLayer);
    expect((label.props.data as { text: string }[])[0]!.text).toBe('HIGH');
  });

  it('tells priorities apart by more than colour: ring size and width grow with it, urgent gets a second ring', () => {
    const t = alarmTarget({ subject: 'parking:P' }, ctx);
    const order = ['low', 'medium', 'high', 'urgent'] as const;
    const radii = order.map((p) => PRIORITY_STYLE[p].radius);
    const widths = order.map((p) => PRIORITY_STYLE[p].lineWidth);
    expect([...radii].sort((a, b) => a - b)).toEqual(radii);
    expect(new Set(radii).size).toBe(4);
    expect(new Set(widths).size).toBe(4);
    expect(new Set(order.map((p) => PRIORITY_STYLE[p].label)).size).toBe(4);
    expect(highlightLayers(t, 'urgent').map((l) => l.id)).toEqual(['alarm-highlight-ring', 'alarm-highlight-ring-outer', 'alarm-highlight-label']);
    const [inner, outer] = highlightLayers(t, 'urgent') as ScatterplotLayer[];
    expect(outer!.props.getRadius).toBeGreaterThan(inner!.props.getRadius as number);
    for (const p of ['low', 'medium', 'high'] as const) expect(highlightLayers(t, p).filter((l) => l.id.includes('ring'))).toHaveLength(1);
  });

  it('also draws a traffic segment, and outlines zones (districts and drawn polygons)', () => {
    const tr = highlightLayers(alarmTarget({ subject: 'traffic:1' }, ctx), 'medium');
    expect(tr.map((l) => l.id)).toEqual(['alarm-highlight-path', 'alarm-highlight-ring', 'alarm-highlight-label']);
    const z = alarmTarget({ subject: 'zone:170' }, ctx);
    expect(z?.rings).toHaveLength(1);
    const zl = highlightLayers(z, 'low');
    expect(zl.map((l) => l.id)).toEqual(['alarm-highlight-zone', 'alarm-highlight-label']);
    expect(zl[0]).toBeInstanceOf(PathLayer);
    expect((zl[0] as PathLayer).props.getColor).toEqual(PRIORITY_STYLE.low.color);
    const drawn = alarmTarget({ subject: 'zone:drawn' }, ctx);
    expect(drawn?.rings[0]).toEqual([[10, 56], [10.1, 56], [10.1, 56.1], [10, 56]]); // closed ring
    expect(alarmTarget({ subject: 'zone:unknown' }, ctx)).toBeNull();
    expect(highlightLayers(null, 'urgent')).toEqual([]);
  });

  it('rings any type: an area with its outline, a moving point where it last reported', () => {
    const park: Sensor = { id: 'park-1', kind: 'park-visitors', name: 'Park', geometry: { type: 'Polygon' as const, coordinates: [[[1, 1], [2, 1], [2, 2], [1, 1]] as LngLat[]] }, expectedIntervalS: 60, attributes: {} };
    const bus: Sensor = { id: 'bus-1', kind: 'transit-vehicle', name: 'Bus 1', geometry: { type: 'Point' as const, coordinates: [5, 5] as LngLat }, expectedIntervalS: 60, attributes: {} };
    const states = new Map<string, SensorState>([['bus-1', { sensorId: 'bus-1', last: { sensorId: 'bus-1', ts: 1, values: {}, position: [6, 7] as LngLat }, derived: {}, flags: [], count: 1 }]]);
    const c = { ...ctx, catalogue: new Map([[park.id, park], [bus.id, bus]]), states };
    const area = alarmTarget({ subject: 'park-1' }, c)?.sensors[0];
    expect(area?.path).toEqual([[1, 1], [2, 1], [2, 2], [1, 1]]);
    expect(area?.position[0]).toBeCloseTo(5 / 3); // the centre of its corners
    expect(area?.position[1]).toBeCloseTo(4 / 3);
    expect(alarmTarget({ subject: 'bus-1' }, c)?.sensors).toEqual([{ id: 'bus-1', position: [6, 7], path: null }]);
    expect(highlightLayers(alarmTarget({ subject: 'park-1' }, c), 'medium').map((l) => l.id)).toEqual(['alarm-highlight-path', 'alarm-highlight-ring', 'alarm-highlight-label']);
  });

  it('gives bounds to fly to', () => {
    expect(targetBounds(alarmTarget({ subject: 'zone:170' }, ctx)!)).toEqual([[10.2, 56.15], [10.21, 56.16]]);
    expect(targetBounds(alarmTarget({ subject: 'traffic:1' }, ctx)!)).toEqual([[10.1, 56.1], [10.2, 56.15]]);
    expect(boundsOf([])).toBeNull();
  });

  it('the overlay highlights the selected alarm and reports it for the e2e hooks', () => {
    const alarm = { id: 'a1', subject: 'parking:P', severity: 'critical', priority: 'urgent' } as never;
    const out = alertLayers({ alarms: new Map([['a1', alarm]]), selectedAlarmId: 'a1', highlightedSensorIds: new Set(), catalogue, states: new Map(), zones: [zone], rules: new Map(), editor: null, mapMode: 'normal', drawPoints: [], backtestMarks: [] });
    expect(out.highlight).toEqual({ alarmId: 'a1', sensors: ['parking:P'], rings: 0, priority: 'urgent', members: [] });
    // Its symbol (alarmSymbols.ts; this bare alarm has no state: drawn hollow, without the unacknowledged ring) is below the highlight.
    expect(out.layers.map((l) => l.id)).toEqual(['alarm-symbol-edge', 'alarm-symbol', 'alarm-symbol-hollow', 'alarm-highlight-ring', 'alarm-highlight-ring-outer', 'alarm-highlight-label']);
    expect(out.symbols).toMatchObject({ places: 1, alarms: 1, items: [{ alarmIds: ['a1'], sensorId: 'parking:P', priority: 'urgent' }] });
  });
});

describe('rule scope layers', () => {
  it('draws an open polygon as edges and vertices, the first vertex larger', () => {
    const pts: LngLat[] = [[10, 56], [10.1, 56], [10.1, 56.1]];
    const open = drawPolygonLayers(pts, false);
    expect(open.map((l) => l.id)).toEqual(['rule-draw-edges', 'rule-draw-vertices']);
    const v = open[1] as ScatterplotLayer<{ first: boolean }>;
    const getRadius = v.props.getRadius as (d: { first: boolean }) => number;
    expect(getRadius({ first: true })).toBeGreaterThan(getRadius({ first: false }));
    expect(drawPolygonLayers(pts.slice(0, 1), false).map((l) => l.id)).toEqual(['rule-draw-vertices']);
    expect(drawPolygonLayers([], false)).toEqual([]);
  });

  it('draws a closed polygon as a filled area', () => {
    const closed = drawPolygonLayers([[10, 56], [10.1, 56], [10.1, 56.1]], true);
    expect(closed[0]).toBeInstanceOf(PolygonLayer);
    expect((closed[0] as PolygonLayer).props.data).toEqual([{ polygon: [[10, 56], [10.1, 56], [10.1, 56.1]] }]);
  });

  it('clicks add corners; a double-click closes, dropping its duplicate clicks', () => {
    let pts: LngLat[] = [];
    pts = addCorner(pts, [10, 56]);
    pts = addCorner(pts, [10.1, 56]);
    pts = addCorner(pts, [10.1, 56.1]);
    pts = addCorner(pts, [10.1, 56.1]); // the double-click's second click
    expect(pts).toHaveLength(3);
    expect(closePolygon([...pts, [10.1000001, 56.1000001], [10, 56]])).toEqual([[10, 56], [10.1, 56], [10.1, 56.1]]);
    expect(closePolygon([[10, 56], [10.1, 56], [10.1, 56]])).toBeNull();
  });

  it('rings chosen sensors, outlines a district, marks backtest places', () => {
    expect(pickedSensorsLayer(['parking:P', 'parking:missing'], catalogue)?.props.data).toEqual([{ id: 'parking:P', position: [10.2, 56.15] }]);
    expect(pickedSensorsLayer([], catalogue)).toBeNull();
    expect(zoneScopeLayers(zone).map((l) => l.id)).toEqual(['rule-scope-zone-fill', 'rule-scope-zone-line']);
    expect(zoneScopeLayers(null)).toEqual([]);
    expect(backtestLayer([])).toBeNull();
    expect(backtestLayer([{ position: [10, 56], type: 'raise', severity: 'warning', subjectName: 'P', count: 4 }])?.id).toBe('rule-backtest-marks');
  });

  it('the overlay shows the editor scope: district by name, drawing in progress', () => {
    const base = { alarms: new Map(), selectedAlarmId: null, highlightedSensorIds: new Set<string>(), catalogue, states: new Map(), zones: [zone], rules: new Map(), backtestMarks: [] };
    const form = { ...newRuleForm(SHIPPED_REGISTRY, 'car-park', 'UTC'), scope: 'district' as const, district: 'rådhuskvarteret' };
    expect(alertLayers({ ...base, editor: { form, editingId: null }, mapMode: 'normal', drawPoints: [] }).layers.map((l) => l.id)).toEqual(['rule-scope-zone-fill', 'rule-scope-zone-line']);
    const drawing = alertLayers({ ...base, editor: { form: { ...form, scope: 'polygon' }, editingId: null }, mapMode: 'draw', drawPoints: [[10, 56], [10.1, 56]] });
    expect(drawing.layers.map((l) => l.id)).toEqual(['rule-draw-edges', 'rule-draw-vertices']);
  });
});
