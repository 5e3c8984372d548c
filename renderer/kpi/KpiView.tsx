/**
 * Alarm load for supervisors (ISA-18.2 / EEMUA 191 KPIs), in the drawer: live (the last 24 h of the feed clock,
 * refreshed on alarm changes at most every few seconds) or any cached period typed in the city's time zone. Charts:
 * new alarms per 10 minutes with the flood and target lines, bad actors, acknowledgement times per rule and per
 * operator; lists of chattering alarms (with what to do), standing alarms and shelves; CSV download of it all.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlarmKpis, EngineClient } from '../../electron/engine/api';
import { downloadText } from '../platform/download';
import { errorText } from '../platform/rpc-client';
import { formatAge, formatFeedRange, formatFeedShort, formatFeedTime, formatNumber } from '../panels/format';
import { useT } from '../i18n/i18n';
import { isSupervisor, useAppStore, useTimeZone } from '../store';
import { AckBarsSvg, HBarsSvg, RateChartSvg } from './KpiCharts';
import { ackBars, badActorBars, headline } from './kpiCharts';
import { FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';
import { parsePeriod, periodParams, toZonedInput, type KpiPeriod } from './period';
import { ZonedTimeInput } from '../time/ZonedTimeInput';
import './kpi.css';

/** Live: at most one refresh in this long, however many alarm events arrive. */
export const LIVE_REFRESH_MS = 5_000;

