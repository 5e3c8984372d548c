/** Incident bookmarks (the drawer's Incidents tab). PLACEHOLDER (issue 10, helper 'incidents' replaces it). */
import type { EngineClient } from '../../electron/engine/api';

export function IncidentsView(_props: { client: EngineClient }) {
  return <p className="empty">Incident bookmarks are being built.</p>;
}
