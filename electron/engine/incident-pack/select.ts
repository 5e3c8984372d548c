/**
 * What an incident pack covers (FORMAT.md): the affected sensors (inside the area: a point inside it, a line or an
 * area with any vertex inside it; without an area, every sensor), the alarms of those sensors raised in the window or
 * open during it, and the recorded gaps that concern them. Pure.
 */
import type { Alarm, Gap, IncidentArea } from '../api';
import { pointInPolygon, sensorInZone, type Zone } from '../rules/geo';
import type { LngLat, Sensor } from '../../shared/model';

/** The polygons of an area (a district's, or the one drawn), each an outer ring then holes. */
export function areaPolygons(area: IncidentArea): LngLat[][][] {
  return area.kind === 'district' ? area.polygons : [[area.polygon]];
}

function vertices(s: Sensor): readonly LngLat[] {
  const g = s.geometry;
  if (g.type === 'Point') return [g.coordinates];
  if (g.type === 'LineString') return g.coordinates;
  return g.coordinates[0] ?? [];
}

/** Sensors of the catalogue inside the area (any vertex inside), in catalogue order; all of them without an area. */
export function affectedSensors(catalogue: readonly Sensor[], area: IncidentArea | null): Sensor[] {
  if (!area) return [...catalogue];
  const polygons = areaPolygons(area);
  return catalogue.filter((s) => vertices(s).some(([lng, lat]) => polygons.some((p) => pointInPolygon(lng, lat, p))));
}

/** When an alarm stopped being open: its resolution, else never (still open). */
const openUntil = (a: Alarm): number => a.resolved?.at ?? Infinity;

/**
 * The pack's alarms, oldest raised first: raised in [from, to] or open during it (raised before `to`, resolved at or
 * after `from`, or never), whose subject or one of whose group members is an affected sensor, or whose zone holds one
 * (`zone:<id>` subjects). Without an area, every alarm of the window. The incident's linked alarms always belong.
 */
export function packAlarms(all: readonly Alarm[], o: { from: number; to: number; sensors: readonly Sensor[]; whole: boolean; zones: readonly Zone[]; linked: readonly string[] }): Alarm[] {
  const ids = new Set(o.sensors.map((s) => s.id));
  const linked = new Set(o.linked);
  const zoneIds = new Set(o.zones.filter((z) => o.sensors.some((s) => sensorInZone(s, z))).map((z) => `zone:${z.id}`));
  const concerns = (a: Alarm) => o.whole || ids.has(a.subject) || zoneIds.has(a.subject) || (a.group?.members.some((m) => ids.has(m.subject)) ?? false);
  return all.filter((a) => linked.has(a.id) || (a.raisedAt <= o.to && openUntil(a) >= o.from && concerns(a))).sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Recorded gaps that concern the affected sensors: the whole feed's, their kinds', their own. */
export function packGaps(gaps: readonly Gap[], sensors: readonly Sensor[]): Gap[] {
  const scopes = new Set<string>(['all']);
  for (const s of sensors) {
    scopes.add(s.id);
    scopes.add(`kind:${s.kind}`);
  }
  return gaps.filter((g) => scopes.has(g.scope));
}
