/** Incident bookmarks. PLACEHOLDER (issue 10, helper 'incidents' replaces it). */
import { ApiError } from '../api';
import type { EngineParts, HandlersFor } from './types';

export function incidentCommands(_parts: EngineParts): HandlersFor<'incidents' | 'incident' | 'saveIncident' | 'archiveIncident'> {
  const no = (): never => {
    throw new ApiError('unavailable', 'incident bookmarks are not built yet');
  };
  return { incidents: no, incident: no, saveIncident: no, archiveIncident: no };
}
