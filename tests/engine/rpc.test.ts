/**
 * The engine API over WebSocket through the browser-mode host: the same path the renderer takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, resolveInside, type WebHost } from '../../electron/cli/web-host';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { startEngine, type Engine } from '../../electron/engine/index';
import { connectEngine } from '../helpers/engine-ws';
import { tinyData, waitFor } from '../helpers/feed';

let server: DemoServer;
let engine: Engine;
let host: WebHost;
const dir = mkdtempSync(join(tmpdir(), 'citydesk-web-'));

beforeAll(async () => {
  mkdirSync(join(dir, 'renderer'));
  mkdirSync(join(dir, 'assets', 'basemap'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>CityDesk</title>');
  writeFileSync(join(dir, 'assets', 'basemap', 'water.geojson.gz'), Buffer.from([0x1f, 0x8b, 8, 0]));
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  const data = tinyData({ steps: 100 });
  server = await startDemoServer({ data, now: () => data.start + 60 * 60_000, tickMs: 1e9, warmupMs: 30 * 60_000 });
  engine = await startEngine({ assetsDir: dir, feedUrl: server.url, deltaIntervalMs: 20, now: () => data.start + 60 * 60_000 });
  host = await startWebHost({ engine, rendererDir: join(dir, 'renderer'), assetsDir: join(dir, 'assets'), port: 0 });
  await waitFor(() => engine.status().acceptedTotal > 0, 5000, 'readings');
});
afterAll(async () => {
  await host.close();
  await engine.close();
  await server.close();
});

const connect = (headers: Record<string, string> = {}) => connectEngine(host, headers);

describe('engine API over WebSocket', () => {
  it('answers snapshot and history, and pushes deltas', async () => {
    const c = await connect();
    const snap = await c.call({ t: 'req', id: 1, method: 'snapshot', params: {} });
    expect(snap.ok).toBe(true);
    expect(snap.result.catalogue).toHaveLength(3);
    expect(snap.result.states.filter((s: any) => s.last)).toHaveLength(3);
    const hist = await c.call({ t: 'req', id: 2, method: 'history', params: { sensorId: 'traffic:1' } });
    expect(hist.ok).toBe(true);
    expect(hist.result.points.length).toBeGreaterThan(3);
    await waitFor(() => c.events.some((e) => e.event === 'delta'), 3000, 'a delta event');
    c.ws.close();
  });

  it('rejects bad requests with errors that name the problem', async () => {
    const c = await connect();
    expect(await c.call({ t: 'req', id: 3, method: 'dropTables', params: {} })).toMatchObject({ ok: false, error: { code: 'unknown-method', message: 'unknown method "dropTables"' } });
    expect(await c.call({ t: 'req', id: 4, method: 'history', params: { sensorId: 5 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params', message: expect.stringMatching(/invalid params for history: sensorId/), issues: [{ path: 'sensorId', message: expect.any(String) }] },
    });
    expect(await c.call({ t: 'req', id: 5, method: 'history', params: { sensorId: 'traffic:1', from: 10, to: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-params', issues: [{ message: 'from must not be after to' }] } });
    expect(await c.call({ t: 'req', id: 6, method: 'history', params: { sensorId: 'traffic:999' } })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'unknown sensor traffic:999' } });
    expect(await c.call({ t: 'req', id: 7, method: 'snapshot', params: { extra: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(await c.call({ t: 'req', id: 8, method: '__proto__', params: {} })).toMatchObject({ ok: false, error: { code: 'unknown-method', message: 'unknown method "__proto__"' } });
    expect(await c.call({ t: 'req', id: 9, method: 'snapshot', params: {}, extra: true })).toMatchObject({ ok: false, error: { code: 'malformed-request' } });
    c.ws.close();
  });

  it('refuses a cross-site page (Origin of another host)', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const ok = await connect({ origin: `http://127.0.0.1:${host.port}` });
    ok.ws.close();
  });
});

describe('web host static files', () => {
  it('serves the renderer and the base map, and nothing outside them', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const gz = await fetch(`${base}/assets/basemap/water.geojson.gz`);
    expect(gz.headers.get('content-type')).toBe('application/gzip');
    expect((await fetch(`${base}/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/assets/basemap/%2e%2e%2f%2e%2e%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
  it('resolveInside refuses traversal and NUL bytes', () => {
    expect(resolveInside('/srv/app', '../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '%2e%2e/x')).toBeNull();
    expect(resolveInside('/srv/app', 'a\0b')).toBeNull();
    expect(resolveInside('/srv/app', '%E0%A4%A')).toBeNull();
    expect(resolveInside('/srv/app', 'js/app.js')).toBe('/srv/app/js/app.js');
  });
});
