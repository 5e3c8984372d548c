/**
 * Which source a sensor belongs to, as the engine's outage tracker (electron/engine/rules/outage.ts) groups sensors
 * and as the desk shows a source outage on every sensor of the source (renderer/health/). Pure, shared so that both
 * sides agree on the key without a second copy.
 *
 * - A sensor's source: its `source` attribute (the hub's source id, set by electron/hub/catalogue.ts), else its type
 *   within the feed (`Traffic segment sensors`): every sensor of a type that came without a source id.
 * - The outage alarm of a source has the subject `source:<key>`.
 */
import type { Sensor } from './model';
import type { SensorTypeRegistry } from './sensor-types/registry';

const SUBJECT_PREFIX = 'source:';

/** A sensor's source: the key (subject `source:<key>`) and its name in words. */
export function sourceOf(sensor: Pick<Sensor, 'kind' | 'attributes'>, registry?: Pick<SensorTypeRegistry, 'get'>): { key: string; name: string } {
  const attr = sensor.attributes['source'];
  if (typeof attr === 'string' && attr.trim()) return { key: attr.trim(), name: attr.trim() };
  return { key: sensor.kind, name: `${registry?.get(sensor.kind)?.label ?? sensor.kind} sensors` };
}

export function outageSubject(key: string): string {
  return `${SUBJECT_PREFIX}${key}`;
}

/** The source key of an outage alarm's subject, or null when the subject is not a source's. */
export function sourceKeyOfSubject(subject: string): string | null {
  return subject.startsWith(SUBJECT_PREFIX) ? subject.slice(SUBJECT_PREFIX.length) : null;
}
