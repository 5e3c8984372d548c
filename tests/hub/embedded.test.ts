/**
 * The desk's embedded hub (electron/cli/hosted-engine.ts, `npm run web -- --hub-config FILE`): the engine runs on a
 * hub started in-process from a config, on loopback with this launch's own token; a broken config is refused with its
 * path errors before anything starts; closing stops the engine, then the hub.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostedEngine, type HostedEngine } from '../../electron/cli/hosted-engine';
import { waitFor } from '../helpers/feed';

const ROOT = join(import.meta.dirname, '..', '..');
const ASSETS = join(ROOT, 'assets');
const ABERDEEN = join(ASSETS, 'cities', 'aberdeen', 'hub.json');

let hosted: HostedEngine | null = null;
afterEach(async () => {
  await hosted?.close();
  hosted = null;
});

describe('the embedded hub', () => {
  it("runs the Aberdeen config in-process: the engine connects with the launch's token and sees Aberdeen's sensors", async () => {
    hosted = await startHostedEngine({ dbFile: ':memory:', assetsDir: ASSETS, hubConfig: ABERDEEN });
    expect(hosted.describe()).toBe(`hub aberdeen (${ABERDEEN})`);
    const hub = hosted.hub!;
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hub.port).not.toBe(4600); // the config's listen block is not used embedded: a free loopback port
    expect((await fetch(`${hub.url}/health`)).status).toBe(401); // this launch's own token
    const engine = hosted.engine;
    await waitFor(() => engine.status().connection === 'connected', 60_000, `connected (${JSON.stringify(engine.status().lastError)})`);
    expect(engine.status()).toMatchObject({ feedUrl: 'embedded hub aberdeen', feedName: 'Aberdeen citizen sensors (Sensor.Community week of 20–26 May 2019, replayed as live)', demo: false });
    await waitFor(() => hub.sources().every((s) => s.state === 'ok' && s.sensors > 0), 30_000, 'sources loaded');
    await waitFor(() => engine.status().sensors.live > 30, 30_000, `Aberdeen's sensors live (${JSON.stringify(engine.status().sensors)}, rejects ${JSON.stringify(engine.status().rejects)})`);
    expect(hub.clients()).toBe(1);
  }, 120_000);

  it('refuses a broken config with its path errors, before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-embedded-'));
    try {
      const file = join(dir, 'hub.json');
      writeFileSync(file, JSON.stringify({ hub: { id: 'x', name: 'X', city: { name: 'X', timeZone: 'Europe/Nowhere' } }, sources: [] }));
      await expect(startHostedEngine({ dbFile: ':memory:', assetsDir: ASSETS, hubConfig: file })).rejects.toThrow(/hub\.city\.timeZone: must be an IANA time zone/);
      await expect(startHostedEngine({ dbFile: ':memory:', assetsDir: ASSETS, hubConfig: file, feedUrl: 'http://127.0.0.1:1' })).rejects.toThrow(/not both/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a feed or a config, the demo feed as before (a hub with the demo source)', async () => {
    hosted = await startHostedEngine({ dbFile: ':memory:', assetsDir: ASSETS, demoSpeed: 1 });
    expect(hosted.describe()).toBe('DEMO feed');
    await waitFor(() => hosted!.engine.status().connection === 'connected', 30_000, 'connected');
    expect(hosted.engine.status().demo).toBe(true);
    expect(hosted.hub!.sources()).toEqual([expect.objectContaining({ id: 'demo', type: 'demo', state: 'ok', sensors: 517 })]);
  }, 120_000);
});
