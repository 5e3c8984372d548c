/**
 * `npm run record -- --feed URL --db FILE [--token-file FILE]`: the headless recorder. Follows a feed into a CityDesk
 * database (the same cache the app uses; it resumes from the cursor stored there), with no UI. The feed token comes
 * from CITYDESK_TOKEN or --token-file, never the command line. Logs connection changes and a progress line every
 * 10 s to stderr and to its log file (logging.ts); stops on SIGINT/SIGTERM after flushing what it holds, exit 0.
 */
import { startEngine } from '../engine/index';
import type { FeedStatus } from '../engine/api';
import { parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { readFeedToken, TOKEN_FLAGS } from './feed-token';
import { logLevelFrom, openHostLog } from './logging';
import { ASSETS_DIR } from './paths';
import { stopOnSignals } from './shutdown';

const spec = {
  feed: { type: 'string', help: 'feed URL (http(s) or ws(s))' },
  ...TOKEN_FLAGS,
  db: { type: 'string', help: 'database file to record into (created when missing)' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

const PROGRESS_MS = 10_000;
const fmt = (n: number) => n.toLocaleString('en-US');

function rejectsText(r: FeedStatus['rejects']): string {
  const parts = Object.entries(r).map(([k, n]) => `${k} ${fmt(n ?? 0)}`);
  return parts.length ? parts.join(', ') : 'none';
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run record -- --feed URL --db FILE [--token-file FILE]', spec));
  if (args.feed === undefined) throw new UsageError('--feed is required');
  if (args.db === undefined) throw new UsageError('--db is required');
  if (!/^(https?|wss?):\/\//.test(args.feed)) throw new UsageError(`--feed must be an http(s) or ws(s) URL, got ${JSON.stringify(args.feed)}`);
  if (args.db.trim() === '' || args.db === ':memory:') throw new UsageError('--db must name a file');
  const token = readFeedToken(args['token-file'], process.env);
  const level = logLevelFrom(process.env);

  const hostLog = openHostLog({
    name: 'record',
    level,
    echo: (l, msg) => process.stderr.write(`${new Date().toISOString()} ${l === 'info' ? '' : `[${l}] `}${msg}\n`),
  });
  const say = (msg: string) => hostLog.log('info', msg);

  // Signals that arrive while the engine starts still stop it cleanly: the stop runs once it is up.
  const control = stopOnSignals({ log: hostLog.log, announce: (why) => `${why}: flushing and stopping` });
  await hostLog.ready; // the file is open before anything can end the process

  const eng = await startEngine({
    assetsDir: ASSETS_DIR,
    feedUrl: args.feed,
    ...(token ? { token } : {}),
    dbFile: args.db,
    // Rejects are summed up in the progress line and engine info goes to the file only; warnings and errors to stderr too.
    log: (l, msg) => (l === 'info' || msg.startsWith('rejected (') ? hostLog.toFile(l, msg) : hostLog.log(l, msg)),
  });
  say(`recording ${args.feed} into ${eng.store.file}${hostLog.file() ? `; log ${hostLog.file()}` : ''}`);
  let lastConnection: string | null = null;
  let lastError: string | null = null;
  let lastInserted = 0;
  const watch = setInterval(() => {
    const s = eng.status();
    if (s.connection !== lastConnection) {
      lastConnection = s.connection;
      say(`feed ${s.connection}${s.connection === 'connected' ? `: ${s.feedName}` : s.lastError ? ` (${s.lastError})` : ''}`);
    }
    if (s.lastError && s.lastError !== lastError && s.lastError.startsWith('cache write failed')) {
      hostLog.log('error', s.lastError);
      control.stop('cache write failed', 1);
    }
    lastError = s.lastError;
  }, 250);
  const progress = setInterval(() => {
    const s = eng.status();
    const inserted = eng.store.ingestTotals.inserted;
    const feedTime = s.feedTime !== null ? new Date(s.feedTime).toISOString() : '–';
    say(
      `progress: ${fmt(inserted)} readings stored (+${fmt(inserted - lastInserted)}), ${fmt(s.cache.readings)} in the database, ` +
        `rejects: ${rejectsText(s.rejects)}; feed ${s.connection}, seq ${s.lastSeq ?? '–'}, feed time ${feedTime}`,
    );
    lastInserted = inserted;
  }, PROGRESS_MS);

  // Stops now if a signal came while the engine was starting.
  control.ready(async () => {
    clearInterval(watch);
    clearInterval(progress);
    await eng.close();
    const s = eng.store.ingestTotals;
    say(`stopped; ${fmt(s.inserted)} readings stored this run (${fmt(s.duplicates)} duplicates ignored)`);
  });
});
