/**
 * The pack's HTML report: self-contained (no external reference, opens in Chromium with zero network requests),
 * every text escaped (notes with <script> stay text), its tables and pictures render, and it prints to PDF pages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Alarm, AuditRow, TimelineData } from '../../../electron/engine/api';
import { shippedRegistry } from '../../../electron/engine/feed/registry';
import { renderMapPng } from '../../../electron/engine/incident-pack/raster/map-snapshot';
import type { ReportInput } from '../../../electron/engine/incident-pack/render-types';
import { renderReport } from '../../../electron/engine/incident-pack/report/report-html';
import { chartSvg } from '../../../electron/engine/incident-pack/report/svg-charts';
import type { Sensor } from '../../../electron/shared/model';
import { launchChromium } from '../../e2e/harness';

const OUT = join(__dirname, '../../../test-results/incident-pack');
const from = Date.UTC(2014, 7, 1, 8, 0, 0);
const to = from + 6 * 3600_000;
const EVIL = `<script>window.__pwned = 1</script><img src="https://evil.example/x.png" onerror="window.__pwned=2">"quoted" & 'single'`;

function alarm(id: string, raisedAt: number, over: Partial<Alarm> = {}): Alarm {
  return {
    id,
    ruleId: 'car-park-full',
    subject: 'parking:A',
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    raisedAt,
    message: `Occupancy 97 % <b>full</b>`,
    lastMessage: '',
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: raisedAt,
    priority: 'high',
    ...over,
  };
}

function input(): ReportInput {
  const sensor: Sensor = { id: 'parking:A', kind: 'car-park', name: 'Bruuns <Galleri>', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { totalSpaces: 100 } };
  const png = renderMapPng({
    width: 320,
    height: 200,
    bbox: [10.19, 56.14, 10.21, 56.16],
    at: from + 3600_000,
    city: { name: 'Aarhus', timeZone: 'Europe/Copenhagen', home: null, extent: null, attribution: null, source: 'feed' },
    sensors: [sensor],
    registry: shippedRegistry(),
    states: [{ sensorId: sensor.id, last: { sensorId: sensor.id, ts: from + 3500_000, values: { vehicleCount: 97, totalSpaces: 100 } }, derived: {}, flags: [], count: 1 }],
    alarms: [],
    area: null,
    basemap: null,
  });
  const alarms = [
    { alarm: alarm('a1', from + 3600_000, { acknowledged: { by: 'Ana <ops>', at: from + 3900_000, comment: EVIL } }), ruleName: 'Car park full', place: 'Bruuns <Galleri>' },
    { alarm: alarm('a2', from + 7200_000, { severity: 'critical', priority: 'urgent', clearedAt: from + 9000_000 }), ruleName: 'Jam & spread', place: 'Viby' },
  ];
  const actions: AuditRow[] = [
    { id: 1, at: from + 3900_000, feedAt: from + 3900_000, user: 'Ana', action: 'acknowledge', actionText: 'acknowledged', subject: 'a1', subjectText: 'Car park full at Bruuns Galleri', alarmId: 'a1', ruleId: 'car-park-full', ruleName: 'Car park full', place: 'Bruuns Galleri', detailText: EVIL },
  ];
  const timeline: TimelineData = {
    from,
    to,
    extent: { from, to } as TimelineData['extent'],
    alarms: alarms.map(({ alarm: a, ruleName, place }) => ({ id: a.id, ruleId: a.ruleId, ruleName, subject: a.subject, subjectName: place, severity: a.severity, priority: a.priority, raisedAt: a.raisedAt, clearedAt: a.clearedAt, acknowledgedAt: a.acknowledged?.at ?? null, resolvedAt: null })),
    alarmsTotal: 2,
    gaps: [{ id: 1, scope: 'all', from: from + 4 * 3600_000, to: from + 4.5 * 3600_000, reason: 'feed unreachable' }],
    actions: [{ id: '1', at: from + 3900_000, kind: 'acknowledge', user: 'Ana', text: 'Ana acknowledged <it>', alarmId: 'a1', sensorId: null }],
    density: { bucketMs: 600_000, counts: Array.from({ length: 36 }, (_, i) => (i >= 24 && i < 27 ? 0 : 50 + (i % 7) * 10)) },
  };
  const points = Array.from({ length: 72 }, (_, i) => ({ ts: from + i * 300_000, value: i === 10 ? null : 50 + 40 * Math.sin(i / 8) }));
  return {
    name: 'Car park overflow </title><script>alert(1)</script>',
    from,
    to,
    area: { kind: 'district', name: 'Midtbyen <centre>', polygons: [] },
    notes: `Operator notes:\n${EVIL}\nsecond line`,
    city: { name: 'Aarhus', timeZone: 'Europe/Copenhagen', home: null, extent: null, attribution: 'CityPulse (CC BY 4.0)', source: 'feed' },
    createdAt: to + 3600_000,
    createdBy: 'Investigator <x>',
    snapshots: [{ at: from + 3600_000, png }],
    timeline,
    alarms,
    actions,
    gaps: timeline.gaps,
    charts: [{ sensorId: sensor.id, sensorName: sensor.name, metricLabel: 'Occupancy', unit: '%', points, gaps: [{ from: from + 4 * 3600_000, to: from + 4.5 * 3600_000, reason: 'feed unreachable' }], alarmsAt: [from + 3600_000] }],
    counts: { sensors: 1, readings: 71, alarms: 2, actions: 1, notes: 1, gaps: 1 },
  };
}

describe('report HTML', () => {
  const html = renderReport(input());

  it('makes no external reference: no http(s) or protocol-relative src/href, images as data: URIs', () => {
    // The notes quote an https address: as text. No attribute value or style names one.
    const attributes = [...html.matchAll(/\s[\w-]+\s*=\s*"([^"]*)"/g)].map((m) => m[1]!);
    expect(attributes.length).toBeGreaterThan(50);
    for (const a of attributes) expect(a).not.toMatch(/^\s*(https?:|\/\/|file:)/i);
    const style = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(style).not.toMatch(/https?:|\/\//i);
    expect(renderReport({ ...input(), notes: 'plain', actions: [], alarms: [] })).not.toMatch(/https?:/i);
    const refs = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) expect(r.startsWith('data:')).toBe(true);
    expect(html).not.toMatch(/url\((?!#)/); // only references to inline SVG patterns
    expect(html).not.toMatch(/@import/);
  });

  it('escapes every text: notes, names, comments, messages', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('onerror="');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('Bruuns &lt;Galleri&gt;');
    expect(html).toContain('Jam &amp; spread');
    expect(html).toContain('Occupancy 97 % &lt;b&gt;full&lt;/b&gt;');
  });

  it('breaks a chart line at empty values and gaps', () => {
    const svg = chartSvg(input().charts[0]!, from, to, 'Europe/Copenhagen');
    // Runs: before the null (0..9), from 11 to the gap, after the gap: three polylines.
    expect(svg.match(/<polyline class="series"/g)?.length).toBe(3);
    expect(svg).toContain('class="gap"');
    expect(svg).toContain('class="alarm-at"');
  });
});

describe('report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens with zero network requests, renders its tables, pictures and notes as text, and prints to PDF pages', async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'report.html');
    writeFileSync(file, renderReport(input()));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    expect(requests).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
    expect(await page.locator('table.alarms tbody tr').count()).toBe(2);
    expect(await page.locator('table.actions tbody tr').count()).toBe(1);
    expect(await page.locator('table.gaps tbody tr').count()).toBe(1);
    expect(await page.locator('table.alarms').innerText()).toContain('by Ana <ops>');
    expect(await page.locator('pre.notes').innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('figure img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    expect(await page.locator('svg.timeline .alarm-mark').count()).toBe(2);
    expect(await page.locator('svg.chart polyline.series').count()).toBe(3);
    expect(await page.title()).toContain('</title><script>');
    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(OUT, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});
