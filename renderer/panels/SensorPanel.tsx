/**
 * Side panel for the selected sensor, from its type in the registry: type and provenance, latest values with their
 * labels, precision and units, derived metrics, quality flags with their labels, freshness, a history chart (6 h /
 * 24 h / 7 d of feed time), operator notes and attributes. Times in the city's zone.
 *
 * In replay the values, freshness, ages and open alarms are the frame's (as of the instant), and the chart's window is
 * centred on the instant, which it marks with a vertical line (while playing the window moves in steps of an eighth).
 */
import { priorityLabel } from '../alarms/alarmList';
import { useEffect, useMemo, useState } from 'react';
import type { EngineClient, SensorHistory } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import { ageMs, freshnessOf } from '../map/freshness';
import { appStore, feedNow, shownAlarms, shownStates, useAppStore, useTimeZone } from '../store';
import { useShownNow } from '../replay/useShownNow';
import { shownDown } from '../health/shownDown';
import { downReason, downText, sensorDown } from '../health/sourceDown';
import '../health/health.css';
import { errorText } from '../platform/rpc-client';
import { formatAge, formatFeedTime, formatNumber, freshnessText, resolutionText } from './format';
import { t as translate, useT } from '../i18n/i18n';
import { alarmAdvice, sensorDetails, type MetricRow } from './sensorDetails';
import { BandSwatch } from '../map/Legend';
import { Notes } from './Notes';
import { SensorChart } from './SensorChart';

/** Refresh the chart while open (wall ms). */
const HISTORY_REFRESH_MS = 30_000;
/** Upper bound on chart points: about 3 per pixel of the panel's chart; the engine picks raw/1m/1h to stay under it. */
export const HISTORY_MAX_POINTS = 1500;

export const HISTORY_RANGES = [
  { key: '6h', label: '6 h', words: '6 hours', ms: 6 * 3600_000 },
  { key: '24h', label: '24 h', words: '24 hours', ms: 24 * 3600_000 },
  { key: '7d', label: '7 d', words: '7 days', ms: 7 * 24 * 3600_000 },
] as const;
export type HistoryRangeKey = (typeof HISTORY_RANGES)[number]['key'];

/** The history request for a range ending at the feed clock now (engine defaults when the clock is unknown). */
export function historyParams(sensorId: string, rangeMs: number, feedTime: number | null): { sensorId: string; from?: number; to?: number; maxPoints: number } {
  if (feedTime === null) return { sensorId, maxPoints: HISTORY_MAX_POINTS };
  return { sensorId, from: feedTime - rangeMs, to: feedTime, maxPoints: HISTORY_MAX_POINTS };
}

/** The history request for a range centred on a replayed instant. */
export function replayHistoryParams(sensorId: string, rangeMs: number, at: number): { sensorId: string; from: number; to: number; maxPoints: number } {
  return { sensorId, from: at - rangeMs / 2, to: at + rangeMs / 2, maxPoints: HISTORY_MAX_POINTS };
}

/** Where the chart's window is centred while playing: the instant in steps of an eighth of the range (fewer fetches). */
export function playingCentre(at: number, rangeMs: number): number {
  const step = rangeMs / 8;
  return Math.round(at / step) * step;
}

