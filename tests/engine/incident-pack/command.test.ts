/** The desk's exportIncidentPack / cancelIncidentPack (commands/incident-pack.ts): progress events, one at a time, cancel. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PackProgressEvent } from '../../../electron/engine/api';
import { incidentPackCommands } from '../../../electron/engine/commands/incident-pack';
import type { EngineParts } from '../../../electron/engine/commands/types';
import { openStore, type Store } from '../../../electron/engine/store/store';
import { MIN, T0, buildPackDb } from './fixture';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'citydesk-pack-cmd-'));
  buildPackDb(join(dir, 'cache.db'));
  store = openStore(join(dir, 'cache.db'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const session = { role: 'operator' as const, user: 'Ana' };
function commands(events: PackProgressEvent[], packsDir: string) {
  return incidentPackCommands({ store, zones: [], packsDir, assetsDir: resolve(__dirname, '../../../assets'), emitPack: (e: PackProgressEvent) => events.push(e) } as unknown as EngineParts);
}
const area = { type: 'Polygon' as const, coordinates: [[[10.15, 56.1], [10.25, 56.1], [10.25, 56.2], [10.15, 56.2]]] as [number, number][][] };

describe('exportIncidentPack', () => {
  it('writes the pack under packsDir/<name>-<from>/ with progress events to 1, a zip with its download path; a second gets a suffix', async () => {
    const events: PackProgressEvent[] = [];
    const packsDir = join(dir, 'packs');
    const c = commands(events, packsDir);
    const r = await c.exportIncidentPack({ from: T0, to: T0 + 120 * MIN, area, name: 'Gate: jammed / overflow', zip: true, id: 'p1' }, session);
    expect(r.dir).toBe(join(packsDir, 'Gate-jammed-overflow-20140804T0800Z'));
    expect(r.zip).toBe(`${r.dir}.zip`);
    expect(r.downloadPath).toBe('/engine/packs/Gate-jammed-overflow-20140804T0800Z.zip');
    expect(r.files.map((f) => f.path)).toContain('readings.csv');
    expect(events.every((e) => e.id === 'p1')).toBe(true);
    expect(events.at(-1)!.done).toBe(1);
    const again = await c.exportIncidentPack({ from: T0, to: T0 + 120 * MIN, area, name: 'Gate: jammed / overflow' }, session);
    expect(again.dir).toBe(`${r.dir}-2`);
    expect(again.zip).toBeNull();
    expect(again.downloadPath).toBeNull();
  });

  it('one pack at a time; cancel stops it and leaves nothing; a bad area is invalid-params', async () => {
    const events: PackProgressEvent[] = [];
    const packsDir = join(dir, 'packs-cancel');
    const c = commands(events, packsDir);
    const first = c.exportIncidentPack({ from: T0, to: T0 + 120 * MIN, id: 'big' }, session);
    await expect(Promise.resolve(c.exportIncidentPack({ from: T0, to: T0 + 60 * MIN, id: 'second' }, session))).rejects.toMatchObject({ code: 'conflict' });
    expect(c.cancelIncidentPack({ id: 'other' }, session)).toEqual({ cancelled: false });
    expect(c.cancelIncidentPack({ id: 'big' }, session)).toEqual({ cancelled: true });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(packsDir) ? readdirSync(packsDir) : []).toEqual([]);
    await expect(Promise.resolve(c.exportIncidentPack({ from: T0, to: T0 + 60 * MIN, area: { type: 'Polygon', coordinates: [[[10, 56], [500, 56], [10, 57]]] } }, session))).rejects.toMatchObject({ code: 'invalid-params', message: expect.stringMatching(/area\.coordinates\.0\.1\.0: longitude must be from -180 to 180/) as unknown });
  });
});
