import { describe, expect, it, vi } from 'vitest';
import { handleIpc, IPC_CHANNELS, IpcRejectedError, validateIpc, type IpcHandlers } from '../../electron/main/ipc';
import { aboutInfo, DATA_ATTRIBUTION } from '../../electron/main/about';
import { EventEmitter } from 'node:events';
import { runEngineHost, type ParentPortLike } from '../../electron/cli/engine-host';
import { startHostedEngine } from '../../electron/cli/hosted-engine';
import { EngineControlClient } from '../../electron/main/engine-control';
import { SET_PASSPHRASE_MESSAGE } from '../../electron/shared/engine-control';
import { waitFor } from '../helpers/feed';

const app = { url: 'app://citydesk/index.html', isMainFrame: true };

describe('IPC validator', () => {
  it('exposes a handful of named channels only', () => {
    expect(IPC_CHANNELS.sort()).toEqual(['app:about', 'app:engine-port', 'app:notify', 'app:set-supervisor-passphrase']);
  });

  it('accepts good calls', () => {
    expect(validateIpc('app:about', app, undefined)).toEqual({ ok: true, payload: undefined });
    expect(validateIpc('app:notify', app, { title: 'Parking full', body: 'P-Bruuns is at 100 %' })).toEqual({
      ok: true,
      payload: { title: 'Parking full', body: 'P-Bruuns is at 100 %' },
    });
  });

  it.each([
    ['https://evil.example/', /sender "https:\/\/evil.example\/" is not app:\/\/citydesk\//],
    ['file:///tmp/x.html', /is not app:\/\/citydesk/],
    ['app://other/index.html', /is not app:\/\/citydesk/],
    [null, /sender "unknown" is not/],
    [undefined, /sender "unknown" is not/],
    ['', /is not app:\/\/citydesk/],
  ])('rejects sender %s', (url, message) => {
    const r = validateIpc('app:about', { url, isMainFrame: true }, undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('rejects subframes even of the app origin', () => {
    const r = validateIpc('app:about', { ...app, isMainFrame: false }, undefined);
    expect(r).toEqual({ ok: false, error: 'ipc app:about: sender is a subframe' });
  });

  it('rejects unknown channels', () => {
    const r = validateIpc('fs:read', app, { path: '/etc/passwd' });
    expect(r).toEqual({ ok: false, error: 'ipc: unknown channel "fs:read"' });
    expect(validateIpc('__proto__', app, {}).ok).toBe(false);
    expect(validateIpc('toString', app, {}).ok).toBe(false);
  });

  it.each([
    [{ title: '', body: 'x' }, /title: must not be empty/],
    [{ title: '   ', body: 'x' }, /title: must not be empty/],
    [{ title: 'x'.repeat(81), body: 'x' }, /title: must be at most 80 characters/],
    [{ title: 't', body: 'x'.repeat(301) }, /body: must be at most 300 characters/],
    [{ title: 't\u0007', body: 'x' }, /title: must not contain control characters/],
    [{ title: 't', body: 'x', icon: '/etc/passwd' }, /invalid payload/],
    [{ title: 't' }, /body/],
    [{ title: 1, body: 'x' }, /title/],
    ['title', /invalid payload/],
    [null, /invalid payload/],
  ])('rejects notify payload %j', (payload, message) => {
    const r = validateIpc('app:notify', app, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^ipc app:notify: invalid payload \(/);
      expect(r.error).toMatch(message);
    }
  });

  it('rejects about with a payload', () => {
    expect(validateIpc('app:about', app, { x: 1 }).ok).toBe(false);
  });
});

describe('handleIpc', () => {
  const handlers: IpcHandlers = {
    'app:about': () => aboutInfo({ version: '1.2.3', versions: { electron: '45.5.0', chrome: '140', node: '22' } }),
    'app:engine-port': () => ({ sent: true }),
    'app:notify': vi.fn(() => ({ shown: true })),
    'app:set-supervisor-passphrase': vi.fn(() => ({ ok: true as const })),
  };

  it('runs the handler for a valid call', async () => {
    const about = await handleIpc(handlers, 'app:about', app, undefined);
    expect(about).toMatchObject({ name: 'CityDesk', version: '1.2.3', electron: '45.5.0', attribution: DATA_ATTRIBUTION });
    await expect(handleIpc(handlers, 'app:notify', app, { title: 'a', body: 'b' })).resolves.toEqual({ shown: true });
  });

  it('never reaches the handler for a rejected call', async () => {
    const notify = handlers['app:notify'] as ReturnType<typeof vi.fn>;
    notify.mockClear();
    await expect(handleIpc(handlers, 'app:notify', { url: 'https://evil.example/', isMainFrame: true }, { title: 'a', body: 'b' })).rejects.toBeInstanceOf(IpcRejectedError);
    await expect(handleIpc(handlers, 'app:notify', app, { title: '', body: 'b' })).rejects.toThrow(/title: must not be empty/);
    expect(notify).not.toHaveBeenCalled();
  });
});

describe('first-run supervisor passphrase (app page -> main -> engine process)', () => {
  it('takes a passphrase of 8 to 500 characters from the app page only, and nothing else', () => {
    expect(validateIpc('app:set-supervisor-passphrase', app, { passphrase: 'correct horse' })).toEqual({ ok: true, payload: { passphrase: 'correct horse' } });
    for (const bad of [{ passphrase: 'short' }, { passphrase: 'x'.repeat(501) }, { passphrase: 12345678 }, { passphrase: 'correct horse', extra: 1 }, undefined, 'correct horse']) {
      expect(validateIpc('app:set-supervisor-passphrase', app, bad).ok).toBe(false);
    }
    const r = validateIpc('app:set-supervisor-passphrase', { url: 'https://evil.example/', isMainFrame: true }, { passphrase: 'correct horse' });
    expect(r.ok).toBe(false);
    // The error never echoes the passphrase.
    const short = validateIpc('app:set-supervisor-passphrase', app, { passphrase: 'secret!' });
    expect(!short.ok && short.error).not.toContain('secret!');
  });

  it('main forwards it as a control message and resolves with the engine\'s answer', async () => {
    const sent: any[] = [];
    const timers: (() => void)[] = [];
    const control = new EngineControlClient({ send: (m) => (sent.push(m), true), setTimer: (fn) => timers.push(fn), clearTimer: () => {} });
    const answer = control.setSupervisorPassphrase('correct horse');
    expect(sent).toEqual([{ type: SET_PASSPHRASE_MESSAGE, id: 1, passphrase: 'correct horse' }]);
    control.onMessage({ type: 'citydesk:control-result', id: 99, ok: true }); // not ours
    control.onMessage({ type: 'something else', id: 1 });
    control.onMessage({ type: 'citydesk:control-result', id: 1, ok: false, code: 'conflict', message: 'a supervisor passphrase is already set on this desk' });
    await expect(answer).resolves.toEqual({ ok: false, code: 'conflict', message: 'a supervisor passphrase is already set on this desk' });

    const second = control.setSupervisorPassphrase('another one!');
    control.failAll('the engine process stopped');
    await expect(second).resolves.toEqual({ ok: false, code: 'unavailable', message: 'the engine process stopped' });

    const none = new EngineControlClient({ send: () => false, setTimer: () => 0, clearTimer: () => {} });
    await expect(none.setSupervisorPassphrase('correct horse')).resolves.toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('the engine host sets it only on a desk without one, and answers over the parent port', async () => {
    const parent = new EventEmitter() as EventEmitter & { postMessage: (m: unknown) => void };
    const posted: any[] = [];
    parent.postMessage = (m) => posted.push(m);
    const host = runEngineHost(
      { assetsDir: '/nonexistent' },
      {
        parentPort: parent as unknown as ParentPortLike,
        startEngine: (opts) => startHostedEngine({ ...opts, feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000 }),
        serveRpc: () => () => {},
        portChannel: () => ({ send: () => {}, onMessage: () => {}, onClose: () => {} }),
        log: () => {},
      },
    );
    try {
      const engine = await host.ready;
      parent.emit('message', { data: { type: SET_PASSPHRASE_MESSAGE, id: 7, passphrase: 'correct horse' }, ports: [] });
      await waitFor(() => posted.length === 1, 30_000, 'the first answer');
      expect(posted[0]).toEqual({ type: 'citydesk:control-result', id: 7, ok: true });
      expect(engine.access.configured()).toBe(true);
      // A second "first run" cannot replace it.
      parent.emit('message', { data: { type: SET_PASSPHRASE_MESSAGE, id: 8, passphrase: 'attacker passphrase' }, ports: [] });
      await waitFor(() => posted.length === 2, 30_000, 'the second answer');
      expect(posted[1]).toMatchObject({ id: 8, ok: false, code: 'conflict' });
      const s = engine.newSession();
      expect((await engine.handle('unlockSupervisor', { passphrase: 'correct horse' }, s)).role).toBe('supervisor');
    } finally {
      await host.close();
    }
  });
});
