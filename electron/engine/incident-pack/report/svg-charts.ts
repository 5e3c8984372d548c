/**
 * The report's inline SVG pictures: the incident's timeline (reading density, gaps hatched, alarms as marks by
 * severity, operator actions as ticks) and one chart per key sensor (gaps drawn as gaps, alarm raises marked). Pure:
 * data in, SVG text out, every text escaped; no external reference (the hatch is an inline pattern).
 */
import type { TimelineData } from '../../api';
import { SEVERITY_COLORS } from '../../../shared/alarm-colors';
import { formatTime } from '../../../shared/zone-time';
import type { ReportChart } from '../render-types';
import { escapeHtml as esc } from './escape';

const W = 1000;
const rgb = (c: readonly number[]): string => `rgb(${c[0]},${c[1]},${c[2]})`;

/** The hatch pattern gaps are filled with (defined in every SVG that uses it: each SVG stands alone). */
const HATCH_DEFS =
  '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f4f6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" stroke-width="2"/></pattern></defs>';

/** Round-ish tick instants across [from, to] and their local labels. */
function ticks(from: number, to: number, zone: string, n = 6): { at: number; label: string }[] {
  const span = Math.max(1, to - from);
  const steps = [60e3, 300e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3, 2 * 86400e3, 7 * 86400e3];
  const step = steps.find((s) => span / s <= n) ?? steps[steps.length - 1]!;
  const out: { at: number; label: string }[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    out.push({ at: t, label: formatTime(t, zone, step >= 86400e3 ? 'day' : 'listTime') });
  }
  return out;
}

function axis(from: number, to: number, zone: string, x: (t: number) => number, y: number): string {
  return ticks(from, to, zone)
    .map((t) => {
      const at = x(t.at);
      // Labels at the ends stay inside the picture.
      const anchor = at < 40 ? 'start' : at > W - 40 ? 'end' : 'middle';
      return `<line x1="${at.toFixed(1)}" y1="${y}" x2="${at.toFixed(1)}" y2="${y + 4}" stroke="#6b7280"/><text x="${at.toFixed(1)}" y="${y + 15}" font-size="10" text-anchor="${anchor}" fill="#374151">${esc(t.label)}</text>`;
    })
    .join('');
}

/** The timeline of the incident's window: density bars, hatched gaps, alarm marks by severity, action ticks. */
export function timelineSvg(t: TimelineData, from: number, to: number, zone: string): string {
  const H = 150;
  const span = Math.max(1, to - from);
  const x = (ms: number): number => 10 + ((Math.max(from, Math.min(to, ms)) - from) / span) * (W - 20);
  const parts: string[] = [HATCH_DEFS, `<rect x="10" y="10" width="${W - 20}" height="110" fill="#fafafa" stroke="#d1d5db"/>`];
  const max = Math.max(1, ...t.density.counts);
  t.density.counts.forEach((c, i) => {
    const a = t.from + i * t.density.bucketMs;
    if (c <= 0 || a + t.density.bucketMs < from || a > to) return;
    const h = (c / max) * 30;
    parts.push(`<rect x="${x(a).toFixed(1)}" y="${(120 - h).toFixed(1)}" width="${Math.max(0.5, x(a + t.density.bucketMs) - x(a)).toFixed(1)}" height="${h.toFixed(1)}" fill="#cbd5e1"><title>${c} readings</title></rect>`);
  });
  for (const g of t.gaps) {
    if (g.to < from || g.from > to) continue;
    parts.push(`<rect class="gap" x="${x(g.from).toFixed(1)}" y="10" width="${Math.max(1, x(g.to) - x(g.from)).toFixed(1)}" height="110" fill="url(#hatch)" opacity="0.8"><title>${esc(`Gap (${g.scope}): ${g.reason}`)}</title></rect>`);
  }
  t.alarms.forEach((a, i) => {
    const y = 16 + (i % 8) * 8;
    const end = a.clearedAt ?? a.resolvedAt ?? to;
    const color = rgb(SEVERITY_COLORS[a.severity]);
    parts.push(
      `<g class="alarm-mark"><title>${esc(`${a.ruleName} at ${a.subjectName} (${a.severity})`)}</title><rect x="${x(a.raisedAt).toFixed(1)}" y="${y}" width="${Math.max(2, x(end) - x(a.raisedAt)).toFixed(1)}" height="5" fill="${color}" opacity="0.55"/><rect x="${(x(a.raisedAt) - 1).toFixed(1)}" y="${y - 2}" width="3" height="9" fill="${color}"/></g>`,
    );
  });
  for (const a of t.actions) {
    parts.push(`<line class="action-tick" x1="${x(a.at).toFixed(1)}" y1="122" x2="${x(a.at).toFixed(1)}" y2="132" stroke="#1d4ed8" stroke-width="1.5"><title>${esc(a.text)}</title></line>`);
  }
  parts.push(axis(from, to, zone, x, 134));
  return `<svg class="timeline" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Timeline">${parts.join('')}</svg>`;
}

