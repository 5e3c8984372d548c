/**
 * Road classes for the base maps the desk draws (the live map's styles, the incident pack's snapshots): OpenStreetMap
 * `highway` values (and OpenMapTiles `class` values, as in the city archives) grouped into eight classes, each with its
 * colour and width. Pure data.
 */

export type RoadClass = 'motorway' | 'primary' | 'secondary' | 'tertiary' | 'residential' | 'service' | 'other' | 'unknown';

/** OSM `highway` (or OpenMapTiles `class`) -> road class. 'unknown' is the demo base map's own value (most of its roads). */
export function roadClass(highway: unknown): RoadClass {
  switch (highway) {
    case 'motorway':
    case 'motorway_link':
    case 'trunk':
    case 'trunk_link':
      return 'motorway';
    case 'primary':
    case 'primary_link':
      return 'primary';
    case 'secondary':
    case 'secondary_link':
      return 'secondary';
    case 'tertiary':
    case 'tertiary_link':
      return 'tertiary';
    case 'residential':
    case 'minor':
    case 'living_street':
    case 'unclassified':
    case 'road':
      return 'residential';
    case 'service':
      return 'service';
    case 'unknown':
    case null:
    case undefined:
      return 'unknown';
    default:
      return 'other'; // footway, cycleway, path, steps, pedestrian, track, construction, ...
  }
}

/** Draw order (bottom first), colour and width at zoom 10 / 16 per class. */
export const ROAD_STYLE: Record<RoadClass, { color: string; w10: number; w16: number; opacity: number }> = {
  unknown: { color: '#2a3342', w10: 0.3, w16: 1.0, opacity: 0.55 },
  other: { color: '#2d3745', w10: 0.3, w16: 1.0, opacity: 0.6 },
  service: { color: '#323c4c', w10: 0.4, w16: 1.6, opacity: 0.8 },
  residential: { color: '#3b4658', w10: 0.5, w16: 2.6, opacity: 0.9 },
  tertiary: { color: '#4d5b70', w10: 0.8, w16: 4.0, opacity: 1 },
  secondary: { color: '#5c6c84', w10: 1.0, w16: 5.0, opacity: 1 },
  primary: { color: '#6e7f99', w10: 1.3, w16: 6.5, opacity: 1 },
  motorway: { color: '#8a94b8', w10: 1.8, w16: 8.0, opacity: 1 },
};
export const ROAD_ORDER: readonly RoadClass[] = ['unknown', 'other', 'service', 'residential', 'tertiary', 'secondary', 'primary', 'motorway'];
