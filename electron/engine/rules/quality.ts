/**
 * A rule's quality flags (Rule.quality) as a test on a reading's flags: which readings the rule does not see. A reading
 * the rule does not see is unknown to it (its data conditions are unknown: it neither raises nor clears, and a
 * sustained timer stops as it does for a missing value). The flags themselves come from the registry
 * (SensorTypeRegistry.flags), computed once per reading for the sensors that have a rule with quality.
 */
import type { RuleQuality } from './schema';

/** True when a reading with these flags is unknown to the rule. */
export type QualityTest = (flags: readonly string[]) => boolean;

/** The rule's test, or null when the rule sees every reading (no quality, or empty lists). */
export function qualityTest(q: RuleQuality | undefined): QualityTest | null {
  const skip = q?.skip ?? [];
  const only = q?.only ?? [];
  if (skip.length === 0 && only.length === 0) return null;
  return (flags) => {
    for (let i = 0; i < flags.length; i++) if (skip.includes(flags[i]!)) return true;
    if (only.length === 0) return false;
    for (let i = 0; i < flags.length; i++) if (only.includes(flags[i]!)) return false;
    return true;
  };
}

/** A key naming the test (area aggregates over the same sensors share a cache entry only with the same key). */
export function qualityKey(q: RuleQuality | undefined): string {
  const skip = [...(q?.skip ?? [])].sort();
  const only = [...(q?.only ?? [])].sort();
  return skip.length === 0 && only.length === 0 ? '' : `skip:${skip.join(',')}|only:${only.join(',')}`;
}
