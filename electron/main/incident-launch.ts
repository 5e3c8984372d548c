/**
 * Opening an incident pack in the desktop app (File > Open incident pack…): the pack opens in a second CityDesk
 * process, read-only, beside the live desk, which keeps recording and evaluating. Pure policy (no electron import):
 * main.ts asks for the folder and spawns what this module says.
 *
 * - A launch with `--incident DIR` is an incident instance: it skips the single-instance lock (the live desk holds it),
 *   uses its own user-data folder (Chromium locks a profile per process; the pack needs no cache: its engine runs in
 *   memory) and ignores any feed or hub config.
 * - The menu spawns `<electron> [app path] --incident DIR`, detached, so that closing either window leaves the other.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readFlag } from './engine-launch';

/** The pack folder of an incident launch (`--incident DIR` or CITYDESK_INCIDENT), or undefined for a live desk. */
export function incidentDirOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  const dir = readFlag(argv, 'incident') ?? (env.CITYDESK_INCIDENT?.trim() || undefined);
  if (dir === undefined || dir.length > 4096 || dir.includes('\0')) return undefined;
  return path.resolve(dir);
}

/** The user-data folder of an incident instance: one per pack folder, under the app's own. */
export function incidentUserDataDir(userData: string, incidentDir: string): string {
  const key = createHash('sha256').update(path.resolve(incidentDir)).digest('hex').slice(0, 16);
  return path.join(userData, 'incident-packs-opened', key);
}

/**
 * The command that opens `incidentDir` in a new CityDesk process: the same executable; in development (`electron .`)
 * the app path too. Flags of the live launch (feed, hub config, token) are not passed on.
 */
export function incidentInstanceCommand(opts: { execPath: string; appPath: string; isPackaged: boolean; incidentDir: string }): { command: string; args: string[] } {
  const args = opts.isPackaged ? [] : [opts.appPath];
  args.push('--incident', path.resolve(opts.incidentDir));
  return { command: opts.execPath, args };
}
