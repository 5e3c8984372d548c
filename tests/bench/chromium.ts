/**
 * Debian's Chromium (or CHROMIUM_PATH) for the benches that open the real renderer, driven by playwright-core with
 * software WebGL. Where there is no Chromium or no built renderer, the caller prints a "skipped" line with the reason.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');

/** Why the Chromium benches cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) return `skipped: no Chromium at ${path} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) return 'skipped: no built renderer (npx vite build)';
  return null;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking'],
  });
}
