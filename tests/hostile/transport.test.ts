/**
 * Hostile input on the engine's transports (browser mode): malformed, oversized and binary frames, floods, clients
 * that do not read, bad HTTP. Each closes at most the offending connection, with a logged reason and a close code;
 * the host keeps serving everyone else. Real ws clients and raw sockets against a real host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ENGINE_CLOSE, MAX_ENGINE_CONNECTIONS, MAX_REQUEST_BYTES } from '../../electron/shared/engine-limits';
import { engineAuthHeaders } from '../../electron/engine/transport/ws';
import { connect, startHostFixture, stillServes, waitFor, type HostFixture } from './transport-fixture';

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A raw TCP client that completes the engine's WebSocket handshake, then writes whatever bytes it is given. */
async function rawUpgraded(): Promise<{ write(b: Buffer): void; closed: Promise<Buffer> }> {
  const sock = createConnection({ host: '127.0.0.1', port: f.host.port });
  const received: Buffer[] = [];
  const closed = new Promise<Buffer>((r) => sock.on('close', () => r(Buffer.concat(received))));
  sock.on('error', () => {});
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const headers = engineAuthHeaders(f.host.port, f.host.engineSecret);
  sock.write(
    `GET /engine HTTP/1.1\r\nHost: 127.0.0.1:${f.host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nCookie: ${headers.cookie}\r\n\r\n`,
  );
  await new Promise<void>((r) => {
    const onData = (d: Buffer) => {
      received.push(d);
      if (Buffer.concat(received).includes('\r\n\r\n')) {
        sock.off('data', onData);
        sock.on('data', (more: Buffer) => received.push(more));
        r();
      }
    };
    sock.on('data', onData);
  });
  expect(Buffer.concat(received).toString()).toMatch(/^HTTP\/1\.1 101/);
  return { write: (b) => sock.write(b), closed };
}

/** A masked client frame. */
function frame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  const len = payload.length;
  const head = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | len]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  return Buffer.concat([head, mask, masked]);
}

/** The close code in a server close frame found in `bytes` (after the 101 response), or null. */
function closeCode(bytes: Buffer): number | null {
  const at = bytes.indexOf('\r\n\r\n') + 4;
  for (let i = at; i < bytes.length - 3; i++) if (bytes[i] === 0x88) return bytes.readUInt16BE(i + 2);
  return null;
}

describe('bad frames close that one connection, never the host', () => {
  it('a frame with a reserved opcode: closed with 1002 and logged; others are still served', async () => {
    const bystander = await connect(f.host);
    const raw = await rawUpgraded();
    raw.write(frame(0x3, Buffer.from('x')));
    expect(closeCode(await raw.closed)).toBe(ENGINE_CLOSE.protocol);
    await waitFor(() => f.logs.some((l) => /engine WebSocket #\d+: .*opcode/i.test(l)), 5000, 'the logged reason');
    expect((await bystander.call({ t: 'req', id: 1, method: 'snapshot', params: {} })).ok).toBe(true);
    bystander.ws.close();
  });

  it('a text frame that is not UTF-8: closed with 1007', async () => {
    const raw = await rawUpgraded();
    raw.write(frame(0x1, Buffer.from([0xc3, 0x28, 0xff])));
    expect(closeCode(await raw.closed)).toBe(1007);
    expect(await stillServes(f.host)).toBe(true);
  });

  it('an unmasked client frame and a bare continuation frame: closed, host alive', async () => {
    const a = await rawUpgraded();
    a.write(Buffer.from([0x81, 0x02, 0x7b, 0x7d]));
    expect(closeCode(await a.closed)).toBe(ENGINE_CLOSE.protocol);
    const b = await rawUpgraded();
    b.write(frame(0x0, Buffer.from('{}')));
    expect(closeCode(await b.closed)).toBe(ENGINE_CLOSE.protocol);
    expect(await stillServes(f.host)).toBe(true);
  });

  it(`a message over ${MAX_REQUEST_BYTES / 1024 / 1024} MiB: closed with 1009 (the renderer shows why), host alive`, async () => {
    const c = await connect(f.host);
    c.ws.send('"' + 'x'.repeat(MAX_REQUEST_BYTES + 10) + '"');
    expect((await c.closed).code).toBe(ENGINE_CLOSE.tooLarge);
    await waitFor(() => f.logs.some((l) => /Max payload size exceeded/i.test(l)), 5000, 'the logged reason');
    expect(await stillServes(f.host)).toBe(true);
  });

  it('a message just under the limit is read (and answered as what it is)', async () => {
    const c = await connect(f.host);
    const big = JSON.stringify({ t: 'req', id: 1, method: 'validateRule', params: { rule: { pad: 'x'.repeat(MAX_REQUEST_BYTES - 200) } } });
    expect(big.length).toBeLessThan(MAX_REQUEST_BYTES);
    const res = await c.call(big);
    expect(res).toMatchObject({ id: 1, ok: true, result: { ok: false } });
    c.ws.close();
  });

  it('binary frames and text that is not JSON get a malformed-request error; the connection stays', async () => {
    const c = await connect(f.host);
    const answers: any[] = [];
    c.ws.on('message', (d) => answers.push(JSON.parse(d.toString())));
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    c.ws.send('{"t":"req","id":');
    await waitFor(() => answers.filter((a) => a.t === 'res').length >= 2, 5000, 'two answers');
    expect(answers.filter((a) => a.t === 'res')).toEqual([
      expect.objectContaining({ id: -1, ok: false, error: expect.objectContaining({ code: 'malformed-request' }) }),
      expect.objectContaining({ id: -1, ok: false, error: expect.objectContaining({ code: 'malformed-request' }) }),
    ]);
    expect((await c.call({ t: 'req', id: 5, method: 'snapshot', params: {} })).ok).toBe(true);
    c.ws.close();
  });
});

describe('floods and clients that do not read', () => {
  it('more than 64 requests in flight closes that connection with 1008; the host serves the others', async () => {
    const flooder = await connect(f.host);
    const bystander = await connect(f.host);
    const burst = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ t: 'req', id: i + 1, method: 'snapshot', params: {} }));
    for (const m of burst) flooder.ws.send(m);
    const closed = await flooder.closed;
    expect(closed).toEqual({ code: ENGINE_CLOSE.policy, reason: 'more than 64 requests in flight' });
    expect(f.logs.some((l) => /more than 64 requests in flight; closing the connection/.test(l))).toBe(true);
    expect((await bystander.call({ t: 'req', id: 1, method: 'snapshot', params: {} })).ok).toBe(true);
    bystander.ws.close();
  });

  it('a client that sends but never reads is disconnected once its unsent output passes the cap', async () => {
    // A lower output cap (the default is 16 MiB), and no in-flight cap, so that only the output cap can act here.
    const g = await startHostFixture({ limits: { outgoingBytes: 256 * 1024, inFlight: Number.MAX_SAFE_INTEGER } });
    try {
      await slowReader(g);
    } finally {
      await g.close();
    }
  });
});

