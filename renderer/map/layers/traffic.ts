/**
 * Traffic: one path per Bluetooth travel-time segment, drawn from its end points.
 *   colour  congestion = avgSpeedKmh / attributes.normalSpeedKmh on a continuous ramp:
 *           red at <= 0.4, amber at 0.6, green at >= 0.8
 *   width   vehicleCount, clamped (2..8 px)
 *   grey    stale (thinner) or never reported (thinnest)
 *   violet  live reading that cannot be judged: zero speed, empty/negative/implausible speed
 *   halo    a quality flag other than zero-vehicles gets a light halo underneath (zero vehicles is common in this
 *           data and already shows as the thinnest live line; the tooltip names it)
 */
import { PathLayer } from '@deck.gl/layers';
import type { LngLat, QualityFlag } from '../../../electron/shared/model';
import { FLAGGED_COLOR, GREEN, AMBER, RED, NEVER_COLOR, STALE_COLOR, UNKNOWN_COLOR, clamp, ramp, type RGBA } from '../colors';
import { latestValue, numericAttribute, sensorsOfKind, type BaseDatum, type LayerInput } from './common';

export const CONGESTION_STOPS: readonly (readonly [number, RGBA])[] = [
  [0.4, RED],
  [0.6, AMBER],
  [0.8, GREEN],
];

export const TRAFFIC_WIDTH = { minPx: 2, maxPx: 8, countForMax: 30, stalePx: 1.5, neverPx: 1 } as const;

/** Flags that make the speed unusable for a congestion colour. */
const SPEED_UNUSABLE: readonly QualityFlag[] = ['zero-speed', 'speed-implausible', 'negative-value'];

export interface TrafficDatum extends BaseDatum {
  path: LngLat[];
  speedKmh: number | null;
  normalSpeedKmh: number | null;
  vehicleCount: number | null;
  /** speed / normal speed, or null when it cannot be computed. */
  congestion: number | null;
  flags: QualityFlag[];
  /** True when the live reading cannot be judged (drawn violet). */
  unusable: boolean;
  color: RGBA;
  width: number;
}

export function congestionRatio(speedKmh: number | null, normalSpeedKmh: number | null): number | null {
  if (speedKmh === null || normalSpeedKmh === null || normalSpeedKmh <= 0 || speedKmh < 0) return null;
  return speedKmh / normalSpeedKmh;
}

export function congestionColor(ratio: number): RGBA {
  return ramp(CONGESTION_STOPS, ratio);
}

export function trafficWidth(vehicleCount: number | null, freshness: TrafficDatum['freshness']): number {
  if (freshness === 'never') return TRAFFIC_WIDTH.neverPx;
  if (freshness === 'stale') return TRAFFIC_WIDTH.stalePx;
  const c = clamp(vehicleCount ?? 0, 0, TRAFFIC_WIDTH.countForMax);
  return TRAFFIC_WIDTH.minPx + ((TRAFFIC_WIDTH.maxPx - TRAFFIC_WIDTH.minPx) * c) / TRAFFIC_WIDTH.countForMax;
}

export function trafficData(input: LayerInput): TrafficDatum[] {
  const out: TrafficDatum[] = [];
  for (const base of sensorsOfKind(input, 'traffic')) {
    const g = base.sensor.geometry;
    if (g.type !== 'LineString' || g.coordinates.length < 2) continue;
    const first = g.coordinates[0];
    const last = g.coordinates[g.coordinates.length - 1];
    if (!first || !last) continue;
    const speedKmh = latestValue(base.state, 'avgSpeedKmh');
    const normalSpeedKmh = numericAttribute(base.sensor, 'normalSpeedKmh');
    const vehicleCount = latestValue(base.state, 'vehicleCount');
    const flags = base.state?.flags ?? [];
    const congestion = congestionRatio(speedKmh, normalSpeedKmh);
    const unusable = base.freshness === 'live' && (speedKmh === null || flags.some((f) => SPEED_UNUSABLE.includes(f)));
    let color: RGBA;
    if (base.freshness === 'never') color = NEVER_COLOR;
    else if (base.freshness === 'stale') color = STALE_COLOR;
    else if (unusable) color = FLAGGED_COLOR;
    else if (congestion === null) color = UNKNOWN_COLOR;
    else color = congestionColor(congestion);
    out.push({
      ...base,
      path: [first, last],
      speedKmh,
      normalSpeedKmh,
      vehicleCount,
      congestion,
      flags,
      unusable,
      color,
      width: trafficWidth(vehicleCount, base.freshness),
    });
  }
  return out;
}

/** Live segments with a flag worth a halo (anything but the very common zero-vehicles). */
export function trafficHaloData(data: TrafficDatum[]): TrafficDatum[] {
  return data.filter((d) => d.freshness === 'live' && d.flags.some((f) => f !== 'zero-vehicles'));
}

export function trafficLayers(data: TrafficDatum[], version: number): [PathLayer<TrafficDatum>, PathLayer<TrafficDatum>] {
  const flagged = trafficHaloData(data);
  return [
    new PathLayer<TrafficDatum>({
      id: 'traffic-flags',
      data: flagged,
      pickable: false,
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: [235, 235, 255, 110],
      getWidth: (d) => d.width + 4,
      updateTriggers: { getWidth: version },
    }),
    new PathLayer<TrafficDatum>({
      id: 'traffic',
      data,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 160],
      widthUnits: 'pixels',
      capRounded: true,
      getPath: (d) => d.path,
      getColor: (d) => d.color,
      getWidth: (d) => d.width,
      updateTriggers: { getColor: version, getWidth: version, getPath: version },
    }),
  ];
}
