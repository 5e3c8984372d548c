/**
 * Road classes for the base-map styles (the classes, colours and widths are shared with the incident pack's snapshots:
 * electron/shared/road-classes.ts) as MapLibre filters. Pure.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { RoadClass } from '../../../electron/shared/road-classes';

export { ROAD_ORDER, ROAD_STYLE, roadClass, type RoadClass } from '../../../electron/shared/road-classes';

/** The `highway` values of one class as listed in roadClass (for style filters). */
const CLASS_VALUES: Record<Exclude<RoadClass, 'other'>, string[]> = {
  motorway: ['motorway', 'motorway_link', 'trunk', 'trunk_link'],
  primary: ['primary', 'primary_link'],
  secondary: ['secondary', 'secondary_link'],
  tertiary: ['tertiary', 'tertiary_link'],
  residential: ['residential', 'minor', 'living_street', 'unclassified', 'road'],
  service: ['service'],
  unknown: ['unknown'],
};

/** The value a road is classed by: OSM `highway` (the demo's roads layer), or `class` then `highway` (city base maps). */
export const HIGHWAY_VALUE: ExpressionSpecification = ['coalesce', ['get', 'highway'], 'unknown'];
export const CLASS_OR_HIGHWAY_VALUE: ExpressionSpecification = ['coalesce', ['get', 'class'], ['get', 'highway'], 'unknown'];

export function roadFilter(cls: RoadClass, value: ExpressionSpecification = HIGHWAY_VALUE): ExpressionSpecification {
  const highway = value;
  if (cls === 'other') {
    const known = Object.values(CLASS_VALUES).flat();
    return ['!', ['in', highway, ['literal', known]]];
  }
  return ['in', highway, ['literal', CLASS_VALUES[cls]]];
}