describe('connections', () => {
  it(`at most ${MAX_ENGINE_CONNECTIONS} engine connections at once: the next gets 503 until one leaves`, async () => {
    const g = await startHostFixture();
    try {
      const clients = await Promise.all(Array.from({ length: MAX_ENGINE_CONNECTIONS }, () => connect(g.host)));
      await expect(connect(g.host)).rejects.toThrow('HTTP 503');
      clients[0]!.ws.close();
      await clients[0]!.closed;
      let late: Awaited<ReturnType<typeof connect>> | null = null;
      for (let i = 0; i < 40 && !late; i++) late = await connect(g.host).catch(() => new Promise<null>((r) => setTimeout(() => r(null), 50)));
      if (!late) throw new Error('no connection accepted after one left');
      expect((await late.call({ t: 'req', id: 1, method: 'snapshot', params: {} })).ok).toBe(true);
      for (const c of [...clients, late]) c.ws.terminate();
    } finally {
      await g.close();
    }
  });
});

/** Against host `g`: a client that pauses reading while it keeps asking for history is cut off; another is served. */
async function slowReader(g: HostFixture): Promise<void> {
  const reader = await connect(g.host);
  const slow = await connect(g.host);
  slow.ws.pause(); // reads nothing from now on (the TCP buffers fill, then the engine's)
  let id = 0;
  const before = g.logs.length;
  for (let burst = 0; burst < 400 && !g.logs.slice(before).some((l) => /does not read/.test(l)); burst++) {
    for (let i = 0; i < 50; i++) slow.ws.send(JSON.stringify({ t: 'req', id: ++id, method: 'history', params: { sensorId: 'traffic:1', maxPoints: 100_000 } }));
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(g.logs.slice(before).some((l) => /over 262144 bytes unsent \(the client does not read\); disconnected/.test(l))).toBe(true);
  expect((await reader.call({ t: 'req', id: 1, method: 'snapshot', params: {} })).ok).toBe(true);
  reader.ws.close();
  slow.ws.terminate();
}

describe('bad HTTP', () => {
  it('garbage instead of HTTP gets a 400, and the host keeps serving', async () => {
    const sock = createConnection({ host: '127.0.0.1', port: f.host.port });
    sock.on('error', () => {});
    let text = '';
    sock.on('data', (d) => (text += d.toString()));
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write('\x16\x03\x01 not http at all\r\n\r\n');
    await new Promise<void>((r) => sock.on('close', () => r()));
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(await stillServes(f.host)).toBe(true);
  });

  it('an upgrade socket that hangs up mid-handshake does not hurt', async () => {
    const sock = createConnection({ host: '127.0.0.1', port: f.host.port });
    sock.on('error', () => {});
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write(`GET /engine HTTP/1.1\r\nHost: 127.0.0.1:${f.host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
    sock.resetAndDestroy();
    expect(await stillServes(f.host)).toBe(true);
  });
});
