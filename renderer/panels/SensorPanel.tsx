/**
 * Side panel for the selected sensor: latest values with units, metadata, quality flags, freshness, a history chart
 * (6 h / 24 h / 7 d of feed time) and operator notes.
 */
import { useEffect, useState } from 'react';
import type { EngineClient, SensorHistory } from '../../electron/engine/api';
import { FRESHNESS_TEXT, KIND_LABELS, metricLabel } from '../../electron/shared/labels';
import { METRICS } from '../../electron/shared/model';
import { appStore, feedNow, useAppStore } from '../store';
import { errorText } from '../platform/rpc-client';
import { summarize } from './describe';
import { RESOLUTION_TEXT, formatAge, formatFeedTime, formatValue } from './format';
import { Notes } from './Notes';
import { SensorChart } from './SensorChart';
import { useFeedNow } from './useFeedClock';

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

export function SensorPanel({ client }: { client: EngineClient }) {
  const selectedId = useAppStore((s) => s.selectedId);
  const sensor = useAppStore((s) => (s.selectedId ? s.catalogue.get(s.selectedId) : undefined));
  const state = useAppStore((s) => (s.selectedId ? s.states.get(s.selectedId) : undefined));
  const select = useAppStore((s) => s.select);
  const now = useFeedNow();
  const [rangeKey, setRangeKey] = useState<HistoryRangeKey>('6h');
  const range = HISTORY_RANGES.find((r) => r.key === rangeKey) ?? HISTORY_RANGES[0];
  const [history, setHistory] = useState<SensorHistory | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // A recorded gap touching this sensor: reload so that the chart shows it at once.
  const gapCount = useAppStore((s) => s.gaps.size);

  useEffect(() => {
    setHistory(null);
    setHistoryError(null);
  }, [selectedId, rangeKey]);

  useEffect(() => {
    if (!selectedId) return;
    let cancelled = false;
    let seq = 0;
    const load = async (): Promise<void> => {
      const mine = ++seq;
      setLoading(true);
      try {
        const h = await client.call('history', historyParams(selectedId, range.ms, feedNow(appStore.getState())));
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
    const t = setInterval(() => void load(), HISTORY_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, [client, selectedId, range.ms, gapCount]);

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
          <button type="button" className="close" onClick={() => select(null)} aria-label="Close">×</button>
        </header>
        <p className="muted">This sensor is not in the current catalogue.</p>
      </aside>
    );
  }

  const registry = appStore.getState().registry;
  const sum = summarize(sensor, state, now, registry);
  const values = state?.last?.values ?? {};
  const metrics = [...METRICS[sensor.kind], ...Object.keys(values).filter((k) => !(METRICS[sensor.kind] as readonly string[]).includes(k))];
  const g = sensor.geometry;

  return (
    <aside className="sensor-panel" data-testid="sensor-panel" aria-label="Sensor details">
      <header>
        <div>
          <h2>{sensor.name || sensor.id}</h2>
          <div className="muted">
            {KIND_LABELS[sensor.kind]} · <code>{sensor.id}</code>
          </div>
        </div>
        <button type="button" className="close" onClick={() => select(null)} aria-label="Close">×</button>
      </header>

      {sum.provenance.kind !== 'measured' && <div className="note">{sum.provenance.text}</div>}

      <section>
        <h3>Freshness</h3>
        <div className={`fresh fresh-${sum.freshness}`}>
          <span className="dot" /> {FRESHNESS_TEXT[sum.freshness]}
        </div>
        <dl>
          <dt>Latest reading</dt>
          <dd>{state?.last ? formatFeedTime(state.last.ts) : '—'}</dd>
          <dt>Age (feed clock)</dt>
          <dd>{formatAge(sum.ageMs)}</dd>
          <dt>Expected interval</dt>
          <dd>{formatAge(sensor.expectedIntervalS * 1000)}</dd>
          <dt>Readings since start</dt>
          <dd>{state?.count ?? 0}</dd>
        </dl>
      </section>

      <section>
        <h3>Summary</h3>
        <dl>
          {sum.lines.map((l) => (
            <FragmentRow key={`s-${l.label}`} label={l.label} value={l.value} warn={l.warn} />
          ))}
        </dl>
      </section>

      <section>
        <h3>Latest values</h3>
        <dl>
          {metrics.map((m) => {
            const info = metricLabel(m);
            return <FragmentRow key={m} label={info.label} value={m in values ? formatValue(values[m], info.unit) : '—'} />;
          })}
        </dl>
      </section>

      <section>
        <h3>Quality flags</h3>
        {sum.flags.length === 0 ? (
          <p className="muted">None on the latest reading.</p>
        ) : (
          <ul className="flags">
            {sum.flags.map((f) => (
              <li key={f.flag}>
                ⚑ {f.text} <code>{f.flag}</code>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section>
        <div className="chart-head">
          <h3>Last {range.words}</h3>
          <div className="range-select" role="group" aria-label="History range">
            {HISTORY_RANGES.map((r) => (
              <button
                key={r.key}
                type="button"
                data-testid={`range-${r.key}`}
                className={r.key === rangeKey ? 'active' : undefined}
                aria-pressed={r.key === rangeKey}
                onClick={() => setRangeKey(r.key)}
              >
                {r.label}
              </button>
            ))}
          </div>
        </div>
        <div className="chart-info muted small" data-testid="chart-resolution">
          {history ? (
            <>
              {RESOLUTION_TEXT[history.resolution] ?? history.resolution} · {history.points.length} point{history.points.length === 1 ? '' : 's'}
              {history.resolution !== 'raw' && ' · band: min–max'}
            </>
          ) : loading ? (
            'loading…'
          ) : (
            '\u00a0'
          )}
        </div>
        {historyError && <p className="error">History unavailable: {historyError}</p>}
        <SensorChart kind={sensor.kind} history={history} rangeLabel={range.words} />
      </section>

      <section>
        <h3>Operator notes</h3>
        <Notes client={client} sensorId={sensor.id} />
      </section>

      <section>
        <h3>Metadata</h3>
        <dl>
          {Object.entries(sensor.attributes).map(([k, v]) => (
            <FragmentRow key={k} label={k} value={v === null ? '—' : String(v)} />
          ))}
          <dt>Geometry</dt>
          <dd>
            {g.type === 'Point'
              ? `Point ${fmtLngLat(g.coordinates)}`
              : `Line ${g.coordinates.length} pts: ${g.coordinates.map(fmtLngLat).join(' → ')}`}
          </dd>
        </dl>
      </section>
    </aside>
  );
}

function FragmentRow({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={warn ? 'warn' : undefined}>{value}</dd>
    </>
  );
}

function fmtLngLat(c: [number, number]): string {
  return `${c[1].toFixed(5)}, ${c[0].toFixed(5)}`;
}
