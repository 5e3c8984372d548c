/** Re-running a rule set over a replayed window and comparing it with what was recorded. PLACEHOLDER (issue 10, helper 'rerun' replaces it). */
import { ApiError } from '../api';
import type { EngineParts, HandlersFor } from './types';

export function rerunCommands(_parts: EngineParts): HandlersFor<'replayRules'> {
  return {
    replayRules: () => {
      throw new ApiError('unavailable', 're-running rules is not built yet');
    },
  };
}
