/** Browser mode's download of a pack's zip (web-host.ts, /engine/packs/NAME.zip): behind the engine cookie, packsDir only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../../electron/cli/web-host';
import { startEngine, type Engine } from '../../../electron/engine/index';
import { engineAuthHeaders } from '../../../electron/engine/transport/ws';

const ROOT = join(import.meta.dirname, '..', '..', '..');
let dir: string;
let engine: Engine;
let host: WebHost;
const ZIP = Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'latin1');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-pack-download-'));
  const packs = join(dir, 'packs');
  mkdirSync(packs);
  writeFileSync(join(packs, 'Gate jam-20140804T0800Z.zip'), ZIP);
  writeFileSync(join(packs, '.Gate.partial-1234.zip'), ZIP);
  writeFileSync(join(packs, 'notes.txt'), 'x');
  writeFileSync(join(dir, 'outside.zip'), ZIP);
  symlinkSync(join(dir, 'outside.zip'), join(packs, 'link.zip'));
  mkdirSync(join(packs, 'sub'));
  writeFileSync(join(packs, 'sub', 'inner.zip'), ZIP);
  engine = await startEngine({ assetsDir: join(ROOT, 'assets'), feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000, reconnectDelayMaxMs: 60_000, packsDir: packs });
  const renderer = mkdtempSync(join(dir, 'renderer-'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>x</title>');
  host = await startWebHost({ engine, rendererDir: renderer, assetsDir: join(ROOT, 'assets') });
});
afterAll(async () => {
  await host?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, cookie = true) => fetch(`http://127.0.0.1:${host.port}${path}`, { headers: cookie ? engineAuthHeaders(host.port, host.engineSecret) : {} });

describe('GET /engine/packs/NAME.zip', () => {
  it('serves a pack zip to the holder of the engine cookie, as an attachment', async () => {
    const r = await get('/engine/packs/' + encodeURIComponent('Gate jam-20140804T0800Z.zip'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/zip');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''Gate%20jam-20140804T0800Z.zip`);
    expect(Buffer.from(await r.arrayBuffer()).equals(ZIP)).toBe(true);
    expect((await get('/engine/packs/' + encodeURIComponent('Gate jam-20140804T0800Z.zip'), false)).status).toBe(401);
  });

  it('serves nothing else: not a zip, a partial one, a link out, a sub-folder, a traversal', async () => {
    for (const p of ['notes.txt', '.Gate.partial-1234.zip', 'link.zip', 'sub/inner.zip', 'sub%2Finner.zip', '..%2Foutside.zip', '../outside.zip', '%ZZ.zip']) {
      expect((await get(`/engine/packs/${p}`)).status, p).toBe(404);
    }
  });
});
