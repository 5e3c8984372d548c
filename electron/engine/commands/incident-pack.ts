/**
 * Incident packs (issue 10 item 6; incident-pack/FORMAT.md): `exportIncidentPack` writes one pack at a time under
 * packsDir/<name>-<from>/ (and its zip beside it when asked), with `pack` progress events; `cancelIncidentPack`
 * stops it between steps and nothing of it is kept. The files are written by incident-pack/writer.ts, as by
 * `npm run incident`.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ApiError, type IncidentArea, type PackProgressEvent } from '../api';
import { areaFromPolygon } from '../incident-pack/area';
import { packPictures } from '../incident-pack/pictures';
import { IncidentBookmarks } from '../incidents/bookmarks';
import { packSourceFromStore } from '../incident-pack/source';
import { packFolderName, writePack } from '../incident-pack/writer';
import type { EngineParts, HandlersFor } from './types';
import { formatTime } from '../../shared/zone-time';

/** Where the browser-mode host serves a pack's zip (web-host.ts): only files directly inside packsDir. */
export const PACK_DOWNLOAD_PREFIX = '/engine/packs/';

/** Progress events at most this often (and at every change of stage kind, and at the end). */
const PROGRESS_EVERY_MS = 200;

async function freeFolder(parent: string, name: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const dir = join(parent, n === 1 ? name : `${name}-${n}`);
    const taken = await Promise.all([dir, `${dir}.zip`].map((p) => stat(p).then(() => true, () => false)));
    if (!taken.includes(true)) return dir;
  }
  throw new ApiError('conflict', `too many packs named ${name} in ${parent}: move some away`);
}

export function incidentPackCommands(parts: EngineParts): HandlersFor<'exportIncidentPack' | 'cancelIncidentPack'> {
  let running: { id: string; abort: AbortController } | null = null;
  const bookmarks = new IncidentBookmarks(parts);
  return {
    exportIncidentPack: async (p, session) => {
      if (running) throw new ApiError('conflict', `another incident pack is being written (${running.id}): cancel it or wait for it to finish`);
      // A saved bookmark (its window, area, notes, linked alarms and instants), or a window and area given here.
      const incident = p.incidentId !== undefined ? bookmarks.get(p.incidentId) : null;
      const from = incident?.from ?? p.from!;
      const to = incident?.to ?? p.to!;
      let area: IncidentArea | null = incident?.area ?? null;
      if (!incident && p.area) {
        const a = areaFromPolygon(p.area);
        if (!a.ok) throw new ApiError('invalid-params', `the area is not valid: ${a.issues[0]!.path}: ${a.issues[0]!.message}`, a.issues);
        area = a.area;
      }
      const id = p.id ?? randomUUID();
      const source = packSourceFromStore(parts.store, parts.zones);
      const name = p.name ?? incident?.name ?? `Incident ${formatTime(from, source.city.timeZone, 'dateTime')}`;
      const job = { id, abort: new AbortController() };
      running = job;
      let last = { at: 0, stage: '' };
      const emit = (done: number, stage: string) => {
        const t = Date.now();
        const kind = stage.split(' ')[0]!;
        if (done < 1 && kind === last.stage && t - last.at < PROGRESS_EVERY_MS) return;
        last = { at: t, stage: kind };
        const e: PackProgressEvent = { id, done, stage };
        parts.emitPack(e);
      };
      try {
        const dir = await freeFolder(parts.packsDir, packFolderName(name, from));
        const result = await writePack(
          source,
          { id, name, from, to, area, notes: incident?.notes ?? '', alarmIds: incident?.alarmIds ?? [], instants: p.instants ?? incident?.instants ?? [], incident, createdBy: session.user, tool: 'desk', zip: p.zip === true },
          dir,
          { onProgress: emit, signal: job.abort.signal, pictures: packPictures(source, parts.assetsDir) },
        );
        return { ...result, downloadPath: result.zip ? PACK_DOWNLOAD_PREFIX + encodeURIComponent(basename(result.zip)) : null };
      } finally {
        running = null;
      }
    },
    cancelIncidentPack: ({ id }) => {
      if (running?.id !== id) return { cancelled: false };
      running.abort.abort();
      return { cancelled: true };
    },
  };
}
