/**
 * End-to-end: Aberdeen, the second real city (issue 8, item 8), in Chromium through the browser-mode host.
 *
 * (a) File replay: the desk runs the shipped Aberdeen hub config embedded (`--hub-config assets/cities/aberdeen/hub.json`)
 *     with its base map (`--basemap aberdeen`). The map shows Aberdeen's coast (sea and land pixels where they are)
 *     with the sensors drawn; the title and status bar say Aberdeen; times are in Europe/London (BST/GMT); an air
 *     sensor's panel shows PM10 and PM2.5 in µg/m³, "measured", with the low-cost citizen sensor note; a quirk of the
 *     data (humidity stuck at 100 %, or PM at the sensor's maximum) is flagged in the panel, the value still shown.
 * (b) MQTT: a real Mosquitto, a hub config written here with MQTT sources on aberdeen/#, the quarter hour before now
 *     published by the publisher (electron/cli/publish-mqtt.ts) with --shift-to-now (the week moved by whole weeks to
 *     now's weekday and time of day): the sensors appear live (not stale) on the desk with their values.
 * Screenshots go to test-results/aberdeen-*.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSnapshot } from '../../electron/engine/api';
import { ABERDEEN_DATA, runPublisher } from '../helpers/aberdeen-publisher';
import { HAS_MOSQUITTO, startMosquitto } from '../helpers/mosquitto';
import { checkPrerequisites, colourAt, colourDistance as distance, engineCall, launchChromium, openDesk as openDeskIn, ROOT, shoot, stopGroup, WAIT_MS, type Host } from './harness';

const HUB_CONFIG = join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json');
const SEA = [0x0c, 0x24, 0x36] as const;
const QUIRKS = ['humidity-saturated', 'sensor-maximum'];

let browser: Browser;
beforeAll(async () => {
  checkPrerequisites();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const openDesk = (args: string[]) => openDeskIn(browser, args, { width: 1440, height: 1000 } /* wide enough for the top bar's city name */);

const snapshot = (host: Host) => engineCall<EngineSnapshot>(host.port, 'snapshot', {});

async function waitForSnapshot(host: Host, ok: (s: EngineSnapshot) => boolean, what: string, ms = WAIT_MS): Promise<EngineSnapshot> {
  const end = Date.now() + ms;
  let s = await snapshot(host);
  while (!ok(s)) {
    if (Date.now() > end) throw new Error(`${what} not seen within ${ms / 1000} s: status ${JSON.stringify(s.status)}`);
    await new Promise((r) => setTimeout(r, 1000));
    s = await snapshot(host);
  }
  return s;
}

async function selectSensor(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => window.__citydesk!.selectSensor(id), id);
  await page.getByTestId('sensor-panel').getByText(id, { exact: true }).waitFor({ timeout: 15_000 });
}

