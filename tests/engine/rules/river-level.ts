/** A sensor type that is not shipped, from a JSON document only (no code): a river gauge with a derived metric. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sensor } from '../../../electron/shared/model';
import { SensorTypeRegistry } from '../../../electron/shared/sensor-types/registry';
import { parseSensorType } from '../../../electron/shared/sensor-types/schema';
import { SHIPPED_TYPES } from '../../../electron/shared/sensor-types/shipped';
import type { SensorType } from '../../../electron/shared/sensor-types/types';

const raw: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'river-level.type.json'), 'utf8'));
const parsed = parseSensorType(raw);
if (!parsed.ok) throw new Error(`river-level.type.json: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);

export const RIVER_LEVEL: SensorType = parsed.type;
/** The shipped types plus river-level. */
export const WITH_RIVER = SensorTypeRegistry.from(SHIPPED_TYPES).with([RIVER_LEVEL]);

export const GAUGES: Sensor[] = [
  { id: 'gauge:DEE1', kind: 'river-level', name: 'Dee at Park Bridge', geometry: { type: 'Point', coordinates: [-2.1, 57.13] }, expectedIntervalS: 900, attributes: { floodLevelM: 4 } },
  { id: 'gauge:DON1', kind: 'river-level', name: 'Don at Parkhill', geometry: { type: 'Point', coordinates: [-2.2, 57.2] }, expectedIntervalS: 900, attributes: { floodLevelM: 2 } },
];
