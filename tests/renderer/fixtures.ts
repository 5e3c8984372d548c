import type { CacheStatus, CityInfo, FeedStatus, OperatorAction } from '../../electron/engine/api';
import type { Sensor, SensorState } from '../../electron/shared/model';
import { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { parseSensorType } from '../../electron/shared/sensor-types/schema';
import { SHIPPED_TYPES } from '../../electron/shared/sensor-types/shipped';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import riverGaugeJson from './types/river-gauge.json';
import type { LayerInput } from '../../renderer/map/layers';

/** The shipped types, as a desk on the demo feed holds them. */
export const SHIPPED_REGISTRY = SensorTypeRegistry.from(SHIPPED_TYPES);

export const T0 = Date.UTC(2014, 7, 1, 8, 0, 0);

/** A type no code knows: defined only as JSON (types/river-gauge.json), validated as a feed's type would be. */
export const RIVER_GAUGE: SensorType = (() => {
  const parsed = parseSensorType(riverGaugeJson);
  if (!parsed.ok) throw new Error(`river-gauge.json: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return parsed.type;
})();

/** The shipped types plus the river gauge, as a desk on a feed that defines it holds them. */
export const WITH_RIVER = SHIPPED_REGISTRY.with([RIVER_GAUGE]);

export function riverGauge(id: string, floodLevelM: number | null = 2.5): Sensor {
  return { id, kind: 'river-gauge', name: `Gauge ${id}`, geometry: { type: 'Point', coordinates: [-2.1, 57.15] }, expectedIntervalS: 900, attributes: { floodLevelM, river: 'Dee' } };
}

export const ABERDEEN: CityInfo = {
  name: 'Aberdeen',
  timeZone: 'Europe/London',
  home: null,
  extent: [-2.3, 57.1, -2.0, 57.2],
  attribution: '© OpenStreetMap contributors',
  source: 'feed',
};

export function trafficSensor(id: string, normalSpeedKmh: number | null = 50): Sensor {
  return {
    id: `traffic:${id}`,
    kind: 'traffic',
    name: `Segment ${id}`,
    geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.15, 56.12], [10.2, 56.15]] },
    expectedIntervalS: 300,
    attributes: { normalSpeedKmh, distanceM: 1200 },
  };
}

export function parkingSensor(id: string, capacity: number | null = 100): Sensor {
  return { id: `parking:${id}`, kind: 'car-park', name: id, geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { capacity } };
}

export function airSensor(id: string): Sensor {
  return { id: `air:${id}`, kind: 'citypulse-air-index', name: `Air ${id}`, geometry: { type: 'Point', coordinates: [10.21, 56.16] }, expectedIntervalS: 300, attributes: {} };
}

/** A state as the engine sends it, without derived metrics (the renderer derives them with the registry then). */
export function stateOf(sensorId: string, ts: number, values: Record<string, number | null>, flags: string[] = []): SensorState {
  return { sensorId, last: { sensorId, ts, values }, derived: {}, flags, count: 1 };
}

export function input(sensors: Sensor[], states: SensorState[], now: number | null = T0, version = 1, registry: SensorTypeRegistry = SHIPPED_REGISTRY): LayerInput {
  return { catalogue: new Map(sensors.map((s) => [s.id, s])), states: new Map(states.map((s) => [s.sensorId, s])), now, version, registry };
}

export function status(over: Partial<FeedStatus> = {}): FeedStatus {
  return {
    connection: 'connected',
    feedUrl: 'http://127.0.0.1:1',
    feedName: 'Demo',
    feedId: 'demo',
    demo: true,
    feedTime: T0,
    speed: 1,
    readingsPerSecond: 3,
    lastSeq: 1,
    acceptedTotal: 10,
    rejects: {},
    lastReject: null,
    lastError: null,
    lostBatches: [],
    downSince: null,
    reconnectAttempts: 0,
    cache: cacheStatus(),
    sensors: { live: 1, stale: 0, never: 0 },
    ...over,
  };
}

export function cacheStatus(over: Partial<CacheStatus> = {}): CacheStatus {
  return { file: '/tmp/citydesk/cache.db', readings: 12_345, duplicates: 7, oldest: T0 - 6 * 3600_000, sizeBytes: 3_400_000, queuedActions: 0, startedFromCache: false, integrity: { ok: true, checkedAt: T0 }, setAside: 0, clockWarning: null, ...over };
}

export function note(id: string, over: Partial<OperatorAction> = {}): OperatorAction {
  return { id, kind: 'note', sensorId: 'traffic:1', alarmId: null, text: `note ${id}`, user: 'operator', createdAt: T0, status: 'queued', sentAt: null, error: null, ...over };
}
