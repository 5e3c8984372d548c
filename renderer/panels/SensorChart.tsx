/**
 * uPlot chart of a sensor's history (feed time, in the city's zone), with the series its type declares
 * (chartSeries.ts): each metric's label and unit in the legend, one axis per unit. Rollups draw the bucket averages with a faint min–max band. Gaps are
 * shaded, named in a legend (and under the cursor), and never bridged. In replay a vertical line marks the replayed
 * instant (`marker`), redrawn as it moves without rebuilding the chart.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SensorHistory } from '../../electron/engine/api';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { useTimeZone } from '../store';
import { bandRuns, buildChartData, gapAt, gapLegend } from './chartData';
import { MAX_AXES, chartAxes, chartSeries, chooseScale, defaultScales, legendTime, seriesLabel, timeAxisLabels, timeAxisTitle, withDerived } from './chartSeries';
import { formatAge, formatFeedRange } from './format';
import { useT } from '../i18n/i18n';

const PALETTE = ['#4fc3f7', '#ffb300', '#81c784', '#f06292', '#ba68c8', '#4db6ac', '#ff8a65', '#a1887f', '#90a4ae', '#dce775'];
const GAP_FILL = 'rgba(255, 90, 90, 0.16)';
const GAP_EDGE = 'rgba(255, 90, 90, 0.45)';
const MARKER_COLOUR = '#ff9f1c';

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function SensorChart({
  typeId,
  registry,
  attributes,
  history,
  rangeLabel,
  marker = null,
}: {
  typeId: string;
  registry: SensorTypeRegistry;
  attributes: Record<string, string | number | null>;
  history: SensorHistory | null;
  rangeLabel: string;
  /** The replayed instant (feed ms) to mark, or null (live). */
  marker?: number | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const markerRef = useRef<number | null>(marker);
  const plotRef = useRef<uPlot | null>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const tz = useTimeZone();
  const { t, locale } = useT();
  const all = useMemo(() => chartSeries(registry, typeId, history), [registry, typeId, history]);
  const allAxes = useMemo(() => chartAxes(all), [all]);
  const headline = registry.get(typeId)?.style.headline;
  // Which units are drawn (at most two axes fit): the headline's first; the others one click away.
  const [chosen, setChosen] = useState<{ typeId: string; scales: string[] } | null>(null);
  const scales = chosen?.typeId === typeId ? chosen.scales : defaultScales(all, headline);
  const scalesKey = scales.join('|');
  const defs = useMemo(() => all.filter((d) => scalesKey.split('|').includes(d.scale)), [all, scalesKey]);
  /** Colours follow a series' place among all of the type's series, whichever are shown. */
  const colourOf = (metric: string): string => PALETTE[Math.max(0, all.findIndex((d) => d.metric === metric)) % PALETTE.length] ?? '#ffffff';
  const chart = useMemo(
    () => (history ? buildChartData(withDerived(history, defs, registry, typeId, attributes), defs.map((d) => d.metric)) : null),
    [history, defs, registry, typeId, attributes],
  );
  const legend = useMemo(() => (chart ? gapLegend(chart.gaps) : []), [chart]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    setWidth(Math.floor(el.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || !history || !chart || width <= 0) return;
    const { data, gaps, min, max } = chart;
    const axes = chartAxes(defs);
    const rollup = history.resolution !== 'raw';
    const showTip = (text: string | null): void => {
      const tip = tipRef.current;
      if (!tip) return;
      tip.textContent = text ?? '';
      tip.hidden = !text;
    };
    const opts: uPlot.Options = {
      width,
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
      scales: { x: { time: true, range: [history.from / 1000, history.to / 1000] } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: t('panels.chartTime'), value: (_u: uPlot, v: number | null) => legendTime(v, history.to, tz) },
        ...defs.map((d) => ({
          label: seriesLabel(d, rollup),
          scale: d.scale,
          stroke: colourOf(d.metric),
          width: 1.5,
          dash: d.derived ? [5, 3] : undefined,
          spanGaps: false,
          points: { show: false },
        })),
      ],
      axes: [
        {
          stroke: '#9aa7b8',
          grid: { stroke: 'rgba(255,255,255,0.06)' },
          ticks: { stroke: 'rgba(255,255,255,0.1)' },
          label: timeAxisTitle(history.from, history.to, tz),
          labelSize: 18,
          labelFont: '11px system-ui, sans-serif',
          values: (_u: uPlot, splits: number[], _axis: number, _space: number, incr: number) => {
            const labels = timeAxisLabels(splits, incr, tz);
            // What the canvas shows, readable by tests and assistive checks.
            el.dataset.timeTicks = labels.join('|');
            return labels;
          },
        },
        ...axes.map((a, i) => ({
          scale: a.scale,
          side: i % 2 === 0 ? 3 : 1,
          label: a.label,
          stroke: '#9aa7b8',
          grid: { show: i === 0, stroke: 'rgba(255,255,255,0.06)' },
          ticks: { stroke: 'rgba(255,255,255,0.1)' },
        })),
      ],
      hooks: {
        // Under the series: gap shading, then the min–max bands of rollups.
        drawClear: [
          (u: uPlot) => {
            const ctx = u.ctx;
            const left = u.bbox.left;
            const right = u.bbox.left + u.bbox.width;
            ctx.save();
            for (const g of gaps) {
              const x0 = Math.max(left, Math.min(u.valToPos(g.from, 'x', true), u.valToPos(g.to, 'x', true)));
              const x1 = Math.min(right, Math.max(u.valToPos(g.from, 'x', true), u.valToPos(g.to, 'x', true)));
              if (x1 < left || x0 > right || x1 < x0) continue;
              ctx.fillStyle = GAP_FILL;
              ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
              ctx.fillStyle = GAP_EDGE;
              ctx.fillRect(x0, u.bbox.top, 1, u.bbox.height);
              ctx.fillRect(Math.max(x0, x1 - 1), u.bbox.top, 1, u.bbox.height);
            }
            if (min && max) {
              ctx.beginPath();
              ctx.rect(left, u.bbox.top, u.bbox.width, u.bbox.height);
              ctx.clip();
              defs.forEach((d, i) => {
                const lo = min[i];
                const hi = max[i];
                if (!lo || !hi || u.series[i + 1]?.show === false) return;
                ctx.fillStyle = withAlpha(colourOf(d.metric), defs.length > 2 ? 0.1 : 0.16);
                for (const [a, b] of bandRuns(lo, hi)) {
                  ctx.beginPath();
                  for (let k = a; k <= b; k++) {
                    const x = u.valToPos(data[0][k] ?? 0, 'x', true);
                    const y = u.valToPos(hi[k] ?? 0, d.scale, true);
                    if (k === a) ctx.moveTo(x, y);
                    else ctx.lineTo(x, y);
                  }
                  for (let k = b; k >= a; k--) ctx.lineTo(u.valToPos(data[0][k] ?? 0, 'x', true), u.valToPos(lo[k] ?? 0, d.scale, true));
                  ctx.closePath();
                  if (a === b) {
                    ctx.strokeStyle = ctx.fillStyle;
                    ctx.lineWidth = 3;
                    ctx.stroke();
                  } else ctx.fill();
                }
              });
            }
            ctx.restore();
          },
        ],
        // Over the series: the replayed instant.
        draw: [
          (u: uPlot) => {
            const m = markerRef.current;
            if (m === null) return;
            const x = u.valToPos(m / 1000, 'x', true);
            if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = MARKER_COLOUR;
            ctx.lineWidth = 2 * (window.devicePixelRatio || 1);
            ctx.beginPath();
            ctx.moveTo(Math.round(x), u.bbox.top);
            ctx.lineTo(Math.round(x), u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
        setCursor: [
          (u: uPlot) => {
            const left = u.cursor.left;
            if (left === undefined || left < 0) return showTip(null);
            const g = gapAt(gaps, u.posToVal(left, 'x'));
            showTip(g ? t('panels.chartGapTip', { range: formatFeedRange(g.from * 1000, g.to * 1000, tz), age: formatAge((g.to - g.from) * 1000), reason: g.reason }) : null);
          },
        ],
      },
    };
    const plot = new uPlot(opts, data, el);
    plotRef.current = plot;
    return () => {
      plotRef.current = null;
      plot.destroy();
      showTip(null);
    };
    // (colourOf reads `all`, which `defs` follows)
  }, [defs, history, chart, width, tz, t, locale]);

  useEffect(() => {
    markerRef.current = marker;
    plotRef.current?.redraw(false, false);
  }, [marker]);

  return (
    <>
      {allAxes.length > MAX_AXES && (
        <div className="chart-units" role="group" aria-label={t('panels.chartUnits')} data-testid="chart-units">
          {allAxes.map((a) => (
            <button
              key={a.scale}
              type="button"
              className={scales.includes(a.scale) ? 'chip on' : 'chip'}
              aria-pressed={scales.includes(a.scale)}
              onClick={() => setChosen({ typeId, scales: chooseScale(scales, a.scale) })}
            >
              {a.label}
            </button>
          ))}
        </div>
      )}
      <div className="sensor-chart" data-testid="sensor-chart" data-axes={chartAxes(defs).map((a) => a.label).join('|')} data-time-title={history ? timeAxisTitle(history.from, history.to, tz) : undefined} data-marker={marker ?? undefined} data-from={history?.from} data-to={history?.to} ref={ref}>
        <div className="chart-gap-tip" ref={tipRef} hidden />
        {history && history.points.length === 0 && <div className="chart-empty">{marker === null ? t('panels.chartEmptyLast', { range: rangeLabel }) : t('panels.chartEmptyAround', { range: rangeLabel })}</div>}
      </div>
      {legend.length > 0 && (
        <ul className="gap-legend" aria-label={t('panels.chartGaps')} data-testid="chart-gap">
          {legend.map((l) => (
            <li
              key={l.reason}
              data-testid="chart-gap-item"
              title={l.gaps.map((g) => `${formatFeedRange(g.from * 1000, g.to * 1000, tz)} (${formatAge((g.to - g.from) * 1000)})`).join('\n')}
            >
              <span className="gap-swatch" />
              {l.count > 1 ? t('panels.chartGapsCount', { n: l.count, reason: l.reason }) : t('panels.chartGap', { reason: l.reason })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
