/** Incident packs. PLACEHOLDER (issue 10, helper 'pack-writer' replaces it). */
import { ApiError } from '../api';
import type { EngineParts, HandlersFor } from './types';

export function incidentPackCommands(_parts: EngineParts): HandlersFor<'exportIncidentPack' | 'cancelIncidentPack'> {
  return {
    exportIncidentPack: () => {
      throw new ApiError('unavailable', 'incident packs are not built yet');
    },
    cancelIncidentPack: () => ({ cancelled: false }),
  };
}
