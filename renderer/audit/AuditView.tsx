/**
 * The audit log for an investigation (issue 10 item 8), in the drawer: every row in words (the rule and the place
 * named, what was done, who, why) at its feed time in the city's zone; a date range typed as local date-times; a
 * search that finds every row of an alarm (its id, or its rule's and place's names) as well as users, actions and
 * details; pages with the true total (no cap); CSV of everything the range and search hold. Clicking a row of an alarm
 * opens that alarm's timeline; "Replay" on a row goes back to that instant with the alarm in focus.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditRow, EngineClient } from '../../electron/engine/api';
import { downloadText } from '../platform/download';
import { errorText } from '../platform/rpc-client';
import { formatFeedTime, formatWallTime, zoneName } from '../panels/format';
import { SELF_DECLARED_HINT } from '../panels/SessionControl';
import { toZonedInput } from '../kpi/period';
import { ZonedTimeInput } from '../time/ZonedTimeInput';
import { useAppStore, useTimeZone } from '../store';
import { AlarmTimeline } from './AlarmTimeline';
import { useT } from '../i18n/i18n';
import { auditRowText, searchActionWords } from './auditWords';
import { AUDIT_PAGE_SIZE, auditPageParams, byText, lastPageOffset, pageLabel, parseAuditRange, type AuditRange } from './auditQuery';
import './audit.css';

/** A search is sent this long after the last key. */
const SEARCH_DEBOUNCE_MS = 250;
/** A row recorded this much later than its feed time reached the desk late (history, a catch-up): said so. */
const LATE_MS = 60_000;

