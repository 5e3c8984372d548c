/**
 * The map's second cue for a down source (pure: state in, deck.gl layers out). Its sensors are drawn grey by their own
 * layers (map/freshness.ts makes them stale, never live colours); on top of them this layer marks them "source down",
 * so that they do not read as merely stale: lines get a thin light core (a dark core made thin grey lines vanish on the
 * dark map: worse must not be fainter), points and areas a dark ring with a white halo at their anchor. Colours are this state's own (not a palette's band).
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat, Sensor } from '../../electron/shared/model';
import { anchorOf, pathOf, ringOf } from '../../electron/shared/sensor-geometry';
import { isTypeVisible, sensorsByType } from '../map/layers/common';
import { anythingDown, sensorDown, type DownSources } from './sourceDown';

/** The "source down" ring and a line's core (dark), and the ring's halo (white, so that it shows on a dark map). */
export const SOURCE_DOWN_DARK: [number, number, number, number] = [16, 16, 22, 240];
export const SOURCE_DOWN_HALO: [number, number, number, number] = [255, 255, 255, 255];
/** Ring radius (px) around a point's anchor: around the usual symbol. */
export const SOURCE_DOWN_RING_PX = 9;

export interface DownMarks {
  lines: { id: string; path: LngLat[] }[];
  points: { id: string; position: LngLat }[];
}

/** The down sensors of the visible types: lines by their path, others by their anchor. */
export function downMarks(input: { catalogue: ReadonlyMap<string, Sensor>; down: DownSources; visible: Readonly<Record<string, boolean>> }): DownMarks {
  const marks: DownMarks = { lines: [], points: [] };
  if (!anythingDown(input.down)) return marks;
  for (const [typeId, sensors] of sensorsByType(input.catalogue)) {
    if (!isTypeVisible(input.visible, typeId)) continue;
    for (const s of sensors) {
      if (!sensorDown(s, input.down)) continue;
      const path = ringOf(s) ? null : pathOf(s);
      if (path && path.length >= 2) marks.lines.push({ id: s.id, path });
      else {
        try {
          marks.points.push({ id: s.id, position: anchorOf(s) });
        } catch {
          // A sensor without coordinates is not drawn by its own layer either.
        }
      }
    }
  }
  return marks;
}

export function sourceDownLayers(input: { catalogue: ReadonlyMap<string, Sensor>; down: DownSources; visible: Readonly<Record<string, boolean>>; version: number }): Layer[] {
  const marks = downMarks(input);
  const layers: Layer[] = [];
  if (marks.lines.length) {
    layers.push(
      new PathLayer<DownMarks['lines'][number]>({
        id: 'source-down-lines',
        data: marks.lines,
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: SOURCE_DOWN_HALO,
        getWidth: 1,
        pickable: false,
        updateTriggers: { getPath: input.version },
      }),
    );
  }
  if (marks.points.length) {
    for (const [id, colour, width] of [
      ['source-down-halo', SOURCE_DOWN_HALO, 3],
      ['source-down-ring', SOURCE_DOWN_DARK, 1.5],
    ] as const) {
      layers.push(
        new ScatterplotLayer<DownMarks['points'][number]>({
          id,
          data: marks.points,
          radiusUnits: 'pixels',
          lineWidthUnits: 'pixels',
          stroked: true,
          filled: false,
          getPosition: (d) => d.position,
          getRadius: SOURCE_DOWN_RING_PX,
          getLineColor: colour,
          getLineWidth: width,
          pickable: false,
          updateTriggers: { getPosition: input.version },
        }),
      );
    }
  }
  return layers;
}
