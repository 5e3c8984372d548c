/** Replay: the desk as of any instant, and the timeline's data. PLACEHOLDER (issue 10, helper 'replay-engine' replaces it). */
import { ApiError } from '../api';
import type { EngineParts, HandlersFor } from './types';

export function replayCommands(_parts: EngineParts): HandlersFor<'replayFrame' | 'timeline'> {
  return {
    replayFrame: () => {
      throw new ApiError('unavailable', 'replay is not built yet');
    },
    timeline: () => {
      throw new ApiError('unavailable', 'the timeline is not built yet');
    },
  };
}
