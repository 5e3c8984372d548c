/**
 * Side panel for the selected sensor: latest values with units, metadata, quality flags, freshness and a 6-hour chart.
 */
import { useEffect, useState } from 'react';
import type { EngineClient, SensorHistory } from '../../electron/engine/api';
import { useAppStore } from '../store';
import { summarize } from './describe';
import { FRESHNESS_TEXT, KIND_LABELS, KIND_METRICS, formatAge, formatFeedTime, formatValue, metricLabel } from './format';
import { SensorChart } from './SensorChart';
import { useFeedNow } from './useFeedClock';

/** Refresh the chart while open (wall ms). */
const HISTORY_REFRESH_MS = 30_000;

export function SensorPanel({ client }: { client: EngineClient }) {
  const selectedId = useAppStore((s) => s.selectedId);
  const sensor = useAppStore((s) => (s.selectedId ? s.catalogue.get(s.selectedId) : undefined));
  const state = useAppStore((s) => (s.selectedId ? s.states.get(s.selectedId) : undefined));
  const select = useAppStore((s) => s.select);
  const now = useFeedNow();
  const [history, setHistory] = useState<SensorHistory | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);

  useEffect(() => {
    setHistory(null);
    setHistoryError(null);
    if (!selectedId) return;
    let cancelled = false;
    const load = async (): Promise<void> => {
      try {
        const h = await client.call('history', { sensorId: selectedId });
        if (!cancelled) {
          setHistory(h);
          setHistoryError(null);
        }
      } catch (err) {
        if (!cancelled) setHistoryError(err instanceof Error ? err.message : String(err));
      }
    };
    void load();
    const t = setInterval(() => void load(), HISTORY_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, [client, selectedId]);

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

  const sum = summarize(sensor, state, now);
  const values = state?.last?.values ?? {};
  const metrics = [...KIND_METRICS[sensor.kind], ...Object.keys(values).filter((k) => !(KIND_METRICS[sensor.kind] as readonly string[]).includes(k))];
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

      {sum.notes.map((n) => (
        <div key={n} className={n.startsWith('OVER') ? 'note over' : 'note'}>
          {n}
        </div>
      ))}

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
        <h3>Last 6 hours</h3>
        {historyError && <p className="error">History unavailable: {historyError}</p>}
        <SensorChart kind={sensor.kind} history={history} />
        {history && history.gaps.length > 0 && <p className="muted small">Shaded: {history.gaps.length} gap(s) with no data where data was expected.</p>}
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
