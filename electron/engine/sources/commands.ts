/** Commands on sources (overview, preview, save, remove, versions, export): the handlers of ./source-admin.ts. */
import type { HandlersFor } from '../commands/types';
import type { SourceAdmin } from './source-admin';

const DEFAULT_PREVIEW = { maxRecords: 50, maxSeconds: 10 };

export function sourceCommands(admin: SourceAdmin): HandlersFor<'sources' | 'previewSource' | 'saveSource' | 'removeSource' | 'sourceVersions' | 'exportSource'> {
  return {
    sources: (_q, session) => admin.overview(session),
    previewSource: (q, session) =>
      admin.preview(session, q.document, q.secrets ?? {}, { maxRecords: q.maxRecords ?? DEFAULT_PREVIEW.maxRecords, maxMs: (q.maxSeconds ?? DEFAULT_PREVIEW.maxSeconds) * 1000 }),
    saveSource: (q, session) => admin.save(session, q.document, q.secrets ?? {}),
    removeSource: (q, session) => admin.remove(session, q.id),
    sourceVersions: (q, session) => admin.versions(session, q.id),
    exportSource: (q, session) => admin.export(session, q.id, q.version),
  };
}
