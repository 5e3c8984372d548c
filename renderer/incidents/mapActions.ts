/** What a bookmark does to the map and the replay: fly to its area, reopen it into replay. */
import type { Incident, IncidentArea } from '../../electron/engine/api';
import type { LngLat } from '../../electron/shared/model';
import { boundsOf } from '../map/layers/alerts';
import { areaPolygons } from '../map/layers/incidentArea';
import { appStore } from '../store';

/** Replay from the bookmark's start, the timeline showing its window, the map on its area. */
export function openInReplay(i: Pick<Incident, 'from' | 'to' | 'area'>): void {
  const s = appStore.getState();
  s.enterReplay(i.from);
  s.setTimelineView({ from: i.from, to: i.to });
  s.setShownIncidentArea(i.area);
  focusArea(i.area);
}

/** Flies the map to an incident's area. */
export function focusArea(area: IncidentArea | null): void {
  const bounds = area ? boundsOf(areaPolygons(area).flatMap((p) => p.flat() as LngLat[])) : null;
  if (bounds) appStore.getState().requestFocus(bounds, 16);
}
