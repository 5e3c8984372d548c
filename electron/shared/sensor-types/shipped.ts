/**
 * The sensor types that ship with the app: one JSON document per type in assets/sensor-types/, imported statically
 * (bundled by Vite and esbuild) and validated at module load, so that a broken shipped file fails loudly with its path
 * errors instead of reaching the map. Adding a shipped type: add its JSON file there and a line here.
 *
 * Carries zod (through schema.ts): for the engine and the hosts. The renderer gets the types in the engine's snapshot.
 */
import airQuality from '../../../assets/sensor-types/air-quality.json';
import bikeShare from '../../../assets/sensor-types/bike-share.json';
import carPark from '../../../assets/sensor-types/car-park.json';
import citypulseAirIndex from '../../../assets/sensor-types/citypulse-air-index.json';
import noise from '../../../assets/sensor-types/noise.json';
import parkingBay from '../../../assets/sensor-types/parking-bay.json';
import traffic from '../../../assets/sensor-types/traffic.json';
import transitVehicle from '../../../assets/sensor-types/transit-vehicle.json';
import wasteBin from '../../../assets/sensor-types/waste-bin.json';
import weather from '../../../assets/sensor-types/weather.json';
import { formatSensorTypeIssues, parseSensorType } from './schema';
import type { SensorType } from './types';

/** The shipped documents by file name (without .json), as read. */
export const SHIPPED_TYPE_DOCUMENTS: Readonly<Record<string, unknown>> = {
  traffic,
  'car-park': carPark,
  'parking-bay': parkingBay,
  'air-quality': airQuality,
  'citypulse-air-index': citypulseAirIndex,
  weather,
  noise,
  'bike-share': bikeShare,
  'transit-vehicle': transitVehicle,
  'waste-bin': wasteBin,
};

function validated(file: string, raw: unknown): SensorType {
  const r = parseSensorType(raw);
  if (!r.ok) throw new Error(`assets/sensor-types/${file}.json is not a valid sensor type:\n${formatSensorTypeIssues(r.issues)}`);
  if (r.type.id !== file) throw new Error(`assets/sensor-types/${file}.json: id '${r.type.id}' differs from the file name`);
  return r.type;
}

export const SHIPPED_TYPES: readonly SensorType[] = Object.entries(SHIPPED_TYPE_DOCUMENTS).map(([file, raw]) => validated(file, raw));
