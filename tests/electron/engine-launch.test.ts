import { describe, expect, it } from 'vitest';
import {
  engineHostArgs,
  engineHostEnv,
  engineLaunchConfig,
  ENGINE_FATAL_EXIT,
  EngineSupervisor,
  readFlag,
  restartDelayMs,
  STABLE_RUN_MS,
  type EngineChild,
} from '../../electron/main/engine-launch';

describe('engine launch config', () => {
  it('reads --flag value and --flag=value; the last one wins', () => {
    expect(readFlag(['electron', '.', '--feed', 'http://a'], 'feed')).toBe('http://a');
    expect(readFlag(['x', '--feed=http://b', '--feed', 'http://c'], 'feed')).toBe('http://c');
    expect(readFlag(['x', '--feed', '--token', 't'], 'feed')).toBeUndefined();
    expect(readFlag(['x', '--feedback', 'y'], 'feed')).toBeUndefined();
  });

  it('takes argv over env for the feed, the token from env only; no feed means the DEMO feed', () => {
    const env = { CITYDESK_FEED_URL: 'https://env.example/feed', CITYDESK_TOKEN: 'envtoken' };
    expect(engineLaunchConfig({ argv: ['app'], env: {}, assetsDir: '/a' })).toEqual({ config: { assetsDir: '/a' }, warnings: [] });
    expect(engineLaunchConfig({ argv: ['app'], env, assetsDir: '/a' }).config).toEqual({ assetsDir: '/a', feedUrl: 'https://env.example/feed', token: 'envtoken' });
    expect(engineLaunchConfig({ argv: ['app', '--feed=ws://cli:3000', '--demo-speed', '60'], env, assetsDir: '/a' }).config).toEqual({
      assetsDir: '/a',
      feedUrl: 'ws://cli:3000',
      token: 'envtoken',
      demoSpeed: 60,
    });
  });

  it('ignores --token on the command line with a warning that says what to use', () => {
    for (const argv of [['app', '--token', 'clitoken'], ['app', '--token=clitoken']]) {
      const r = engineLaunchConfig({ argv, env: { CITYDESK_TOKEN: 'envtoken' }, assetsDir: '/a' });
      expect(r.config.token).toBe('envtoken');
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/^ignoring --token: .*visible to every local user.*CITYDESK_TOKEN/);
      expect(r.warnings[0]).not.toContain('clitoken');
    }
    expect(engineLaunchConfig({ argv: ['app', '--token', 'clitoken'], env: {}, assetsDir: '/a' }).config.token).toBeUndefined();
  });

  it('drops unusable values with a warning', () => {
    const r = engineLaunchConfig({ argv: ['app', '--feed', 'file:///etc/passwd', '--demo-speed', '-1'], env: { CITYDESK_TOKEN: 'a b' }, assetsDir: '/a' });
    expect(r.config).toEqual({ assetsDir: '/a' });
    expect(r.warnings).toHaveLength(3);
    expect(r.warnings[0]).toMatch(/ignoring feed URL/);
  });

  it('passes the token in the environment, never on the command line; the cache and the log folder as arguments', () => {
    const config = { assetsDir: '/res/assets', feedUrl: 'https://feed', token: 's3cret', demoSpeed: 2, dbFile: '/u/cache.db', logDir: '/u/logs' };
    const args = engineHostArgs(config);
    expect(args).toEqual(['--assets', '/res/assets', '--feed', 'https://feed', '--demo-speed', '2', '--db', '/u/cache.db', '--log-dir', '/u/logs']);
    expect(args.join(' ')).not.toContain('s3cret');
    const env = engineHostEnv(config, { PATH: '/bin', CITYDESK_TOKEN: 'old', EMPTY: undefined });
    expect(env).toEqual({ PATH: '/bin', CITYDESK_TOKEN: 's3cret' });
    expect(engineHostEnv({ assetsDir: '/a' }, { CITYDESK_TOKEN: 'old' })).toEqual({});
  });
});

describe('embedded hub config', () => {
  it('takes --hub-config or CITYDESK_HUB_CONFIG and hands it to the engine host; a feed URL wins', () => {
    const fromArgv = engineLaunchConfig({ argv: ['--hub-config', '/c/aberdeen.json'], env: { CITYDESK_HUB_CONFIG: '/env.json' }, assetsDir: '/a' });
    expect(fromArgv.config.hubConfig).toBe('/c/aberdeen.json');
    expect(engineHostArgs(fromArgv.config)).toEqual(['--assets', '/a', '--hub-config', '/c/aberdeen.json']);
    expect(engineLaunchConfig({ argv: [], env: { CITYDESK_HUB_CONFIG: '/env.json' }, assetsDir: '/a' }).config.hubConfig).toBe('/env.json');
    const both = engineLaunchConfig({ argv: ['--feed', 'https://feed', '--hub-config', '/c/h.json'], env: {}, assetsDir: '/a' });
    expect(both.config.hubConfig).toBeUndefined();
    expect(both.warnings.join(' ')).toMatch(/ignoring the hub config: a feed URL was given/);
  });
});

