/**
 * The documented size limits fit real use: a realistic rules file is far under the import limit, and the request
 * that carries a rules file at that limit fits the engine's frame limit (so the UI's check is the one that speaks,
 * never the transport). A bigger file is refused before it is sent, with a message that says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_RULES_JSON } from '../../electron/engine/rules/starter-rules';
import { MAX_REQUEST_BYTES, MAX_RULE_FILE_BYTES } from '../../electron/shared/engine-limits';
import { requestBytes } from '../../renderer/platform/rpc-client';
import { parseRuleFile, ruleFileSizeError } from '../../renderer/rules/RulesList';
import { connect, startHostFixture, type HostFixture } from './transport-fixture';

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture();
});
afterAll(async () => {
  await f?.close();
});

/** A rules file as the UI exports it (pretty-printed), with `n` rules modelled on the starter set. */
function rulesFile(n: number): string {
  const rules = Array.from({ length: n }, (_, i) => {
    const base = STARTER_RULES_JSON[i % STARTER_RULES_JSON.length] as { id: string; name: string };
    return { ...base, id: `${base.id}-${i}`, name: `${base.name} (${i})` };
  });
  return JSON.stringify({ schema: 1, exportedAt: new Date(0).toISOString(), rules }, null, 2);
}

describe('rules file size', () => {
  it('a desk with 500 rules exports a file well under the limit', () => {
    const text = rulesFile(500);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_RULE_FILE_BYTES / 2);
    expect(ruleFileSizeError(Buffer.byteLength(text))).toBeNull();
  });

  it('a file at the limit travels in one request the engine reads; one byte more is refused before reading', async () => {
    let text = rulesFile(1);
    const pad = MAX_RULE_FILE_BYTES - Buffer.byteLength(text);
    text = text.replace('{', '{' + ' '.repeat(pad)); // whitespace: the file is at the limit exactly
    expect(Buffer.byteLength(text)).toBe(MAX_RULE_FILE_BYTES);
    expect(ruleFileSizeError(MAX_RULE_FILE_BYTES)).toBeNull();
    expect(ruleFileSizeError(MAX_RULE_FILE_BYTES + 1)).toMatch(/a rules file can be at most 2\.0 MiB .*Nothing was imported/);
    // Worst case for the request: a file at the limit made of one long string (re-serialised, it does not shrink).
    const dense = JSON.stringify({ schema: 1, rules: [{ id: 'x', name: 'é'.repeat((MAX_RULE_FILE_BYTES - 64) / 2) }] });
    expect(Buffer.byteLength(dense)).toBeLessThanOrEqual(MAX_RULE_FILE_BYTES);
    const parsed = parseRuleFile(dense);
    expect(parsed.ok).toBe(true);
    const req = { t: 'req' as const, id: 1, method: 'importRules', params: { json: parsed.ok ? parsed.json : null } };
    expect(requestBytes(req)).toBeLessThan(MAX_REQUEST_BYTES);
    // The engine reads it and answers (an operator may not import: forbidden), the connection stays open.
    const c = await connect(f.host);
    expect(await c.call(req)).toMatchObject({ id: 1, ok: false, error: { code: 'forbidden' } });
    expect((await c.call({ t: 'req', id: 2, method: 'session', params: {} })).ok).toBe(true);
    c.ws.close();
  });
});
