/**
 * The engine's names for rules and subjects (audit/words.ts AuditNames): rules by their current name (built-in alarms
 * by theirs), sensors from the catalogue, districts (`zone:<id>`) from the zones.
 */
import type { AuditNames } from '../audit/words';
import type { EngineParts } from '../commands/types';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';

export function engineNames(parts: Pick<EngineParts, 'alerting' | 'state' | 'zones'>): AuditNames {
  const rules = new Map(parts.alerting.summaries().map((r) => [r.id, r.name]));
  const zones = new Map(parts.zones.map((z) => [`zone:${z.id}`, z.name]));
  return {
    ruleName: (ruleId) => rules.get(ruleId) ?? BUILT_IN_ALARMS[ruleId]?.name ?? null,
    subjectName: (subject) => parts.state.sensor(subject)?.name ?? zones.get(subject) ?? null,
  };
}
