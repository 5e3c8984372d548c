/**
 * The Sensors tab: every sensor in a table (type, name and place, state, headline value with unit, age) that sorts by
 * any column and filters by type, state and text. Only the rows in view are drawn (virtualWindow.ts), so thousands of
 * sensors scroll smoothly. Clicking a row, or Enter on it, selects the sensor: its panel opens and the map flies there.
 * In replay the rows show the replayed states at the replayed instant. Empty, impossible and flagged values are listed
 * and marked, never dropped.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Freshness } from '../../electron/shared/model';
import { focusSensor } from '../alarms/focus';
import { formatAge } from '../panels/format';
import { useShownNow } from '../replay/useShownNow';
import { shownStates, useAppStore } from '../store';
import { sensorBases, sensorRows, type SensorRow } from './sensorRows';
import { filterRows, nextSort, NO_FILTER, rowCounts, sortRows, type RowFilter, type SortKey, type SortSpec, type StateFilter } from './tableView';
import { scrollToShow, virtualWindow } from './virtualWindow';
import { useT } from '../i18n/i18n';
import './sensors.css';

/** Row height in rem (the CSS's .sensor-row height): the window is computed in px from it. */
const ROW_REM = 1.75;

const STATE_TEXT: { [K in Freshness]: `sensors.state.${K}` } = { live: 'sensors.state.live', stale: 'sensors.state.stale', never: 'sensors.state.never' };
const STATE_FILTERS: { value: StateFilter; label: `sensors.state.${StateFilter}` }[] = [
  { value: 'live', label: 'sensors.state.live' },
  { value: 'stale', label: 'sensors.state.stale' },
  { value: 'never', label: 'sensors.state.never' },
  { value: 'flagged', label: 'sensors.state.flagged' },
];
const COLUMNS: { key: SortKey; label: `sensors.col.${SortKey}` }[] = [
  { key: 'type', label: 'sensors.col.type' },
  { key: 'name', label: 'sensors.col.name' },
  { key: 'state', label: 'sensors.col.state' },
  { key: 'value', label: 'sensors.col.value' },
  { key: 'age', label: 'sensors.col.age' },
];

/** Kept while the desk runs, so that going to another tab and back keeps the operator's table. */
let remembered: { filter: RowFilter; sort: SortSpec } = { filter: NO_FILTER, sort: { key: 'state', dir: 'desc' } };

