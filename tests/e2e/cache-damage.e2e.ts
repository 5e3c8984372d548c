/**
 * A desk whose cache file is damaged, as a user meets it: the browser-mode host starts anyway (on what could be read,
 * the damaged file left untouched), and the page says in a banner which file is damaged and what to do.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { damage, filledCache } from '../helpers/damaged-cache';
import { checkPrerequisites, launchChromium, shoot, startHost, stopGroup, type Host } from './harness';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('CityDesk on a damaged cache', () => {
  let host: Host | null = null;
  let browser: Browser | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'citydesk-e2e-damaged-'));

  afterAll(async () => {
    await browser?.close().catch(() => {});
    if (host) await stopGroup(host);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, leaves the file untouched, and shows a banner naming the file and what to do', async () => {
    checkPrerequisites();
    const file = join(dir, 'cache.db');
    filledCache(file);
    damage(file);
    const before = sha(file);

    const env = { ...process.env };
    delete env.CITYDESK_FEED_URL;
    delete env.CITYDESK_TOKEN;
    host = await startHost(['--db', file], env);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1100, height: 720 }, deviceScaleFactor: 1 })).newPage();
    await page.goto(host.url);

    const banner = page.getByTestId('cache-banner');
    await banner.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await banner.textContent()) ?? '';
    expect(text).toContain(`Cache damaged: ${file}`);
    expect(text).toContain('is damaged');
    expect(text).toMatch(/What to do: .*npm run export -- --db /);
    await shoot(page, 'e2e-cache-damaged.png');
    // The desk still works on what it could read: the map's status bar is connected to the demo feed.
    await page.getByText('connected', { exact: true }).first().waitFor({ timeout: 60_000 });
    expect(sha(file), 'the damaged file must not be written to').toBe(before);
  }, 180_000);
});