export function KpiView({ client }: { client: EngineClient }) {
  const supervisor = useAppStore(isSupervisor);
  const open = useAppStore((s) => s.transport === 'open');
  const tz = useTimeZone();
  const { t } = useT();
  const [period, setPeriod] = useState<KpiPeriod>({ kind: 'live' });
  const [k, setK] = useState<AlarmKpis | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const [inputError, setInputError] = useState<{ field?: 'from' | 'to'; error: string } | null>(null);
  const rules = useAppStore((s) => s.rules);
  const catalogue = useAppStore((s) => s.catalogue);
  const lastLoad = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async (): Promise<void> => {
    lastLoad.current = Date.now();
    setLoading(true);
    try {
      setK(await client.call('alarmKpis', periodParams(period)));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  }, [client, period]);

  useEffect(() => {
    if (!supervisor || !open) return;
    void load();
    if (period.kind !== 'live') return;
    // Live: refresh on alarm changes, at most every LIVE_REFRESH_MS; and every minute as the feed clock moves on.
    const schedule = () => {
      if (pending.current) return;
      const wait = Math.max(0, lastLoad.current + LIVE_REFRESH_MS - Date.now());
      pending.current = setTimeout(() => {
        pending.current = null;
        void load();
      }, wait);
    };
    const off = client.on('alarms', schedule);
    const minute = setInterval(schedule, 60_000);
    return () => {
      off();
      clearInterval(minute);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [client, load, open, period.kind, supervisor]);

  if (!supervisor) {
    return (
      <div className="kpi-panel" data-testid="kpi-view">
        <p className="muted kpi-locked" data-testid="kpi-locked">
          {t('kpi.locked')}
        </p>
      </div>
    );
  }

  const choosePeriod = (): void => {
    // Starts from the period shown (fixed: it no longer follows the feed clock), to be edited.
    const to = k?.to ?? Date.now();
    const from = k?.from ?? to - 86_400_000;
    setFromInput(toZonedInput(from, tz));
    setToInput(toZonedInput(to, tz));
    setInputError(null);
    setPeriod((p) => (p.kind === 'range' ? p : { kind: 'range', from, to }));
  };

  const applyPeriod = (): void => {
    const r = parsePeriod(fromInput, toInput, tz);
    if (!r.ok) {
      setInputError(r.field ? { field: r.field, error: r.error } : { error: r.error });
      return;
    }
    setInputError(null);
    setPeriod({ kind: 'range', from: r.from, to: r.to });
  };

  const downloadCsv = async (): Promise<void> => {
    try {
      const res = await client.call('alarmKpisCsv', periodParams(period));
      downloadText(res.filename, res.csv, 'text/csv;charset=utf-8');
    } catch (err) {
      setError(t('kpi.csvFailed', { error: errorText(err) }));
    }
  };

  return (
    <div className="kpi-panel" data-testid="kpi-view">
      <div className="toolbar kpi-toolbar">
        <span className="chip-group" role="radiogroup" aria-label={t('kpi.period')}>
          <button type="button" role="radio" aria-checked={period.kind === 'live'} className={period.kind === 'live' ? 'chip on' : 'chip'} data-testid="kpi-live" onClick={() => setPeriod({ kind: 'live' })}>
            {t('kpi.live')}
          </button>
          <button type="button" role="radio" aria-checked={period.kind === 'range'} className={period.kind === 'range' ? 'chip on' : 'chip'} data-testid="kpi-range" onClick={choosePeriod}>
            {t('kpi.choosePeriod')}
          </button>
        </span>
        {period.kind === 'range' && (
          <form
            className="kpi-period"
            onSubmit={(e) => {
              e.preventDefault();
              applyPeriod();
            }}
          >
            <ZonedTimeInput label={t('kpi.from')} value={fromInput} onChange={(v) => {
                setFromInput(v);
                setInputError(null);
              }} error={inputError?.field === 'from' ? inputError.error : null} testId="kpi-from" />
            <ZonedTimeInput label={t('kpi.to')} value={toInput} onChange={(v) => {
                setToInput(v);
                setInputError(null);
              }} error={inputError?.field === 'to' ? inputError.error : null} testId="kpi-to" />
            <button type="submit" data-testid="kpi-apply">
              {t('kpi.show')}
            </button>
            {inputError && !inputError.field && (
              <span className="error small" role="alert">
                {inputError.error}
              </span>
            )}
          </form>
        )}
        <span className="spacer" />
        {k && <span className="muted small" data-testid="kpi-period">{formatFeedRange(k.from, k.to, tz)}</span>}
        {loading && <span className="muted small">{t('kpi.updating')}</span>}
        <button type="button" onClick={() => void load()} title={t('kpi.refreshNow')}>
          {t('kpi.refresh')}
        </button>
        <button type="button" onClick={() => void downloadCsv()} disabled={!k} data-testid="kpi-csv">
          {t('kpi.downloadCsv')}
        </button>
      </div>
      {error && <p className="error kpi-error">{error}</p>}
      {!k && !error && <p className="muted kpi-error">{t('kpi.loading')}</p>}
      {k && (
        <div className="kpi-body" tabIndex={0} role="region" aria-label={t('kpi.figures')}>
          <div className="kpi-tiles">
            {headline(k).map((tile) => (
              <div key={tile.label} className={tile.bad ? 'kpi-tile bad' : 'kpi-tile'} title={tile.hint} data-testid="kpi-tile" data-label={tile.label}>
                <div className="kpi-tile-value">{tile.value}</div>
                <div className="kpi-tile-label">{tile.label}</div>
                <div className="kpi-tile-hint">{tile.hint}</div>
              </div>
            ))}
          </div>
          <section className="kpi-card wide">
            <h3>{t('kpi.ratePerTen')}</h3>
            <RateChartSvg k={k} timeZone={tz} />
            <p className="muted small">
              {(() => {
                const figures = { peak: k.peakPerTenMinutes, average: formatNumber(k.averagePerTenMinutes, { decimals: 2 }), flood: formatNumber(k.floodShare * 100, { decimals: 1 }), floodLimit: FLOOD_ALARMS, target: TARGET_AVERAGE_PER_WINDOW };
                return k.peakAt !== null ? t('kpi.peakAt', { ...figures, time: formatFeedTime(k.peakAt, tz) }) : t('kpi.peak', figures);
              })()}
            </p>
          </section>
          <section className="kpi-card">
            <h3>{t('kpi.badActors')}</h3>
            <HBarsSvg bars={badActorBars(k)} testId="kpi-bad-actors" empty={t('kpi.noAlarms')} />
          </section>
          <section className="kpi-card">
            <h3>{t('kpi.ackTimes')}</h3>
            <AckTimes k={k} />
          </section>
          <section className="kpi-card" data-testid="kpi-chattering">
            <h3>{t('kpi.chattering', { n: k.chattering.length })}</h3>
            {k.chattering.length === 0 ? (
              <p className="muted small">{t('kpi.chatteringNone')}</p>
            ) : (
              <ul className="kpi-list">
                {k.chattering.map((c) => (
                  <li key={`${c.ruleId}|${c.subject}`}>
                    <strong>{c.ruleName}</strong> · {c.subjectName} <span className="muted small">{t('kpi.fromTime', { time: formatFeedShort(c.firstAt, tz) })}</span>
                    <div className="kpi-suggestion">{c.suggestion}</div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="kpi-card" data-testid="kpi-standing">
            <h3>{t('kpi.standing', { n: k.standing.length })}</h3>
            {k.standing.length === 0 ? (
              <p className="muted small">{t('kpi.standingNone')}</p>
            ) : (
              <ul className="kpi-list">
                {k.standing.map((s) => (
                  <li key={s.alarmId}>
                    <strong>{s.ruleName}</strong> · {s.subjectName}{' '}
                    <span className="muted small">
                      {t('kpi.standingSince', { time: formatFeedShort(s.since, tz), age: formatAge(k.to - s.since) })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="kpi-card" data-testid="kpi-shelved">
            <h3>
              {t('kpi.shelved', { current: k.shelved.current.length, during: k.shelved.shelvedInPeriod })}
            </h3>
            {k.shelved.current.length === 0 ? (
              <p className="muted small">{t('kpi.shelvedNone')}</p>
            ) : (
              <ul className="kpi-list">
                {k.shelved.current.map((s) => (
                  <li key={s.key}>
                    <strong>{shelfName(s.key, (id) => rules.get(id)?.name, (id) => catalogue.get(id)?.name)}</strong>{' '}
                    <span className="muted small">
                      {t('kpi.shelvedBy', { user: s.by, time: formatFeedShort(s.until, tz), reason: s.reason })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

/** A shelf's (rule, subject) in words: `Car park full · Bruuns Galleri`. */
function shelfName(key: string, ruleName: (id: string) => string | undefined, sensorName: (id: string) => string | undefined): string {
  const cut = key.indexOf('|');
  const rule = key.slice(0, cut);
  const subject = key.slice(cut + 1);
  return `${ruleName(rule) ?? rule} · ${sensorName(subject) ?? subject}`;
}

function AckTimes({ k }: { k: AlarmKpis }) {
  const { t } = useT();
  const bars = ackBars(k);
  return (
    <>
      <h4>{t('kpi.perRule')}</h4>
      <AckBarsSvg bars={bars.perRule} testId="kpi-ack-rules" empty={t('kpi.noAcks')} />
      <h4>{t('kpi.perOperator')}</h4>
      <AckBarsSvg bars={bars.perOperator} testId="kpi-ack-operators" empty={t('kpi.noOperatorAcks')} />
    </>
  );
}
