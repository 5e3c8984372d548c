/**
 * State -> deck.gl layers, for any sensor type in the registry. Pure: the same input gives equal layer props; no store,
 * no WebGL. One builder per geometry (area.ts, line.ts, point.ts, movingPoint.ts), styled by the type's map style.
 * Order (bottom to top): areas, lines, points (larger symbols first, so small ones stay visible on top), moving points,
 * then the selection.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import type { SensorType, TypeGeometry } from '../../../electron/shared/sensor-types/types';
import { areaData, areaLayers } from './area';
import { isTypeVisible, sensorsByType, typeOf, type LayerInput, type SensorDatum } from './common';
import { anchorOf, pathOf, ringOf } from './geometry';
import { lineData, lineLayers } from './line';
import { movingPointData, movingPointLayers } from './movingPoint';
import { pointData, pointLayers, type PointDatum } from './point';
import type { ShapeAtlasImage } from './shapes';
import { maxSymbolSize } from './typeStyle';
import { clusterLayers, clusterPointData, type ClusteredPoints } from '../cluster/clusterLayers';

export { isTypeVisible, type LayerInput, type SensorDatum } from './common';

export interface LayerOptions {
  /** Per type id; an id not listed is visible. */
  visible: Readonly<Record<string, boolean>>;
  selectedId: string | null;
  /** The shape atlas (shapes.ts) for non-circle point symbols: an ImageData in the browser. */
  atlas: ShapeAtlasImage;
  /** The map's zoom: overlapping point symbols are clustered at it (cluster/); null or absent: none are. */
  zoom?: number | null;
}

export interface BuiltLayers {
  layers: Layer[];
  /** Sensors drawn per present type id (0 when hidden). */
  counts: Record<string, number>;
  /** Point sensors as drawn: alone or in clusters (for the labels). */
  points: ClusteredPoints;
}

const GEOMETRY_ORDER: Record<TypeGeometry, number> = { area: 0, line: 1, point: 2, 'moving-point': 3 };

/** The present types in drawing order: by geometry, then larger point symbols below smaller ones, then by id. */
export function drawOrder(types: readonly SensorType[]): SensorType[] {
  return [...types].sort(
    (a, b) =>
      GEOMETRY_ORDER[a.geometry] - GEOMETRY_ORDER[b.geometry] ||
      (a.geometry === 'line' ? 0 : maxSymbolSize(b) - maxSymbolSize(a)) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The types present in the catalogue (registry entries, or stand-ins for types the registry lacks). */
export function presentTypes(input: Pick<LayerInput, 'catalogue' | 'registry'>): SensorType[] {
  return [...sensorsByType(input.catalogue)].map(([id, sensors]) => typeOf(input.registry, id, sensors[0]));
}

function layersOfType(input: LayerInput, type: SensorType, atlas: ShapeAtlasImage, points: ClusteredPoints): { layers: Layer[]; data: SensorDatum[] } {
  switch (type.geometry) {
    case 'area': {
      const data = areaData(input, type);
      return { layers: areaLayers(type, data, input.version), data };
    }
    case 'line': {
      const data = lineData(input, type);
      return { layers: lineLayers(type, data, input.version), data };
    }
    case 'moving-point': {
      const data = movingPointData(input, type);
      return { layers: movingPointLayers(type, data, input.version, atlas), data };
    }
    case 'point': {
      const data = pointData(input, type);
      return { layers: pointLayers(type, points.singles.filter((d) => d.type.id === type.id), input.version, atlas), data };
    }
  }
}

/** Extra px between a point symbol and its selection ring. */
export const SELECTION_GAP_PX = 8;

/** A white highlight on the selected sensor: along its line or area outline, or a ring around its symbol. */
export function selectionLayer(input: LayerInput, selectedId: string | null, drawn?: SensorDatum): Layer | null {
  if (!selectedId) return null;
  const sensor = input.catalogue.get(selectedId);
  if (!sensor) return null;
  const path = ringOf(sensor) ?? pathOf(sensor);
  if (path) {
    return new PathLayer<{ path: LngLat[] }>({
      id: 'selection-path',
      data: [{ path }],
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: [255, 255, 255, 200],
      getWidth: 12,
      pickable: false,
      opacity: 0.5,
    });
  }
  const position = drawn && 'position' in drawn ? (drawn as PointDatum).position : anchorOf(sensor);
  const radius = (drawn?.size ?? maxSymbolSize(typeOf(input.registry, sensor.kind, sensor))) + SELECTION_GAP_PX;
  return new ScatterplotLayer<{ position: LngLat }>({
    id: 'selection-point',
    data: [{ position }],
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: false,
    getPosition: (d) => d.position,
    getRadius: radius,
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 2,
    pickable: false,
  });
}

export function buildLayers(input: LayerInput, options: LayerOptions): BuiltLayers {
  const layers: Layer[] = [];
  const counts: Record<string, number> = {};
  let selected: SensorDatum | undefined;
  const types = drawOrder(presentTypes(input));
  // Overlapping point symbols of every visible point type are clustered together (cluster/), drawn above the points.
  const pointTypes = types.filter((t) => t.geometry === 'point' && isTypeVisible(options.visible, t.id));
  const points = clusterPointData(pointTypes.flatMap((t) => pointData(input, t)), options.zoom ?? null);
  for (const type of types) {
    if (!isTypeVisible(options.visible, type.id)) {
      counts[type.id] = 0;
      continue;
    }
    const built = layersOfType(input, type, options.atlas, points);
    layers.push(...built.layers);
    counts[type.id] = built.data.length;
    if (options.selectedId && !selected) selected = built.data.find((d) => d.id === options.selectedId);
  }
  layers.push(...clusterLayers(points.clusters, input.version));
  const sel = selectionLayer(input, options.selectedId, selected);
  if (sel) layers.push(sel);
  return { layers, counts, points };
}

/** The sensor id behind a picked deck.gl object, if any. */
export function pickedSensorId(object: unknown): string | null {
  if (typeof object !== 'object' || object === null) return null;
  const id = (object as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}
