/**
 * `npm run web -- [--port N] [--feed URL --token T] [--speed S] [--db FILE]`: CityDesk in a browser. Starts the engine (with the
 * embedded demo feed when no feed is given) and serves the renderer on http://127.0.0.1:PORT.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startHostedEngine } from './hosted-engine';
import { checkPort, parseArgs, runCli, usage, UsageError } from './args';
import { ASSETS_DIR, RENDERER_DIR, defaultDbFile } from './paths';
import { checkLoopbackBind, NonLoopbackHostError, startWebHost } from './web-host';

const spec = {
  port: { type: 'number', help: 'port to serve on (default 5180, 0 = any free port)' },
  host: { type: 'string', help: 'loopback address to serve on (default 127.0.0.1; also ::1 or localhost). Any other address, such as 0.0.0.0, is refused: the engine API drives the control room' },
  feed: { type: 'string', help: 'feed URL (default: the embedded demo feed)' },
  token: { type: 'string', help: 'feed auth token (or env CITYDESK_TOKEN)' },
  speed: { type: 'number', help: 'speed of the embedded demo feed (default 1)' },
  db: { type: 'string', help: 'SQLite cache file (default $CITYDESK_DB or ~/.local/share/citydesk/cache.db; :memory: for none)' },
  user: { type: 'string', help: 'operator name recorded with notes (default: the OS user)' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run web -- [options]', spec));
  const port = checkPort(args.port, 5180);
  try {
    checkLoopbackBind(args.host ?? '127.0.0.1');
  } catch (e) {
    throw e instanceof NonLoopbackHostError ? new UsageError(`--host: ${e.message}`) : e;
  }
  if (args.speed !== undefined && !(args.speed > 0)) throw new UsageError('--speed must be greater than 0');
  if (args.feed !== undefined && !/^(https?|wss?):\/\//.test(args.feed)) throw new UsageError(`--feed must be an http(s) or ws(s) URL, got ${JSON.stringify(args.feed)}`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`no built renderer in ${RENDERER_DIR}: run "npx vite build" (npm run web does it)`);
  const feedUrl = args.feed ?? process.env.CITYDESK_FEED_URL;
  const token = args.token ?? process.env.CITYDESK_TOKEN;
  const dbFile = args.db ?? defaultDbFile();
  if (dbFile !== ':memory:') mkdirSync(dirname(dbFile), { recursive: true });
  const log = (level: 'info' | 'warn' | 'error', msg: string) => (level === 'info' ? console.log(msg) : console.error(`[${level}] ${msg}`));
  const hosted = await startHostedEngine({
    dbFile,
    ...(args.user ? { user: args.user } : {}),
    assetsDir: ASSETS_DIR,
    ...(feedUrl ? { feedUrl } : {}),
    ...(token ? { token } : {}),
    ...(args.speed !== undefined ? { demoSpeed: args.speed } : {}),
    log,
  });
  const { engine } = hosted;
  const host = await startWebHost({ engine, rendererDir: RENDERER_DIR, assetsDir: ASSETS_DIR, host: args.host ?? '127.0.0.1', port, log });
  // The URL carries this launch's key: whoever opens it gets the engine; other local programs do not.
  console.log(`CityDesk web: ${host.url}  (${hosted.describe()}; cache ${dbFile}; open this address, it carries this launch's key)`);
  const stop = () => void Promise.all([host.close(), hosted.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
