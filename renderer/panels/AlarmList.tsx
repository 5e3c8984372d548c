/**
 * The alarm list: one page of one view (Open, Shelved, Resolved) from the engine, sorted by priority then newest
 * (resolved: newest), with the view's true total ("1–200 of 10,739") and a search the engine runs over every alarm.
 * Only the page is drawn (PAGE_SIZE rows), however many alarms there are. The header and the rows share one grid
 * (alarms.css: the rows are subgrids), so that every column lines up whatever the row's state and actions. Rows tick for bulk acknowledge / shelve, group
 * alarms expand to their members (highlighted on the map), clicking a row puts the operator on it.
 *
 * In replay the Open and Shelved views show the frame's alarms (open at the instant, as they were then), paged here
 * (replay/replayAlarmPage.ts), with the frame's counts; nothing can be acted on (no ticks, no acknowledge or shelve:
 * one does not act on the past). The Resolved view stays the cache's history. Every row offers "Replay from here".
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alarm, AlarmView, EngineClient } from '../../electron/engine/api';
import { rangeText, shelfOf } from '../alarms/alarmList';
import { PAGE_SIZE } from '../alarms/alarmPaging';
import { AlarmRow } from '../alarms/AlarmRow';
import { BulkActions } from '../alarms/BulkActions';
import { highlightGroup } from '../alarms/focus';
import '../alarms/alarms.css';
import { appStore, shownAlarmCounts, shownShelves, useAppStore } from '../store';
import { replayPageOf } from '../replay/replayAlarmPage';
import { formatInt } from './format';
import { useT, type MessageKey } from '../i18n/i18n';

export { focusAlarm } from '../alarms/focus';

const VIEWS: { view: AlarmView; label: MessageKey }[] = [
  { view: 'open', label: 'panels.viewOpen' },
  { view: 'shelved', label: 'panels.viewShelved' },
  { view: 'resolved', label: 'panels.viewResolved' },
];

/** Wait this long after the last keystroke before asking the engine (wall ms). */
const SEARCH_DEBOUNCE_MS = 250;

