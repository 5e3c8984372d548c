/**
 * Alarm symbols that would overlap at the map's zoom drawn as one (pure). At the city view the places of a busy
 * evening's alarms lie a few pixels apart: drawn one by one their symbols and rings pile into one yellow blanket over the
 * centre, hiding the sensors and each other. Merged, a place shows the worst priority among them (shape, size, colour),
 * the total count, the ring while any is unacknowledged, hollow only when none holds; zones stay outlined. A click
 * selects the worst alarm there (and the next on the next click), which flies the map to it: the merged places break
 * apart as the map zooms in (sensor clusters do the same, map/cluster/cluster.ts).
 */
import { compareByPriority, PRIORITY_RANK } from '../../../electron/shared/alarm-priority';
import type { AlarmPlace, AlarmSymbolData } from '../layers/alarmSymbols';
import { CLUSTER_MAX_ZOOM } from './clusterLayers';
import { clusterPoints } from './cluster';

/**
 * Two places nearer than this (CSS px) share a symbol: a high-priority symbol (30 px) with its unacknowledged ring
 * (5 px gap, 4 px line) on each side is 48 px across, so symbols this far apart do not overlap.
 */
export const ALARM_PLACE_RADIUS_PX = 48;

/** How bad a place is: priority first, then whether anyone still has to acknowledge it, then how many. */
function placeRank(p: AlarmPlace): number {
  return PRIORITY_RANK[p.priority] * 1e6 + (p.unacknowledged > 0 ? 5e5 : 0) + Math.min(p.count, 4e5);
}

/** The places at `zoom` (null, or from CLUSTER_MAX_ZOOM on: as they are), best first so the worst is drawn on top. */
export function mergeAlarmPlaces(data: AlarmSymbolData, zoom: number | null, radiusPx = ALARM_PLACE_RADIUS_PX): AlarmSymbolData {
  if (zoom === null || zoom >= CLUSTER_MAX_ZOOM || data.places.length < 2) return data;
  const { singles, clusters } = clusterPoints(
    data.places.map((p) => ({ id: p.key, position: p.position, place: p })),
    zoom,
    radiusPx,
    (d) => placeRank(d.place),
  );
  const merged: AlarmPlace[] = clusters.map(({ worst, members }) => {
    const alarms = members.flatMap((m) => m.place.alarms).sort((x, y) => compareByPriority(x, y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    return {
      ...worst.place,
      key: `near:${worst.place.key}`,
      alarms,
      priority: alarms[0]!.priority,
      count: members.reduce((n, m) => n + m.place.count, 0),
      unacknowledged: members.reduce((n, m) => n + m.place.unacknowledged, 0),
      holding: members.some((m) => m.place.holding),
      rings: members.flatMap((m) => m.place.rings),
      merged: members.length,
    };
  });
  const places = [...singles.map((s) => s.place), ...merged].sort((a, b) => placeRank(a) - placeRank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...data, places };
}
