/**
 * The search index: the entries of each kind, each rebuilt only when what it is made from changes (compared by
 * identity: the store replaces a map when it changes), never per keystroke. Sensors are rebuilt on a new catalogue or
 * registry, not on readings; alarms on an alarms event. Pure: no store, no DOM.
 */
import type { Alarm, RuleSummary, ZoneInfo } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { CityInfo } from '../store';
import { currentLocale } from '../i18n/i18n';
import { alarmEntries, placeEntries, ruleEntries, sensorEntries } from './entries';
import { foldQuery, matchKind, SEARCH_KINDS, type FoldedQuery, type SearchEntry, type SearchGroup, type SearchKind } from './match';

export interface SearchSources {
  catalogue: ReadonlyMap<string, Sensor>;
  registry: SensorTypeRegistry;
  city: CityInfo;
  zones: readonly ZoneInfo[];
  alarms: ReadonlyMap<string, Alarm>;
  rules: ReadonlyMap<string, RuleSummary>;
}

/** Results shown per kind (the group says how many more matched). */
export const SEARCH_LIMITS: Readonly<Record<SearchKind, number>> = { sensor: 8, place: 5, alarm: 6, rule: 5 };

type Part = { deps: readonly unknown[]; entries: readonly SearchEntry[] };

function same(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class SearchIndex {
  /** How many times each kind's entries were built (tests check they are not rebuilt needlessly). */
  readonly builds: Record<SearchKind, number> = { sensor: 0, place: 0, alarm: 0, rule: 0 };
  private parts: Partial<Record<SearchKind, Part>> = {};

  private part(kind: SearchKind, deps: readonly unknown[], build: () => readonly SearchEntry[]): readonly SearchEntry[] {
    const held = this.parts[kind];
    if (held && same(held.deps, deps)) return held.entries;
    this.builds[kind]++;
    const entries = build();
    this.parts[kind] = { deps, entries };
    return entries;
  }

  /** The entries of every kind for these sources (the held ones where their sources did not change). */
  entries(src: SearchSources): Record<SearchKind, readonly SearchEntry[]> {
    const ctx = { catalogue: src.catalogue, rules: src.rules, zones: src.zones, registry: src.registry };
    // The entries hold words of the chosen language (type, priority, state): a change of language builds them again.
    const locale = currentLocale();
    return {
      sensor: this.part('sensor', [src.catalogue, src.registry, locale], () => sensorEntries(src.catalogue, src.registry)),
      place: this.part('place', [src.city, src.zones], () => placeEntries(src.city, src.zones)),
      alarm: this.part('alarm', [src.alarms, src.catalogue, src.rules, src.zones, src.registry, locale], () => alarmEntries(src.alarms.values(), ctx)),
      rule: this.part('rule', [src.rules, src.registry, locale], () => ruleEntries(src.rules, src.registry)),
    };
  }

  /**
   * The best matches per kind (kinds without one left out). Typing ahead narrows: when the query only adds to the last
   * one ("ro" then "road", "road" then "road 9"), only the last one's matches are looked at.
   */
  search(src: SearchSources, text: string, limits: Readonly<Record<SearchKind, number>> = SEARCH_LIMITS): SearchGroup[] {
    const all = this.entries(src);
    const q = foldQuery(text);
    const last = this.last;
    this.last = null;
    if (!q.words.length) return [];
    const groups: SearchGroup[] = [];
    const matched = {} as Record<SearchKind, readonly SearchEntry[]>;
    for (const kind of SEARCH_KINDS) {
      const from = last && last.from[kind] === all[kind] && narrows(last.q, q) ? last.matched[kind] : all[kind];
      const m = matchKind(from, q, limits[kind]);
      matched[kind] = m.matched;
      if (m.total > 0) groups.push({ kind, hits: m.hits, total: m.total });
    }
    this.last = { q, from: all, matched };
    return groups;
  }

  private last: { q: FoldedQuery; from: Record<SearchKind, readonly SearchEntry[]>; matched: Record<SearchKind, readonly SearchEntry[]> } | null = null;
}

/**
 * Whatever matches `next` matches `prev`: `next` has at least `prev`'s words, and each form of each of them contains a
 * form of `prev`'s word (a word typed further).
 */
export function narrows(prev: FoldedQuery, next: FoldedQuery): boolean {
  if (next.words.length < prev.words.length) return false;
  return prev.words.every((forms, i) => next.words[i]!.every((n) => forms.some((p) => n.includes(p))));
}
