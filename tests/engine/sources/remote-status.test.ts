/**
 * A desk on a remote hub: the hub's `sources` message reaches the Sources overview through the feed connection; the
 * desk cannot connect sources there ('unavailable', with what to do instead).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../electron/demo-feed/server';
import { startEngine, type Engine } from '../../../electron/engine/index';
import { ApiError } from '../../../electron/engine/api';
import { tinyData } from '../../helpers/feed';

let server: DemoServer | null = null;
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  await server?.close();
  engine = null;
  server = null;
});

describe('sources of a remote hub', () => {
  it('shows the states its hub sends, and refuses to connect sources from the desk', async () => {
    server = await startDemoServer({ data: tinyData(), tickMs: 200, warmupMs: 10 * 60_000, feedId: 'remote' });
    engine = await startEngine({ feedUrl: server.url, assetsDir: 'assets', dbFile: ':memory:' });
    await engine.access.setFromHost('supervisor-pass', { by: 'test host' });
    const sup = engine.newSession();
    await engine.handle('unlockSupervisor', { passphrase: 'supervisor-pass' }, sup);
    let statuses: { id: string; state: string; sensors: number }[] = [];
    for (let i = 0; i < 100 && statuses.length === 0; i++) {
      statuses = (await engine.handle('sources', {}, sup)).statuses;
      if (statuses.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    const overview = await engine.handle('sources', {}, sup);
    expect(overview.canConnect).toBe(false);
    expect(overview.statuses).toEqual([expect.objectContaining({ id: 'demo', type: 'demo', state: 'ok', sensors: 3 })]);
    const e = await engine.handle('saveSource', { document: { source: { id: 'x' } } }, sup).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('unavailable');
    expect((e as ApiError).message).toMatch(/remote hub/);
  }, 60_000);
});
