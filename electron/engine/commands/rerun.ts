/** Re-running a rule set over a replayed window and comparing it with what was recorded (replay/rerun.ts). */
import { randomUUID } from 'node:crypto';
import { rerunRules } from '../replay/rerun';
import type { EngineParts, HandlersFor } from './types';

export function rerunCommands({ store, state, alerting, zones, emitReplayRules }: EngineParts): HandlersFor<'replayRules'> {
  return {
    replayRules: (q) => {
      store.flush(); // the worker reads the cache file: what is buffered must be in it
      const id = q.id ?? randomUUID();
      return rerunRules(
        { rules: q.rules, from: q.from, to: q.to, id },
        {
          store,
          catalogue: state.catalogue(),
          zones,
          slot: alerting.backtests,
          current: () => alerting.summaries(),
          versions: (ruleId) => alerting.versions(ruleId),
          validate: (json) => alerting.validate(json),
        },
        (p) => emitReplayRules({ id, ...p }),
      );
    },
  };
}
