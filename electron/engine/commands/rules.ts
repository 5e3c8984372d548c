/** Commands on rules (list, versions, validate, backtest and its cancel, publish, enable, restore, export, import, starter rules), zones, audit. */
import { randomUUID } from 'node:crypto';
import type { EngineParts, HandlersFor } from './types';

export function ruleCommands({ alerting, clock, store, emitBacktest }: EngineParts): HandlersFor<
  'rules' | 'ruleVersions' | 'validateRule' | 'backtestRule' | 'cancelBacktest' | 'publishRule' | 'setRuleEnabled' | 'restoreRuleVersion' | 'exportRules' | 'importRules' | 'zones' | 'listStarterRules' | 'audit' | 'suggestTuning'
> {
  return {
    rules: () => alerting.summaries(),
    ruleVersions: (q) => alerting.versions(q.id),
    validateRule: (q) => alerting.validate(q.rule),
    backtestRule: (q) => {
      store.flush();
      return alerting.backtest(q.rule, q.from, q.to, clock.nowOrWall(), q.id ?? randomUUID(), emitBacktest);
    },
    cancelBacktest: (q) => ({ cancelled: alerting.cancelBacktest(q.id) }),
    publishRule: (q, session) => alerting.publish(session, q.rule),
    setRuleEnabled: (q, session) => alerting.setEnabled(session, q.id, q.enabled),
    restoreRuleVersion: (q, session) => alerting.restore(session, q.id, q.version),
    exportRules: () => alerting.exportRules(),
    importRules: (q, session) => alerting.import(session, q.json),
    zones: () => alerting.zoneInfo(),
    listStarterRules: () => alerting.starterRules(),
    audit: (q) => alerting.audit(q.limit ?? 200, q.subject),
    suggestTuning: (q, session) => {
      store.flush();
      return alerting.suggestTuning(session, q.rule, q.from, q.to);
    },
  };
}