describe('Aberdeen on the desk', () => {
  it('(a) file replay: Aberdeen on its base map, in London time, PM in µg/m³ from low-cost citizen sensors, quirks flagged', async () => {
    const { host, page, watch } = await openDesk(['--hub-config', HUB_CONFIG, '--basemap', 'aberdeen']);
    try {
      const snap = await waitForSnapshot(host, (s) => s.status.sensors.live > 30 && s.states.some((st) => st.flags.some((f) => QUIRKS.includes(f))), "Aberdeen's sensors live with a quirk");
      expect(snap.city).toMatchObject({ name: 'Aberdeen', timeZone: 'Europe/London' });

      // Title, top bar and status bar name the city; times in London's zone.
      await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/Aberdeen/);
      await expect.poll(() => page.getByTestId('city-name').textContent(), { timeout: 15_000 }).toBe('Aberdeen live sensors');
      expect(await page.getByTestId('city-name').isVisible()).toBe(true);
      expect(await page.getByTestId('status-city').textContent()).toBe('Aberdeen');
      expect(await page.getByTestId('status-city').getAttribute('title')).toContain('Times in Europe/London');
      expect(await page.getByTestId('status-feed-time').textContent()).toMatch(/\d{2}:\d{2}:\d{2} (BST|GMT)/);

      // The map: Aberdeen's sea and land where they are, the sensors drawn on it.
      await page.evaluate(() => window.__citydesk!.jumpTo([-2.1, 57.15], 11.5));
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0 && (window.__citydesk!.layersDrawn['weather'] ?? 0) > 0, null, { timeout: WAIT_MS });
      await page.waitForTimeout(500);
      const wide = await shoot(page, 'aberdeen-replay-map.png');
      expect(distance(await colourAt(page, wide.png, [-2.0, 57.15]), SEA)).toBeLessThanOrEqual(4); // the North Sea
      expect(distance(await colourAt(page, wide.png, [-2.2, 57.14]), SEA)).toBeGreaterThan(4); // Hazlehead, inland

      // An air-quality sensor with both PM values: µg/m³, measured, the citizen-sensor note.
      const air = snap.catalogue.filter((s) => s.kind === 'air-quality').find((s) => {
        const v = snap.states.find((st) => st.sensorId === s.id)?.last?.values;
        return typeof v?.pm10 === 'number' && typeof v?.pm2_5 === 'number';
      });
      expect(air, 'an air-quality sensor with PM10 and PM2.5').toBeDefined();
      await selectSensor(page, air!.id);
      const panel = page.getByTestId('sensor-panel');
      expect(await panel.getByTestId('sensor-type').textContent()).toMatch(/air/i);
      const provenance = panel.getByTestId('sensor-provenance');
      expect(await provenance.getAttribute('data-provenance')).toBe('measured');
      expect(await provenance.textContent()).toMatch(/measured/i);
      expect(await provenance.textContent()).toMatch(/low-cost citizen sensors/i);
      const metrics = (await panel.getByTestId('sensor-metrics').textContent()) ?? '';
      expect(metrics).toMatch(/PM10/);
      expect(metrics).toMatch(/PM2\.5/);
      expect(metrics.match(/µg\/m³/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      expect(await panel.getByTestId('sensor-latest-time').textContent()).toMatch(/(BST|GMT)$/);
      await shoot(page, 'aberdeen-replay-air-panel.png');

      // A quirk: flagged in the panel, and the value still shown as reported.
      const quirky = (await snapshot(host)).states.find((st) => st.flags.some((f) => QUIRKS.includes(f)))!;
      const flag = quirky.flags.find((f) => QUIRKS.includes(f))!;
      await selectSensor(page, quirky.sensorId);
      await expect.poll(() => panel.locator(`[data-testid="sensor-flags"] li[data-flag="${flag}"]`).count(), { timeout: 15_000 }).toBe(1);
      const note = (await panel.getByTestId('sensor-flag-note').textContent()) ?? '';
      expect(note).toMatch(flag === 'humidity-saturated' ? /Humidity at 100/ : /maximum of 999\.9/);
      expect(note).toMatch(/shown as reported/);
      expect(await panel.getByTestId('sensor-flag-note').isVisible()).toBe(true);
      const values = (await panel.getByTestId('sensor-metrics').textContent()) ?? '';
      expect(values).toMatch(flag === 'humidity-saturated' ? /100(\.0)?\s*%/ : /999\.9/);
      // The map beside the panel still draws Aberdeen around the selected sensor: land there, not only sea.
      await page.waitForTimeout(2000); // the map eases to the sensor
      const quirkShot = await shoot(page, 'aberdeen-replay-quirk-panel.png');
      const at = snap.catalogue.find((c) => c.id === quirky.sensorId)!.geometry;
      expect(at.type).toBe('Point');
      const [lng, lat] = at.coordinates as [number, number];
      expect(distance(await colourAt(page, quirkShot.png, [lng - 0.004, lat]), SEA)).toBeGreaterThan(4);

      expect(watch.pageErrors).toEqual([]);
      expect(watch.cspViolations).toEqual([]);
      expect(watch.consoleErrors).toEqual([]);
    } finally {
      await page.context().close();
      await stopGroup(host);
    }
  }, 300_000);

  it.skipIf(!HAS_MOSQUITTO || !ABERDEEN_DATA)('(b) MQTT: the last quarter hour, shifted to now and published to Mosquitto, appears live on the desk with its values', async () => {
    const broker = await startMosquitto();
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-aberdeen-mqtt-'));
    let host: Host | null = null;
    let page: Page | null = null;
    try {
      const common = { id: 'payload.sensor_id', name: 'payload.name', position: { lon: 'payload.lon', lat: 'payload.lat' }, time: { field: 'payload.timestamp_utc', format: 'iso' } };
      const config = {
        hub: { id: 'aberdeen-mqtt', name: 'Aberdeen over MQTT (test)', city: { name: 'Aberdeen', timeZone: 'Europe/London', home: [-2.2, 57.08, -2.0, 57.22] } },
        sources: [
          {
            id: 'air',
            name: 'PM over MQTT',
            type: 'mqtt',
            connection: { url: broker.url, topics: ['aberdeen/air_quality/#'], payload: 'json' },
            sensorType: 'air-quality',
            mapping: { ...common, metrics: { pm10: { field: 'payload.pm10_ugm3', unit: 'µg/m³' }, pm2_5: { field: 'payload.pm2_5_ugm3', unit: 'µg/m³' } } },
            expectedIntervalS: 300,
          },
          {
            id: 'weather',
            name: 'Weather over MQTT',
            type: 'mqtt',
            connection: { url: broker.url, topics: ['aberdeen/weather/#'], payload: 'json' },
            sensorType: 'weather',
            mapping: { ...common, metrics: { temperature: { field: 'payload.temperature_c', unit: '°C' }, humidity: { field: 'payload.humidity_pct', unit: '%' } } },
            expectedIntervalS: 300,
          },
        ],
      };
      const file = join(dir, 'hub.json');
      writeFileSync(file, JSON.stringify(config, null, 2));
      const desk = await openDesk(['--hub-config', file, '--basemap', 'aberdeen']);
      host = desk.host;
      page = desk.page;
      const h = host;
      // Nothing before anything is published.
      await waitForSnapshot(h, (s) => s.status.connection === 'connected', 'the desk connected to its hub', 60_000);
      expect((await snapshot(h)).catalogue).toEqual([]);

      // The quarter hour of data just before now, shifted by whole weeks to now's weekday and time of day: live readings.
      const now = Date.now();
      const recent = [now - 15 * 60_000, now] as const;
      const iso = (t: number) => new Date(t).toISOString();
      const r = await runPublisher(['--url', broker.url, '--data', ABERDEEN_DATA!, '--shift-to-now', '--from', iso(recent[0]), '--to', iso(recent[1]), '--rate', '200']);
      expect(r.code, r.stderr).toBe(0);
      const published = Number(/^published (\d+) of/.exec(r.stderr)?.[1]);
      expect(published).toBeGreaterThan(20);

      const snap = await waitForSnapshot(
        h,
        (s) => s.catalogue.some((c) => c.kind === 'air-quality') && s.catalogue.some((c) => c.kind === 'weather') && s.states.filter((st) => st.last).length >= 10 && s.status.sensors.live >= 10,
        'MQTT sensors live with values',
      );
      // Their readings are of the last quarter hour (shifted 2019 data), so the sensors are live, not stale.
      const withValues = snap.states.filter((st) => st.last);
      expect(withValues.every((st) => st.last!.ts >= recent[0] && st.last!.ts < recent[1] + 60_000)).toBe(true);
      expect(snap.status.sensors.live).toBeGreaterThanOrEqual(10);
      expect(snap.status.sensors.live).toBeGreaterThan(snap.status.sensors.stale);
      await expect.poll(async () => Number((await page!.getByTestId('status-sensors').locator('.fresh-live').textContent()) ?? 0), { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
      await page.waitForFunction(() => (window.__citydesk!.layersDrawn['air-quality'] ?? 0) > 0 && (window.__citydesk!.layersDrawn['weather'] ?? 0) > 0, null, { timeout: WAIT_MS });
      await page.evaluate(() => window.__citydesk!.jumpTo([-2.1, 57.15], 11.5));
      await page.waitForTimeout(500);
      await shoot(page, 'aberdeen-mqtt-map.png');

      // The air sensor heard from most recently, with a PM10 value.
      const latest = (id: string) => snap.states.find((st) => st.sensorId === id)?.last;
      const air = snap.catalogue
        .filter((s) => s.kind === 'air-quality' && typeof latest(s.id)?.values.pm10 === 'number')
        .sort((a, b) => latest(b.id)!.ts - latest(a.id)!.ts)[0]!;
      expect(air).toBeDefined();
      await selectSensor(page, air.id);
      // Live in the panel, its latest reading today (not 2019).
      await expect.poll(() => page!.getByTestId('sensor-panel').locator('.fresh').getAttribute('class'), { timeout: 15_000 }).toMatch(/\bfresh-live\b/);
      expect(latest(air.id)!.ts).toBeGreaterThanOrEqual(recent[0]);
      // Everything published has arrived by now (the publisher has exited): the engine's latest PM values are the panel's.
      await new Promise((r) => setTimeout(r, 2000));
      const last = (await snapshot(h)).states.find((st) => st.sensorId === air.id)!.last!.values;
      const shown = (v: number) => new RegExp(`${v.toFixed(1).replace('.', '\\.')} µg/m³`);
      await expect.poll(async () => (await page!.getByTestId('sensor-panel').getByTestId('sensor-metrics').textContent()) ?? '', { timeout: 15_000 }).toMatch(shown(last.pm10!));
      const metrics = (await page.getByTestId('sensor-panel').getByTestId('sensor-metrics').textContent()) ?? '';
      expect(metrics).toMatch(new RegExp(`PM10${shown(last.pm10!).source}`));
      expect(metrics).toMatch(new RegExp(`PM2\\.5${shown(last.pm2_5!).source}`));
      await shoot(page, 'aberdeen-mqtt-air-panel.png');
      expect(desk.watch.pageErrors).toEqual([]);
    } finally {
      await page?.context().close();
      if (host) await stopGroup(host);
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
