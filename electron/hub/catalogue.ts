/**
 * The hub's sensor catalogue, discovered from records: a record of a new sensor id that says where the sensor is
 * adds it (named, typed, with the mapping's attributes); a record of an unknown sensor without a position is rejected
 * ('unknown-sensor'). Each sensor belongs to the source that found it: another source's record for the same id is
 * rejected ('sensor-of-other-source'). The version changes with every addition, so the server resends the catalogue.
 */
import type { Sensor } from '../shared/model';
import { MAX_SENSORS } from '../shared/protocol';
import type { SensorType } from '../shared/sensor-types/types';
import type { SensorDraft } from './mapping';

export type Accepted = { ok: true; sensor: Sensor; added: boolean } | { ok: false; reason: 'unknown-sensor' | 'sensor-of-other-source' | 'catalogue-full'; detail: string };

export class SensorCatalogue {
  private readonly sensors = new Map<string, Sensor>();
  private readonly owners = new Map<string, string>();
  private list: Sensor[] | null = [];
  private v = 0;

  get version(): number {
    return this.v;
  }

  all(): Sensor[] {
    return (this.list ??= [...this.sensors.values()]);
  }

  has(id: string): boolean {
    return this.sensors.has(id);
  }

  /** Sensors a source brings whole (the demo). */
  addAll(sensors: readonly Sensor[], sourceId: string): void {
    for (const s of sensors) if (!this.sensors.has(s.id)) this.add(s, sourceId);
  }

  accept(sourceId: string, draft: SensorDraft, type: SensorType, expectedIntervalS?: number): Accepted {
    const known = this.sensors.get(draft.id);
    if (known) {
      const owner = this.owners.get(draft.id);
      if (owner !== sourceId) return { ok: false, reason: 'sensor-of-other-source', detail: `${draft.id} belongs to the source ${owner}` };
      return { ok: true, sensor: known, added: false };
    }
    if (!draft.geometry) return { ok: false, reason: 'unknown-sensor', detail: `${draft.id} is not known yet and the record gives no position` };
    if (this.sensors.size >= MAX_SENSORS) return { ok: false, reason: 'catalogue-full', detail: `the hub already serves ${MAX_SENSORS} sensors, the most a catalogue may hold` };
    const sensor: Sensor = {
      id: draft.id,
      kind: type.id as Sensor['kind'],
      name: draft.name ?? draft.rawId,
      geometry: draft.geometry,
      expectedIntervalS: expectedIntervalS ?? type.expectedIntervalS,
      attributes: { ...draft.attributes, source: sourceId },
    };
    this.add(sensor, sourceId);
    return { ok: true, sensor, added: true };
  }

  private add(s: Sensor, sourceId: string): void {
    this.sensors.set(s.id, s);
    this.owners.set(s.id, sourceId);
    this.list = null;
    this.v++;
  }
}
