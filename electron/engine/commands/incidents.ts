/** Incident bookmarks (issue 10 item 5): list and search, one, save (a new version), archive or restore. */
import { IncidentBookmarks } from '../incidents/bookmarks';
import type { EngineParts, HandlersFor } from './types';

export function incidentCommands(parts: EngineParts): HandlersFor<'incidents' | 'incident' | 'saveIncident' | 'archiveIncident'> {
  const bookmarks = new IncidentBookmarks(parts);
  return {
    incidents: (q) => bookmarks.list(q.search, q.includeArchived),
    incident: (q) => bookmarks.get(q.id),
    saveIncident: (q, session) => bookmarks.save(q, session),
    archiveIncident: (q, session) => bookmarks.archive(q.id, q.archived, session),
  };
}
