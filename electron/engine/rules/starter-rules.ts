/**
 * Starter rules per sensor type: plain rule documents in the type documents (`starterRules`, see
 * assets/sensor-types/), validated by the same schema as user rules. They are offered for the types a feed has, and
 * installed once when a type first appears in the catalogue (alerting.ts), never for types the feed does not have.
 */
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { SHIPPED_TYPES } from '../../shared/sensor-types/shipped';
import { parseRule, validateRule, type Rule, type ValidateOptions } from './schema';

export interface StarterRule {
  /** The type whose document offers it. */
  typeId: string;
  /** The document as the type holds it. */
  json: unknown;
  /** The rule, validated against the registry and the zones given; null when it does not apply here (then `problems`). */
  rule: Rule | null;
  problems: string[];
}

/** The starter rules the registry's types offer (for `typeIds`, or every type), each validated. */
export function starterRulesOf(types: SensorTypeRegistry, opts: Omit<ValidateOptions, 'types'> = {}, typeIds?: Iterable<string>): StarterRule[] {
  const ids = typeIds ? [...new Set(typeIds)] : types.all().map((t) => t.id);
  const out: StarterRule[] = [];
  for (const typeId of ids) {
    for (const json of types.get(typeId)?.starterRules ?? []) {
      const v = validateRule(json, { ...opts, types });
      const ofType = v.ok && v.rule.kind !== typeId ? [`kind: a starter rule of ${typeId} must be for ${typeId}, not ${v.rule.kind}`] : [];
      out.push(v.ok && ofType.length === 0 ? { typeId, json, rule: v.rule, problems: [] } : { typeId, json, rule: null, problems: v.ok ? ofType : v.errors });
    }
  }
  return out;
}

/** Every starter rule of the shipped types, as the type documents hold them. */
export const STARTER_RULES_JSON: readonly unknown[] = SHIPPED_TYPES.flatMap((t) => t.starterRules ?? []);

/** The shipped types' starter rules, validated (throws if one is invalid, which a test prevents). */
export function starterRules(opts?: Omit<ValidateOptions, 'types'>): Rule[] {
  return STARTER_RULES_JSON.map((j) => parseRule(j, opts));
}