describe('restart backoff', () => {
  it('doubles from 0.5 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});

type Port = { id: number; closed: boolean };

function harness() {
  let clock = 0;
  let nextPort = 0;
  const timers: { fn: () => void; at: number; id: number }[] = [];
  const children: (EngineChild<Port> & { sent: { msg: unknown; ports: Port[] }[]; exit(code: number): void; say(m: unknown): void; killed: boolean })[] = [];
  const logs: string[] = [];
  const fatal: string[] = [];
  const sup = new EngineSupervisor<Port>({
    fork: () => {
      let onExit: (code: number) => void = () => {};
      let onMessage: (m: unknown) => void = () => {};
      const child = {
        sent: [] as { msg: unknown; ports: Port[] }[],
        killed: false,
        postMessage(msg: unknown, ports: Port[]) {
          this.sent.push({ msg, ports });
        },
        kill() {
          this.killed = true;
        },
        onExit(l: (code: number) => void) {
          onExit = l;
        },
        exit(code: number) {
          onExit(code);
        },
        onMessage(l: (m: unknown) => void) {
          onMessage = l;
        },
        say(m: unknown) {
          onMessage(m);
        },
      };
      children.push(child);
      return child;
    },
    createChannel: () => ({ port1: { id: nextPort++, closed: false }, port2: { id: nextPort++, closed: false } }),
    closePort: (p) => {
      p.closed = true;
    },
    log: (level, msg) => logs.push(`${level}: ${msg}`),
    setTimer: (fn, ms) => {
      const t = { fn, at: clock + ms, id: timers.length };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    now: () => clock,
    onFatal: (reason) => fatal.push(reason),
  });
  const advance = (ms: number) => {
    clock += ms;
    for (const t of [...timers].sort((a, b) => a.at - b.at)) {
      if (t.at <= clock) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    }
  };
  return { sup, children, timers, logs, advance, fatal };
}

describe('EngineSupervisor', () => {
  it('hands the engine one end and the renderer the other, on every (re)load', () => {
    const { sup, children } = harness();
    sup.start();
    const toRenderer: Port[] = [];
    expect(sup.attachRenderer((p) => (toRenderer.push(p), true))).toBe(true);
    expect(children[0]!.sent).toEqual([{ msg: { type: 'citydesk:engine-port' }, ports: [{ id: 0, closed: false }] }]);
    expect(toRenderer).toEqual([{ id: 1, closed: false }]);
    // Renderer reload: a fresh pair; same engine process.
    sup.attachRenderer((p) => (toRenderer.push(p), true));
    expect(children).toHaveLength(1);
    expect(children[0]!.sent.map((s) => s.ports[0]!.id)).toEqual([0, 2]);
    expect(toRenderer.map((p) => p.id)).toEqual([1, 3]);
  });

  it('queues nothing before a renderer exists, and closes a port nobody took', () => {
    const { sup, children } = harness();
    sup.start();
    expect(children[0]!.sent).toEqual([]);
    expect(sup.attachRenderer(() => false)).toBe(false);
    expect(children[0]!.sent[0]!.ports[0]!.closed).toBe(false); // the engine side learns via its own close event
  });

  it('restarts a crashed engine with backoff and hands the renderer a fresh port', () => {
    const { sup, children, advance, logs } = harness();
    const toRenderer: Port[] = [];
    sup.start();
    sup.attachRenderer((p) => (toRenderer.push(p), true));
    children[0]!.exit(1);
    expect(sup.running).toBe(false);
    expect(logs.at(-1)).toMatch(/exited unexpectedly \(code 1\); restarting in 500 ms/);
    advance(499);
    expect(children).toHaveLength(1);
    advance(1);
    expect(children).toHaveLength(2);
    expect(children[1]!.sent).toHaveLength(1);
    expect(toRenderer).toHaveLength(2);
    // Crashes in a row back off: 1 s, then 2 s.
    children[1]!.exit(1);
    advance(999);
    expect(children).toHaveLength(2);
    advance(1);
    expect(children).toHaveLength(3);
    children[2]!.exit(1);
    advance(1999);
    expect(children).toHaveLength(3);
    advance(1);
    expect(children).toHaveLength(4);
    // A long healthy run resets the backoff.
    advance(STABLE_RUN_MS);
    children[3]!.exit(1);
    advance(500);
    expect(children).toHaveLength(5);
    expect(sup.generation).toBe(5);
  });

  it('does not restart after stop(), and cancels a pending restart', () => {
    const { sup, children, advance, timers } = harness();
    sup.start();
    children[0]!.exit(1);
    expect(timers).toHaveLength(1);
    sup.stop();
    expect(timers).toHaveLength(0);
    advance(60_000);
    expect(children).toHaveLength(1);

    const h = harness();
    h.sup.start();
    h.sup.stop();
    expect(h.children[0]!.killed).toBe(true);
    h.children[0]!.exit(0);
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    h.sup.start();
    expect(h.children).toHaveLength(1);
  });

  it('does not restart an engine that cannot start (its cache is unreadable or newer): it says why instead', () => {
    const { sup, children, advance, timers, fatal } = harness();
    sup.start();
    children[0]!.say({ type: 'citydesk:engine-fatal', message: 'cache.db was written by a newer CityDesk (schema version 9)' });
    children[0]!.exit(ENGINE_FATAL_EXIT);
    expect(timers).toHaveLength(0);
    advance(60_000);
    expect(children).toHaveLength(1);
    expect(fatal).toEqual(['cache.db was written by a newer CityDesk (schema version 9)']);
    expect(sup.running).toBe(false);
  });

  it('stops handing out ports once the window is gone', () => {
    const { sup, children, advance } = harness();
    sup.start();
    sup.attachRenderer(() => true);
    sup.detachRenderer();
    children[0]!.exit(1);
    advance(500);
    expect(children[1]!.sent).toEqual([]);
  });
});
