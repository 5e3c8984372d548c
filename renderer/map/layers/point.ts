/**
 * Point sensors of one type (car parks, air-quality stations, bins...): a symbol at the sensor, coloured by the
 * headline's band, sized by the type's style, shaped by its shape cue; a magenta ring when the latest reading is
 * flagged (e.g. a car park over capacity, drawn as reported, never clipped). Moving points are drawn the same way.
 */
import type { Layer } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { FLAG_RING_COLOR, OUTLINE_DIM, OUTLINE_LIVE, type RGBA } from '../colors';
import { sensorsOfType, type LayerInput, type SensorDatum } from './common';
import { anchorOf } from './geometry';
import { SHAPE_MAPPING, type ShapeAtlasImage } from './shapes';

export interface PointDatum extends SensorDatum {
  position: LngLat;
}

/** Outline and ring widths (px). */
export const POINT_OUTLINE = { px: 1.5, flaggedPx: 4, iconPx: 3, ringGapPx: 4, ringPx: 3 } as const;

export function pointData(input: LayerInput, type: SensorType): PointDatum[] {
  return sensorsOfType(input, type).map((d) => ({ ...d, position: anchorOf(d.sensor) }));
}

function outlineOf(d: SensorDatum): RGBA {
  if (d.flagged) return FLAG_RING_COLOR;
  return d.freshness === 'live' ? OUTLINE_LIVE : OUTLINE_DIM;
}

/** The layers of one point type. Circles: one ScatterplotLayer; other shapes: outline, icon, and flag rings. */
export function pointLayers(type: SensorType, data: PointDatum[], version: number, atlas: ShapeAtlasImage): Layer[] {
  const id = `type-${type.id}`;
  const shape = type.style.shape ?? 'circle';
  if (shape === 'circle') {
    return [
      new ScatterplotLayer<PointDatum>({
        id,
        data,
        pickable: true,
        autoHighlight: true,
        highlightColor: [255, 255, 255, 100],
        stroked: true,
        filled: true,
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        getPosition: (d) => d.position,
        getRadius: (d) => d.size,
        getFillColor: (d) => d.color,
        getLineColor: outlineOf,
        getLineWidth: (d) => (d.flagged ? POINT_OUTLINE.flaggedPx : POINT_OUTLINE.px),
        updateTriggers: { getPosition: version, getRadius: version, getFillColor: version, getLineColor: version, getLineWidth: version },
      }),
    ];
  }
  const icon = {
    iconAtlas: atlas as never,
    iconMapping: SHAPE_MAPPING,
    sizeUnits: 'pixels' as const,
    getIcon: () => shape,
    getPosition: (d: PointDatum) => d.position,
  };
  const flagged = data.filter((d) => d.flagged);
  return [
    new IconLayer<PointDatum>({
      ...icon,
      id: `${id}-outline`,
      data,
      pickable: false,
      getSize: (d) => 2 * d.size + POINT_OUTLINE.iconPx,
      getColor: (d) => (d.freshness === 'live' ? OUTLINE_LIVE : OUTLINE_DIM),
      updateTriggers: { getPosition: version, getSize: version, getColor: version },
    }),
    new IconLayer<PointDatum>({
      ...icon,
      id,
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 100],
      getSize: (d) => 2 * d.size,
      getColor: (d) => d.color,
      updateTriggers: { getPosition: version, getSize: version, getColor: version },
    }),
    new ScatterplotLayer<PointDatum>({
      id: `${id}-flags`,
      data: flagged,
      pickable: false,
      stroked: true,
      filled: false,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (d) => d.position,
      getRadius: (d) => d.size + POINT_OUTLINE.ringGapPx,
      getLineColor: FLAG_RING_COLOR,
      getLineWidth: POINT_OUTLINE.ringPx,
      updateTriggers: { getPosition: version, getRadius: version },
    }),
  ];
}
