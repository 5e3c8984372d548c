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
import { useT } from '../i18n/i18n';
import './incidents.css';

/** Searches wait this long after the last key. */
const SEARCH_DEBOUNCE_MS = 250;

export function IncidentsView({ client }: { client: EngineClient }) {
  const tz = useTimeZone();
  const { t } = useT();
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
    const timer = setTimeout(() => {
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
      clearTimeout(timer);
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
        <input type="search" className="search" placeholder={t('incidents.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="incidents-search" />
        <label className="muted small">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> {t('incidents.showArchived')}
        </label>
        <span className="muted small" data-testid="incidents-count">
          {list ? t('incidents.count', { count: list.length }) : t('incidents.loading')}
        </span>
        <span className="spacer" />
        <button type="button" className="btn primary" onClick={startNew} data-testid="incident-new">
          {t('incidents.new')}
        </button>
      </div>
      {error && <p className="error incidents-error">{error}</p>}
      <div className="incidents-body">
        <ul className="incidents-list" role="listbox" aria-label={t('incidents.list')}>
          {list?.length === 0 && <li className="empty muted" role="option" aria-selected={false} aria-disabled="true">{search.trim() ? t('incidents.noMatch', { query: search.trim() }) : t('incidents.none')}</li>}
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
                {i.archived && <span className="incident-badge">{t('incidents.archived')}</span>}
                <span className="muted small">{formatFeedRange(i.from, i.to, tz)}</span>
              </div>
              <div className="muted small">
                {areaText(i.area)} · {t('incidents.linked', { count: i.alarmIds.length })} · {t('incidents.byLine', { author: i.author, version: i.version, time: formatFeedTime(i.updatedAt, tz) })}
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
            {chosen.notes ? <p className="incident-notes">{chosen.notes}</p> : <p className="muted small">{t('incidents.noNotes')}</p>}
            <div className="incident-actions">
              <button type="button" className="btn primary" onClick={() => openInReplay(chosen)} data-testid="incident-open-replay">
                {t('incidents.openReplay')}
              </button>
              <button type="button" className="btn" onClick={() => setForm(formOf(chosen, tz))} disabled={chosen.archived} title={chosen.archived ? t('incidents.restoreToEdit') : undefined} data-testid="incident-edit">
                {t('incidents.edit')}
              </button>
              <button type="button" className="btn" onClick={() => void archive(chosen)} data-testid="incident-archive">
                {chosen.archived ? t('incidents.restore') : t('incidents.archive')}
              </button>
              <PackExport client={client} incidentId={chosen.id} name={chosen.name} />
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
