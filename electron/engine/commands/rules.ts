/** Commands on rules (list, versions, validate, backtest, publish, enable, restore, export, import), zones, audit. */
import type { EngineParts, HandlersFor } from './types';

export function ruleCommands({ alerting, clock, store }: EngineParts): HandlersFor<
  'rules' | 'ruleVersions' | 'validateRule' | 'backtestRule' | 'publishRule' | 'setRuleEnabled' | 'restoreRuleVersion' | 'exportRules' | 'importRules' | 'zones' | 'audit'
> {
  return {
    rules: () => alerting.summaries(),
    ruleVersions: (q) => alerting.versions(q.id),
    validateRule: (q) => alerting.validate(q.rule),
    backtestRule: (q) => {
      store.flush();
      return alerting.backtest(q.rule, q.from, q.to, clock.nowOrWall());
    },
    publishRule: (q, session) => alerting.publish(session, q.rule),
    setRuleEnabled: (q, session) => alerting.setEnabled(session, q.id, q.enabled),
    restoreRuleVersion: (q, session) => alerting.restore(session, q.id, q.version),
    exportRules: () => alerting.exportRules(),
    importRules: (q, session) => alerting.import(session, q.json),
    zones: () => alerting.zoneInfo(),
    audit: (q) => alerting.audit(q.limit ?? 200, q.subject),
  };
}