function rootFontPx(): number {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function SensorTable() {
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const states = useAppStore(shownStates);
  const replaying = useAppStore((s) => s.replay !== null);
  const selectedId = useAppStore((s) => s.selectedId);
  const now = useShownNow(1000);
  const [filter, setFilter] = useState(remembered.filter);
  const [sort, setSort] = useState(remembered.sort);
  const [active, setActive] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewPx, setViewPx] = useState(400);
  const [rowPx, setRowPx] = useState(ROW_REM * 16);
  const body = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const { t, locale } = useT();

  useEffect(() => {
    remembered = { filter, sort };
  }, [filter, sort]);

  // The body's height and the row height (rem: follows the user's zoom and the layout's type size).
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = (): void => {
      setViewPx(el.clientHeight);
      setRowPx(ROW_REM * rootFontPx());
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const bases = useMemo(() => sensorBases(catalogue, registry), [catalogue, registry]);
  const rows = useMemo(() => sensorRows(bases, states, now, registry), [bases, states, now, registry]);
  const shown = useMemo(() => sortRows(filterRows(rows, filter), sort), [rows, filter, sort]);
  const counts = useMemo(() => rowCounts(shown), [shown]);
  const types = useMemo(() => {
    const n = new Map<string, { label: string; count: number }>();
    for (const b of bases) n.set(b.typeId, { label: b.typeLabel, count: (n.get(b.typeId)?.count ?? 0) + 1 });
    return [...n].sort((a, b) => a[1].label.localeCompare(b[1].label, locale));
  }, [bases]);

  const win = virtualWindow(scrollTop, viewPx, rowPx, shown.length);
  const current = shown.length ? Math.min(active, shown.length - 1) : -1;
  const rowId = (i: number) => `${gridId}-row-${i}`;

  const setFilterPart = (patch: Partial<RowFilter>): void => {
    setFilter((f) => ({ ...f, ...patch }));
    setActive(0);
    if (body.current) body.current.scrollTop = 0;
  };

  const moveTo = (i: number): void => {
    const next = Math.max(0, Math.min(shown.length - 1, i));
    setActive(next);
    const el = body.current;
    if (el) el.scrollTop = scrollToShow(next, el.scrollTop, el.clientHeight, rowPx);
  };

  const choose = (row: SensorRow, i: number): void => {
    setActive(i);
    focusSensor(row.id);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!shown.length) return;
    const page = Math.max(1, Math.floor(viewPx / rowPx) - 1);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: shown.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const row = shown[current];
      if (row) choose(row, current);
    }
  };

  return (
    <div className="sensor-table" data-testid="sensor-table">
      <div className="sensor-filters">
        <label>
          {t('sensors.type')}{' '}
          <select value={filter.type ?? ''} onChange={(e) => setFilterPart({ type: e.target.value || null })} data-testid="sensor-filter-type">
            <option value="">{t('sensors.allTypes', { n: bases.length.toLocaleString(locale) })}</option>
            {types.map(([id, ty]) => (
              <option key={id} value={id}>
                {ty.label} ({ty.count.toLocaleString(locale)})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('sensors.stateFilter')}{' '}
          <select value={filter.state ?? ''} onChange={(e) => setFilterPart({ state: (e.target.value || null) as StateFilter | null })} data-testid="sensor-filter-state">
            <option value="">{t('sensors.anyState')}</option>
            {STATE_FILTERS.map((s) => (
              <option key={s.value} value={s.value}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </label>
        <input
          className="search"
          type="search"
          placeholder={t('sensors.filterPlaceholder')}
          aria-label={t('sensors.filterLabel')}
          value={filter.text}
          onChange={(e) => setFilterPart({ text: e.target.value })}
          data-testid="sensor-filter-text"
        />
        <span className="sensor-summary muted" data-testid="sensor-summary" role="status">
          {t('sensors.summary', { shown: shown.length.toLocaleString(locale), total: rows.length.toLocaleString(locale) })}
          {counts.flagged > 0 && ` · ${t('sensors.countFlagged', { n: counts.flagged })}`}
          {counts.empty > 0 && ` · ${t('sensors.countEmpty', { n: counts.empty })}`}
          {counts.stale > 0 && ` · ${t('sensors.countStale', { n: counts.stale })}`}
          {counts.never > 0 && ` · ${t('sensors.countNever', { n: counts.never })}`}
          {replaying && ` · ${t('sensors.asReplayed')}`}
        </span>
      </div>
      <div
        className="sensor-grid"
        role="grid"
        aria-label={t('sensors.grid')}
        aria-rowcount={shown.length + 1}
        aria-colcount={COLUMNS.length}
        tabIndex={0}
        aria-activedescendant={current >= 0 ? rowId(current) : undefined}
        onKeyDown={onKeyDown}
        data-testid="sensor-grid"
      >
        <div className="sensor-row sensor-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div key={c.key} role="columnheader" className={`scell scell-${c.key}`} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" onClick={() => setSort(nextSort(sort, c.key))} data-testid={`sensor-sort-${c.key}`} title={t('sensors.sortBy', { column: t(c.label).toLowerCase() })}>
                {t(c.label)}
                <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
              </button>
            </div>
          ))}
        </div>
        <div className="sensor-body" ref={body} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} role="rowgroup">
          <div style={{ height: win.padTop }} aria-hidden="true" />
          {shown.slice(win.start, win.end).map((r, k) => {
            const i = win.start + k;
            return <Row key={r.id} row={r} index={i} id={rowId(i)} active={i === current} selected={r.id === selectedId} onChoose={choose} />;
          })}
          <div style={{ height: win.padBottom }} aria-hidden="true" />
        </div>
      </div>
      {shown.length === 0 && <div className="sensor-none muted" role="status">{rows.length ? t('sensors.noMatch') : t('sensors.none')}</div>}
    </div>
  );
}

/** The value cell's tooltip: the headline's label and value, and the flags if any (data, not words). */
function valueTitle(row: SensorRow): string {
  return `${row.valueLabel}: ${row.valueText}${row.flags.length > 0 ? ` (${row.flags.join('; ')})` : ''}`;
}

function Row({ row, index, id, active, selected, onChoose }: { row: SensorRow; index: number; id: string; active: boolean; selected: boolean; onChoose: (row: SensorRow, i: number) => void }) {
  const flagged = row.flags.length > 0;
  const { t } = useT();
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`sensor-row state-${row.state}${active ? ' active' : ''}${selected ? ' selected' : ''}${flagged ? ' flagged' : ''}`}
      data-testid="sensor-row"
      data-sensor-id={row.id}
      onClick={() => onChoose(row, index)}
    >
      <div role="gridcell" className="scell scell-type">{row.typeLabel}</div>
      <div role="gridcell" className="scell scell-name" title={row.place ? `${row.name} · ${row.place} (${row.id})` : `${row.name} (${row.id})`}>
        {row.name}
        {row.place && <span className="muted"> · {row.place}</span>}
      </div>
      <div role="gridcell" className="scell scell-state" title={flagged ? row.flags.join('\n') : undefined}>
        <span className={`fresh-${row.state}`}>{t(STATE_TEXT[row.state])}</span>
        {flagged && (
          <span className="sensor-flag" data-testid="sensor-flagged">
            <span aria-hidden="true">⚑</span> {t('sensors.flagged')}
          </span>
        )}
      </div>
      <div role="gridcell" className={`scell scell-value${row.valueWarn ? ' warn' : ''}`} title={valueTitle(row)} data-testid="sensor-value">
        {row.valueWarn && <span aria-hidden="true">⚠ </span>}
        {row.valueText}
      </div>
      <div role="gridcell" className="scell scell-age">{formatAge(row.ageMs)}</div>
    </div>
  );
}
