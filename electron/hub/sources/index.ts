/**
 * The connector types this hub has, by the config's `type`. The MQTT and SensorThings connectors (mqtt.ts,
 * sensorthings.ts) register here too; a type without an entry is reported as a failing source ('not-available'),
 * never as a reason to stop the hub.
 */
import type { AnySourceFactory, MappedSourceType } from './context';
import { fileSource } from './file';
import { httpSource } from './http';

export const SOURCE_FACTORIES: Partial<Record<MappedSourceType, AnySourceFactory>> = {
  file: fileSource,
  http: httpSource,
};
