/**
 * Moving points (buses, trams...): drawn like points, at the position the latest reading carries, else at the
 * catalogue's place (its last known position). A vehicle whose latest reading carries no position is drawn where it was listed,
 * and hollow like any other when silent.
 */
import type { Layer } from '@deck.gl/core';
import type { SensorType } from '../../../electron/shared/sensor-types/types';
import { sensorsOfType, type LayerInput } from './common';
import { anchorOf, reportedPosition } from './geometry';
import { pointLayers, withPointStyle, type PointDatum } from './point';
import type { ShapeAtlasImage } from './shapes';

export function movingPointData(input: LayerInput, type: SensorType): PointDatum[] {
  return sensorsOfType(input, type).map((d) => withPointStyle(input, d, reportedPosition(d.state) ?? anchorOf(d.sensor)));
}

export function movingPointLayers(type: SensorType, data: PointDatum[], version: number, atlas: ShapeAtlasImage): Layer[] {
  return pointLayers(type, data, version, atlas);
}
