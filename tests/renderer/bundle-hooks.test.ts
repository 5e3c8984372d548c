/**
 * The e2e test hooks (renderer/testHooks.ts, window.__citydesk) ship only in a build made for the e2e tests: this
 * builds the renderer for production and for e2e (Vite's API, the project's vite.config.ts, into temporary folders) and
 * looks for the hooks' code in the JavaScript each produces.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'citydesk-hooks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Builds the renderer in a mode; returns all the JavaScript it wrote, concatenated. */
async function bundledJs(mode: 'production' | 'e2e'): Promise<string> {
  const outDir = join(tmp, mode);
  await build({ configFile: join(root, 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const files = readdirSync(join(outDir, 'assets')).filter((f) => /\.(m?js)$/.test(f));
  expect(files.length).toBeGreaterThan(0);
  return files.map((f) => readFileSync(join(outDir, 'assets', f), 'utf8')).join('\n');
}

/** Names and texts only the hooks have (renderCount is also deck.gl's own, so it is not among them). */
const HOOK_MARKERS = ['__citydesk', 'layersDrawn', 'alarmHighlight', 'mapLoaded', 'map not created yet'];

describe('test hooks in the renderer bundle', () => {
  it('are absent from the production build and present in the e2e build', { timeout: 240_000 }, async () => {
    const production = await bundledJs('production');
    const e2e = await bundledJs('e2e');
    expect(HOOK_MARKERS.filter((m) => production.includes(m))).toEqual([]);
    expect(HOOK_MARKERS.filter((m) => !e2e.includes(m))).toEqual([]);
    // Same app otherwise: the production bundle is a real build of the app, not an empty one.
    expect(production).toContain('citydesk:engine-port-request');
    // The renderer runs electron/shared's tables and the sensor-type registry, but not the zod schemas (protocol.ts
    // is imported for types only; the type documents come from the engine, validated there).
    expect(production).toContain('Simulated: generated values, not measurements');
    expect(production).toContain('is defined twice'); // the registry itself
    expect(production).not.toContain('ZodError');
  });
});
