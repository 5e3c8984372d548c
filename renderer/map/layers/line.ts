/**
 * Line sensors of one type (road segments...): one path per sensor, drawn as the feed gives it (geometry.ts pathOf),
 * coloured by the headline's band, width by the type's style (thin when stale or never heard from), violet when the headline cannot be judged (an empty speed is not a jam), and a light halo underneath when the
 * latest reading is flagged.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { FLAG_HALO_COLOR } from '../colors';
import { sensorsOfType, type LayerInput, type SensorDatum } from './common';
import { pathOf } from './geometry';

export interface LineDatum extends SensorDatum {
  path: LngLat[];
}

/** How much wider than the line its flag halo is (px). */
export const HALO_EXTRA_PX = 4;

export function lineData(input: LayerInput, type: SensorType): LineDatum[] {
  const out: LineDatum[] = [];
  for (const d of sensorsOfType(input, type)) {
    const path = pathOf(d.sensor);
    if (path) out.push({ ...d, path, color: [d.color[0], d.color[1], d.color[2], d.freshness === 'live' ? 255 : d.color[3]] });
  }
  return out;
}

/** Flagged lines that get a halo. */
export function haloData(data: readonly LineDatum[]): LineDatum[] {
  return data.filter((d) => d.flagged);
}

export function lineLayers(type: SensorType, data: LineDatum[], version: number): Layer[] {
  const id = `type-${type.id}`;
  return [
    new PathLayer<LineDatum>({
      id: `${id}-flags`,
      data: haloData(data),
      pickable: false,
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: FLAG_HALO_COLOR,
      getWidth: (d) => d.size + HALO_EXTRA_PX,
      updateTriggers: { getPath: version, getWidth: version },
    }),
    new PathLayer<LineDatum>({
      id,
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 160],
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: (d) => d.color,
      getWidth: (d) => d.size,
      updateTriggers: { getColor: version, getWidth: version, getPath: version },
    }),
  ];
}
