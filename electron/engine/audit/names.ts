/**
 * The names the audit's words and search use, gathered once per request from what the engine knows: rules (current
 * versions and the built-in alarms), sensors, districts, sources and sensor types. Enumerable, so that a search can
 * turn words into the rule ids and places that carry those names.
 */
import type { Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';
import { sourceOf } from '../rules/outage';
import type { AuditNames } from './words';

export interface AuditDirectory extends AuditNames {
  /** Rule id -> name. */
  readonly rules: ReadonlyMap<string, string>;
  /** Place subject (sensor id, `zone:<id>`, `group:district:<id>`, `source:<key>`) -> name. */
  readonly places: ReadonlyMap<string, string>;
}

export interface DirectoryInput {
  rules: Iterable<{ id: string; name: string }>;
  sensors: readonly Sensor[];
  zones: readonly { id: string; name: string }[];
  registry?: SensorTypeRegistry;
  /** The sensor of a queued operator action (a note), by its id. */
  noteSensor?: (actionId: string) => string | null;
}

/** The name of a stored rule version's document, or null. */
export function storedRuleName(json: unknown): string | null {
  const name = json !== null && typeof json === 'object' ? (json as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? name : null;
}

export function auditDirectory(input: DirectoryInput): AuditDirectory {
  const rules = new Map<string, string>(Object.entries(BUILT_IN_ALARMS).map(([id, a]) => [id, a.name]));
  for (const r of input.rules) rules.set(r.id, r.name);
  const places = new Map<string, string>();
  for (const z of input.zones) {
    places.set(`zone:${z.id}`, z.name);
    places.set(`group:district:${z.id}`, z.name);
  }
  for (const s of input.sensors) {
    const src = sourceOf(s, input.registry);
    if (!places.has(`source:${src.key}`)) places.set(`source:${src.key}`, src.name);
  }
  for (const s of input.sensors) places.set(s.id, s.name || s.id);
  const typeName = (typeId: string): string | null => {
    const t = input.registry?.get(typeId);
    return t ? t.pluralLabel : null;
  };
  return {
    rules,
    places,
    ruleName: (id) => rules.get(id) ?? null,
    subjectName: (subject) => places.get(subject) ?? null,
    typeName,
    noteSensor: (id) => input.noteSensor?.(id) ?? null,
  };
}
