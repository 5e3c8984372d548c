/**
 * `npm run hub` as a user runs it: a broken config is refused with its path errors and exit 2 (nothing listens);
 * `--check` validates; the Aberdeen config serves its sources with /health answering, and SIGTERM stops it with 0.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './db';
import { npmRun, scratchProject, type NpmRun, type ScratchProject } from './npm-run';

let project: ScratchProject;
let dir: string;
beforeAll(() => {
  project = scratchProject();
  dir = mkdtempSync(join(tmpdir(), 'citydesk-hub-cli-'));
});
afterAll(() => {
  project.remove();
  rmSync(dir, { recursive: true, force: true });
});
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CITYDESK_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') e[k] = v;
  return { ...e, CITYDESK_LOG_DIR: join(dir, 'logs'), ...extra };
}
function run(args: string[], extra: NodeJS.ProcessEnv = {}): NpmRun {
  const r = npmRun(project, 'hub', args, env(extra));
  cleanups.push(() => r.kill());
  return r;
}

const ABERDEEN = join(ROOT, 'assets', 'cities', 'aberdeen', 'hub.json');

describe('npm run hub', () => {
  it('refuses a broken config with every problem by path, and exit code 2', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        hub: { id: 'x', name: 'X', city: { name: 'X', timeZone: 'Mars/Base' }, token: 'inline-secret' },
        sources: [{ id: 'a', name: 'A', type: 'file', connection: { files: ['a.csv'] }, sensorType: 'weather', mapping: { id: 'id', time: { field: 't', zone: 'CEST' }, metrics: { temperature: { field: 'v', unit: '°C' } } } }],
      }),
    );
    const r = run(['--config', file]);
    expect((await r.exited).code).toBe(2);
    const { stderr } = r.out();
    expect(stderr).toContain('is not a valid hub config');
    expect(stderr).toContain('hub.city.timeZone: must be an IANA time zone');
    expect(stderr).toContain('sources[0].mapping.time.zone: must be an IANA time zone');
    expect(stderr).toContain('hub.token: must reference an environment variable');
    expect(stderr).not.toContain('inline-secret');
  });

  it('refuses a token on the command line and a missing --config', async () => {
    const a = run(['--config', ABERDEEN, '--token', 'abc']);
    expect((await a.exited).code).toBe(2);
    expect(a.out().stderr).toContain('--token is not accepted');
    const b = run([]);
    expect((await b.exited).code).toBe(2);
    expect(b.out().stderr).toContain('--config FILE is required');
  });

  it('--check validates the Aberdeen config', async () => {
    const r = run(['--config', ABERDEEN, '--check']);
    expect((await r.exited).code).toBe(0);
    expect(r.out().stdout).toContain('valid (3 sources: air file, weather-dht22 file, weather-bme280 file)');
  });

  it('serves Aberdeen with /health behind its token; SIGTERM stops it with 0', async () => {
    // The shipped config with a token referenced from the environment, its files by absolute path.
    const cfg = JSON.parse(readFileSync(ABERDEEN, 'utf8')) as { hub: Record<string, unknown>; sources: { connection: { files: string[] }; sensorTable: { file: string } }[] };
    cfg.hub.token = { env: 'ABERDEEN_HUB_TOKEN' };
    for (const src of cfg.sources) {
      src.connection.files = src.connection.files.map((f) => join(dirname(ABERDEEN), f));
      src.sensorTable.file = join(dirname(ABERDEEN), src.sensorTable.file);
    }
    const file = join(dir, 'aberdeen-token.json');
    writeFileSync(file, JSON.stringify(cfg));
    const r = run(['--config', file, '--port', '0'], { ABERDEEN_HUB_TOKEN: 'hub-tok' });
    const [, url] = await r.waitFor(/CityDesk hub aberdeen listening on (http:\/\/127\.0\.0\.1:\d+) \(token required\); 3 sources/, 120_000);
    expect((await fetch(`${url}/health`)).status).toBe(401);
    type Health = { sources: { id: string; state: string; sensors: number }[] };
    const health = async () => (await (await fetch(`${url}/health`, { headers: { authorization: 'Bearer hub-tok' } })).json()) as Health;
    const ready = (h: Health) => h.sources.length === 3 && h.sources.every((x) => x.state === 'ok' && x.sensors > 0);
    let body = await health();
    for (const deadline = Date.now() + 60_000; !ready(body) && Date.now() < deadline; body = await health()) await new Promise((res) => setTimeout(res, 500));
    expect(body.sources.map((x) => [x.id, x.state, x.sensors > 0])).toEqual([
      ['air', 'ok', true],
      ['weather-dht22', 'ok', true],
      ['weather-bme280', 'ok', true],
    ]);
    r.signalGroup('SIGTERM');
    expect((await r.exited).code).toBe(0);
  });
});