export function AuditView({ client }: { client: EngineClient }) {
  const tz = useTimeZone();
  const { t, locale } = useT();
  const open = useAppStore((s) => s.transport === 'open');
  const alarms = useAppStore((s) => s.alarms);
  const rules = useAppStore((s) => s.rules);
  const shelves = useAppStore((s) => s.shelves);
  const session = useAppStore((s) => s.session);
  const enterReplay = useAppStore((s) => s.enterReplay);
  const [searchInput, setSearchInput] = useState('');
  const [search, setSearch] = useState('');
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const [range, setRange] = useState<AuditRange>({});
  const [rangeError, setRangeError] = useState<{ field?: 'from' | 'to'; error: string } | null>(null);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ rows: AuditRow[]; total: number; offset: number; search: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ alarmId: string; title: string } | null>(null);
  const [csv, setCsv] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  useEffect(() => {
    const t = setTimeout(() => {
      setSearch(searchInput.trim());
      setOffset(0);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [searchInput]);

  // The words the rows are shown in find them too (the engine matches its English and the stored data).
  const actionWords = useMemo(() => searchActionWords(search), [search, locale]);
  const load = useCallback(async (): Promise<void> => {
    try {
      const res = await client.call('auditPage', auditPageParams(range, search, offset, undefined, actionWords));
      setPage({ ...res, search });
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client, range, search, offset, actionWords]);

  // Reload on a new query, and (coalesced) when alarms, rules, shelves or the session change: new rows may exist.
  useEffect(() => {
    if (!open) return;
    const t = setTimeout(() => void load(), 150);
    return () => clearTimeout(t);
  }, [load, open, alarms, rules, shelves, session]);

  const applyRange = (): void => {
    const parsed = parseAuditRange(fromInput, toInput, tz, t);
    if (!parsed.ok) {
      setRangeError(parsed.field ? { field: parsed.field, error: parsed.error } : { error: parsed.error });
      return;
    }
    setRangeError(null);
    setRange(parsed.range);
    setOffset(0);
  };

  const downloadCsv = async (): Promise<void> => {
    setCsv({ busy: true, error: null });
    try {
      const res = await client.call('auditCsv', { ...range, ...(search ? { search, ...(actionWords ? { actionWords } : {}) } : {}) });
      downloadText(res.filename, res.csv, 'text/csv;charset=utf-8');
      setCsv({ busy: false, error: null });
    } catch (err) {
      setCsv({ busy: false, error: errorText(err) });
    }
  };

  const total = page?.total ?? 0;
  const rows = useMemo(() => (page?.rows ?? []).map((r) => auditRowText(r, tz)),
    [page, tz, locale]);
  const zone = zoneName(rows[0]?.feedAt ?? Date.now(), tz);

  return (
    <div className="audit-panel audit-view" data-testid="audit-view" data-total={page ? total : ''} data-search={page?.search ?? ''} data-offset={page?.offset ?? ''}>
      <div className="toolbar audit-toolbar">
        <input
          type="search"
          className="search"
          placeholder={t('audit.searchPlaceholder')}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          data-testid="audit-search"
          aria-label={t('audit.searchLabel')}
        />
        <form
          className="audit-range"
          onSubmit={(e) => {
            e.preventDefault();
            applyRange();
          }}
        >
          <ZonedTimeInput label={t('audit.from')} value={fromInput} onChange={(v) => { setFromInput(v); setRangeError(null); }} optional error={rangeError?.field === 'from' ? rangeError.error : null} testId="audit-from" />
          <ZonedTimeInput label={t('audit.to')} value={toInput} onChange={(v) => { setToInput(v); setRangeError(null); }} optional error={rangeError?.field === 'to' ? rangeError.error : null} testId="audit-to" />
          <button type="submit" className="btn" data-testid="audit-range-apply">
            {t('audit.show')}
          </button>
          {(range.from !== undefined || range.to !== undefined) && (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setFromInput('');
                setToInput('');
                setRange({});
                setOffset(0);
              }}
            >
              {t('audit.allTimes')}
            </button>
          )}
          {rangeError && !rangeError.field && (
            <span className="error small" role="alert">
              {rangeError.error}
            </span>
          )}
        </form>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void downloadCsv()} disabled={csv.busy || total === 0} data-testid="audit-csv" title={t('audit.csvHint')}>
          {csv.busy ? t('audit.csvBusy') : t('audit.csvDownload')}
        </button>
        {csv.error && <span className="error small">{t('audit.csvFailed', { error: csv.error })}</span>}
      </div>
      {error && <p className="error small audit-error">{t('audit.unavailable', { error })}</p>}
      <div className="audit-body">
        <div className="audit-table-wrap">
          <table className="audit-table" data-testid="audit-log">
            <thead>
              <tr>
                <th>{t('audit.colWhen', { zone })}</th>
                <th title={SELF_DECLARED_HINT}>{t('audit.colWho')}</th>
                <th>{t('audit.colWhat')}</th>
                <th>{t('audit.colSubject')}</th>
                <th>{t('audit.colDetail')}</th>
                <th aria-label={t('audit.colReplay')} />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.id}
                  data-testid="audit-row"
                  data-action={r.action}
                  data-alarm-id={r.alarmId ?? ''}
                  className={[r.alarmId ? 'has-alarm' : '', selected && r.alarmId === selected.alarmId ? 'selected' : ''].join(' ').trim() || undefined}
                  onClick={() => r.alarmId && setSelected({ alarmId: r.alarmId, title: r.subjectText })}
                  title={r.alarmId ? t('audit.showTimeline') : undefined}
                >
                  <td className="mono when">
                    {formatFeedTime(r.feedAt, tz)}
                    {r.at - r.feedAt > LATE_MS && <div className="muted late">{t('audit.recorded', { time: formatWallTime(r.at, tz) })}</div>}
                  </td>
                  <td className={r.user === 'system' ? 'muted' : undefined} title={r.user === 'system' ? t('audit.cityDeskItself') : SELF_DECLARED_HINT}>
                    <bdi>{byText(r.user)}</bdi>
                  </td>
                  <td>{r.actionText}</td>
                  <td className="subject">{r.subjectText}</td>
                  <td className="small">{r.detailText}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      data-testid="audit-replay"
                      title={t('audit.replayFromTitle', { time: formatFeedTime(r.feedAt, tz) })}
                      onClick={(e) => {
                        e.stopPropagation();
                        enterReplay(r.feedAt, r.alarmId ? { alarmId: r.alarmId } : {});
                      }}
                    >
                      {t('audit.replayFromHere')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {page && rows.length === 0 && (
            <p className="muted small audit-empty">
              {t(search ? (range.from !== undefined || range.to !== undefined ? 'audit.emptySearchRange' : 'audit.emptySearch') : range.from !== undefined || range.to !== undefined ? 'audit.emptyRange' : 'audit.empty', { search })}
            </p>
          )}
        </div>
        {selected && <AlarmTimeline client={client} alarmId={selected.alarmId} title={selected.title} onClose={() => setSelected(null)} />}
      </div>
      <div className="audit-pager">
        <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(0)} aria-label={t('audit.firstPage')}>
          «
        </button>
        <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE_SIZE))} data-testid="audit-prev">
          {t('audit.newer')}
        </button>
        <span className="small" data-testid="audit-page-label">
          {page ? pageLabel(page.offset, rows.length, total, t) : t('audit.loading')}
        </span>
        <button type="button" className="btn" disabled={offset + AUDIT_PAGE_SIZE >= total} onClick={() => setOffset(offset + AUDIT_PAGE_SIZE)} data-testid="audit-next">
          {t('audit.older')}
        </button>
        <button type="button" className="btn" disabled={offset + AUDIT_PAGE_SIZE >= total} onClick={() => setOffset(lastPageOffset(total))} aria-label={t('audit.lastPage')}>
          »
        </button>
        {rows.length > 0 && (
          <span className="muted small">
            {t('audit.newestFirst')} · {formatFeedTime(rows[rows.length - 1]!.feedAt, tz)} – {formatFeedTime(rows[0]!.feedAt, tz)}
          </span>
        )}
        <span className="spacer" />
        {rows.length > 0 && fromInput === '' && toInput === '' && (
          <button type="button" className="btn" onClick={() => setFromInput(toZonedInput(rows[rows.length - 1]!.feedAt, tz))} title={t('audit.fromOldestHint')}>
            {t('audit.fromOldest')}
          </button>
        )}
      </div>
    </div>
  );
}
