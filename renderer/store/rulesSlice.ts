/**
 * The rule set (summaries by id, kept in the engine's order) and the districts a rule can be scoped to. Filled by
 * store/sync.ts; the `rules` event replaces the rule list.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RuleSummary, ZoneInfo } from '../../electron/engine/api';
import type { AppState } from './index';

export interface RulesSlice {
  rules: ReadonlyMap<string, RuleSummary>;
  rulesError: string | null;
  zones: readonly ZoneInfo[];
  zonesError: string | null;
  setRules(rules: readonly RuleSummary[]): void;
  /** One rule changed (publish / enable / restore answered before the event). */
  upsertRule(rule: RuleSummary): void;
  setRulesError(error: string | null): void;
  setZones(zones: readonly ZoneInfo[]): void;
  setZonesError(error: string | null): void;
}

export const createRulesSlice: StateCreator<AppState, [], [], RulesSlice> = (set) => ({
  rules: new Map(),
  rulesError: null,
  zones: [],
  zonesError: null,
  setRules: (rules) => set({ rules: new Map(rules.map((r) => [r.id, r])), rulesError: null }),
  upsertRule: (rule) =>
    set((s) => {
      const prev = s.rules.get(rule.id);
      if (prev && prev.updatedAt > rule.updatedAt) return s;
      const rules = new Map(s.rules);
      rules.set(rule.id, rule);
      return { rules };
    }),
  setRulesError: (rulesError) => set((s) => (s.rulesError === rulesError ? s : { rulesError })),
  setZones: (zones) => set({ zones: [...zones].sort((a, b) => a.name.localeCompare(b.name, 'da')), zonesError: null }),
  setZonesError: (zonesError) => set((s) => (s.zonesError === zonesError ? s : { zonesError })),
});
