/**
 * The engine the rules hostile tests run against: the tiny demo feed (parking:P1 holds 90 + i of 100 spaces at step i,
 * 5-minute steps: over 95% from step 6 on) on a controlled clock, and an engine on a cache file; closed after each test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startDemoServer } from '../../electron/demo-feed/server';
import { startEngine } from '../../electron/engine/index';
import { tinyData, waitFor } from '../helpers/feed';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export const data = tinyData({ steps: 30 });
let wall = data.start + 10 * 60_000;
export const clock = () => wall;

/** A fresh cache file (the caller may seed it before startLiveEngine). */
export const cacheFile = () => join(mkdtempSync(join(tmpdir(), 'citydesk-rules-')), 'c.db');

export async function startLiveEngine(file: string) {
  const server = await startDemoServer({ data, now: clock, tickMs: 1e9, warmupMs: 10 * 60_000, feedId: 'f' });
  cleanups.push(() => server.close());
  const logs: string[] = [];
  const engine = await startEngine({ assetsDir: ASSETS, feedUrl: server.url, dbFile: file, deltaIntervalMs: 20, now: clock, user: 'ana', log: (_l, m) => logs.push(m) });
  cleanups.push(() => engine.close());
  const events: { event: string; payload: unknown }[] = [];
  engine.on((e) => events.push(e));
  /** The feed moves `steps` 5-minute steps on. */
  const advance = (steps: number) => {
    for (let i = 0; i < steps; i++) {
      wall += 5 * 60_000;
      server.tick();
    }
  };
  const connected = () => waitFor(() => engine.status().connection === 'connected', 5000, 'connected');
  return { server, engine, events, logs, advance, connected };
}
