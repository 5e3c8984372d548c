/**
 * The engine's sensor-type registries: the shipped types (compiled once per process), and per feed catalogue the
 * shipped types plus the ones the feed sent (a feed's type wins over a shipped type of the same id, for that feed).
 */
import type { SensorType } from '../../shared/sensor-types/types';
import { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { parseSensorType } from '../../shared/sensor-types/schema';
import { SHIPPED_TYPES } from '../../shared/sensor-types/shipped';

/** Where the cache keeps the feed's catalogue parts beside its sensors (store meta keys; JSON). */
export const CACHE_KEYS = { types: 'catalogue_types', city: 'catalogue_city' } as const;

let shipped: SensorTypeRegistry | null = null;

/** The types that ship with the app. */
export function shippedRegistry(): SensorTypeRegistry {
  shipped ??= SensorTypeRegistry.from(SHIPPED_TYPES);
  return shipped;
}

/** `base` plus the feed's types (replacing base types of the same id). */
export function feedRegistry(base: SensorTypeRegistry, feedTypes: readonly SensorType[]): SensorTypeRegistry {
  return feedTypes.length ? base.with(feedTypes) : base;
}

/**
 * A feed's types as a cache kept them (JSON), validated again like any input: the valid ones, and one line per type
 * that no longer validates (e.g. written by another version).
 */
export function typesFromCache(json: string | null): { types: SensorType[]; problems: string[] } {
  if (json === null) return { types: [], problems: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { types: [], problems: [`cached feed types are not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!Array.isArray(raw)) return { types: [], problems: ['cached feed types are not a list'] };
  const types: SensorType[] = [];
  const problems: string[] = [];
  raw.forEach((t: unknown, i) => {
    const p = parseSensorType(t);
    if (p.ok && types.some((x) => x.id === p.type.id)) problems.push(`cached feed type [${i}]: ${p.type.id} is listed twice (the first is kept)`);
    else if (p.ok) types.push(p.type);
    else problems.push(`cached feed type [${i}]: ${describeTypeIssues(p.issues)}`);
  });
  return { types, problems };
}

/** A type document's problems, one `path: message` each (at most five, then how many more). */
export function describeTypeIssues(issues: readonly { path: string; message: string }[]): string {
  const shown = issues.slice(0, 5).map((x) => `${x.path || '(root)'}: ${x.message}`);
  if (issues.length > 5) shown.push(`and ${issues.length - 5} more`);
  return shown.join('; ');
}
