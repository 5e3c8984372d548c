/**
 * A bookmark version as stored (incident_versions.json) and as the API shows it (api.ts Incident). The text is
 * checked when read: a version that is not what this CityDesk wrote is still listed (nothing stored is hidden), named
 * as unreadable with the reason and its text in the notes.
 */
import { z } from 'zod';
import type { Incident } from '../api';
import type { StoredIncident } from '../store/incidents';

const lngLat = z.tuple([z.number(), z.number()]);

export const storedIncidentDoc = z.object({
  name: z.string(),
  from: z.number(),
  to: z.number(),
  area: z
    .union([
      z.object({ kind: z.literal('district'), name: z.string(), polygons: z.array(z.array(z.array(lngLat))) }),
      z.object({ kind: z.literal('drawn'), polygon: z.array(lngLat) }),
    ])
    .nullable(),
  notes: z.string(),
  alarmIds: z.array(z.string()),
  instants: z.array(z.number()),
});

export type IncidentDoc = z.infer<typeof storedIncidentDoc>;

/** The API's Incident for a stored version (an unreadable one is listed as such). */
export function incidentOf(s: StoredIncident): Incident {
  const meta = { id: s.id, author: s.author, createdAt: s.createdAt, updatedAt: s.updatedAt, version: s.version, archived: s.archived };
  let raw: unknown;
  try {
    raw = JSON.parse(s.json);
  } catch (e) {
    return unreadable(s, meta, `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const doc = storedIncidentDoc.safeParse(raw);
  if (!doc.success) return unreadable(s, meta, doc.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; '));
  return { ...doc.data, ...meta };
}

function unreadable(s: StoredIncident, meta: Pick<Incident, 'id' | 'author' | 'createdAt' | 'updatedAt' | 'version' | 'archived'>, reason: string): Incident {
  return { ...meta, name: `Unreadable bookmark ${s.id} (version ${s.version})`, from: 0, to: 0, area: null, notes: `The stored version cannot be read: ${reason}.\n\n${s.json}`, alarmIds: [], instants: [] };
}
