import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RpcRequest } from '../../electron/engine/api';
import type { Channel } from '../../renderer/platform/channel';
import { createRpcClient, formErrorText, hasErrorCode, parseIncoming, RpcError } from '../../renderer/platform/rpc-client';
import { backoffDelay, closeText, createWebSocketChannel, engineWebSocketUrl, noAccessText } from '../../renderer/platform/web';
import { MAX_REQUEST_BYTES } from '../../electron/shared/engine-limits';
import { isPortMessage } from '../../renderer/platform/electron';
import { status } from './fixtures';

class FakeChannel implements Channel {
  sent: RpcRequest[] = [];
  closed = false;
  private msg: ((m: unknown) => void)[] = [];
  private open: (() => void)[] = [];
  private close_: ((r: string | null) => void)[] = [];
  send(m: RpcRequest) {
    this.sent.push(m);
  }
  onMessage(l: (m: unknown) => void) {
    this.msg.push(l);
  }
  onOpen(l: () => void) {
    this.open.push(l);
  }
  onClose(l: (r: string | null) => void) {
    this.close_.push(l);
  }
  close() {
    this.closed = true;
  }
  emitOpen() {
    for (const l of this.open) l();
  }
  emitClose(reason: string | null = 'gone') {
    for (const l of this.close_) l(reason);
  }
  emit(m: unknown) {
    for (const l of this.msg) l(m);
  }
}

describe('rpc client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('queues calls until the channel opens, then resolves by id', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    const p = client.call('history', { sensorId: 'traffic:1' });
    expect(ch.sent).toHaveLength(0);
    ch.emitOpen();
    expect(ch.sent).toEqual([{ t: 'req', id: 1, method: 'history', params: { sensorId: 'traffic:1' } }]);
    ch.emit({ t: 'res', id: 1, ok: true, result: { sensorId: 'traffic:1', from: 0, to: 1, points: [], gaps: [] } });
    await expect(p).resolves.toMatchObject({ sensorId: 'traffic:1' });
  });

  it('rejects with the engine error: its code and issues, for callers to decide on', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    ch.emitOpen();
    const p = client.call('snapshot', {});
    ch.emit({ t: 'res', id: 1, ok: false, error: { code: 'invalid-params', message: 'bad params', issues: [{ path: 'sensorId', message: 'too short' }] } });
    await expect(p).rejects.toMatchObject({ name: 'RpcError', message: 'bad params', kind: 'remote', code: 'invalid-params', issues: [{ path: 'sensorId', message: 'too short' }] });
    const err = await p.catch((e: unknown) => e);
    expect(hasErrorCode(err, 'invalid-params')).toBe(true);
    expect(hasErrorCode(err, 'forbidden')).toBe(false);
    expect(formErrorText(err)).toBe('too short');
    const forbidden = client.call('publishRule', { rule: {} });
    ch.emit({ t: 'res', id: 2, ok: false, error: { code: 'forbidden', message: 'only a supervisor can publish rules' } });
    await expect(forbidden).rejects.toMatchObject({ code: 'forbidden', issues: [] });
    expect(formErrorText(await forbidden.catch((e: unknown) => e))).toBe('only a supervisor can publish rules');
  });

  it('times out', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web', { timeoutMs: 1000 });
    ch.emitOpen();
    const p = client.call('snapshot', {});
    const assertion = expect(p).rejects.toMatchObject({ kind: 'timeout' });
    vi.advanceTimersByTime(1001);
    await assertion;
    // a late answer is ignored
    ch.emit({ t: 'res', id: 1, ok: true, result: {} });
  });

  it('rejects sent calls when the channel closes; unsent ones wait for reopen', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    ch.emitOpen();
    const sent = client.call('snapshot', {});
    const sentAssertion = expect(sent).rejects.toBeInstanceOf(RpcError);
    ch.emitClose('socket closed');
    await sentAssertion;
    expect(client.transport).toBe('closed');
    expect(client.transportError).toBe('socket closed');
    const later = client.call('snapshot', {});
    ch.emitOpen();
    expect(ch.sent.at(-1)?.method).toBe('snapshot');
    ch.emit({ t: 'res', id: ch.sent.at(-1)!.id, ok: true, result: { ok: 1 } });
    await expect(later).resolves.toEqual({ ok: 1 });
  });

  it('close() rejects everything and closes the channel', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'electron');
    const p = client.call('snapshot', {});
    client.close();
    await expect(p).rejects.toMatchObject({ kind: 'closed' });
    expect(ch.closed).toBe(true);
    await expect(client.call('snapshot', {})).rejects.toBeInstanceOf(RpcError);
  });

  it('dispatches events to listeners and supports unsubscribe', () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    const seen: number[] = [];
    const off = client.on('delta', (p) => seen.push(p.states.length));
    ch.emit({ t: 'evt', event: 'delta', payload: { states: [], status: status() } });
    off();
    ch.emit({ t: 'evt', event: 'delta', payload: { states: [], status: status() } });
    expect(seen).toEqual([0]);
  });

  it('reports transport state, replaying the current one on subscribe', () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    const seen: string[] = [];
    client.onTransport((s) => seen.push(s));
    ch.emitOpen();
    ch.emitClose('x');
    ch.emitOpen();
    expect(seen).toEqual(['closed', 'open', 'closed', 'open']);
  });

  it('ignores malformed messages', () => {
    expect(parseIncoming(null)).toBeNull();
    expect(parseIncoming({ t: 'res' })).toBeNull();
    expect(parseIncoming({ t: 'res', id: 1, ok: false })).toEqual({ t: 'res', id: 1, ok: false, error: { code: 'internal', message: 'engine error' } });
    // An older engine's plain-text error, and a body with junk issues.
    expect(parseIncoming({ t: 'res', id: 2, ok: false, error: 'boom' })).toEqual({ t: 'res', id: 2, ok: false, error: { code: 'internal', message: 'boom' } });
    expect(parseIncoming({ t: 'res', id: 3, ok: false, error: { code: 'invalid-params', message: 'm', issues: [{ path: 'a', message: 'b' }, 7, { path: 1 }] } })).toEqual({
      t: 'res',
      id: 3,
      ok: false,
      error: { code: 'invalid-params', message: 'm', issues: [{ path: 'a', message: 'b' }] },
    });
    expect(parseIncoming({ t: 'evt', event: 'delta', payload: 1 })).toEqual({ t: 'evt', event: 'delta', payload: 1 });
  });
});

