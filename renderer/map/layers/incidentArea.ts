/**
 * An incident bookmark's area on the map (pure: state in, layers out): the selected bookmark's district or drawn
 * polygon (or the form's while it is edited), filled lightly and outlined in the incident colour, distinct from a
 * rule's scope; and, while "Draw on map" draws for a bookmark, the corners placed so far.
 */
import type { Layer } from '@deck.gl/core';
import { PathLayer, PolygonLayer } from '@deck.gl/layers';
import type { IncidentArea } from '../../../electron/engine/api';
import type { LngLat } from '../../../electron/shared/model';
import type { AppState } from '../../store';
import type { RGBA } from '../colors';
import { drawPolygonLayers } from './alerts';

export const INCIDENT_COLOR: RGBA = [255, 160, 60, 255];

export type IncidentAreaInput = Pick<AppState, 'shownIncidentArea' | 'mapMode' | 'drawTarget' | 'drawPoints'>;

/** The area's polygons, each as rings of [lng, lat] (first outer, then holes). */
export function areaPolygons(area: IncidentArea): LngLat[][][] {
  return area.kind === 'district' ? area.polygons : [[area.polygon]];
}

export function incidentAreaLayers(s: IncidentAreaInput): Layer[] {
  const layers: Layer[] = [];
  if (s.shownIncidentArea) {
    const polygons = areaPolygons(s.shownIncidentArea);
    layers.push(
      new PolygonLayer<{ polygon: LngLat[][] }>({
        id: 'incident-area-fill',
        data: polygons.map((polygon) => ({ polygon })),
        getPolygon: (d) => d.polygon,
        filled: true,
        stroked: false,
        getFillColor: [INCIDENT_COLOR[0], INCIDENT_COLOR[1], INCIDENT_COLOR[2], 45],
        pickable: false,
      }),
      new PathLayer<{ path: LngLat[] }>({
        id: 'incident-area-line',
        // Every ring closed back to its first corner (a drawn polygon is stored open).
        data: polygons.flatMap((p) => p.map((ring) => ({ path: ring.length > 0 ? [...ring, ring[0]!] : ring }))),
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: INCIDENT_COLOR,
        getWidth: 3,
        pickable: false,
      }),
    );
  }
  if (s.mapMode === 'draw' && s.drawTarget === 'incident-area') layers.push(...drawPolygonLayers(s.drawPoints, false).map((l) => l.clone({ id: `incident-${l.id}` })));
  return layers;
}
