import { describe, expect, it, vi } from 'vitest';
import { handleIpc, IPC_CHANNELS, IpcRejectedError, validateIpc, type IpcHandlers } from '../../electron/main/ipc';
import { aboutInfo, DATA_ATTRIBUTION } from '../../electron/main/about';

const app = { url: 'app://citydesk/index.html', isMainFrame: true };

describe('IPC validator', () => {
  it('exposes a handful of named channels only', () => {
    expect(IPC_CHANNELS.sort()).toEqual(['app:about', 'app:engine-port', 'app:notify']);
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