describe('requests over the engine limit', () => {
  it('are refused before sending, with code too-large; the connection stays usable', async () => {
    const ch = new FakeChannel();
    const client = createRpcClient(ch, 'web');
    ch.emitOpen();
    const huge = client.call('importRules', { json: { rules: ['é'.repeat(MAX_REQUEST_BYTES / 2)] } });
    await expect(huge).rejects.toMatchObject({ name: 'RpcError', kind: 'local', code: 'too-large', message: expect.stringMatching(/importRules: the request is 4\.0 MiB; the engine accepts at most 4\.0 MiB/) });
    expect(ch.sent).toEqual([]);
    const small = client.call('snapshot', {});
    expect(ch.sent).toHaveLength(1);
    ch.emit({ t: 'res', id: ch.sent[0]!.id, ok: true, result: {} });
    await expect(small).resolves.toEqual({});
  });
});

describe('web transport helpers', () => {
  it('says why the engine closed the connection', () => {
    expect(closeText(1009, '')).toBe("connection to the engine lost (code 1009: a message was over the engine's 4 MiB limit)");
    expect(closeText(1008, 'more than 64 requests in flight')).toBe('connection to the engine lost (code 1008: the engine closed it: more than 64 requests in flight)');
    expect(closeText(1001, 'the CityDesk host is stopping')).toBe('connection to the engine lost (code 1001: the CityDesk host is stopping)');
    expect(closeText(1006, '')).toBe('connection to the engine lost (code 1006)');
  });

  it('a socket refused before opening asks the host why: a page without the key is told to open the printed address', async () => {
    const sockets: any[] = [];
    const factory = () => {
      const s: any = { readyState: 0, close() {} };
      sockets.push(s);
      return s as WebSocket;
    };
    const reasons: (string | null)[] = [];
    const ch = createWebSocketChannel('ws://127.0.0.1:1/engine', factory, { initialMs: 60_000, maxMs: 60_000 }, async () => noAccessText());
    ch.onClose((r) => reasons.push(r));
    await Promise.resolve();
    sockets[0].onclose({ code: 1006, reason: '' });
    await vi.waitFor(() => expect(reasons).toEqual([noAccessText()]));
    const other = createWebSocketChannel('ws://127.0.0.1:1/engine', factory, { initialMs: 60_000, maxMs: 60_000 }, async () => null);
    const otherReasons: (string | null)[] = [];
    other.onClose((r) => otherReasons.push(r));
    await Promise.resolve();
    sockets[1].onclose({ code: 1006, reason: '' });
    await vi.waitFor(() => expect(otherReasons).toEqual(['cannot reach the engine at ws://127.0.0.1:1/engine (code 1006)']));
    ch.close();
    other.close();
  });

  it('builds the engine URL from the page location', () => {
    expect(engineWebSocketUrl({ protocol: 'http:', host: '127.0.0.1:5180' })).toBe('ws://127.0.0.1:5180/engine');
    expect(engineWebSocketUrl({ protocol: 'https:', host: 'x.example' })).toBe('wss://x.example/engine');
  });

  it('backs off exponentially with a cap', () => {
    const opts = { initialMs: 250, maxMs: 5000 };
    expect(backoffDelay(0, opts, () => 1)).toBe(250);
    expect(backoffDelay(1, opts, () => 1)).toBe(500);
    expect(backoffDelay(3, opts, () => 1)).toBe(2000);
    expect(backoffDelay(30, opts, () => 1)).toBe(5000);
    expect(backoffDelay(30, opts, () => 0)).toBe(4000);
  });
});

describe('electron transport', () => {
  it('accepts the port message only from its own window with the exact type', () => {
    const self = {};
    const port = {} as MessagePort;
    expect(isPortMessage({ source: self as MessageEventSource, data: { type: 'citydesk:engine-port' }, ports: [port] }, self)).toBe(true);
    expect(isPortMessage({ source: {} as MessageEventSource, data: { type: 'citydesk:engine-port' }, ports: [port] }, self)).toBe(false);
    expect(isPortMessage({ source: self as MessageEventSource, data: { type: 'other' }, ports: [port] }, self)).toBe(false);
    expect(isPortMessage({ source: self as MessageEventSource, data: { type: 'citydesk:engine-port' }, ports: [] }, self)).toBe(false);
  });
});