export function AlarmList({ client }: { client: EngineClient }) {
  const { t } = useT();
  const livePage = useAppStore((s) => s.alarmPage);
  const query = useAppStore((s) => s.alarmQuery);
  const setQuery = useAppStore((s) => s.setAlarmQuery);
  const counts = useAppStore(shownAlarmCounts);
  const shelves = useAppStore(shownShelves);
  const replayFrame = useAppStore((s) => s.replay?.frame ?? null);
  const replaying = useAppStore((s) => s.replay !== null);
  const alarms = useAppStore((s) => s.alarms);
  const catalogue = useAppStore((s) => s.catalogue);
  const rules = useAppStore((s) => s.rules);
  const zones = useAppStore((s) => s.zones);
  const registry = useAppStore((s) => s.registry);
  const selectedId = useAppStore((s) => s.selectedAlarmId);
  const checked = useAppStore((s) => s.checkedAlarmIds);
  const setChecked = useAppStore((s) => s.setCheckedAlarms);
  const pageError = useAppStore((s) => s.alarmPageError);
  const error = useAppStore((s) => s.alarmsError);
  const ctx = useMemo(() => ({ catalogue, rules, zones, registry }), [catalogue, rules, zones, registry]);
  // In replay: the frame's alarms, paged here (null: the engine's page, live or the Resolved view).
  const replayPage = useMemo(
    () => (replaying ? replayPageOf(appStore.getState(), PAGE_SIZE) : null),
    // (the page follows the frame, the query and the names)
    [replaying, replayFrame, query, ctx],
  );
  const page = replayPage ? { query, alarms: replayPage.alarms, total: replayPage.total } : livePage;
  const acting = !replaying;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [search, setSearch] = useState(query.search);
  const listRef = useRef<HTMLDivElement>(null);

  // The search box is the operator's; the engine is asked once typing pauses.
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => setQuery({ search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, query.search, setQuery]);

  // Another view, page or search starts at the top of the list (a refresh of the same page keeps the scroll).
  const shownQuery = page?.query;
  useEffect(() => {
    if (listRef.current) listRef.current.scrollTop = 0;
  }, [shownQuery?.view, shownQuery?.offset, shownQuery?.search]);

  const rows = page?.alarms ?? [];
  const total = page?.total ?? 0;
  const offset = page?.query.offset ?? query.offset;
  const stale = page !== null && (page.query.view !== query.view || page.query.offset !== query.offset || page.query.search !== query.search);
  // Every alarm the bulk bar may name: the pages seen and the ones the store knows.
  const known = useMemo(() => {
    const m = new Map(alarms);
    for (const a of rows) m.set(a.id, a);
    return m as ReadonlyMap<string, Alarm>;
  }, [alarms, rows]);

  // Stable callbacks (read the ticks from the store): ticking one row does not redraw the others.
  const onCheck = useCallback((id: string, on: boolean) => {
    const s = appStore.getState();
    const next = new Set(s.checkedAlarmIds);
    if (on) next.add(id);
    else next.delete(id);
    s.setCheckedAlarms(next);
  }, []);
  const onExpand = useCallback((id: string, on: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const actionable = rows.filter((a) => a.state !== 'resolved');
  const allChecked = actionable.length > 0 && actionable.every((a) => checked.has(a.id));
  const checkPage = (on: boolean) => {
    const next = new Set(checked);
    for (const a of actionable) if (on) next.add(a.id);
    else next.delete(a.id);
    setChecked(next);
  };
  const viewCount = (view: AlarmView): number | null => {
    if (!counts) return null;
    if (view === 'open') return counts.unresolved - counts.shelved;
    if (view === 'shelved') return counts.shelved;
    return null;
  };
  const go = (nextOffset: number) => setQuery({ offset: Math.max(0, nextOffset) });

  return (
    <div className="alarm-panel">
      <div className="alarm-toolbar" role="group" aria-label={t('panels.alarmListGroup')}>
        <div className="view-tabs" role="tablist" aria-label={t('panels.alarmViews')}>
          {VIEWS.map((v) => {
            const n = viewCount(v.view);
            return (
              <button
                key={v.view}
                type="button"
                role="tab"
                aria-selected={query.view === v.view}
                className={`view-tab${query.view === v.view ? ' on' : ''}`}
                data-testid={`alarm-view-${v.view}`}
                onClick={() => {
                  setQuery({ view: v.view });
                  setExpanded(new Set());
                  highlightGroup(null);
                }}
              >
                {t(v.label)}
                {n !== null && <span className="view-count">{formatInt(n)}</span>}
              </button>
            );
          })}
        </div>
        <input className="search" type="search" placeholder={t('panels.alarmSearch')} aria-label={t('panels.alarmSearchLabel')} data-testid="alarm-search" value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="spacer" />
        <span className="muted small page-range" data-testid="alarm-range" aria-live="polite">
          {page ? t('panels.alarmShowing', { range: rangeText(offset, rows.length, total) }) : '…'}
        </span>
        <button type="button" className="btn" data-testid="alarm-page-prev" disabled={offset === 0} onClick={() => go(offset - PAGE_SIZE)} aria-label={t('panels.pagePrev')}>
          ‹
        </button>
        <button type="button" className="btn" data-testid="alarm-page-next" disabled={offset + rows.length >= total} onClick={() => go(offset + PAGE_SIZE)} aria-label={t('panels.pageNext')}>
          ›
        </button>
      </div>
      {acting && <BulkActions client={client} known={known} ctx={ctx} />}
      {replaying && query.view === 'resolved' && <p className="muted small" data-testid="alarm-replay-resolved">{t('panels.replayResolved')}</p>}
      {(pageError ?? error) && <p className="error small">{pageError ?? error}</p>}
      <div ref={listRef} className={`alarm-list${stale ? ' stale' : ''}`} data-testid="alarm-list" role="list" aria-busy={stale}>
        <div className="alarm-head" role="listitem">
          <span className="cell-check">
            <input type="checkbox" checked={allChecked} disabled={!acting || actionable.length === 0} onChange={(e) => checkPage(e.target.checked)} data-testid="alarm-check-page" title={t('panels.tickPage')} />
          </span>
          <span className="cell-disclosure" />
          <span className="head-main">
            <span>{t('panels.colPriority')}</span>
            <span>{t('panels.colRule')}</span>
            <span>{t('panels.colWhere')}</span>
            <span>{t('panels.colAge')}</span>
            <span>{t('panels.colState')}</span>
            <span className="head-todo">{t('panels.colTodo')}</span>
          </span>
          <span className="head-actions" />
        </div>
        {rows.length === 0 && (
          <p className="muted empty">
            {t(replaying && replayPage && !replayFrame ? 'panels.listWaiting' : !page ? 'panels.listLoading' : query.search ? 'panels.listNoMatch' : query.view === 'open' ? 'panels.listNoOpen' : query.view === 'shelved' ? 'panels.listNoShelved' : 'panels.listNoResolved')}
          </p>
        )}
        {rows.map((a) => (
          <AlarmRow
            key={a.id}
            alarm={a}
            client={client}
            ctx={ctx}
            selected={a.id === selectedId}
            checked={checked.has(a.id)}
            expanded={expanded.has(a.id)}
            shelf={a.state === 'resolved' ? undefined : shelfOf(a, shelves)}
            acting={acting}
            onCheck={onCheck}
            onExpand={onExpand}
          />
        ))}
        {total > offset + rows.length && (
          <p className="muted small empty">
            {t('panels.listMoreBefore', { n: formatInt(total - offset - rows.length) })}{' '}
            <button type="button" className="link-btn" onClick={() => go(offset + PAGE_SIZE)}>
              {t('panels.listMoreNext')}
            </button>{' '}
            {t('panels.listMoreAfter')}
          </p>
        )}
      </div>
    </div>
  );
}
