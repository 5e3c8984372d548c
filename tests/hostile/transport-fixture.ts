/**
 * A real browser-mode host for the hostile tests: the demo feed on tiny data, the engine, the web host on a free
 * loopback port, a log that records what the host said, and WebSocket clients with the host's secret.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost, type WebHostOptions } from '../../electron/cli/web-host';
import { startDemoServer, type DemoServer } from '../../electron/demo-feed/server';
import { startEngine, type Engine, type EngineOptions } from '../../electron/engine/index';
import { connectEngine, type EngineWsClient } from '../helpers/engine-ws';
import { tinyData, waitFor } from '../helpers/feed';

export interface HostFixture {
  dir: string;
  server: DemoServer;
  engine: Engine;
  host: WebHost;
  logs: string[];
  close(): Promise<void>;
}

export async function startHostFixture(opts: { limits?: WebHostOptions['limits']; engine?: Partial<EngineOptions> } = {}): Promise<HostFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-hostile-'));
  mkdirSync(join(dir, 'renderer'));
  mkdirSync(join(dir, 'assets', 'basemap'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>CityDesk</title>');
  const data = tinyData({ steps: 100 });
  const now = () => data.start + 60 * 60_000;
  const server = await startDemoServer({ data, now, tickMs: 1e9, warmupMs: 30 * 60_000 });
  const logs: string[] = [];
  const log = (level: string, msg: string) => void logs.push(`${level}: ${msg}`);
  const engine = await startEngine({ assetsDir: dir, feedUrl: server.url, deltaIntervalMs: 20, now, log, ...opts.engine });
  const host = await startWebHost({ engine, rendererDir: join(dir, 'renderer'), assetsDir: join(dir, 'assets'), port: 0, log, ...(opts.limits ? { limits: opts.limits } : {}) });
  await waitFor(() => engine.status().acceptedTotal > 0, 10_000, 'readings');
  return {
    dir,
    server,
    engine,
    host,
    logs,
    close: async () => {
      await host.close();
      await engine.close();
      await server.close();
    },
  };
}

export type Client = EngineWsClient;

/** A WebSocket client of the engine with the host's secret (plus `headers`); rejects with the HTTP status if refused. */
export const connect = connectEngine;

/** The host still serves: a fresh client gets a snapshot. */
export async function stillServes(host: WebHost): Promise<boolean> {
  const c = await connect(host);
  const res = await c.call({ t: 'req', id: 1, method: 'snapshot', params: {} });
  c.ws.close();
  return res.ok === true && res.result.catalogue.length === 3;
}

export { waitFor };