export function SensorPanel({ client }: { client: EngineClient }) {
  const { t } = useT();
  const selectedId = useAppStore((s) => s.selectedId);
  const sensor = useAppStore((s) => (s.selectedId ? s.catalogue.get(s.selectedId) : undefined));
  const state = useAppStore((s) => (s.selectedId ? shownStates(s).get(s.selectedId) : undefined));
  const approximate = useAppStore((s) => (s.selectedId && s.replay?.frame ? s.replay.frame.approximate.includes(s.selectedId) : false));
  const replayAt = useAppStore((s) => s.replay?.at ?? null);
  const playing = useAppStore((s) => s.replay?.playing ?? false);
  const select = useAppStore((s) => s.select);
  const registry = useAppStore((s) => s.registry);
  const tz = useTimeZone();
  const now = useShownNow();
  const downSources = useAppStore(shownDown);
  const [rangeKey, setRangeKey] = useState<HistoryRangeKey>('6h');
  const rangeDef = HISTORY_RANGES.find((r) => r.key === rangeKey) ?? HISTORY_RANGES[0];
  const range = { ...rangeDef, words: t(`panels.rangeWords_${rangeDef.key}`) };
  const centre = replayAt === null ? null : playing ? playingCentre(replayAt, range.ms) : replayAt;
  const [history, setHistory] = useState<SensorHistory | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // A recorded gap touching this sensor: reload so that the chart shows it at once.
  const gapCount = useAppStore((s) => s.gaps.size);

  useEffect(() => {
    setHistory(null);
    setHistoryError(null);
  }, [selectedId, rangeKey, centre === null]);

  useEffect(() => {
    if (!selectedId) return;
    let cancelled = false;
    let seq = 0;
    const load = async (): Promise<void> => {
      const mine = ++seq;
      setLoading(true);
      try {
        const h = await client.call('history', centre === null ? historyParams(selectedId, range.ms, feedNow(appStore.getState())) : replayHistoryParams(selectedId, range.ms, centre));
        if (!cancelled && mine === seq) {
          setHistory(h);
          setHistoryError(null);
        }
      } catch (err) {
        if (!cancelled && mine === seq) setHistoryError(errorText(err));
      } finally {
        if (!cancelled && mine === seq) setLoading(false);
      }
    };
    void load();
    // The past does not change: only the live chart is refreshed.
    const t = centre === null ? setInterval(() => void load(), HISTORY_REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (t !== null) clearInterval(t);
    };
  }, [client, selectedId, range.ms, gapCount, centre]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') select(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select]);

  if (!selectedId) return null;
  if (!sensor) {
    return (
      <aside className="sensor-panel" data-testid="sensor-panel">
        <header>
          <h2>{selectedId}</h2>
          <button type="button" className="close" onClick={() => select(null)} aria-label={t('panels.close')}>×</button>
        </header>
        <p className="muted">{t('panels.notInCatalogue')}</p>
      </aside>
    );
  }

  const d = sensorDetails(sensor, state, registry);
  const down = sensorDown(sensor, downSources);
  const downWords = down ? `${downText(down, tz)} — ${downReason(down)}` : null;
  const freshness = freshnessOf(sensor, state, now, down);
  const g = sensor.geometry;

  return (
    <aside className="sensor-panel" data-testid="sensor-panel" aria-label={t('panels.sensorDetails')}>
      <header>
        <div>
          <h2>{sensor.name || sensor.id}</h2>
          <div className="muted">
            <span data-testid="sensor-type">{d.typeLabel}</span> · <code>{sensor.id}</code>
          </div>
        </div>
        <button type="button" className="close" onClick={() => select(null)} aria-label={t('panels.close')}>×</button>
      </header>

      {d.provenance ? (
        <div className={d.provenance.kind === 'measured' ? 'provenance' : 'note provenance'} data-testid="sensor-provenance" data-provenance={d.provenance.kind}>
          {d.provenance.text}
          {d.provenance.note && <> — {d.provenance.note}</>}
        </div>
      ) : (
        <div className="note" data-testid="sensor-provenance">
          {t('panels.unknownType', { type: d.typeId })}
        </div>
      )}
      {d.flags.length > 0 && (
        <div className="note over" data-testid="sensor-flag-note">
          ⚑ {d.flags.map((f) => f.label).join(' · ')} — {t('panels.shownAsReported')}
        </div>
      )}
      {downWords && (
        <div className="source-down-note" data-testid="sensor-source-down" role="status">
          {t('panels.lastReceivedNotLive', { down: downWords })}
        </div>
      )}
      <WhatToDo sensorId={sensor.id} now={now} />

      <section>
        <h3>{t('panels.freshness')}</h3>
        <div className={`fresh fresh-${freshness}${down ? ' fresh-down' : ''}`} data-testid="sensor-freshness">
          <span className="dot" /> {down ? t('panels.notLive', { down: downText(down, tz) }) : freshnessText(freshness)}
        </div>
        <dl>
          <dt>{replayAt === null ? t('panels.latestReading') : t('panels.latestReadingThen')}</dt>
          <dd data-testid="sensor-latest-time">{state?.last ? formatFeedTime(state.last.ts, tz) : '—'}</dd>
          {approximate && (
            <>
              <dt>{t('panels.resolution')}</dt>
              <dd className="warn" data-testid="sensor-approximate">{t('panels.approximate')}</dd>
            </>
          )}
          <dt>{replayAt === null ? t('panels.ageFeedClock') : t('panels.ageReplayed')}</dt>
          <dd>{formatAge(ageMs(state, now))}</dd>
          <dt>{t('panels.expectedInterval')}</dt>
          <dd>{formatAge(sensor.expectedIntervalS * 1000)}</dd>
          <dt>{t('panels.readingsSinceStart')}</dt>
          <dd>{formatNumber(state?.count ?? 0)}</dd>
        </dl>
      </section>

      {d.headline && (
        <section>
          <h3>{t('panels.summary')}</h3>
          <dl>
            <FragmentRow label={d.headline.row.label} value={down && state?.last ? t('panels.lastReceivedDown', { text: d.headline.row.text, down: downText(down, tz) }) : d.headline.row.text} warn={d.headline.row.outOfRange || (down !== null && !!state?.last)} testId="sensor-headline" />
            {d.headline.band && (
              <>
                <dt>{t('panels.level')}</dt>
                <dd>
                  <BandSwatch kind={sensor.kind} band={d.headline.band} /> {d.headline.band.label}
                </dd>
              </>
            )}
          </dl>
        </section>
      )}

      <section>
        <h3>{replayAt === null ? (down ? t('panels.lastValuesDown') : t('panels.latestValues')) : t('panels.valuesReplayed')}</h3>
        <MetricRows rows={d.metrics} testId="sensor-metrics" />
      </section>

      {d.derived.length > 0 && (
        <section>
          <h3>{t('panels.derived')}</h3>
          <MetricRows rows={d.derived} testId="sensor-derived" />
        </section>
      )}

      <section>
        <h3>{t('panels.qualityFlags')}</h3>
        {d.flags.length === 0 ? (
          <p className="muted">{t('panels.noFlags')}</p>
        ) : (
          <ul className="flags" data-testid="sensor-flags">
            {d.flags.map((f) => (
              <li key={f.id} data-flag={f.id}>
                ⚑ {f.label} <code>{f.id}</code>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <div className="chart-head">
          <h3>{replayAt === null ? t('panels.lastRange', { range: range.words }) : t('panels.rangeAround', { range: range.words })}</h3>
          <div className="range-select" role="group" aria-label={t('panels.historyRange')}>
            {HISTORY_RANGES.map((r) => (
              <button
                key={r.key}
                type="button"
                data-testid={`range-${r.key}`}
                className={r.key === rangeKey ? 'active' : undefined}
                aria-pressed={r.key === rangeKey}
                onClick={() => setRangeKey(r.key)}
              >
                {t(`panels.range_${r.key}`)}
              </button>
            ))}
          </div>
        </div>
        <div className="chart-info muted small" data-testid="chart-resolution">
          {history ? (
            <>
              {resolutionText(history.resolution)} · {t('panels.points', { count: history.points.length })}
              {history.resolution !== 'raw' && t('panels.bandMinMax')}
            </>
          ) : loading ? (
            t('panels.loading')
          ) : (
            '\u00a0'
          )}
        </div>
        {historyError && <p className="error">{t('panels.historyUnavailable', { error: historyError })}</p>}
        <SensorChart typeId={sensor.kind} registry={registry} attributes={sensor.attributes} history={history} rangeLabel={range.words} marker={replayAt} />
      </section>

      <section>
        <h3>{t('panels.operatorNotes')}</h3>
        <Notes client={client} sensorId={sensor.id} />
      </section>

      <section>
        <h3>{t('panels.attributes')}</h3>
        <dl data-testid="sensor-attributes">
          {d.attributes.map((a) => (
            <FragmentRow key={a.key} label={a.key} value={a.value} />
          ))}
          <dt>{t('panels.geometry')}</dt>
          <dd>
            {geometryText(g)}
          </dd>
        </dl>
      </section>
    </aside>
  );
}

function FragmentRow({ label, value, warn, title, testId }: { label: string; value: string; warn?: boolean; title?: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={warn ? 'warn' : undefined} title={title} data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

function MetricRows({ rows, testId }: { rows: readonly MetricRow[]; testId: string }) {
  const { t } = useT();
  return (
    <dl data-testid={testId}>
      {rows.map((r) => (
        <FragmentRow
          key={r.id}
          label={r.undeclared ? t('panels.notAMetric', { id: r.id }) : r.label}
          value={r.outOfRange ? t('panels.outsideRange', { text: r.text }) : r.text}
          warn={r.outOfRange || r.undeclared}
          title={r.id}
        />
      ))}
    </dl>
  );
}

function fmtLngLat(c: readonly [number, number]): string {
  return `${formatNumber(c[1], { decimals: 5 })}, ${formatNumber(c[0], { decimals: 5 })}`;
}

/** Where the sensor is, in words: a point, a line's points, or an area's outline (a moving point: its last position). */
function geometryText(g: Sensor['geometry']): string {
  if (g.type === 'Point') return translate('panels.point', { at: fmtLngLat(g.coordinates) });
  if (g.type === 'LineString') return translate('panels.line', { n: g.coordinates.length, points: g.coordinates.map(fmtLngLat).join(' → ') });
  const outer = g.coordinates[0] ?? [];
  return translate('panels.area', { n: Math.max(0, outer.length - 1), holes: g.coordinates.length > 1 ? translate('panels.holes', { n: g.coordinates.length - 1 }) : '' });
}

/** The sensor's open alarms with the rule's "what to do" and the time to respond (nothing when it has none). */
function WhatToDo({ sensorId, now }: { sensorId: string; now: number | null }) {
  const alarms = useAppStore(shownAlarms);
  const rules = useAppStore((s) => s.rules);
  const tz = useTimeZone();
  const { t } = useT();
  const advice = useMemo(() => alarmAdvice(sensorId, alarms.values(), rules), [sensorId, alarms, rules]);
  if (!advice.length) return null;
  return (
    <section className="what-to-do" data-testid="sensor-what-to-do">
      <h3>{t('panels.whatToDo')}</h3>
      <ul>
        {advice.map((a) => (
          <li key={a.alarmId} data-alarm-id={a.alarmId} data-priority={a.priority}>
            <div>
              <span className={`prio-badge prio-${a.priority}`}>{priorityLabel(a.priority, t)}</span> <strong>{a.ruleName}</strong>
              {a.group && <span className="muted">{t('panels.memberOf', { group: a.group })}</span>}
              <span className="muted"> · {a.acknowledged ? t('panels.acknowledged') : a.state === 'cleared' ? t('panels.clearedNotAck') : t('panels.notAck')}</span>
            </div>
            <p className={a.action ? 'advice' : 'muted'} data-testid="advice-action">
              {a.action ?? t('panels.noAdvice')}
            </p>
            <p className="muted small" data-testid="advice-respond">
              {t('panels.respondWithin', { span: formatAge(a.respondWithinMinutes * 60_000) })}
              {!a.fromRule && t('panels.defaultRespond')}
              {!a.acknowledged && (
                <>
                  {' '}
                  {t('panels.respondBy', { time: formatFeedTime(a.respondBy, tz) })}
                  {now !== null && a.respondBy < now && <strong className="warn">{t('panels.overdue')}</strong>}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
