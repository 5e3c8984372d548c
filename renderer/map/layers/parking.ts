/**
 * Parking: one circle per car park.
 *   size    capacity (attributes.capacity, else the latest totalSpaces): radius 7 + 0.6·√capacity px, max 30
 *   colour  occupancy = vehicleCount / totalSpaces: green (empty) -> amber (85%) -> red (100%)
 *   >100%   real in this data (sensor faults): deep red fill with a thick magenta outline, flagged in tooltip/panel
 *   grey    stale / never reported
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { LngLat, QualityFlag } from '../../../electron/shared/model';
import { AMBER, GREEN, NEVER_COLOR, OVER_CAPACITY_OUTLINE, RED, STALE_COLOR, UNKNOWN_COLOR, ramp, type RGBA } from '../colors';
import { anchorOf, latestValue, numericAttribute, sensorsOfKind, type BaseDatum, type LayerInput } from './common';

export const OCCUPANCY_STOPS: readonly (readonly [number, RGBA])[] = [
  [0, GREEN],
  [0.85, AMBER],
  [1, RED],
];
export const OVER_CAPACITY_FILL: RGBA = [150, 0, 40, 255];
export const PARKING_RADIUS = { basePx: 7, perSqrtCapacity: 0.6, maxPx: 30 } as const;

export interface ParkingDatum extends BaseDatum {
  position: LngLat;
  capacity: number | null;
  vehicleCount: number | null;
  totalSpaces: number | null;
  occupancy: number | null;
  overCapacity: boolean;
  flags: QualityFlag[];
  fillColor: RGBA;
  lineColor: RGBA;
  lineWidth: number;
  radius: number;
}

export function occupancyRatio(vehicleCount: number | null, totalSpaces: number | null): number | null {
  if (vehicleCount === null || totalSpaces === null || totalSpaces <= 0) return null;
  return vehicleCount / totalSpaces;
}

export function parkingRadius(capacity: number | null): number {
  if (capacity === null || capacity <= 0) return PARKING_RADIUS.basePx;
  return Math.min(PARKING_RADIUS.maxPx, PARKING_RADIUS.basePx + PARKING_RADIUS.perSqrtCapacity * Math.sqrt(capacity));
}

export function occupancyColor(occupancy: number): RGBA {
  return occupancy > 1 ? [...OVER_CAPACITY_FILL] : ramp(OCCUPANCY_STOPS, occupancy);
}

export function parkingData(input: LayerInput): ParkingDatum[] {
  return sensorsOfKind(input, 'parking').map((base) => {
    const vehicleCount = latestValue(base.state, 'vehicleCount');
    const attrCapacity = numericAttribute(base.sensor, 'capacity');
    const totalSpaces = latestValue(base.state, 'totalSpaces') ?? attrCapacity;
    const capacity = attrCapacity ?? totalSpaces;
    const occupancy = occupancyRatio(vehicleCount, totalSpaces);
    const flags = base.state?.flags ?? [];
    const overCapacity = (occupancy !== null && occupancy > 1) || flags.includes('over-capacity');
    const live = base.freshness === 'live';
    let fillColor: RGBA;
    if (base.freshness === 'never') fillColor = NEVER_COLOR;
    else if (base.freshness === 'stale') fillColor = STALE_COLOR;
    else if (occupancy === null) fillColor = UNKNOWN_COLOR;
    else fillColor = occupancyColor(occupancy);
    const showOver = overCapacity && base.freshness !== 'never';
    return {
      ...base,
      position: anchorOf(base.sensor),
      capacity,
      vehicleCount,
      totalSpaces,
      occupancy,
      overCapacity,
      flags,
      fillColor,
      lineColor: showOver ? OVER_CAPACITY_OUTLINE : live ? [15, 20, 28, 255] : [40, 44, 52, 255],
      lineWidth: showOver ? 4 : 1.5,
      radius: parkingRadius(capacity),
    };
  });
}

export function parkingLayer(data: ParkingDatum[], version: number): ScatterplotLayer<ParkingDatum> {
  return new ScatterplotLayer<ParkingDatum>({
    id: 'parking',
    data,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 90],
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (d) => d.position,
    getRadius: (d) => d.radius,
    getFillColor: (d) => d.fillColor,
    getLineColor: (d) => d.lineColor,
    getLineWidth: (d) => d.lineWidth,
    updateTriggers: { getPosition: version, getRadius: version, getFillColor: version, getLineColor: version, getLineWidth: version },
  });
}
