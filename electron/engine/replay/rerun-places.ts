/**
 * Where and what an alarm's subject is, for a re-run's differences (pure): its name in words and the point that places
 * it on the map. A sensor: its name and its point (a line's midpoint, an area's centroid: rules/geo.ts sensorPoint). A
 * district (`zone:<id>`, `group:district:<id>`): its name and the centroid of its largest polygon. A rule's own zone
 * (`zone:<rule id>`, a drawn polygon or the whole kind): the polygon's centroid, else its sensors' mean point. A group
 * (attribute, area, scope, a source outage): the group's name and the mean point of its members.
 */
import type { LngLat, Sensor } from '../../shared/model';
import type { Alarm } from '../rules/alarms';
import { sensorPoint, type Polygon, type Zone } from '../rules/geo';
import type { Rule } from '../rules/schema';

export interface PlaceBook {
  catalogue: ReadonlyMap<string, Sensor>;
  zones: readonly Zone[];
  /** The rules that ran, by id (a rule's own zone is named and placed from it). */
  rules: ReadonlyMap<string, Rule>;
}

export function placeBook(catalogue: readonly Sensor[], zones: readonly Zone[], rules: readonly Rule[]): PlaceBook {
  return { catalogue: new Map(catalogue.map((s) => [s.id, s])), zones, rules: new Map(rules.map((r) => [r.id, r])) };
}

/** The subject in words: a sensor's or district's name, a group's name, else the subject as stored. */
export function subjectName(a: Alarm, book: PlaceBook): string {
  if (a.group) return a.group.name;
  const zid = zoneId(a.subject);
  if (zid !== null) {
    const zone = book.zones.find((z) => z.id === zid);
    if (zone) return zone.name;
    const rule = book.rules.get(zid);
    return rule ? `${rule.name} (zone)` : zid;
  }
  return book.catalogue.get(a.subject)?.name ?? a.subject;
}

/** [lng, lat] placing the alarm's subject, or null when nothing known places it. */
export function subjectPosition(a: Alarm, book: PlaceBook): LngLat | null {
  const zid = zoneId(a.subject);
  if (zid !== null) {
    const zone = book.zones.find((z) => z.id === zid);
    if (zone) return zoneCentre(zone.polygons);
    const scope = book.rules.get(zid)?.scope;
    if (scope?.type === 'zone' && 'polygon' in scope) return finite(sensorPoint({ type: 'Polygon', coordinates: [scope.polygon] }));
  }
  const sensor = book.catalogue.get(a.subject);
  if (sensor) return finite(sensorPoint(sensor.geometry));
  return meanPoint((a.group?.members ?? []).map((m) => book.catalogue.get(m.subject)).filter((s): s is Sensor => s !== undefined));
}

/** The district id of `zone:<id>` and `group:district:<id>`, else null. */
function zoneId(subject: string): string | null {
  if (subject.startsWith('zone:')) return subject.slice('zone:'.length);
  if (subject.startsWith('group:district:')) return subject.slice('group:district:'.length);
  return null;
}

/** The centroid of the outer ring of the largest polygon (by its bounding box). */
function zoneCentre(polygons: readonly Polygon[]): LngLat | null {
  let best: Polygon | null = null;
  let bestArea = -1;
  for (const p of polygons) {
    const ring = p[0] ?? [];
    if (ring.length === 0) continue;
    const lngs = ring.map((c) => c[0]);
    const lats = ring.map((c) => c[1]);
    const area = (Math.max(...lngs) - Math.min(...lngs)) * (Math.max(...lats) - Math.min(...lats));
    if (area > bestArea) {
      bestArea = area;
      best = p;
    }
  }
  return best ? finite(sensorPoint({ type: 'Polygon', coordinates: best })) : null;
}

function meanPoint(sensors: readonly Sensor[]): LngLat | null {
  const pts = sensors.map((s) => sensorPoint(s.geometry)).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (pts.length === 0) return null;
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

function finite(p: LngLat): LngLat | null {
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
}
