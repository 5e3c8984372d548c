import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or unpacked app) root, from this file's location: electron/cli/ -> ../.. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ASSETS_DIR = process.env.CITYDESK_ASSETS ?? join(ROOT, 'assets');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');

/** Default cache for the Node modes: $CITYDESK_DB, else $XDG_DATA_HOME/citydesk/cache.db (~/.local/share/...). */
export function defaultDbFile(): string {
  if (process.env.CITYDESK_DB) return process.env.CITYDESK_DB;
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'citydesk', 'cache.db');
}
