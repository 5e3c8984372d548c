/**
 * Sensor types defined only as JSON documents (tests/renderer/fixtures/types/), parsed and validated like a feed's, and
 * sensors of them: what a council adds without code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sensor, SensorGeometry } from '../../electron/shared/model';
import { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { parseSensorType } from '../../electron/shared/sensor-types/schema';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import { SHIPPED_REGISTRY } from './fixtures';

export function typeFromJson(file: string): SensorType {
  const raw: unknown = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'types', file), 'utf8'));
  const parsed = parseSensorType(raw);
  if (!parsed.ok) throw new Error(`${file}: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return parsed.type;
}

/** The four test types: a point, a line, a moving point and an area type. */
export const RIVER_GAUGE = typeFromJson('river-gauge.json');
export const FOOTFALL_STREET = typeFromJson('footfall-street.json');
export const GRITTER = typeFromJson('gritter.json');
export const PARK_VISITORS = typeFromJson('park-visitors.json');

/** The shipped types plus the test types, as a desk whose feed sent them holds them. */
export const TEST_REGISTRY: SensorTypeRegistry = SHIPPED_REGISTRY.with([RIVER_GAUGE, FOOTFALL_STREET, GRITTER, PARK_VISITORS]);

export function sensorOf(type: SensorType, id: string, geometry: SensorGeometry, attributes: Sensor['attributes'] = {}): Sensor {
  return { id, kind: type.id, name: `${type.label} ${id}`, geometry, expectedIntervalS: type.expectedIntervalS, attributes };
}
