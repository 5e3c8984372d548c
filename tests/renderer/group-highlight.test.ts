import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { AlarmGroup } from '../../electron/engine/api';
import { alertLayers } from '../../renderer/map/layers/alertOverlay';
import { FIRST_OUT_RADIUS, GROUP_HIGHLIGHT_COLOR, MEMBER_RADIUS, flyToBounds, groupHighlightLayers, groupMemberIds } from '../../renderer/map/layers/groupHighlight';
import { parkingSensor, trafficSensor } from './fixtures';
import { alarm } from './workload-fixtures';

const farQ = { ...parkingSensor('Q'), geometry: { type: 'Point' as const, coordinates: [10.3, 56.2] as [number, number] } };
const catalogue = new Map([parkingSensor('P'), farQ, trafficSensor('1')].map((s) => [s.id, s]));
const member = (subject: string, raisedAt: number) => ({ subject, raisedAt, clearedAt: null, message: 'm' });
const group: AlarmGroup = { kind: 'outage', name: 'Car parks (CityPulse)', members: [member('parking:Q', 1), member('parking:P', 2), member('parking:Q', 3), member('parking:gone', 4)], firstOut: 'parking:Q' };
const ctx = { catalogue, zones: [], rules: new Map() };

describe('group members on the map', () => {
  it('lists each member once, first-out first', () => {
    expect(groupMemberIds({ group })).toEqual(['parking:Q', 'parking:P', 'parking:gone']);
    expect(groupMemberIds({})).toEqual([]);
  });

  it('rings every highlighted sensor in the catalogue, the first-out one larger; lines get a halo', () => {
    const layers = groupHighlightLayers(new Set(['parking:P', 'parking:Q', 'traffic:1', 'parking:gone']), catalogue, undefined, 'parking:Q');
    expect(layers.map((l) => l.id)).toEqual(['group-highlight-path', 'group-highlight-ring']);
    const halo = layers[0] as PathLayer<{ id: string }>;
    expect((halo.props.data as { id: string }[]).map((d) => d.id)).toEqual(['traffic:1']);
    const ring = layers[1] as ScatterplotLayer<{ id: string; firstOut: boolean }>;
    expect(ring).toBeInstanceOf(ScatterplotLayer);
    const data = ring.props.data as { id: string; firstOut: boolean }[];
    expect(data.map((d) => d.id).sort()).toEqual(['parking:P', 'parking:Q', 'traffic:1']); // the unknown member has nowhere to be drawn
    const radius = ring.props.getRadius as (d: { firstOut: boolean }) => number;
    expect(radius(data.find((d) => d.id === 'parking:Q')!)).toBe(FIRST_OUT_RADIUS);
    expect(radius(data.find((d) => d.id === 'parking:P')!)).toBe(MEMBER_RADIUS);
    expect(ring.props.getLineColor).toEqual(GROUP_HIGHLIGHT_COLOR);
  });

  it('draws nothing without highlighted sensors, or with none known', () => {
    expect(groupHighlightLayers(new Set(), catalogue)).toEqual([]);
    expect(groupHighlightLayers(new Set(['nowhere']), catalogue)).toEqual([]);
  });

  it('the overlay draws the highlighted members under the selected alarm', () => {
    const a = alarm('g', { subject: 'source:parking', group, priority: 'high' });
    const out = alertLayers({ alarms: new Map([['g', a]]), selectedAlarmId: 'g', highlightedSensorIds: new Set(['parking:P', 'parking:Q']), catalogue, states: new Map(), zones: [], rules: new Map(), editor: null, mapMode: 'normal', drawPoints: [], backtestMarks: [] });
    expect(out.layers.map((l) => l.id)).toEqual(['group-highlight-ring']);
    // A source outage has no place of its own: the hooks report its members.
    expect(out.highlight).toEqual({ alarmId: 'g', sensors: [], rings: 0, priority: 'high', members: ['parking:P', 'parking:Q'] });
    const none = alertLayers({ alarms: new Map(), selectedAlarmId: null, highlightedSensorIds: new Set(), catalogue, states: new Map(), zones: [], rules: new Map(), editor: null, mapMode: 'normal', drawPoints: [], backtestMarks: [] });
    expect(none.layers).toEqual([]);
  });
});

describe('fly to', () => {
  it('a group alarm flies to all its members (the highlighted ones when the list set them for it)', () => {
    const P = catalogue.get('parking:P')!.geometry.coordinates as [number, number];
    const Q = catalogue.get('parking:Q')!.geometry.coordinates as [number, number];
    const a = { subject: 'source:parking', group };
    const all = flyToBounds(a, ctx)!;
    expect(P).not.toEqual(Q);
    expect(all.bounds).toEqual([
      [Math.min(P[0], Q[0]), Math.min(P[1], Q[1])],
      [Math.max(P[0], Q[0]), Math.max(P[1], Q[1])],
    ]);
    expect(all.maxZoom).toBe(16);
    // The list highlighted one member plus a neighbour: fly to what is highlighted.
    const shown = flyToBounds(a, ctx, new Set(['parking:P', 'traffic:1']))!;
    expect(shown.bounds).not.toEqual(all.bounds);
    // Highlighted sensors of another group do not count.
    expect(flyToBounds(a, ctx, new Set(['traffic:1']))!.bounds).toEqual(all.bounds);
  });

  it('an alarm of one subject flies to it; one with no place gives null', () => {
    const one = flyToBounds({ subject: 'parking:P' }, ctx)!;
    expect(one.maxZoom).toBe(15);
    expect(one.bounds[0]).toEqual(one.bounds[1]);
    expect(flyToBounds({ subject: 'source:nowhere' }, ctx)).toBeNull();
  });
});
