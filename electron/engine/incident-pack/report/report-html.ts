/**
 * The incident pack's report: one HTML file that makes no external request (inline CSS, map snapshots as data: URIs,
 * the timeline and the key sensors' charts as inline SVG), every text escaped, printable to clean PDF pages (the
 * @media print rules; Chromium's print-to-PDF, or "Save as PDF" in the desktop app). Times are the city's local time
 * with the zone named.
 */
import { PRIORITY_LABEL } from '../../../shared/alarm-priority';
import { SEVERITY_LABEL } from '../../../shared/severity';
import { formatFeedTime } from '../../../shared/zone-time';
import type { ReportInput } from '../render-types';
import { escapeHtml as esc } from './escape';
import { chartSvg, timelineSvg } from './svg-charts';

const CSS = `
*{box-sizing:border-box}
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:24px auto;max-width:1040px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.meta{color:#4b5563;margin:0 0 12px}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}
.counts td{text-align:right}.counts th{width:30%}
.notes{white-space:pre-wrap;background:#f9fafb;border:1px solid #e5e7eb;padding:8px;font:inherit;margin:0}
figure{margin:0 0 16px}figure img{max-width:100%;height:auto;border:1px solid #d1d5db;display:block}
figcaption{color:#4b5563;font-size:12px;margin-top:4px}
.sev{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.sev-critical{background:rgb(255,45,85)}.sev-warning{background:rgb(255,179,0)}.sev-info{background:rgb(79,195,247)}
.legend{font-size:11px;color:#4b5563}.legend span{margin-right:14px}
.hatch{display:inline-block;width:14px;height:10px;vertical-align:middle;background:repeating-linear-gradient(45deg,#f3f4f6 0 3px,#9ca3af 3px 5px)}
.tick{display:inline-block;width:2px;height:10px;background:#1d4ed8;vertical-align:middle}
.chart-block{margin-bottom:14px}.chart-block h3{font-size:13px;margin:8px 0 2px}
.empty{color:#6b7280;font-style:italic}
footer{margin-top:28px;color:#6b7280;font-size:11px}
@media print{
  @page{size:A4;margin:12mm}
  body{margin:0;max-width:none;padding:0;font-size:10.5px}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h2{break-after:avoid}
  figure,.chart-block,svg,tr{break-inside:avoid}
  thead{display:table-header-group}
  section.snapshots figure{break-before:auto}
  a{color:inherit;text-decoration:none}
}
`;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls: string, empty: string): string {
  if (rows.length === 0) return `<p class="empty">${esc(empty)}</p>`;
  return `<table class="${cls}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The report as one self-contained HTML document. */
export function renderReport(input: ReportInput): string {
  const zone = input.city.timeZone;
  const t = (ms: number | null | undefined): string => esc(ms === null || ms === undefined ? '—' : formatFeedTime(ms, zone));
  const by = (who: { by: string; at: number; comment?: string } | null): string =>
    who ? `${t(who.at)}<br>by ${esc(who.by)}${who.comment ? `<br>“${esc(who.comment)}”` : ''}` : '—';
  const areaText = input.area ? (input.area.kind === 'district' ? `district ${input.area.name}` : `a drawn area (${input.area.polygon.length} corners)`) : 'the whole city (no area)';

  const counts = table(
    ['What', 'Count'],
    [
      ['Sensors', String(input.counts.sensors)],
      ['Readings', String(input.counts.readings)],
      ['Alarms', String(input.counts.alarms)],
      ['Operator actions', String(input.counts.actions)],
      ['Notes', String(input.counts.notes)],
      ['Recorded gaps', String(input.counts.gaps)],
    ].map(([a, b]) => [esc(a!), esc(b!)]),
    'counts',
    '',
  );

  const snapshots = input.snapshots.length
    ? input.snapshots
        .map((s) => `<figure><img alt="${esc(`Map at ${formatFeedTime(s.at, zone)}`)}" src="data:image/png;base64,${base64(s.png)}"><figcaption>The map at ${t(s.at)}: sensors in their state then, alarms open then (thicker rings: not yet acknowledged).</figcaption></figure>`)
        .join('')
    : '<p class="empty">No map snapshots.</p>';

  const alarms = table(
    ['Rule', 'Place', 'Severity', 'Raised', 'Acknowledged', 'Cleared', 'Resolved', 'Message'],
    input.alarms.map(({ alarm, ruleName, place }) => [
      esc(ruleName),
      esc(place),
      `<span class="sev sev-${esc(alarm.severity)}"></span>${esc(SEVERITY_LABEL[alarm.severity] ?? alarm.severity)} · ${esc(PRIORITY_LABEL[alarm.priority] ?? alarm.priority)}`,
      t(alarm.raisedAt),
      by(alarm.acknowledged),
      t(alarm.clearedAt),
      by(alarm.resolved),
      esc(alarm.message),
    ]),
    'alarms',
    'No alarms in the window.',
  );

  const actions = table(
    ['Time', 'Who', 'What', 'Subject', 'Detail'],
    input.actions.map((a) => [t(a.feedAt), esc(a.user), esc(a.actionText), esc(a.subjectText), esc(a.detailText)]),
    'actions',
    'No operator actions in the window.',
  );

  const gaps = table(
    ['From', 'To', 'Scope', 'Reason'],
    input.gaps.map((g) => [t(g.from), t(g.to), esc(g.scope), esc(g.reason)]),
    'gaps',
    'No recorded gaps.',
  );

  const charts = input.charts.length
    ? input.charts.map((c) => `<div class="chart-block"><h3>${esc(`${c.sensorName}: ${c.metricLabel}${c.unit ? ` (${c.unit})` : ''}`)}</h3>${chartSvg(c, input.from, input.to, zone)}</div>`).join('')
    : '<p class="empty">No key sensors charted.</p>';

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Incident report: ${input.name}`)}</title>
<style>${CSS}</style></head>
<body>
<header><h1>${esc(input.name)}</h1>
<p class="meta">${esc(input.city.name)} · ${t(input.from)} to ${t(input.to)} · times in ${esc(zone)} · area: ${esc(areaText)}<br>Pack made ${t(input.createdAt)} by ${esc(input.createdBy)}</p></header>
<section class="summary"><h2>Counts</h2>${counts}</section>
<section class="notes-section"><h2>Notes</h2>${input.notes.trim() ? `<pre class="notes">${esc(input.notes)}</pre>` : '<p class="empty">No notes.</p>'}</section>
<section class="snapshots"><h2>Map snapshots</h2>${snapshots}</section>
<section><h2>Timeline</h2>${timelineSvg(input.timeline, input.from, input.to, zone)}
<p class="legend"><span><span class="sev sev-critical"></span>critical</span><span><span class="sev sev-warning"></span>warning</span><span><span class="sev sev-info"></span>info alarm (bar: raised to cleared)</span><span><span class="hatch"></span> recorded gap</span><span><span class="tick"></span> operator action</span><span>grey bars: readings received</span>${input.timeline.alarmsTotal > input.timeline.alarms.length ? `<span>${esc(`${input.timeline.alarms.length} of ${input.timeline.alarmsTotal} alarms shown`)}</span>` : ''}</p></section>
<section><h2>Alarms</h2>${alarms}</section>
<section><h2>Operator actions</h2>${actions}</section>
<section><h2>Key sensors</h2>${charts}</section>
<section><h2>Recorded gaps</h2>${gaps}</section>
<footer><h2>How this report was made</h2><p>Made by CityDesk from the desk's cache: readings, alarms and operator actions as they were recorded (feed time), nothing cleaned or recomputed; gaps are drawn as gaps. Map snapshots are drawn by the engine from the stored states at each instant. Every file of the pack is listed with its SHA-256 in manifest.json (this report cannot hold its own hash). Credits: ${esc(input.city.attribution ?? 'none given')}.</p></footer>
</body></html>
`;
}
