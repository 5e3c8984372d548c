import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or unpacked app) root, from this file's location: electron/cli/ -> ../.. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ASSETS_DIR = process.env.CITYDESK_ASSETS ?? join(ROOT, 'assets');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
