/**
 * Alarm symbols on the map (renderer/map/layers/alarmSymbols.ts): one symbol per place with the count of its alarms,
 * drawn by the worst; unacknowledged ones ringed, cleared ones hollow; shelved and resolved ones not drawn; zones
 * outlined; a click selects the alarm (then the next one at the place) and its sensor; the replayed alarms in replay.
 */
import type { IconLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { describe, expect, it, vi } from 'vitest';
import type { Alarm, RuleSummary, Shelf, ZoneInfo } from '../../electron/engine/api';
import type { ReplayFrame } from '../../electron/engine/api';
import { PRIORITY_STYLE } from '../../electron/shared/alarm-colors';
import { alertLayers } from '../../renderer/map/layers/alertOverlay';
import {
  alarmPlaceOf,
  alarmPlaceTooltip,
  alarmSymbolData,
  alarmSymbolLayers,
  alarmToSelect,
  midpointOf,
  pickedAlarmPlace,
  PRIORITY_SYMBOL,
  selectAlarmAt,
  summarizeSymbols,
  type AlarmPlace,
  type AlarmSymbolInput,
} from '../../renderer/map/layers/alarmSymbols';
import { pickedSensorId } from '../../renderer/map/layers';
import { createAppStore, shownAlarms, shownShelves } from '../../renderer/store';
import { airSensor, parkingSensor, SHIPPED_REGISTRY, trafficSensor } from './fixtures';
import { alarm } from './workload-fixtures';

const zone: ZoneInfo = { id: '3', name: 'Midtbyen', polygons: [[[[10.2, 56.15], [10.22, 56.15], [10.22, 56.17], [10.2, 56.15]]]] };
const P = parkingSensor('P'); // [10.2, 56.15]
const Q = { ...parkingSensor('Q'), geometry: { type: 'Point' as const, coordinates: [10.3, 56.2] as [number, number] } };
const T = trafficSensor('1'); // line from [10.1, 56.1] to [10.2, 56.15]
const A = airSensor('A');
const catalogue = new Map([P, Q, T, A].map((s) => [s.id, s]));
const areaRule = {
  id: 'zone-rule',
  name: 'Jam in the drawn area',
  kind: 'traffic',
  rule: { scope: { type: 'zone', polygon: [[10, 56], [10.1, 56], [10.1, 56.1]] }, group: { by: 'areas', areas: [{ name: 'Ring 2', polygon: [[10.4, 56.3], [10.5, 56.3], [10.5, 56.4]] }] } },
} as unknown as RuleSummary;
const rules = new Map([['zone-rule', areaRule]]);

function input(alarms: Alarm[], shelves: Shelf[] = []): AlarmSymbolInput {
  return { alarms: new Map(alarms.map((a) => [a.id, a])), shelves: new Map(shelves.map((s) => [s.key, s])), catalogue, states: new Map(), zones: [zone], rules };
}
const shelf = (a: Alarm): Shelf => ({ key: `${a.ruleId}|${a.subject}`, by: 'Ana', at: 0, until: 1e12, reason: 'maintenance' });
const ack = { by: 'Ana', at: 5 };

describe('alarm places', () => {
  it('puts a sensor alarm at the sensor, a line at its middle, a zone at its centre with its outline', () => {
    expect(alarmPlaceOf(alarm('a', { subject: P.id }), input([]))).toEqual({ position: [10.2, 56.15], rings: [], sensorId: P.id });
    const onLine = alarmPlaceOf(alarm('b', { subject: T.id }), input([]))!;
    expect(onLine.sensorId).toBe(T.id);
    // halfway along the line by length, on the line (not its first point)
    expect(onLine.position[0]).toBeGreaterThan(10.1);
    expect(onLine.position[0]).toBeLessThan(10.2);
    const district = alarmPlaceOf(alarm('c', { subject: 'zone:3' }), input([]))!;
    expect(district.rings).toHaveLength(1);
    expect(district.position).toEqual([10.21, 56.16]);
    expect(district.sensorId).toBeNull();
    const drawn = alarmPlaceOf(alarm('d', { ruleId: 'zone-rule', subject: 'zone:zone-rule' }), input([]))!;
    expect(drawn.rings[0]).toHaveLength(4); // closed
    expect(midpointOf([[0, 0], [2, 0], [2, 2]])).toEqual([2, 0]);
  });

  it('puts a group alarm at its district or drawn area (outlined), else at its first-out member; an outage has no place', () => {
    const members = (...ids: string[]) => ids.map((subject, i) => ({ subject, raisedAt: i, clearedAt: null, message: '' }));
    const byDistrict = alarm('g1', { subject: 'group:district:3', group: { kind: 'rule', name: 'Midtbyen', members: members(T.id, P.id), firstOut: T.id } });
    expect(alarmPlaceOf(byDistrict, input([]))).toMatchObject({ position: [10.21, 56.16], sensorId: T.id });
    expect(alarmPlaceOf(byDistrict, input([]))!.rings).toHaveLength(1);
    const byArea = alarm('g2', { ruleId: 'zone-rule', subject: 'group:area:Ring 2', group: { kind: 'rule', name: 'Ring 2', members: members(Q.id), firstOut: Q.id } });
    expect(alarmPlaceOf(byArea, input([]))!.rings).toHaveLength(1);
    const byScope = alarm('g3', { subject: 'group:scope', group: { kind: 'rule', name: 'its whole scope', members: members(Q.id, P.id), firstOut: Q.id } });
    expect(alarmPlaceOf(byScope, input([]))).toEqual({ position: [10.3, 56.2], rings: [], sensorId: Q.id });
    const outage = alarm('o', { ruleId: 'source-outage', subject: 'source:traffic', group: { kind: 'outage', name: 'Traffic', members: members(T.id), firstOut: T.id } });
    expect(alarmPlaceOf(outage, input([]))).toBeNull();
    const data = alarmSymbolData(input([outage, byScope]));
    expect(data.unplaced.map((a) => a.id)).toEqual(['o']);
    expect(data.places).toHaveLength(1);
  });
});

describe('alarm symbol data', () => {
  it('groups the alarms of one place into one symbol with their count, drawn by the worst', () => {
    const data = alarmSymbolData(
      input([
        alarm('low', { subject: P.id, priority: 'low', raisedAt: 1 }),
        alarm('urgent', { subject: P.id, priority: 'urgent', ruleId: 'r2', raisedAt: 2 }),
        alarm('med', { subject: Q.id, priority: 'medium', acknowledged: ack, state: 'acknowledged' }),
      ]),
    );
    expect(data.places.map((p) => [p.sensorId, p.count, p.priority])).toEqual([
      [Q.id, 1, 'medium'], // drawn first: the worst is drawn last, on top
      [P.id, 2, 'urgent'],
    ]);
    expect(data.places[1]!.alarms.map((a) => a.id)).toEqual(['urgent', 'low']);
    expect(summarizeSymbols(data)).toMatchObject({ places: 2, alarms: 3, unacknowledged: 2, shelved: 0, unplaced: 0 });
  });

  it('marks unacknowledged places (ringed) and cleared ones (hollow); acknowledged ones are filled without a ring', () => {
    const data = alarmSymbolData(
      input([
        alarm('active', { subject: P.id }),
        alarm('acked', { subject: Q.id, state: 'acknowledged', acknowledged: ack }),
        alarm('cleared', { subject: A.id, state: 'cleared', clearedAt: 9 }),
      ]),
    );
    const by = (id: string) => data.places.find((p) => p.alarms[0]!.id === id)!;
    expect([by('active').unacknowledged, by('active').holding]).toEqual([1, true]);
    expect([by('acked').unacknowledged, by('acked').holding]).toEqual([0, true]);
    expect([by('cleared').unacknowledged, by('cleared').holding]).toEqual([1, false]);
    const layers = alarmSymbolLayers(data);
    const ids = layers.map((l) => l.id);
    expect(ids).toEqual(['alarm-unack-ring-casing', 'alarm-unack-ring', 'alarm-symbol-edge', 'alarm-symbol', 'alarm-symbol-hollow']);
    const ring = layers[1] as ScatterplotLayer<AlarmPlace>;
    expect((ring.props.data as AlarmPlace[]).map((p) => p.alarms[0]!.id).sort()).toEqual(['active', 'cleared']);
    const hollow = layers[4] as IconLayer<AlarmPlace>;
    expect((hollow.props.data as AlarmPlace[]).map((p) => p.alarms[0]!.id)).toEqual(['cleared']);
  });

  it('tells priorities apart by shape and size, not only colour', () => {
    const shapes = new Set(Object.values(PRIORITY_SYMBOL).map((s) => s.shape));
    expect(shapes.size).toBe(4);
    expect(PRIORITY_SYMBOL.urgent.size).toBeGreaterThan(PRIORITY_SYMBOL.high.size);
    expect(PRIORITY_SYMBOL.high.size).toBeGreaterThan(PRIORITY_SYMBOL.medium.size);
    expect(PRIORITY_SYMBOL.medium.size).toBeGreaterThan(PRIORITY_SYMBOL.low.size);
    const data = alarmSymbolData(input([alarm('u', { subject: P.id, priority: 'urgent' }), alarm('l', { subject: Q.id, priority: 'low' })]));
    const symbol = alarmSymbolLayers(data).find((l) => l.id === 'alarm-symbol') as IconLayer<AlarmPlace>;
    const getIcon = symbol.props.getIcon as (d: AlarmPlace) => string;
    const getSize = symbol.props.getSize as (d: AlarmPlace) => number;
    const getColor = symbol.props.getColor as unknown as (d: AlarmPlace) => number[];
    const [low, urgent] = data.places;
    expect([getIcon(urgent!), getIcon(low!)]).toEqual(['triangle', 'circle']);
    expect(getSize(urgent!)).toBeGreaterThan(getSize(low!));
    expect(getColor(urgent!)).toEqual(PRIORITY_STYLE.urgent.color);
  });

  it('draws the count where several alarms share a place, and zone outlines for area alarms', () => {
    const data = alarmSymbolData(input([alarm('z1', { subject: 'zone:3', priority: 'high' }), alarm('z2', { subject: 'zone:3', ruleId: 'r9' })]));
    const layers = alarmSymbolLayers(data);
    expect(layers.map((l) => l.id)).toEqual(['alarm-zone-casing', 'alarm-zone', 'alarm-unack-ring-casing', 'alarm-unack-ring', 'alarm-symbol-edge', 'alarm-symbol', 'alarm-count']);
    const zoneLayer = layers[1] as PathLayer<{ path: unknown[]; place: AlarmPlace }>;
    expect((zoneLayer.props.data as unknown[]).length).toBe(1);
    expect((zoneLayer.props.getColor as unknown as (d: { place: AlarmPlace }) => number[])({ place: data.places[0]! })).toEqual(PRIORITY_STYLE.high.color);
    const count = layers[6] as TextLayer<AlarmPlace>;
    expect((count.props.getText as (d: AlarmPlace) => string)(data.places[0]!)).toBe('2');
  });

  it('does not draw shelved or resolved alarms (the shelf counts them)', () => {
    const shelved = alarm('s', { subject: P.id, priority: 'urgent' });
    const data = alarmSymbolData(input([shelved, alarm('r', { subject: Q.id, state: 'resolved' }), alarm('open', { subject: A.id })], [shelf(shelved)]));
    expect(data.places.map((p) => p.alarms.map((a) => a.id))).toEqual([['open']]);
    expect(data.shelved).toBe(1);
    expect(alarmSymbolLayers(alarmSymbolData(input([], [])))).toEqual([]);
  });
});

describe('picking and words', () => {
  it('a click selects the worst alarm of the place and its sensor; clicked again, the next one', () => {
    const place = alarmSymbolData(input([alarm('u', { subject: P.id, priority: 'urgent' }), alarm('l', { subject: P.id, priority: 'low', ruleId: 'r2' })])).places[0]!;
    expect(alarmToSelect(place, null).id).toBe('u');
    expect(alarmToSelect(place, 'u').id).toBe('l');
    expect(alarmToSelect(place, 'l').id).toBe('u');
    const actions = { selectedAlarmId: null, selectAlarm: vi.fn(), select: vi.fn(), setHighlightedSensors: vi.fn() };
    selectAlarmAt(place, actions, input([]));
    expect(actions.selectAlarm).toHaveBeenCalledWith('u');
    expect(actions.select).toHaveBeenCalledWith(P.id);
    expect(actions.setHighlightedSensors).toHaveBeenCalledWith([]);
    // A group alarm: its members are highlighted, its first-out selected.
    const group = alarm('g', { subject: 'group:district:3', group: { kind: 'rule', name: 'Midtbyen', members: [{ subject: T.id, raisedAt: 0, clearedAt: null, message: '' }, { subject: P.id, raisedAt: 1, clearedAt: null, message: '' }], firstOut: T.id } });
    selectAlarmAt(alarmSymbolData(input([group])).places[0]!, actions, input([]));
    expect(actions.setHighlightedSensors).toHaveBeenLastCalledWith([T.id, P.id]);
    expect(actions.select).toHaveBeenLastCalledWith(T.id);
  });

  it('the symbol layer hands the clicked place to onPick and stops the click there; the map does not take it for a sensor', () => {
    const data = alarmSymbolData(input([alarm('u', { subject: P.id })]));
    const onPick = vi.fn();
    const symbol = alarmSymbolLayers(data, onPick).find((l) => l.id === 'alarm-symbol')!;
    const handled = (symbol.props.onClick as (info: { object: unknown }) => boolean)({ object: data.places[0] });
    expect(handled).toBe(true);
    expect(onPick).toHaveBeenCalledWith(data.places[0]);
    expect(pickedAlarmPlace(data.places[0])).toBe(data.places[0]);
    expect(pickedAlarmPlace({ id: P.id })).toBeNull();
    expect(pickedSensorId(data.places[0])).toBeNull();
  });

  it('the tooltip names the place, then each alarm by priority, rule and state', () => {
    const ctx = { catalogue, zones: [zone], rules, registry: SHIPPED_REGISTRY };
    const place = alarmSymbolData(input([alarm('u', { subject: P.id, priority: 'urgent', ruleId: 'car-park-full' }), alarm('l', { subject: P.id, priority: 'low', ruleId: 'zone-rule', state: 'acknowledged', acknowledged: ack })])).places[0]!;
    const text = alarmPlaceTooltip(place, ctx).split('\n');
    expect(text[0]).toBe('P');
    expect(text[1]).toBe('Urgent · car-park-full · Active, not acknowledged');
    expect(text[2]).toBe('Low · Jam in the drawn area · Acknowledged');
    expect(text[3]).toMatch(/click again for the next/);
  });
});

describe('the overlay, live and in replay', () => {
  it('draws the store alarms live, and the replayed frame alarms and shelves in replay', () => {
    const store = createAppStore();
    store.setState({ catalogue, zones: [zone], rules });
    const live = alarm('live', { subject: P.id, priority: 'high' });
    store.getState().upsertAlarms([live]);
    const overlay = (s = store.getState()) => alertLayers(s.replay ? { ...s, alarms: shownAlarms(s), shelves: shownShelves(s) } : s);
    expect(overlay().symbols.items.map((i) => i.alarmIds)).toEqual([['live']]);
    // Shelving it live takes it off the map.
    store.getState().setShelves([shelf(live)]);
    expect(overlay().symbols).toMatchObject({ places: 0, shelved: 1 });
    // Replay: the frame's alarms (one at Q) and its shelves (none): the live alarm and shelf are not the replayed ones.
    store.getState().enterReplay(1000);
    const past = alarm('past', { subject: Q.id, priority: 'urgent' });
    store.getState().setReplayFrame({ at: 1000, states: [], alarms: [past, live], shelves: [], counts: null } as unknown as ReplayFrame);
    expect(overlay().symbols.items.map((i) => i.alarmIds)).toEqual([['live'], ['past']]);
    // A click in replay selects the replayed alarm.
    const s = store.getState();
    const out = alertLayers({ ...s, alarms: shownAlarms(s), shelves: shownShelves(s) });
    const symbol = out.layers.find((l) => l.id === 'alarm-symbol')!;
    const place = (symbol.props.data as AlarmPlace[]).find((p) => p.alarms[0]!.id === 'past');
    (symbol.props.onClick as (info: { object: unknown }) => boolean)({ object: place });
    expect(store.getState().selectedAlarmId).toBe('past');
    expect(store.getState().selectedId).toBe(Q.id);
  });
});
