/** The KPI view's small SVG charts; their geometry comes from kpiCharts.ts. */
import { useEffect, useRef, useState } from 'react';
import type { AlarmKpis } from '../../electron/engine/api';
import { FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';
import { formatFeedTime, formatNumber, zoneName } from '../panels/format';
import { useT } from '../i18n/i18n';
import { formatDuration, localHourIn, rateChart, timeTickLabel, timeTicks, type AckBar, type Box, type HBar } from './kpiCharts';

const RATE_BOX: Box = { width: 760, height: 190, left: 34, right: 64, top: 8, bottom: 22 };

/** The width of the element (CSS px), followed as it resizes; `fallback` until measured. */
function useWidth<T extends Element>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => {
      const w = Math.round(e?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** New alarms per 10 minutes, with the flood line and the target line. */
export function RateChartSvg({ k, timeZone }: { k: AlarmKpis; timeZone: string }) {
  // Drawn at the card's width in CSS px, so that the text keeps its size.
  const { t } = useT();
  const [ref, width] = useWidth<HTMLDivElement>(RATE_BOX.width);
  const b: Box = { ...RATE_BOX, width: Math.max(320, width) };
  const ticks = timeTicks(k.from, k.to, localHourIn(timeZone), Math.max(4, Math.floor(b.width / 90)));
  const c = rateChart(k.perTenMinutes, k.from, k.to, b, ticks);
  const x1 = b.left;
  const x2 = b.width - b.right;
  return (
    <div ref={ref}>
      <svg className="kpi-chart" viewBox={`0 0 ${b.width} ${b.height}`} role="img" aria-label={t('kpi.rateChart', { average: formatNumber(k.averagePerTenMinutes, { decimals: 2 }), peak: k.peakPerTenMinutes })} data-testid="kpi-rate-chart" data-scale={c.scale}>
        {c.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={x1} x2={x2} y1={tick.y} y2={tick.y} className="kpi-grid" />
            <text x={x1 - 4} y={tick.y + 3} className="kpi-axis" textAnchor="end">
              {tick.value}
            </text>
          </g>
        ))}
        {c.bars.map((bar) =>
          bar.count > 0 ? (
            <rect key={bar.at} x={bar.x} y={bar.y} width={bar.w} height={bar.h} className={`kpi-bar tone-${bar.tone}`} data-testid="kpi-rate-bar" data-count={bar.count}>
              <title>{`${t('kpi.barNew', { time: formatFeedTime(bar.at, timeZone), count: bar.count })}${bar.count > FLOOD_ALARMS ? t('kpi.barFlood') : ''}`}</title>
            </rect>
          ) : null,
        )}
        <line x1={x1} x2={x2} y1={c.floodY} y2={c.floodY} className="kpi-line flood" />
        <text x={x2 + 4} y={c.floodY + 3} className="kpi-line-label flood">
          {t('kpi.floodLine', { n: FLOOD_ALARMS })}
        </text>
        <line x1={x1} x2={x2} y1={c.targetY} y2={c.targetY} className="kpi-line target" />
        <text x={x2 + 4} y={c.targetY + 3} className="kpi-line-label target">
          {t('kpi.targetLine', { n: TARGET_AVERAGE_PER_WINDOW })}
        </text>
        <line x1={x1} x2={x2} y1={b.height - b.bottom} y2={b.height - b.bottom} className="kpi-axis-line" />
        {c.xTicks.map((tick) => (
          <text key={tick.at} x={tick.x} y={b.height - 6} className="kpi-axis" textAnchor="middle">
            {timeTickLabel(tick.at, k.from, k.to, timeZone)}
          </text>
        ))}
        <text x={x2 + 4} y={b.height - 6} className="kpi-axis">
          {zoneName(k.to, timeZone)}
        </text>
        {c.scale === 'sqrt' && (
          <text x={x1 + 4} y={b.top + 10} className="kpi-axis">
            {t('kpi.sqrtScale')}
          </text>
        )}
      </svg>
    </div>
  );
}

/** Horizontal bars with a label and a figure (bad actors). */
export function HBarsSvg({ bars, testId, empty }: { bars: HBar[]; testId: string; empty: string }) {
  if (bars.length === 0) return <p className="muted small">{empty}</p>;
  const row = 18;
  const w = 420;
  const labelW = 250;
  return (
    <svg className="kpi-chart" viewBox={`0 0 ${w} ${bars.length * row + 2}`} data-testid={testId}>
      {bars.map((b, i) => (
        <g key={`${b.label}|${i}`} transform={`translate(0 ${i * row})`}>
          <text x={labelW - 6} y={12} className="kpi-label" textAnchor="end">
            {clip(b.label, 40)}
          </text>
          <rect x={labelW} y={3} width={Math.max(1, b.share * (w - labelW - 40))} height={row - 6} className="kpi-hbar" data-testid={`${testId}-bar`} data-value={b.value}>
            <title>{`${b.label}: ${b.detail}`}</title>
          </rect>
          <text x={labelW + Math.max(1, b.share * (w - labelW - 40)) + 4} y={12} className="kpi-axis">
            {b.value}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Acknowledgement times: p90 (light) with p50 (solid) inside, per rule or per operator. */
export function AckBarsSvg({ bars, testId, empty }: { bars: AckBar[]; testId: string; empty: string }) {
  if (bars.length === 0) return <p className="muted small">{empty}</p>;
  const row = 20;
  const w = 420;
  const labelW = 170;
  const len = (share: number) => Math.max(share > 0 ? 1 : 0, share * (w - labelW - 90));
  return (
    <svg className="kpi-chart" viewBox={`0 0 ${w} ${bars.length * row + 2}`} data-testid={testId}>
      {bars.map((b, i) => (
        <g key={`${b.label}|${i}`} transform={`translate(0 ${i * row})`}>
          <text x={labelW - 6} y={13} className="kpi-label" textAnchor="end">
            {clip(b.label, 28)}
          </text>
          <rect x={labelW} y={3} width={len(b.p90Share)} height={row - 6} className="kpi-ack p90">
            <title>{`${b.label}: p90 ${formatDuration(b.p90)} (${b.note})`}</title>
          </rect>
          <rect x={labelW} y={6} width={len(b.p50Share)} height={row - 12} className="kpi-ack p50">
            <title>{`${b.label}: p50 ${formatDuration(b.p50)} (${b.note})`}</title>
          </rect>
          <text x={labelW + len(b.p90Share) + 4} y={13} className="kpi-axis">
            {b.p50 === null ? `— (${b.note})` : `${formatDuration(b.p50)} / ${formatDuration(b.p90)}`}
          </text>
        </g>
      ))}
    </svg>
  );
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
