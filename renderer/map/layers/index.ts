/**
 * State -> deck.gl layers. Pure: the same input gives equal layer props; no store, no WebGL.
 * Order (bottom to top): traffic flag halos, traffic, air, parking, selection.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat, SensorKind } from '../../../electron/shared/model';
import { airData, airLayer, type AirDatum } from './air';
import type { LayerInput } from './common';
import { anchorOf } from './common';
import { parkingData, parkingLayer, type ParkingDatum } from './parking';
import { trafficData, trafficLayers, type TrafficDatum } from './traffic';

export type { LayerInput } from './common';

export interface LayerOptions {
  visible: Record<SensorKind, boolean>;
  selectedId: string | null;
}

export interface BuiltLayers {
  layers: Layer[];
  /** Data lengths of the drawn layers (0 when hidden). */
  counts: Record<SensorKind, number>;
}

export interface AllData {
  traffic: TrafficDatum[];
  parking: ParkingDatum[];
  air: AirDatum[];
}

export function allData(input: LayerInput): AllData {
  return { traffic: trafficData(input), parking: parkingData(input), air: airData(input) };
}

export function selectionLayer(input: LayerInput, selectedId: string | null): Layer | null {
  if (!selectedId) return null;
  const sensor = input.catalogue.get(selectedId);
  if (!sensor) return null;
  if (sensor.geometry.type === 'LineString') {
    const coords = sensor.geometry.coordinates;
    const first = coords[0];
    const last = coords[coords.length - 1];
    if (!first || !last) return null;
    return new PathLayer<{ path: LngLat[] }>({
      id: 'selection-path',
      data: [{ path: [first, last] }],
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: [255, 255, 255, 200],
      getWidth: 12,
      pickable: false,
      opacity: 0.5,
    });
  }
  return new ScatterplotLayer<{ position: LngLat }>({
    id: 'selection-point',
    data: [{ position: anchorOf(sensor) }],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: false,
    getPosition: (d) => d.position,
    getRadius: sensor.kind === 'parking' ? 34 : 14,
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 2,
    pickable: false,
  });
}

export function buildLayers(input: LayerInput, options: LayerOptions, data: AllData = allData(input)): BuiltLayers {
  const layers: Layer[] = [];
  const counts: Record<SensorKind, number> = { traffic: 0, parking: 0, air: 0 };
  if (options.visible.traffic) {
    layers.push(...trafficLayers(data.traffic, input.version));
    counts.traffic = data.traffic.length;
  }
  if (options.visible.air) {
    layers.push(airLayer(data.air, input.version));
    counts.air = data.air.length;
  }
  if (options.visible.parking) {
    layers.push(parkingLayer(data.parking, input.version));
    counts.parking = data.parking.length;
  }
  const sel = selectionLayer(input, options.selectedId);
  if (sel) layers.push(sel);
  return { layers, counts };
}

/** The sensor id behind a picked deck.gl object, if any. */
export function pickedSensorId(object: unknown): string | null {
  if (typeof object !== 'object' || object === null) return null;
  const id = (object as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}
