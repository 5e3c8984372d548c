import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { parseHostArgs, runEngineHost, type ParentPortLike } from '../../electron/cli/engine-host';
import type { Engine } from '../../electron/engine/index';
import type { HostedEngine } from '../../electron/cli/hosted-engine';
import type { MessagePortLike } from '../../electron/engine/transport/port';
import type { Channel } from '../../electron/engine/transport/rpc';

describe('engine-host arguments', () => {
  it('parses --assets/--feed/--demo-speed/--db/--log-dir; the token comes from the environment only', () => {
    expect(parseHostArgs(['--assets', '/res/assets'], {})).toEqual({ assetsDir: '/res/assets' });
    expect(parseHostArgs(['--assets=/a', '--feed', 'https://feed', '--demo-speed', '60', '--db', '/u/c.db', '--log-dir', '/u/logs'], { CITYDESK_TOKEN: 'from-env' })).toEqual({
      assetsDir: '/a',
      feedUrl: 'https://feed',
      token: 'from-env',
      demoSpeed: 60,
      dbFile: '/u/c.db',
      logDir: '/u/logs',
    });
  });

  it('refuses --token (argv is visible to every local user), without echoing it', () => {
    for (const argv of [['--assets', '/a', '--token', 's3cret'], ['--assets', '/a', '--token=s3cret']]) {
      expect(() => parseHostArgs(argv, {})).toThrow(/^--token is not accepted: the feed token comes in the environment \(CITYDESK_TOKEN\)/);
      try {
        parseHostArgs(argv, {});
      } catch (e) {
        expect((e as Error).message).not.toContain('s3cret');
      }
    }
  });

  it('ignores switches it does not know (Electron may add its own)', () => {
    expect(parseHostArgs(['--inspect', '--assets', '/a', 'extra', '--type=utility'], {})).toEqual({ assetsDir: '/a' });
  });

  it('fails clearly', () => {
    expect(() => parseHostArgs([], {})).toThrow('--assets <dir> is required');
    expect(() => parseHostArgs(['--assets'], {})).toThrow('--assets needs a value');
    expect(() => parseHostArgs(['--assets', '--feed', 'x'], {})).toThrow('--assets needs a value');
    expect(() => parseHostArgs(['--assets', '/a', '--demo-speed', 'fast'], {})).toThrow(/--demo-speed must be a positive number/);
  });
});

function fakePort(): MessagePortLike & { emitter: EventEmitter } {
  const emitter = new EventEmitter();
  return {
    emitter,
    postMessage: () => {},
    on: (ev: 'message' | 'close', cb: (...a: unknown[]) => void) => emitter.on(ev, cb),
    start: () => {},
  } as MessagePortLike & { emitter: EventEmitter };
}

describe('runEngineHost', () => {
  it('serves ports that arrive before the engine is up, and every later one (renderer reloads)', async () => {
    const parent = new EventEmitter();
    let resolveEngine!: (e: HostedEngine) => void;
    const engine = {} as Engine;
    const hosted: HostedEngine = { engine, hub: null, describe: () => 'feed https://f', close: vi.fn(async () => {}) };
    const served: MessagePortLike[] = [];
    const disposed: number[] = [];
    const startEngine = vi.fn(() => new Promise<HostedEngine>((r) => (resolveEngine = r)));
    const host = runEngineHost(
      { assetsDir: '/a', feedUrl: 'https://f', token: 't' },
      {
        parentPort: parent as unknown as ParentPortLike,
        startEngine,
        portChannel: (port) => ({ port }) as unknown as Channel,
        serveRpc: (e, ch) => {
          expect(e).toBe(engine);
          const port = (ch as unknown as { port: MessagePortLike }).port;
          served.push(port);
          const n = served.length;
          return () => disposed.push(n);
        },
        log: () => {},
      },
    );
    expect(startEngine).toHaveBeenCalledWith(expect.objectContaining({ assetsDir: '/a', feedUrl: 'https://f', token: 't' }));

    const early = fakePort();
    parent.emit('message', { data: { type: 'citydesk:engine-port' }, ports: [early] });
    parent.emit('message', { data: { type: 'something-else' }, ports: [fakePort()] });
    parent.emit('message', { data: { type: 'citydesk:engine-port' }, ports: [] });
    expect(served).toHaveLength(0);

    resolveEngine(hosted);
    await host.ready;
    expect(served).toEqual([early]);

    const reload = fakePort();
    parent.emit('message', { data: { type: 'citydesk:engine-port' }, ports: [reload] });
    expect(served).toEqual([early, reload]);
    expect(host.served()).toBe(2);

    await host.close();
    expect(disposed.sort()).toEqual([1, 2]);
    expect(hosted.close).toHaveBeenCalledOnce();
  });

  it('reports a failed start through ready', async () => {
    const host = runEngineHost(
      { assetsDir: '/nope' },
      {
        parentPort: new EventEmitter() as unknown as ParentPortLike,
        startEngine: () => Promise.reject(new Error('no assets')),
        portChannel: () => ({}) as Channel,
        serveRpc: () => () => {},
        log: () => {},
      },
    );
    await expect(host.ready).rejects.toThrow('no assets');
  });
});
