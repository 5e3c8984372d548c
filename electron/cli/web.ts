/**
 * `npm run web -- [--port N] [--feed URL | --hub-config FILE | --incident DIR] [--token-file FILE] [--speed S] [--scale K] [--db FILE] [--basemap FILE_OR_DIR_OR_CITY]`:
 * CityDesk in a browser. Starts the engine (with an embedded hub when no feed is given: the config's, else the demo) and
 * serves the renderer on http://127.0.0.1:PORT.
 * The feed token comes from CITYDESK_TOKEN or --token-file, never the command line. SIGINT/SIGTERM: flush, exit 0.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startHostedEngine } from './hosted-engine';
import { checkPort, checkScale, parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { readFeedToken, TOKEN_FLAGS } from './feed-token';
import { consoleEcho, logLevelFrom, openHostLog } from './logging';
import { ASSETS_DIR, RENDERER_DIR, defaultDbFile } from './paths';
import { stopOnSignals } from './shutdown';
import { checkLoopbackBind, NonLoopbackHostError, startWebHost } from './web-host';
import { BasemapInputError, basemapBesideHubConfig, resolveUserBasemap } from '../hosts/user-basemap';

const spec = {
  port: { type: 'number', help: 'port to serve on (default 5180, 0 = any free port)' },
  host: { type: 'string', help: 'loopback address to serve on (default 127.0.0.1; also ::1 or localhost). Any other address, such as 0.0.0.0, is refused: the engine API drives the control room' },
  feed: { type: 'string', help: 'feed URL (default: the embedded demo feed)' },
  'hub-config': { type: 'string', help: 'run the hub of this config embedded instead of the demo feed (e.g. assets/cities/aberdeen/hub.json)' },
  ...TOKEN_FLAGS,
  speed: { type: 'number', help: 'speed of the embedded demo feed (default 1)' },
  scale: { type: 'number', help: 'scale mode of the embedded demo feed or hub: its replayed sensors multiplied K times (default 1; see npm run feed -- --help)' },
  db: { type: 'string', help: 'SQLite cache file (default $CITYDESK_DB or ~/.local/share/citydesk/cache.db; :memory: for none)' },
  user: { type: 'string', help: 'operator name recorded with notes (default: the OS user)' },
  incident: { type: 'string', help: 'open an incident pack folder (made by the desk or `npm run incident`) read-only, in replay, instead of a feed' },
  basemap: { type: 'string', help: 'the city base map: a PMTiles archive, a folder of GeoJSON layers, or a shipped city (e.g. aberdeen); the world map is always under it' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run web -- [options]', spec));
  const port = checkPort(args.port, 5180);
  const scale = checkScale(args.scale);
  try {
    checkLoopbackBind(args.host ?? '127.0.0.1');
  } catch (e) {
    throw e instanceof NonLoopbackHostError ? new UsageError(`--host: ${e.message}`) : e;
  }
  if (args.speed !== undefined && !(args.speed > 0)) throw new UsageError('--speed must be greater than 0');
  if (args.feed !== undefined && !/^(https?|wss?):\/\//.test(args.feed)) throw new UsageError(`--feed must be an http(s) or ws(s) URL, got ${JSON.stringify(args.feed)}`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error(`no built renderer in ${RENDERER_DIR}: run "npx vite build" (npm run web does it)`);
  const feedUrl = args.feed ?? (args['hub-config'] === undefined ? process.env.CITYDESK_FEED_URL : undefined);
  if (args.feed !== undefined && args['hub-config'] !== undefined) throw new UsageError('give --feed or --hub-config, not both');
  if (args.incident !== undefined && (args.feed !== undefined || args['hub-config'] !== undefined)) throw new UsageError('--incident opens a pack without a feed: give it alone');
  if (scale > 1 && (args.feed !== undefined || args.incident !== undefined)) throw new UsageError('--scale multiplies the embedded demo feed or hub: it cannot be given with --feed or --incident');
  const token = readFeedToken(args['token-file'], process.env);
  const level = logLevelFrom(process.env);
  const dbFile = args.db ?? defaultDbFile();
  let basemap;
  try {
    // A shipped city's hub config brings its base map (Aberdeen's), unless another is named.
    basemap = args.basemap !== undefined ? resolveUserBasemap(args.basemap, ASSETS_DIR) : args['hub-config'] !== undefined ? basemapBesideHubConfig(args['hub-config'], ASSETS_DIR) : undefined;
  } catch (e) {
    throw e instanceof BasemapInputError ? new UsageError(e.message) : e;
  }

  const hostLog = openHostLog({ name: 'web', level, echo: consoleEcho });
  const control = stopOnSignals({ log: hostLog.log });
  await hostLog.ready; // the file is open before anything can end the process
  if (dbFile !== ':memory:') mkdirSync(dirname(dbFile), { recursive: true });
  const hosted = await startHostedEngine({
    dbFile,
    ...(args.user ? { user: args.user } : {}),
    assetsDir: ASSETS_DIR,
    ...(args.incident !== undefined ? { incidentDir: args.incident } : feedUrl ? { feedUrl } : {}),
    ...(args['hub-config'] !== undefined ? { hubConfig: args['hub-config'] } : {}),
    ...(token ? { token } : {}),
    ...(args.speed !== undefined ? { demoSpeed: args.speed } : {}),
    ...(scale > 1 ? { scale } : {}),
    log: hostLog.log,
  });
  let host: Awaited<ReturnType<typeof startWebHost>> | null = null;
  control.ready(async () => {
    await Promise.all([host?.close(), hosted.close()]);
  });
  if (control.stopping) return;
  try {
    host = await startWebHost({ engine: hosted.engine, rendererDir: RENDERER_DIR, assetsDir: ASSETS_DIR, host: args.host ?? '127.0.0.1', port, log: hostLog.log, ...(basemap ? { basemap } : {}) });
  } catch (e) {
    await hosted.close(); // flush what the engine already holds before failing
    throw e;
  }
  // The command's own output (scripts wait for it): printed whatever the log level.
  // The URL carries this launch's key: whoever opens it gets the engine; other local programs do not.
  const ready = `CityDesk web: ${host.url}  (${hosted.describe()}; cache ${dbFile}${hostLog.file() ? `; log ${hostLog.file()}` : ''}; open this address, it carries this launch's key)`;
  hostLog.toFile('info', ready);
  console.log(ready);
});
