/**
 * Incident bookmarks (the drawer's Incidents tab, issue 10 item 5): the list, newest first, searched by the engine
 * (name, notes, author, the linked alarms' rule and place), archived ones only when asked; a form to create or edit
 * one; "Open in replay" goes to the bookmark's start with the timeline showing its window. The selected bookmark's
 * area is drawn on the map.
 */
import { useCallback, useEffect, useState } from 'react';
import { PackExport } from './PackExport';
import type { EngineClient, Incident } from '../../electron/engine/api';
import { formatFeedRange, formatFeedTime } from '../panels/format';
import { errorText } from '../platform/rpc-client';
import { appStore, feedNow, useAppStore, useTimeZone } from '../store';
import { IncidentForm } from './IncidentForm';
import { areaText, formOf, initialWindow, newForm, type IncidentFormState } from './incidentForm';
import { openInReplay } from './mapActions';
import './incidents.css';

/** Searches wait this long after the last key. */
const SEARCH_DEBOUNCE_MS = 250;

export function IncidentsView({ client }: { client: EngineClient }) {
  const tz = useTimeZone();
  const open = useAppStore((s) => s.transport === 'open');
  const [list, setList] = useState<Incident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState<IncidentFormState | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!open) return;
    let stale = false;
    const t = setTimeout(() => {
      client
        .call('incidents', { search, includeArchived: showArchived })
        .then((l) => {
          if (stale) return;
          setList(l);
          setError(null);
        })
        .catch((e: unknown) => !stale && setError(errorText(e)));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [client, open, search, showArchived, reload]);

  const chosen = list?.find((i) => i.id === selected) ?? null;
  // The map draws the selected bookmark's area (the form draws its own while it is open).
  useEffect(() => {
    if (!form) appStore.getState().setShownIncidentArea(chosen?.area ?? null);
  }, [chosen, form]);
  useEffect(() => () => appStore.getState().setShownIncidentArea(null), []);

  const startNew = useCallback(() => {
    const s = appStore.getState();
    const window = initialWindow({ replayAt: s.replay?.at ?? null, view: s.timelineView, now: feedNow(s) });
    setForm(newForm(window, tz));
  }, [tz]);

  const archive = async (i: Incident): Promise<void> => {
    try {
      await client.call('archiveIncident', { id: i.id, archived: !i.archived });
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorText(e));
    }
  };

  if (form)
    return (
      <IncidentForm
        client={client}
        initial={form}
        onDone={(saved) => {
          setForm(null);
          if (saved) {
            setSelected(saved.id);
            setReload((n) => n + 1);
          }
        }}
      />
    );

  return (
    <div className="incidents-panel">
      <div className="toolbar">
        <input type="search" className="search" placeholder="Search name, notes, author, alarm rule or place…" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="incidents-search" />
        <label className="muted small">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived
        </label>
        <span className="muted small" data-testid="incidents-count">
          {list ? `${list.length} bookmark${list.length === 1 ? '' : 's'}` : 'loading…'}
        </span>
        <span className="spacer" />
        <button type="button" className="btn primary" onClick={startNew} data-testid="incident-new">
          New bookmark
        </button>
      </div>
      {error && <p className="error incidents-error">{error}</p>}
      <div className="incidents-body">
        <ul className="incidents-list" role="listbox" aria-label="Incident bookmarks">
          {list?.length === 0 && <li className="empty muted" role="option" aria-selected={false} aria-disabled="true">{search.trim() ? `No bookmark matches “${search.trim()}”.` : 'No bookmarks yet: replay an incident and bookmark it with “New bookmark”.'}</li>}
          {list?.map((i) => (
            <li
              key={i.id}
              role="option"
              aria-selected={i.id === selected}
              className={`incident-row${i.id === selected ? ' selected' : ''}${i.archived ? ' archived' : ''}`}
              data-testid="incident-row"
              data-incident-id={i.id}
              onClick={() => setSelected(i.id === selected ? null : i.id)}
            >
              <div className="incident-row-head">
                <b className="incident-name">{i.name}</b>
                {i.archived && <span className="incident-badge">archived</span>}
                <span className="muted small">{formatFeedRange(i.from, i.to, tz)}</span>
              </div>
              <div className="muted small">
                {areaText(i.area)} · {i.alarmIds.length} linked alarm{i.alarmIds.length === 1 ? '' : 's'} · by {i.author}, version {i.version}, saved {formatFeedTime(i.updatedAt, tz)}
              </div>
            </li>
          ))}
        </ul>
        {chosen && (
          <section className="incident-detail" data-testid="incident-detail">
            <h3>{chosen.name}</h3>
            <p className="muted small">
              {formatFeedTime(chosen.from, tz)} – {formatFeedTime(chosen.to, tz)} · {areaText(chosen.area)}
            </p>
            {chosen.notes ? <p className="incident-notes">{chosen.notes}</p> : <p className="muted small">No notes.</p>}
            <div className="incident-actions">
              <button type="button" className="btn primary" onClick={() => openInReplay(chosen)} data-testid="incident-open-replay">
                Open in replay
              </button>
              <button type="button" className="btn" onClick={() => setForm(formOf(chosen, tz))} disabled={chosen.archived} title={chosen.archived ? 'Restore it to edit it' : undefined} data-testid="incident-edit">
                Edit
              </button>
              <button type="button" className="btn" onClick={() => void archive(chosen)} data-testid="incident-archive">
                {chosen.archived ? 'Restore' : 'Archive'}
              </button>
              <PackExport client={client} incidentId={chosen.id} name={chosen.name} />
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