/** Formats a value for an axis label. */
function num(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** One key sensor's metric over the window: the line breaks at empty values and at gaps; alarm raises marked. */
export function chartSvg(c: ReportChart, from: number, to: number, zone: string): string {
  const H = 190;
  const top = 12;
  const bottom = 150;
  const span = Math.max(1, to - from);
  const x = (ms: number): number => 50 + ((ms - from) / span) * (W - 60);
  const values = c.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = hi === lo ? 1 : (hi - lo) * 0.08;
  const y = (v: number): number => bottom - ((v - (lo - pad)) / (hi + pad - (lo - pad))) * (bottom - top);
  const inGap = (ms: number): boolean => c.gaps.some((g) => ms >= g.from && ms <= g.to);
  const parts: string[] = [HATCH_DEFS, `<rect x="50" y="${top}" width="${W - 60}" height="${bottom - top}" fill="#fff" stroke="#d1d5db"/>`];
  for (const g of c.gaps) {
    if (g.to < from || g.from > to) continue;
    const a = x(Math.max(from, g.from));
    parts.push(`<rect class="gap" x="${a.toFixed(1)}" y="${top}" width="${Math.max(1, x(Math.min(to, g.to)) - a).toFixed(1)}" height="${bottom - top}" fill="url(#hatch)"><title>${esc(`Gap: ${g.reason}`)}</title></rect>`);
  }
  // Runs of points with values, broken at empty values and where a gap lies between two points.
  const runs: { ts: number; value: number }[][] = [];
  let run: { ts: number; value: number }[] = [];
  const sorted = [...c.points].sort((a, b) => a.ts - b.ts);
  for (const p of sorted) {
    const prev = run[run.length - 1];
    const broken = p.value === null || !Number.isFinite(p.value) || inGap(p.ts) || (prev && c.gaps.some((g) => g.from < p.ts && g.to > prev.ts));
    if (broken && run.length) {
      runs.push(run);
      run = [];
    }
    if (p.value !== null && Number.isFinite(p.value) && !inGap(p.ts)) run.push({ ts: p.ts, value: p.value });
  }
  if (run.length) runs.push(run);
  for (const r of runs) {
    if (r.length === 1) parts.push(`<circle cx="${x(r[0]!.ts).toFixed(1)}" cy="${y(r[0]!.value).toFixed(1)}" r="1.8" fill="#2563eb"/>`);
    else parts.push(`<polyline class="series" fill="none" stroke="#2563eb" stroke-width="1.5" points="${r.map((p) => `${x(p.ts).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`);
  }
  for (const at of c.alarmsAt) {
    if (at < from || at > to) continue;
    parts.push(`<line class="alarm-at" x1="${x(at).toFixed(1)}" y1="${top}" x2="${x(at).toFixed(1)}" y2="${bottom}" stroke="${rgb(SEVERITY_COLORS.critical)}" stroke-width="1.5" stroke-dasharray="4 3"><title>Alarm raised</title></line>`);
  }
  const unit = c.unit ? ` ${c.unit}` : '';
  parts.push(`<text x="46" y="${top + 8}" font-size="10" text-anchor="end" fill="#374151">${esc(num(hi) + unit)}</text>`);
  parts.push(`<text x="46" y="${bottom}" font-size="10" text-anchor="end" fill="#374151">${esc(num(lo) + unit)}</text>`);
  if (values.length === 0) parts.push(`<text x="${W / 2}" y="${(top + bottom) / 2}" font-size="12" text-anchor="middle" fill="#6b7280">No readings in the window</text>`);
  parts.push(axis(from, to, zone, x, bottom + 2));
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(`${c.sensorName}: ${c.metricLabel}`)}">${parts.join('')}</svg>`;
}
