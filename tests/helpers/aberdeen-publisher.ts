/**
 * Aberdeen's data for tests and the bench, and the MQTT publisher (electron/cli/publish-mqtt.ts) run as a process of
 * its own, as a device network would be: its cost is charged to no subscriber.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Aberdeen's data: shipped under assets/cities/aberdeen, or the shared data folder beside the repository; else null. */
export const ABERDEEN_DATA: string | null =
  [join(ROOT, 'assets', 'cities', 'aberdeen'), join(ROOT, '..', 'shared', 'data', 'aberdeen'), join(ROOT, '..', '..', 'shared', 'data', 'aberdeen')].find((d) =>
    existsSync(join(d, 'readings_weather.csv.gz')),
  ) ?? null;

export const NO_ABERDEEN_DATA = 'no Aberdeen data in assets/cities/aberdeen or ../shared/data/aberdeen';

/** Runs publish-mqtt with these arguments; resolves when it exits, with its exit code and stderr. */
export function runPublisher(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'electron', 'cli', 'publish-mqtt.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}
