/**
 * `npm run passphrase -- [--db FILE] [--reset] [--user NAME]`: sets the desk's supervisor passphrase on the host side,
 * in the cache file (the engine API never sets a first passphrase; see electron/engine/access/). On a terminal it asks
 * twice without echo; from a pipe it reads the first line (`printf '%s\n' "$PASS" | npm run passphrase -- --db F`).
 * A desk that already has one keeps it unless --reset is given (for a forgotten passphrase; the audit log says so).
 * Works while CityDesk runs on the same cache (SQLite WAL); the new passphrase applies to the next unlock.
 */
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { ApiError } from '../engine/api';
import { SupervisorAccess } from '../engine/access/supervisor-access';
import { openStore } from '../engine/store/store';
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from '../shared/engine-control';
import { parseArgs, runCli, usage, UsageError } from './args';
import { defaultDbFile } from './paths';

const spec = {
  db: { type: 'string', help: 'the CityDesk cache (default $CITYDESK_DB or ~/.local/share/citydesk/cache.db)' },
  reset: { type: 'boolean', help: 'replace an existing passphrase (otherwise only a desk without one gets one)' },
  user: { type: 'string', help: 'who sets it, for the audit log (default: the OS user)' },
  help: { type: 'boolean', help: 'show this help' },
} as const;
const USAGE = `${usage('npm run passphrase -- [--db FILE] [--reset] [--user NAME]', spec)}
The passphrase is read from the terminal (asked twice, not echoed) or from the first line of standard input.`;

/** Sets the passphrase in a cache file from the host side. */
export async function setPassphraseInCache(dbFile: string, passphrase: string, opts: { replace: boolean; by: string }): Promise<'set' | 'reset'> {
  const store = openStore(dbFile);
  try {
    const access = new SupervisorAccess(store, Date.now);
    const existed = access.configured();
    await access.setFromHost(passphrase, { by: opts.by, replace: opts.replace });
    return existed ? 'reset' : 'set';
  } finally {
    store.close();
  }
}

/** One line from a terminal with echo off (raw mode): Enter ends it, Backspace edits, Ctrl-C / Ctrl-D abort. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let line = '';
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
        else if (ch >= ' ') line += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The first line of a piped standard input (without its line ending). */
async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n') || text.length > PASSPHRASE_MAX * 4) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? '';
}

function checkLength(pass: string): void {
  if (pass.length < PASSPHRASE_MIN) throw new UsageError(`a passphrase has at least ${PASSPHRASE_MIN} characters`);
  if (pass.length > PASSPHRASE_MAX) throw new UsageError(`a passphrase has at most ${PASSPHRASE_MAX} characters`);
}

function osUser(): string {
  try {
    return userInfo().username || 'host';
  } catch {
    return 'host';
  }
}

runCli(async () => {
  const values = parseArgs(process.argv.slice(2), spec);
  if (values.help) return void console.log(USAGE);
  const dbFile = values.db ?? defaultDbFile();
  if (dbFile === ':memory:') throw new UsageError('--db :memory: would set a passphrase nobody can use: give the cache file');
  let pass: string;
  if (process.stdin.isTTY) {
    pass = await readHidden('New supervisor passphrase: ');
    checkLength(pass);
    if ((await readHidden('The same again: ')) !== pass) throw new UsageError('the two passphrases differ; nothing was changed');
  } else {
    pass = await readFirstLine();
    checkLength(pass);
  }
  mkdirSync(dirname(dbFile), { recursive: true });
  const what = await setPassphraseInCache(dbFile, pass, { replace: values.reset === true, by: values.user ?? osUser() }).catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'conflict') throw new UsageError(`${e.message} (${dbFile}); give --reset to replace it`);
    throw e;
  });
  console.log(`supervisor passphrase ${what === 'set' ? 'set' : 'replaced'} in ${dbFile}`);
});
