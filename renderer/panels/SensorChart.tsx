/**
 * uPlot chart of a sensor's last 6 hours (feed time). Gaps are shaded and never bridged.
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SensorHistory } from '../../electron/engine/api';
import type { SensorKind } from '../../electron/engine/model';
import { buildChartData } from './chartData';
import { DISPLAY_TIME_ZONE, metricLabel } from './format';

const PALETTE = ['#4fc3f7', '#ffb300', '#81c784', '#f06292', '#ba68c8'];

interface SeriesDef {
  metric: string;
  scale: string;
}

export function chartSeries(kind: SensorKind): SeriesDef[] {
  switch (kind) {
    case 'traffic':
      return [
        { metric: 'avgSpeedKmh', scale: 'kmh' },
        { metric: 'vehicleCount', scale: 'count' },
      ];
    case 'parking':
      return [
        { metric: 'vehicleCount', scale: 'count' },
        { metric: 'totalSpaces', scale: 'count' },
      ];
    case 'air':
      return ['ozone', 'particulateMatter', 'carbonMonoxide', 'sulfurDioxide', 'nitrogenDioxide'].map((metric) => ({ metric, scale: 'index' }));
  }
}

const SCALE_LABEL: Record<string, string> = { kmh: 'km/h', count: 'vehicles', index: 'index' };

export function SensorChart({ kind, history }: { kind: SensorKind; history: SensorHistory | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

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
    if (!el || !history || width <= 0) return;
    const defs = chartSeries(kind);
    const { data, gaps } = buildChartData(history, defs.map((d) => d.metric));
    const scales = [...new Set(defs.map((d) => d.scale))];
    const opts: uPlot.Options = {
      width,
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), DISPLAY_TIME_ZONE),
      scales: { x: { time: true, range: [history.from / 1000, history.to / 1000] } },
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        {},
        ...defs.map((d, i) => ({
          label: `${metricLabel(d.metric).label}${metricLabel(d.metric).unit ? ` (${metricLabel(d.metric).unit})` : ''}`,
          scale: d.scale,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          spanGaps: false,
          points: { show: false },
        })),
      ],
      axes: [
        { stroke: '#9aa7b8', grid: { stroke: 'rgba(255,255,255,0.06)' }, ticks: { stroke: 'rgba(255,255,255,0.1)' } },
        ...scales.map((scale, i) => ({
          scale,
          side: i === 0 ? 3 : 1,
          label: SCALE_LABEL[scale] ?? scale,
          stroke: '#9aa7b8',
          grid: { show: i === 0, stroke: 'rgba(255,255,255,0.06)' },
          ticks: { stroke: 'rgba(255,255,255,0.1)' },
        })),
      ],
      hooks: {
        drawClear: [
          (u: uPlot) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.fillStyle = 'rgba(255, 90, 90, 0.13)';
            for (const g of gaps) {
              const x0 = u.valToPos(g.from, 'x', true);
              const x1 = u.valToPos(g.to, 'x', true);
              const left = Math.max(u.bbox.left, Math.min(x0, x1));
              const right = Math.min(u.bbox.left + u.bbox.width, Math.max(x0, x1));
              if (right > left) ctx.fillRect(left, u.bbox.top, Math.max(1, right - left), u.bbox.height);
            }
            ctx.restore();
          },
        ],
      },
    };
    const plot = new uPlot(opts, data, el);
    return () => plot.destroy();
  }, [kind, history, width]);

  return (
    <div className="sensor-chart" data-testid="sensor-chart" ref={ref}>
      {history && history.points.length === 0 && <div className="chart-empty">No readings in the last 6 hours</div>}
    </div>
  );
}
