/** The CLIs' argument parsing (node:util parseArgs underneath) and the feed token's sources. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPort, parseArgs, usage, UsageError, type FlagSpec } from '../../electron/cli/args';
import { readFeedToken, TOKEN_FLAGS } from '../../electron/cli/feed-token';

const spec = {
  feed: { type: 'string', help: 'feed URL' },
  port: { type: 'number', help: 'port' },
  sensor: { type: 'strings', help: 'a sensor (repeatable)' },
  help: { type: 'boolean', help: 'show this help' },
  ...TOKEN_FLAGS,
} as const satisfies FlagSpec;

const fails = (argv: string[]) => {
  try {
    parseArgs(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
};

describe('parseArgs', () => {
  it('reads --name value and --name=value, numbers typed, repeated strings collected, booleans', () => {
    expect(parseArgs(['--feed', 'http://a', '--port=8080', '--sensor', 'x', '--sensor=y,z', '--help'], spec)).toEqual({
      feed: 'http://a',
      port: 8080,
      sensor: ['x', 'y,z'],
      help: true,
    });
    expect(parseArgs([], spec)).toEqual({});
    // The last of a repeated single-value flag wins; a value may start with one dash (a negative number).
    expect(parseArgs(['--port', '1', '--port', '-2'], spec)).toEqual({ port: -2 });
    expect(parseArgs(['--feed=--odd'], spec)).toEqual({ feed: '--odd' });
  });

  it('refuses what it does not know, with one line naming the flag', () => {
    expect(fails(['--speed', '3'])).toBe('unknown option --speed (known: --feed, --port, --sensor, --help, --token-file)');
    expect(fails(['-p', '3'])).toMatch(/^unknown option -p /);
    expect(fails(['http://a'])).toBe('unexpected argument "http://a"');
    expect(fails(['--', '--feed'])).toBe('unexpected argument "--feed"');
    expect(fails(['--constructor'])).toMatch(/^unknown option --constructor/);
  });

  it('says which flag lacks its value, and which value is not a number', () => {
    expect(fails(['--feed'])).toBe('--feed needs a value');
    expect(fails(['--feed', '--port', '1'])).toBe('--feed needs a value');
    expect(fails(['--port', 'abc'])).toBe('--port must be a number, got "abc"');
    expect(fails(['--port='])).toBe('--port must be a number, got ""');
    expect(fails(['--port', 'Infinity'])).toBe('--port must be a number, got "Infinity"');
    expect(fails(['--help=yes'])).toBe('--help takes no value');
  });

  it('refuses --token, saying why and what to use instead', () => {
    const msg = fails(['--token', 's3cret']);
    expect(msg).toMatch(/^--token is not accepted: .*visible to every local user.*CITYDESK_TOKEN.*--token-file/);
    expect(msg).not.toContain('s3cret');
    expect(fails(['--token=s3cret'])).not.toContain('s3cret');
  });

  it('ignoreUnknown skips what is not in the spec (a launcher may add its own switches), still checks the rest', () => {
    expect(parseArgs(['--inspect', 'x', '--port', '2', 'positional', '--no-sandbox'], spec, { ignoreUnknown: true })).toEqual({ port: 2 });
    expect(() => parseArgs(['--port', 'x'], spec, { ignoreUnknown: true })).toThrow('--port must be a number');
    expect(() => parseArgs(['--token', 't'], spec, { ignoreUnknown: true })).toThrow(/--token is not accepted/);
  });

  it('usage lists the flags with their types, not the refused one', () => {
    const text = usage('cmd [options]', spec);
    expect(text.split('\n')[0]).toBe('usage: cmd [options]');
    expect(text).toContain('  --port NUMBER  port');
    expect(text).toContain('  --sensor STRING  a sensor (repeatable)');
    expect(text).toContain('  --help  show this help');
    expect(text).toContain('  --token-file STRING');
    expect(text).not.toMatch(/--token /);
  });

  it('checkPort: an integer from 0 to 65535, with a default', () => {
    expect(checkPort(undefined, 4600)).toBe(4600);
    expect(checkPort(0, 1)).toBe(0);
    for (const bad of [-1, 65536, 1.5]) expect(() => checkPort(bad, 1)).toThrow(`--port must be an integer from 0 to 65535, got ${bad}`);
  });
});

describe('readFeedToken', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'citydesk-token-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string, mode: number) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    chmodSync(f, mode);
    return f;
  };

  it('takes CITYDESK_TOKEN, or nothing', () => {
    expect(readFeedToken(undefined, { CITYDESK_TOKEN: 'envtok' })).toBe('envtok');
    expect(readFeedToken(undefined, {})).toBeUndefined();
    expect(readFeedToken(undefined, { CITYDESK_TOKEN: '' })).toBeUndefined();
  });

  it('reads a 0600 or 0400 file (without its line break), which wins over the environment', () => {
    expect(readFeedToken(file('a', 'filetok\n', 0o600), { CITYDESK_TOKEN: 'envtok' })).toBe('filetok');
    expect(readFeedToken(file('b', 'filetok\r\n', 0o400), {})).toBe('filetok');
  });

  it('refuses a file group or others may read or write, naming the mode and the fix', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602]) {
      const f = file(`m${mode.toString(8)}`, 'tok', mode);
      expect(() => readFeedToken(f, {})).toThrow(new UsageError(`--token-file ${f} is readable or writable by group or others (mode 0${mode.toString(8)}): run "chmod 600 ${f}" first`));
    }
    // Windows has no such modes: the check does not apply there.
    expect(readFeedToken(file('w', 'tok', 0o644), {}, 'win32')).toBe('tok');
  });

  it('refuses a missing file, a folder, an empty, oversized or multi-word token', () => {
    expect(() => readFeedToken(join(dir, 'nope'), {})).toThrow(`--token-file ${join(dir, 'nope')}: no such file`);
    expect(() => readFeedToken(dir, {})).toThrow('not a regular file');
    expect(() => readFeedToken(file('e', '\n', 0o600), {})).toThrow('is empty');
    expect(() => readFeedToken(file('big', 'x'.repeat(5000), 0o600), {})).toThrow(/a token is at most 4096/);
    expect(() => readFeedToken(file('sp', 'two words\n', 0o600), {})).toThrow('contains whitespace or control characters');
    expect(() => readFeedToken(undefined, { CITYDESK_TOKEN: 'a\tb' })).toThrow('CITYDESK_TOKEN contains whitespace');
  });
});
