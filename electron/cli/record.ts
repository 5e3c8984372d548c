/**
 * `npm run record -- --feed URL [--token T] --db FILE`: the headless recorder. Follows a feed into a CityDesk
 * database (the same cache the app uses; it resumes from the cursor stored there), with no UI. Logs connection
 * changes and a progress line every 10 s to stderr; stops on SIGINT/SIGTERM after flushing what it holds.
 */
import { startEngine, type Engine } from '../engine/index';
import type { FeedStatus } from '../engine/api';
import { parseArgs, runCli, usage, UsageError } from './args';
import { ASSETS_DIR } from './paths';

const spec = {
  feed: { type: 'string', help: 'feed URL (http(s) or ws(s))' },
  token: { type: 'string', help: 'feed auth token (or env CITYDESK_TOKEN)' },
  db: { type: 'string', help: 'database file to record into (created when missing)' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const PROGRESS_MS = 10_000;
const fmt = (n: number) => n.toLocaleString('en-US');
const say = (msg: string) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);

function rejectsText(r: FeedStatus['rejects']): string {
  const parts = Object.entries(r).map(([k, n]) => `${k} ${fmt(n ?? 0)}`);
  return parts.length ? parts.join(', ') : 'none';
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run record -- --feed URL [--token T] --db FILE', spec));
  if (args.feed === undefined) throw new UsageError('--feed is required');
  if (args.db === undefined) throw new UsageError('--db is required');
  if (!/^(https?|wss?):\/\//.test(args.feed)) throw new UsageError(`--feed must be an http(s) or ws(s) URL, got ${JSON.stringify(args.feed)}`);
  if (args.db.trim() === '' || args.db === ':memory:') throw new UsageError('--db must name a file');
  const token = args.token ?? process.env.CITYDESK_TOKEN;

  // Signals that arrive while the engine starts still stop it cleanly.
  let stopRequested: string | null = null;
  let engine: Engine | null = null;
  let stopping: Promise<void> | null = null;
  const stop = (why: string, code = 0) => {
    stopRequested ??= why;
    if (!engine || stopping) return;
    const e = engine;
    say(`${why}: flushing and stopping`);
    stopping = e.close().then(
      () => {
        const s = e.store.ingestTotals;
        say(`stopped; ${fmt(s.inserted)} readings stored this run (${fmt(s.duplicates)} duplicates ignored)`);
        process.exit(code);
      },
      (err: unknown) => {
        process.stderr.write(`error: closing the database failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const eng = await startEngine({
    assetsDir: ASSETS_DIR,
    feedUrl: args.feed,
    ...(token ? { token } : {}),
    dbFile: args.db,
    // Rejects are summed up in the progress line; everything else of note goes to stderr.
    log: (level, msg) => {
      if (level !== 'info' && !msg.startsWith('rejected (')) say(`[${level}] ${msg}`);
    },
  });
  engine = eng;
  say(`recording ${args.feed} into ${eng.store.file}`);
  if (stopRequested) return stop(stopRequested);

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
      clearInterval(watch);
      clearInterval(progress);
      process.stderr.write(`error: ${s.lastError}\n`);
      stop('cache write failed', 1);
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
});
