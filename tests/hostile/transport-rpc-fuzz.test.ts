/**
 * Property tests of the engine API's boundary (transport/rpc.ts) with fast-check: random JSON values and random
 * mutations of valid requests never crash the server side, always get exactly one well-formed answer (a result, or
 * a structured error whose code is one of RPC_ERROR_CODES with well-formed issues), and never reach the engine with
 * params its schema refuses. Runs against a real engine (in memory) through serveRpc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandSchemas, RPC_ERROR_CODES, type CommandName, type RpcMessage } from '../../electron/engine/api';
import { startEngine, type Engine } from '../../electron/engine/index';
import { serveRpc, validateRequest, type Channel } from '../../electron/engine/transport/rpc';

let engine: Engine;
beforeAll(async () => {
  engine = await startEngine({ assetsDir: mkdtempSync(join(tmpdir(), 'citydesk-fuzz-')), feedUrl: 'http://127.0.0.1:9', reconnectDelayMs: 60_000 });
});
afterAll(async () => {
  await engine.close();
});

/** Valid requests of several shapes, to mutate. */
const VALID: { method: CommandName; params: Record<string, unknown> }[] = [
  { method: 'snapshot', params: {} },
  { method: 'history', params: { sensorId: 'traffic:1', from: 0, to: 1000, maxPoints: 100 } },
  { method: 'addNote', params: { sensorId: null, text: 'a note' } },
  { method: 'actions', params: { limit: 5 } },
  { method: 'gaps', params: { from: 0, to: 10 } },
  { method: 'setUser', params: { name: 'Ada' } },
  { method: 'unlockSupervisor', params: { passphrase: 'whatever it is' } },
  { method: 'setSupervisorPassphrase', params: { current: 'old passphrase', next: 'new passphrase' } },
  { method: 'alarms', params: { includeResolved: true, limit: 10 } },
  { method: 'shelveAlarm', params: { id: 'a', minutes: 5, reason: 'maintenance' } },
  { method: 'muteSound', params: { reason: 'on the phone' } },
  { method: 'validateRule', params: { rule: { schema: 1 } } },
  { method: 'setRuleEnabled', params: { id: 'r', enabled: false } },
  { method: 'restoreRuleVersion', params: { id: 'r', version: 1 } },
  { method: 'audit', params: { limit: 3, subject: 'x' } },
];

const validRequest = fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([v, id]) => ({ t: 'req', id, method: v.method, params: { ...v.params } }) as Record<string, unknown>);

/** One mutation of a valid request: a key dropped, a value replaced by any JSON, a key added, or the envelope broken. */
const mutated = fc
  .tuple(validRequest, fc.nat(), fc.jsonValue(), fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 6 }))
  .map(([req, pick, value, key, how]) => {
    const params = req.params as Record<string, unknown>;
    const keys = Object.keys(params);
    const k = keys.length ? keys[pick % keys.length]! : key;
    switch (how) {
      case 0:
        delete params[k];
        break;
      case 1:
        params[k] = value;
        break;
      case 2:
        params[key] = value;
        break;
      case 3:
        req.params = value;
        break;
      case 4:
        req.method = key;
        break;
      case 5:
        req[['t', 'id', 'method'][pick % 3]!] = value;
        break;
      default:
        req[key] = value;
    }
    return req as unknown;
  });

function expectWellFormedError(error: unknown): void {
  expect(error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  const e = error as { code: string; issues?: unknown };
  expect(RPC_ERROR_CODES).toContain(e.code);
  if (e.issues !== undefined) {
    expect(Array.isArray(e.issues)).toBe(true);
    for (const i of e.issues as unknown[]) expect(i).toEqual({ path: expect.any(String), message: expect.any(String) });
  }
}

describe('RPC validators under random input', () => {
  it('validateRequest never throws; what it lets through matches its schema; what it refuses is a structured error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated, validRequest), (raw) => {
        const v = validateRequest(raw);
        if (v.ok) {
          expect(Object.hasOwn(commandSchemas, v.method)).toBe(true);
          expect(commandSchemas[v.method].safeParse(v.params).success).toBe(true);
        } else {
          expect(Number.isSafeInteger(v.id)).toBe(true);
          expectWellFormedError(v.error);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('through serveRpc and a real engine: one well-formed answer per request, the engine never sees invalid params', async () => {
    const seen: { method: string; params: unknown }[] = [];
    // The real engine, observed: every call that reaches it is recorded and checked against its schema.
    const observed: Engine = {
      ...engine,
      handle: (method, params, session) => {
        seen.push({ method, params });
        return engine.handle(method, params, session);
      },
    };
    const sent: RpcMessage[] = [];
    let deliver: (raw: unknown) => void = () => {};
    const channel: Channel = {
      send: (m) => void sent.push(m),
      onMessage: (cb) => void (deliver = cb),
      onClose: () => {},
      close: () => {
        throw new Error('the fuzz connection must not be closed: it keeps under the in-flight cap');
      },
    };
    const dispose = serveRpc(observed, channel);
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated, validRequest), async (raw) => {
          sent.length = 0;
          deliver(raw);
          for (let i = 0; i < 50 && !sent.some((m) => m.t === 'res'); i++) await new Promise((r) => setImmediate(r));
          const answers = sent.filter((m) => m.t === 'res');
          expect(answers).toHaveLength(1);
          const a = answers[0]!;
          if (a.t === 'res' && !a.ok) {
            expectWellFormedError(a.error);
            // Bad input is the caller's error, never a failure inside the engine.
            expect(a.error.code, a.error.message).not.toBe('internal');
          }
          if (a.t === 'res' && typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' && a.id !== -1) expect(a.id).toBe((raw as { id: number }).id);
        }),
        { numRuns: 600 },
      );
    } finally {
      dispose();
    }
    expect(seen.length).toBeGreaterThan(50);
    for (const call of seen) expect(commandSchemas[call.method as CommandName].safeParse(call.params).success, `${call.method} reached the engine with ${JSON.stringify(call.params)}`).toBe(true);
  }, 120_000);
});
