/**
 * Point sensors of one type (car parks, air-quality stations, bins...): a symbol at the sensor in its type's shape,
 * filled with its state's colour (the headline's band in the operator's palette), larger and with a heavier outline as
 * its state worsens (never smaller); hollow (its outline only, in the state's grey) when it has no value to show
 * (stale, never heard from, not computable); a ring when the latest reading is flagged (e.g. a car park over capacity,
 * drawn as reported, never clipped). Worst drawn last (on top). Moving points are drawn the same way.
 */
import type { Layer } from '@deck.gl/core';
import { IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { RGBA } from '../../../electron/shared/palette/palettes';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { sensorsOfType, sharedColours, type LayerInput, type SensorDatum } from './common';
import { anchorOf } from './geometry';
import { SHAPE_MAPPING, shapeIcon, type ShapeAtlasImage } from './shapes';

export interface PointDatum extends SensorDatum {
  position: LngLat;
  hollow: boolean;
  /** Inside the symbol: the state's colour, or transparent when hollow. */
  fillColor: RGBA;
  /** The symbol's edge: dark around a filled symbol, the state's colour around a hollow one. */
  lineColor: RGBA;
  lineWidth: number;
  ringColor: RGBA;
}

/**
 * Outline and ring widths (px): a normal symbol's outline is `px`; a hollow symbol's rim (circles) and the outline of
 * one that cannot be judged are `hollowPx`; an abnormal one's is `hollowPx` plus `perSeverityPx` per severity (never
 * lighter than a better state's); the flag ring is `ringPx` wide, `ringGapPx` outside the symbol.
 */
export const POINT_OUTLINE = { px: 1.5, hollowPx: 2, perSeverityPx: 0.5, iconPx: 3, ringGapPx: 4, ringPx: 3 } as const;

/** The outline width of a symbol in a state (ranked as the state: worse is never lighter). */
export function outlineWidth(state: SensorDatum['stateClass']): number {
  return state.key === 'normal' ? POINT_OUTLINE.px : POINT_OUTLINE.hollowPx + POINT_OUTLINE.perSeverityPx * state.severity;
}

/** Fill, edge and ring of a point symbol in its state (shared by points and moving points). */
export function withPointStyle<T extends SensorDatum>(input: Pick<LayerInput, 'palette'>, d: T, position: LngLat): T & Omit<PointDatum, keyof SensorDatum> {
  const shared = sharedColours(input);
  const hollow = d.stateClass.cue === 'hollow';
  const edge = d.freshness === 'live' ? shared.outlineLive : shared.outlineDim;
  return {
    ...d,
    position,
    hollow,
    fillColor: hollow ? [d.color[0], d.color[1], d.color[2], 0] : d.color,
    lineColor: hollow ? [d.color[0], d.color[1], d.color[2], 255] : [...edge],
    lineWidth: outlineWidth(d.stateClass),
    ringColor: [...shared.flagRing],
  };
}

export function pointData(input: LayerInput, type: SensorType): PointDatum[] {
  return sensorsOfType(input, type).map((d) => withPointStyle(input, d, anchorOf(d.sensor)));
}

/** The flag rings, outside the symbol. */
function ringLayer(id: string, data: PointDatum[], version: number): Layer {
  return new ScatterplotLayer<PointDatum>({
    id: `${id}-flags`,
    data: data.filter((d) => d.flagged),
    pickable: false,
    stroked: true,
    filled: false,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (d) => d.position,
    getRadius: (d) => d.size + POINT_OUTLINE.ringGapPx,
    getLineColor: (d) => d.ringColor,
    getLineWidth: POINT_OUTLINE.ringPx,
    updateTriggers: { getPosition: version, getRadius: version, getLineColor: version },
  });
}

/** The layers of one point type. Circles: a ScatterplotLayer; other shapes: outline and icon; both: flag rings. */
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
        getFillColor: (d) => d.fillColor,
        getLineColor: (d) => d.lineColor,
        getLineWidth: (d) => d.lineWidth,
        updateTriggers: { getPosition: version, getRadius: version, getFillColor: version, getLineColor: version, getLineWidth: version },
      }),
      ringLayer(id, data, version),
    ];
  }
  const icon = {
    iconAtlas: atlas as never,
    iconMapping: SHAPE_MAPPING,
    sizeUnits: 'pixels' as const,
    getPosition: (d: PointDatum) => d.position,
  };
  return [
    new IconLayer<PointDatum>({
      ...icon,
      id: `${id}-outline`,
      data: data.filter((d) => !d.hollow),
      pickable: false,
      getIcon: () => shape,
      getSize: (d) => 2 * d.size + POINT_OUTLINE.iconPx + 2 * POINT_OUTLINE.perSeverityPx * d.stateClass.severity,
      getColor: (d) => d.lineColor,
      updateTriggers: { getPosition: version, getSize: version, getColor: version },
    }),
    new IconLayer<PointDatum>({
      ...icon,
      id,
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 100],
      getIcon: (d) => shapeIcon(shape, d.hollow),
      getSize: (d) => 2 * d.size,
      getColor: (d) => (d.hollow ? d.lineColor : d.fillColor),
      updateTriggers: { getPosition: version, getSize: version, getColor: version, getIcon: version },
    }),
    ringLayer(id, data, version),
  ];
}
