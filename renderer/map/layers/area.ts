/**
 * Area sensors of one type (a zone's count, a lake's level...): the polygon filled in its state's colour, translucent
 * so the base map shows through, outlined in it, the outline heavier as the state worsens; hollow (outline only, in
 * the state's grey) when it has no value to show; the palette's flag ring colour and a heavier outline when flagged.
 */
import type { Layer } from '@deck.gl/core';
import { PolygonLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { RGBA } from '../../../electron/shared/palette/palettes';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { sensorsOfType, sharedColours, type LayerInput, type SensorDatum } from './common';
import { ringOf } from './geometry';

export interface AreaDatum extends SensorDatum {
  polygon: LngLat[];
  fillColor: RGBA;
  lineColor: RGBA;
  lineWidth: number;
}

export const AREA_FILL_ALPHA = 90;
/**
 * Outline (px): `px` when normal; `hollowPx` when hollow or it cannot be judged; `hollowPx` plus `perSeverityPx` per
 * severity when abnormal; at least `flaggedPx` when flagged.
 */
export const AREA_LINE = { px: 1.5, hollowPx: 2, perSeverityPx: 0.75, flaggedPx: 3 } as const;

export function areaData(input: LayerInput, type: SensorType): AreaDatum[] {
  const out: AreaDatum[] = [];
  const shared = sharedColours(input);
  for (const d of sensorsOfType(input, type)) {
    const polygon = ringOf(d.sensor);
    if (!polygon) continue;
    const hollow = d.stateClass.cue === 'hollow';
    const width = d.stateClass.key === 'normal' ? AREA_LINE.px : AREA_LINE.hollowPx + AREA_LINE.perSeverityPx * d.stateClass.severity;
    out.push({
      ...d,
      polygon,
      fillColor: [d.color[0], d.color[1], d.color[2], hollow ? 0 : Math.min(d.color[3], AREA_FILL_ALPHA)],
      lineColor: d.flagged ? [...shared.flagRing] : [d.color[0], d.color[1], d.color[2], 255],
      lineWidth: d.flagged ? Math.max(width, AREA_LINE.flaggedPx) : width,
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
