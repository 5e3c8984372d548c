/**
 * The starter rule set for the Aarhus demo city: plain JSON documents (what an operator would type or import),
 * validated by the same schema as user rules. A test holds every one of them valid against the shipped districts.
 */
import { parseRule, type Rule, type ValidateOptions } from './schema';

export const STARTER_RULES_JSON: readonly unknown[] = [
  {
    schema: 1,
    id: 'car-park-full',
    name: 'Car park full',
    description: 'A car park over 95% occupied for 15 minutes. Clears below 90% (hysteresis 5 points) held for 10 minutes.',
    enabled: true,
    severity: 'warning',
    kind: 'parking',
    scope: { type: 'kind' },
    condition: { type: 'sustained', minutes: 15, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 } },
    clear: { hysteresis: 5, minClearMinutes: 10 },
    escalation: { afterMinutes: 60, to: 'critical' },
  },
  {
    schema: 1,
    id: 'major-road-congestion',
    name: 'Congestion on a major road',
    description: 'Average speed under 40% of the normal driving speed for 10 minutes on a MAJOR_ROAD segment.',
    enabled: true,
    severity: 'warning',
    kind: 'traffic',
    scope: { type: 'kind' },
    filter: { roadType: ['MAJOR_ROAD'] },
    condition: { type: 'sustained', minutes: 10, condition: { type: 'threshold', metric: 'speedRatioPct', op: '<', value: 40 } },
    clear: { hysteresis: 10, minClearMinutes: 10 },
  },
  {
    schema: 1,
    id: 'air-quality-poor',
    name: 'Poor air quality',
    description:
      'The worst of the five air-quality indices over 200 for 30 minutes (CityPulse simulated air quality: in the demo week the median is about 150, and 200 is about the 90th percentile). A warning that becomes critical when nobody acknowledges it for 2 hours, so that a simulated data set does not keep the desk ringing.',
    enabled: true,
    severity: 'warning',
    kind: 'air',
    scope: { type: 'kind' },
    condition: { type: 'sustained', minutes: 30, condition: { type: 'threshold', metric: 'maxIndex', op: '>', value: 200 } },
    clear: { hysteresis: 10, minClearMinutes: 15 },
    escalation: { afterMinutes: 120, to: 'critical' },
  },
  {
    schema: 1,
    id: 'car-park-silent',
    name: 'Car park not reporting',
    description: 'No reading from a car park for 90 minutes (they report about every 30 minutes).',
    enabled: true,
    severity: 'warning',
    kind: 'parking',
    scope: { type: 'kind' },
    condition: { type: 'noData', minutes: 90 },
  },
  {
    schema: 1,
    id: 'traffic-sensor-silent',
    name: 'Traffic sensor silent',
    description: 'No reading from a traffic segment for 30 minutes (they report every 5 minutes).',
    enabled: true,
    severity: 'info',
    kind: 'traffic',
    scope: { type: 'kind' },
    condition: { type: 'noData', minutes: 30 },
  },
  {
    schema: 1,
    id: 'city-centre-parking-busy',
    name: 'City centre parking busy',
    description: 'Mean occupancy of the car parks in Rådhuskvarteret (district 170: Bruuns, Scandcenter) over 90%.',
    enabled: true,
    severity: 'info',
    kind: 'parking',
    scope: { type: 'zone', district: 'Rådhuskvarteret' },
    subject: 'zone',
    condition: { type: 'area', agg: 'avg', metric: 'occupancyPct', op: '>', value: 90, maxAgeMinutes: 60 },
    clear: { hysteresis: 5, minClearMinutes: 15 },
  },
];

/** The starter rules, validated (throws if one is invalid, which a test prevents). */
export function starterRules(opts?: ValidateOptions): Rule[] {
  return STARTER_RULES_JSON.map((j) => parseRule(j, opts));
}
