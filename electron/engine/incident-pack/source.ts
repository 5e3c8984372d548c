/**
 * What a pack is written from: a cache (the desk's store, or a cache file opened read-only by `npm run incident`),
 * read the same way in both, so that the desk and the CLI write the same files: the catalogue and types as the
 * cache holds them (as `npm run export` reads them), the city the feed sent, the districts for zone alarms, and the
 * names the audit rows are put in words with.
 */
import type { CityInfo } from '../api';
import type { AuditNames } from '../audit/words';
import { catalogueView } from '../feed/catalogue-view';
import { CACHE_KEYS } from '../feed/registry';
import type { Zone } from '../rules/geo';
import type { Store } from '../store/store';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';
import type { Sensor } from '../../shared/model';
import { citySchema, type CatalogueCity } from '../../shared/protocol';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';

export interface PackSource {
  store: Store;
  registry: SensorTypeRegistry;
  catalogue: Sensor[];
  city: CityInfo;
  zones: readonly Zone[];
  names: AuditNames;
}

/** The city the cache's feed sent, or null (none, or not valid: then the city is the feed's name in UTC). */
function storedCity(store: Store): CatalogueCity | null {
  const text = store.meta(CACHE_KEYS.city);
  if (text === null) return null;
  try {
    const parsed = citySchema.nullable().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Rule names by id (each rule's current version; built-in alarms by their purpose), sensor and zone names. */
export function packNames(store: Store, catalogue: readonly Sensor[], zones: readonly Zone[]): AuditNames {
  const rules = new Map<string, string>();
  for (const r of store.currentRules()) {
    const name = (r.json as { name?: unknown } | null)?.name;
    if (typeof name === 'string') rules.set(r.id, name);
  }
  const sensors = new Map(catalogue.map((s) => [s.id, s.name]));
  const zoneNames = new Map(zones.map((z) => [`zone:${z.id}`, z.name]));
  return {
    ruleName: (id) => rules.get(id) ?? BUILT_IN_ALARMS[id]?.name ?? null,
    subjectName: (subject) => sensors.get(subject) ?? zoneNames.get(subject) ?? null,
  };
}

export function packSourceFromStore(store: Store, zones: readonly Zone[]): PackSource {
  const registry = store.registry();
  const catalogue = store.loadCatalogue();
  const feedName = store.lastCursor()?.feedId ?? 'CityDesk cache';
  const city = catalogueView({ catalogue: () => catalogue, registry, city: () => storedCity(store) }, feedName).city;
  return { store, registry, catalogue, city, zones, names: packNames(store, catalogue, zones) };
}
