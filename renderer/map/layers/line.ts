/**
 * Line sensors of one type (road segments...): one path per sensor, drawn as the feed gives it (geometry.ts pathOf), in its state's colour (the headline's band in the operator's palette; violet when it cannot be
 * judged: an empty speed is not a jam), as wide as its state is bad (sensor-style.ts lineWidth: a jam is the widest
 * line whatever the vehicles counted). Lines with no value to show (stale, never heard from, not computable) are drawn
 * hollow: two rails in the state's grey around a dark core. A light halo underneath when the latest reading is flagged.
 * Worst drawn last (on top).
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { RGBA } from '../../../electron/shared/palette/palettes';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { sensorsOfType, sharedColours, type LayerInput, type SensorDatum } from './common';
import { pathOf } from './geometry';

export interface LineDatum extends SensorDatum {
  path: LngLat[];
  hollow: boolean;
  /** The rails of a hollow line (its state's colour, full width); null for a solid line. */
  railColor: RGBA | null;
  /** What the core path is drawn in: the state's colour (opaque), or the dark ground inside a hollow line. */
  coreColor: RGBA;
  coreWidth: number;
  haloColor: RGBA;
}

/** How much wider than the line its flag halo is (px). */
export const HALO_EXTRA_PX = 4;
/** Width of each rail of a hollow line (px). */
export const RAIL_PX = 1.25;

export function lineData(input: LayerInput, type: SensorType): LineDatum[] {
  const out: LineDatum[] = [];
  const shared = sharedColours(input);
  for (const d of sensorsOfType(input, type)) {
    const path = pathOf(d.sensor);
    if (!path) continue;
    const opaque: RGBA = [d.color[0], d.color[1], d.color[2], 255];
    const hollow = d.stateClass.cue === 'hollow';
    out.push({
      ...d,
      path,
      color: opaque,
      hollow,
      railColor: hollow ? opaque : null,
      coreColor: hollow ? [...shared.hole] : opaque,
      coreWidth: hollow ? Math.max(1, d.size - 2 * RAIL_PX) : d.size,
      haloColor: [...shared.flagHalo],
    });
  }
  return out;
}

/** Flagged lines that get a halo. */
export function haloData(data: readonly LineDatum[]): LineDatum[] {
  return data.filter((d) => d.flagged);
}

/** The halo, rails and core paths of one line type (the palette reaches them through the data, rebuilt on each change). */
export function lineLayers(type: SensorType, data: LineDatum[], version: number): Layer[] {
  const id = `type-${type.id}`;
  const trigger = version;
  const common = { widthUnits: 'pixels' as const, capRounded: true, getPath: (d: LineDatum) => d.path };
  return [
    new PathLayer<LineDatum>({
      ...common,
      id: `${id}-flags`,
      data: haloData(data),
      pickable: false,
      getColor: (d) => d.haloColor,
      getWidth: (d) => d.size + HALO_EXTRA_PX,
      updateTriggers: { getPath: trigger, getWidth: trigger, getColor: trigger },
    }),
    new PathLayer<LineDatum>({
      ...common,
      id: `${id}-rails`,
      data: data.filter((d) => d.hollow),
      pickable: true,
      getColor: (d) => d.railColor ?? d.color,
      getWidth: (d) => d.size,
      updateTriggers: { getPath: trigger, getWidth: trigger, getColor: trigger },
    }),
    new PathLayer<LineDatum>({
      ...common,
      id,
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 160],
      getColor: (d) => d.coreColor,
      getWidth: (d) => d.coreWidth,
      updateTriggers: { getColor: trigger, getWidth: trigger, getPath: trigger },
    }),
  ];
}
