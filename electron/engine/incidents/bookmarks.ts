/**
 * Incident bookmarks (issue 10 item 5): listed newest first and searched, saved (a new version each time, with its
 * author and time; every version kept), archived and restored (a flag, never a deletion); each save and archive is
 * audited with the version. (A desk showing an incident pack refuses both: commands/desk-mode.ts.)
 */
import { randomUUID } from 'node:crypto';
import { ApiError, type Alarm, type Incident } from '../api';
import type { SessionCtx } from '../access/supervisor-access';
import type { CommandParamsParsed, EngineParts } from '../commands/types';
import { engineNames } from './names';
import { incidentMatches, linkedAlarmWords, type LinkedAlarmWords } from './search';
import { incidentOf, type IncidentDoc } from './stored';
import { checkBookmark, type WindowBounds } from './validate';

export type BookmarkParts = Pick<EngineParts, 'store' | 'alerting' | 'state' | 'zones' | 'clock' | 'tracker'>;

/**
 * The span a window must lie in: what the cache holds (its extent: readings, rollups, alarms), up to the feed clock
 * now while the feed is connected (an incident still under way).
 */
export function windowBounds(parts: BookmarkParts): WindowBounds {
  const extent = parts.store.replay().extent();
  const live = parts.tracker.status.connection === 'connected' ? parts.clock.now() : null;
  const to = extent.to === null ? live : live === null ? extent.to : Math.max(extent.to, live);
  return { from: extent.from, to };
}

export class IncidentBookmarks {
  constructor(
    private readonly parts: BookmarkParts,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Bookmarks, most recently saved first; archived ones only when asked. */
  list(search = '', includeArchived = false): Incident[] {
    const all = this.parts.store.incidents().all().map(incidentOf).filter((i) => includeArchived || !i.archived);
    const found = search.trim() ? this.searched(all, search) : all;
    return found.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  }

  get(id: string): Incident {
    const s = this.parts.store.incidents().get(id);
    if (!s) throw new ApiError('not-found', `no incident bookmark ${id}`);
    return incidentOf(s);
  }

  save(p: CommandParamsParsed['saveIncident'], session: SessionCtx): Incident {
    const table = this.parts.store.incidents();
    if (p.id !== undefined && !table.get(p.id)) throw new ApiError('not-found', `no incident bookmark ${p.id}`);
    const stored = this.storedAlarms(p.alarmIds);
    const checked = checkBookmark(p, { zones: this.parts.zones, bounds: windowBounds(this.parts), storedAlarms: stored });
    const doc: IncidentDoc = { name: p.name, from: p.from, to: p.to, area: checked.area, notes: p.notes, alarmIds: [...p.alarmIds], instants: checked.instants };
    const saved = p.id === undefined ? table.create(this.newId(), JSON.stringify(doc), session.user) : table.update(p.id, JSON.stringify(doc), session.user);
    if (!saved) throw new ApiError('not-found', `no incident bookmark ${p.id ?? ''}`);
    this.parts.store.audit(session.user, 'incident.save', `incident:${saved.id}`, { version: saved.version, name: doc.name });
    return incidentOf(saved);
  }

  archive(id: string, archived: boolean, session: SessionCtx): Incident {
    const saved = this.parts.store.incidents().setArchived(id, archived);
    if (!saved) throw new ApiError('not-found', `no incident bookmark ${id}`);
    this.parts.store.audit(session.user, archived ? 'incident.archive' : 'incident.restore', `incident:${id}`, { version: saved.version, name: incidentOf(saved).name });
    return incidentOf(saved);
  }

  /** The stored alarms among `ids`, by id. */
  private storedAlarms(ids: readonly string[]): Map<string, Alarm> {
    const alarms = this.parts.store.incidents().linkedAlarmJson(ids).map((j) => JSON.parse(j) as Alarm);
    return new Map(alarms.map((a) => [a.id, a]));
  }

  private searched(list: Incident[], search: string): Incident[] {
    const names = engineNames(this.parts);
    const stored = this.storedAlarms([...new Set(list.flatMap((i) => i.alarmIds))]);
    const words = new Map<string, LinkedAlarmWords>();
    const wordsOf = (id: string): LinkedAlarmWords => {
      let w = words.get(id);
      if (!w) words.set(id, (w = linkedAlarmWords(id, stored.get(id), names)));
      return w;
    };
    return list.filter((i) => incidentMatches(i, search, wordsOf));
  }
}
