/**
 * Area sensors of one type (a zone's count, a lake's level...): the polygon filled in the headline's band colour,
 * translucent so the base map shows through, outlined in it; magenta outline when flagged; grey when stale.
 */
import type { Layer } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { FLAG_RING_COLOR, type RGBA } from '../colors';
import { sensorsOfType, type LayerInput, type SensorDatum } from './common';
import { ringOf } from './geometry';

export interface AreaDatum extends SensorDatum {
  polygon: LngLat[];
  fillColor: RGBA;
  lineColor: RGBA;
  lineWidth: number;
}

export const AREA_FILL_ALPHA = 90;
export const AREA_LINE = { px: 1.5, flaggedPx: 3 } as const;

export function areaData(input: LayerInput, type: SensorType): AreaDatum[] {
  const out: AreaDatum[] = [];
  for (const d of sensorsOfType(input, type)) {
    const polygon = ringOf(d.sensor);
    if (!polygon) continue;
    out.push({
      ...d,
      polygon,
      fillColor: [d.color[0], d.color[1], d.color[2], Math.min(d.color[3], AREA_FILL_ALPHA)],
      lineColor: d.flagged ? FLAG_RING_COLOR : [d.color[0], d.color[1], d.color[2], 255],
      lineWidth: d.flagged ? AREA_LINE.flaggedPx : AREA_LINE.px,
    });
  }
  return out;
}

export function areaLayers(type: SensorType, data: AreaDatum[], version: number): Layer[] {
  return [
    new PolygonLayer<AreaDatum>({
      id: `type-${type.id}`,
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 60],
      filled: true,
      stroked: true,
      lineWidthUnits: 'pixels',
      getPolygon: (d) => d.polygon,
      getFillColor: (d) => d.fillColor,
      getLineColor: (d) => d.lineColor,
      getLineWidth: (d) => d.lineWidth,
      updateTriggers: { getPolygon: version, getFillColor: version, getLineColor: version, getLineWidth: version },
    }),
  ];
}
