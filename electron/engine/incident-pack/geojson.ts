/**
 * The pack's GeoJSON files (RFC 7946; FORMAT.md): `sensors.geojson`, one Feature per affected sensor with its own
 * geometry, and `zone.geojson`, the incident's area (closed rings), or without one the affected sensors' extent. Pure.
 */
import type { FeatureCollection, Polygon as GeoPolygon, MultiPolygon } from 'geojson';
import type { IncidentArea } from '../api';
import { sensorExtent, type LngLat, type Sensor } from '../../shared/model';

/** A ring closed as GeoJSON requires (first position repeated at the end). */
export function closedRing(ring: readonly LngLat[]): LngLat[] {
  const out = ring.map(([x, y]): LngLat => [x, y]);
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0], first[1]]);
  return out;
}

export function sensorsGeoJson(sensors: readonly Sensor[], alarmsBySensor: ReadonlyMap<string, number>): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: sensors.map((s) => ({
      type: 'Feature',
      id: s.id,
      geometry: s.geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: s.geometry.coordinates.map(closedRing) } : s.geometry,
      properties: { id: s.id, kind: s.kind, name: s.name, alarms: alarmsBySensor.get(s.id) ?? 0 },
    })),
  };
}

export function zoneGeoJson(area: IncidentArea | null, sensors: readonly Sensor[]): FeatureCollection {
  if (area) {
    const geometry: GeoPolygon | MultiPolygon =
      area.kind === 'drawn'
        ? { type: 'Polygon', coordinates: [closedRing(area.polygon)] }
        : { type: 'MultiPolygon', coordinates: area.polygons.map((p) => p.map(closedRing)) };
    return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry, properties: { kind: area.kind, name: area.kind === 'district' ? area.name : 'drawn area' } }] };
  }
  const b = sensorExtent(sensors);
  if (!b) return { type: 'FeatureCollection', features: [] };
  const [w, s, e, n] = b;
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }, properties: { kind: 'extent', name: 'extent of the affected sensors' } }],
  };
}
