/**
 * End-to-end: an incident pack exported from one desk and opened in a second CityDesk (issue 10 items 6 and 7), in
 * Debian's Chromium against two browser-mode hosts.
 *
 *   1. Desk A runs the embedded Aarhus DEMO feed at --speed 60 with a fresh cache (6 h of warm-up history). A bookmark
 *      is saved around an alarm of that history (window, the whole city, the alarm linked).
 *   2. In the Incidents tab, "Export pack" on the bookmark writes the pack with its progress bar; the result names its
 *      folder. The folder holds every file of FORMAT.md; the manifest's hashes match; the snapshots are PNG pictures
 *      of the map (decoded, many colours, not blank); the report makes no request when opened in Chromium.
 *   3. Desk B is `npm run web -- --incident DIR`: no feed, the pack only. It opens in replay, read-only, at the pack's
 *      start, the banner says the pack is verified; at the alarm's instant desk B's frame equals desk A's for every
 *      sensor of the pack (the same readings, as recorded) and holds the linked alarm; a write is refused.
 *   4. No uncaught page errors, console errors, CSP violations or failed requests on either desk. Screenshots:
 *      test-results/e2e-pack-export.png (desk A, the pack written), e2e-pack-reopened.png (desk B in the pack).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, EngineSnapshot, Incident, ReplayFrame } from '../../electron/engine/api';
import { PACK_FILES, packManifestSchema } from '../../electron/engine/incident-pack/format';
import { WAIT_MS, checkPrerequisites, engineCall, groupAlive, launchChromium, shoot, startHost, stopGroup, watchPage, type Host, type PageWatch } from './harness';
import { decodePng } from './png';

const HOUR = 3_600_000;

describe('incident pack: export from one desk, open in another (e2e, Chromium)', () => {
  let hostA: Host | undefined;
  let hostB: Host | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const watches: PageWatch[] = [];

  async function open(host: Host): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const watch = await watchPage(page);
    watches.push(watch);
    await page.goto(host.url);
    await watch.guard(page.waitForFunction(() => window.__citydesk?.mapLoaded === true, null, { timeout: WAIT_MS }));
    return page;
  }

  beforeAll(async () => {
    checkPrerequisites();
    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-pack-'));
    hostA = await startHost(['--db', join(dir, 'cache.db'), '--speed', '60'], env);
    browser = await launchChromium();
  });

  afterAll(async () => {
    try {
      for (const c of contexts) await c.close();
      await browser?.close();
    } catch {
      // the browser may already be gone
    }
    for (const h of [hostA, hostB]) {
      if (!h) continue;
      await stopGroup(h);
      if (h.child.pid !== undefined) expect(groupAlive(h.child.pid), 'web host processes still running after stop').toBe(false);
    }
  });

  it('exports a bookmark as a pack, and a second CityDesk opens it read-only in replay showing the same state', async () => {
    const portA = hostA!.port;
    const pageA = await open(hostA!);

    // 1. An alarm of the warm-up history, an hour (else half an hour) or more inside what the cache holds; a bookmark around it.
    let alarm: Alarm | undefined;
    await expect
      .poll(
        async () => {
          const snap = await engineCall<EngineSnapshot>(portA, 'snapshot', {});
          const [oldest, now] = [snap.status.cache.oldest ?? Infinity, snap.status.feedTime ?? 0];
          const alarms = await engineCall<Alarm[]>(portA, 'alarms', { includeResolved: true, limit: 5000 });
          alarm = alarms.find((a) => a.raisedAt > oldest + HOUR && a.raisedAt < now - HOUR) ?? alarms.find((a) => a.raisedAt > oldest + HOUR / 2 && a.raisedAt < now - HOUR / 2);
          return alarm !== undefined;
        },
        { timeout: WAIT_MS, interval: 1000 },
      )
      .toBe(true);
    const at = alarm!.raisedAt;
    const bookmark = await engineCall<Incident>(portA, 'saveIncident', { name: 'Pack round trip', from: at - HOUR / 2, to: at + HOUR / 2, area: null, notes: 'Checked <b>by</b> the e2e test.', alarmIds: [alarm!.id] });

    // 2. Export it from the Incidents tab.
    await pageA.getByTestId('tab-incidents').click();
    await pageA.locator(`[data-testid="incident-row"][data-incident-id="${bookmark.id}"]`).click();
    await pageA.getByTestId('pack-export-start').click();
    const dirText = pageA.getByTestId('pack-dir');
    await dirText.waitFor({ timeout: 180_000 });
    const packDir = (await dirText.textContent())!.trim();
    await shoot(pageA, 'e2e-pack-export.png');

    const manifest = packManifestSchema.parse(JSON.parse(readFileSync(join(packDir, PACK_FILES.manifest), 'utf8')));
    expect(manifest.incident).toMatchObject({ id: bookmark.id, name: 'Pack round trip', alarmIds: [alarm!.id] });
    for (const f of manifest.files) {
      const bytes = readFileSync(join(packDir, f.path));
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    const listed = new Set(manifest.files.map((f) => f.path));
    for (const name of [PACK_FILES.readingsCsv, PACK_FILES.alarmsNdjson, PACK_FILES.actionsCsv, PACK_FILES.catalogue, PACK_FILES.rules, PACK_FILES.zoneGeojson, PACK_FILES.report]) expect(listed.has(name), name).toBe(true);
    const pngs = readdirSync(join(packDir, PACK_FILES.snapshotsDir)).filter((f) => f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    for (const file of pngs) {
      const png = decodePng(readFileSync(join(packDir, PACK_FILES.snapshotsDir, file)));
      const colours = new Set<number>();
      for (let i = 0; i < png.data.length; i += 4 * 97) colours.add((png.data[i]! << 16) | (png.data[i + 1]! << 8) | png.data[i + 2]!);
      expect(colours.size, `${file} is a picture, not a blank`).toBeGreaterThan(50);
    }
    // The report opens with no request at all (everything inline), and the notes are text, not markup.
    const reportPage = await contexts[0]!.newPage();
    const requests: string[] = [];
    reportPage.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await reportPage.goto(pathToFileURL(join(packDir, PACK_FILES.report)).href);
    expect(await reportPage.locator('body').textContent()).toContain('Checked <b>by</b> the e2e test.');
    expect(requests).toEqual([]);
    await reportPage.close();

    // 3. A second CityDesk on the pack alone.
    hostB = await startHost(['--incident', packDir]);
    const portB = hostB.port;
    const pageB = await open(hostB);
    await expect.poll(() => pageB.getByTestId('pack-banner').getAttribute('data-verified'), { timeout: WAIT_MS }).toBe('true');
    await expect.poll(() => pageB.evaluate(() => window.__citydesk!.replay.state()?.at ?? null), { timeout: WAIT_MS }).toBe(bookmark.from);
    expect(await pageB.getByTestId('replay-back-to-live').count()).toBe(0);
    expect(await pageB.getByTestId('replay-band').textContent()).toMatch(/Incident pack \(read-only\)/);

    const packSensors = (await engineCall<EngineSnapshot>(portB, 'snapshot', {})).catalogue.map((s) => s.id);
    expect(packSensors.length).toBeGreaterThan(0);
    const frameA = await engineCall<ReplayFrame>(portA, 'replayFrame', { at, sensorIds: packSensors });
    const frameB = await engineCall<ReplayFrame>(portB, 'replayFrame', { at, sensorIds: packSensors });
    const lastOf = (f: ReplayFrame) => new Map(f.states.map((s) => [s.sensorId, s.last && { ts: s.last.ts, values: s.last.values }]));
    expect(lastOf(frameB)).toEqual(lastOf(frameA));
    const alarmB = frameB.alarms.find((a) => a.id === alarm!.id);
    expect(alarmB, 'the linked alarm is open at its raise in the pack').toBeDefined();
    expect(alarmB!.state).toBe(frameA.alarms.find((a) => a.id === alarm!.id)!.state);
    await expect(engineCall(portB, 'addNote', { sensorId: packSensors[0], text: 'x' })).rejects.toThrow(/forbidden: this desk shows an incident pack/);

    await pageB.evaluate((t) => window.__citydesk!.replay.seek(t), at);
    await pageB.waitForFunction((t) => document.querySelector('[data-testid="replay-band"]')?.getAttribute('data-frame-at') === String(t), at, { timeout: WAIT_MS });
    await shoot(pageB, 'e2e-pack-reopened.png');
    expect(existsSync(join(packDir, PACK_FILES.manifest))).toBe(true);

    for (const watch of watches) expect({ console: watch.consoleErrors, page: watch.pageErrors, csp: watch.cspViolations, requests: watch.badRequests }).toEqual({ console: [], page: [], csp: [], requests: [] });
  }, 420_000);
});
