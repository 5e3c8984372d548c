/**
 * The members of a group alarm on the map (pure: ids and catalogue in, deck.gl layers out; no store, no WebGL): the
 * alarm list puts the sensors of the group it expands or selects in the store's `highlightedSensorIds`; each is drawn
 * with a white ring (and a white halo along lines and areas), the first-out member larger and bolder, so that the whole
 * group stands out over the sensor layers whatever their colours (white is no sensor colour: violet, for instance,
 * already means "cannot be judged"). Also where "fly to" goes for an alarm: every member of a group, else
 * the alarm's subject.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Alarm } from '../../../electron/engine/api';
import type { LngLat, Sensor, SensorState } from '../../../electron/shared/model';
import type { RGBA } from '../colors';
import { alarmTarget, subjectTarget, targetBounds, type Bounds, type HighlightTarget } from './alerts';
import { anchorOf, pathOf, reportedPosition, ringOf } from './geometry';

export const GROUP_HIGHLIGHT_COLOR: RGBA = [255, 255, 255, 235];
export const GROUP_HALO_COLOR: RGBA = [255, 255, 255, 120];
export const MEMBER_RADIUS = 14;
export const FIRST_OUT_RADIUS = 20;

/** The sensor ids of a group alarm's members (each once, first-out first); empty for an alarm of one subject. */
export function groupMemberIds(alarm: Pick<Alarm, 'group'>): string[] {
  if (!alarm.group) return [];
  return [...new Set(alarm.group.members.map((m) => m.subject))];
}

interface MemberMark {
  id: string;
  position: LngLat;
  path: LngLat[] | null;
  firstOut: boolean;
}

function marksOf(ids: Iterable<string>, catalogue: ReadonlyMap<string, Sensor>, states: ReadonlyMap<string, SensorState> | undefined, firstOut: string | null): MemberMark[] {
  const out: MemberMark[] = [];
  for (const id of ids) {
    const s = catalogue.get(id);
    if (!s) continue; // a member not (yet) in the catalogue has nowhere to be drawn
    out.push({ id, position: reportedPosition(states?.get(id)) ?? anchorOf(s), path: pathOf(s) ?? ringOf(s), firstOut: id === firstOut });
  }
  return out;
}

/**
 * The highlighted sensors: a halo along line and area sensors, a filled halo and a white ring at every member (the
 * first-out one larger). Empty when no sensor of `ids` is in the catalogue.
 */
export function groupHighlightLayers(
  ids: ReadonlySet<string>,
  catalogue: ReadonlyMap<string, Sensor>,
  states?: ReadonlyMap<string, SensorState>,
  firstOut: string | null = null,
): Layer[] {
  if (ids.size === 0) return [];
  const marks = marksOf(ids, catalogue, states, firstOut);
  if (!marks.length) return [];
  const layers: Layer[] = [];
  const paths = marks.filter((m) => m.path);
  if (paths.length) {
    layers.push(
      new PathLayer<MemberMark>({
        id: 'group-highlight-path',
        data: paths,
        widthUnits: 'pixels',
        capRounded: true,
        getPath: (d) => d.path!,
        getColor: GROUP_HALO_COLOR,
        getWidth: 7,
        pickable: false,
      }),
    );
  }
  layers.push(
    new ScatterplotLayer<MemberMark>({
      id: 'group-highlight-ring',
      data: marks,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: true,
      getPosition: (d) => d.position,
      getRadius: (d) => (d.firstOut ? FIRST_OUT_RADIUS : MEMBER_RADIUS),
      getFillColor: [GROUP_HALO_COLOR[0], GROUP_HALO_COLOR[1], GROUP_HALO_COLOR[2], 40],
      getLineColor: GROUP_HIGHLIGHT_COLOR,
      getLineWidth: (d) => (d.firstOut ? 4 : 3),
      pickable: false,
      updateTriggers: { getRadius: firstOut, getLineWidth: firstOut },
    }),
  );
  return layers;
}

/** The target of highlighted sensors (for flying there), or null when none is in the catalogue. */
export function sensorsTarget(ids: Iterable<string>, ctx: Parameters<typeof subjectTarget>[1], label: string): HighlightTarget | null {
  const sensors = [...ids].flatMap((id) => subjectTarget(id, ctx)?.sensors ?? []);
  return sensors.length ? { sensors, rings: [], label } : null;
}

/**
 * Where "fly to" takes the map for an alarm: a group alarm's members (the highlighted sensors when the list has set
 * them for this group, else the group's own members), else the alarm's subject. Null when it has no place.
 */
export function flyToBounds(
  alarm: Pick<Alarm, 'subject' | 'group'>,
  ctx: Parameters<typeof subjectTarget>[1],
  highlighted: ReadonlySet<string> = new Set(),
): { bounds: Bounds; maxZoom: number } | null {
  let target: HighlightTarget | null = null;
  if (alarm.group) {
    const members = groupMemberIds(alarm);
    const shown = members.some((id) => highlighted.has(id)) ? [...highlighted] : members;
    target = sensorsTarget(shown, ctx, alarm.group.name);
  }
  target ??= alarmTarget(alarm, ctx);
  const bounds = target ? targetBounds(target) : null;
  if (!target || !bounds) return null;
  return { bounds, maxZoom: target.rings.length || target.sensors.length > 1 ? 16 : 15 };
}
