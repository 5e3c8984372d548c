/**
 * `npm run feed -- [--port N] [--speed S] [--scale K] [--token-file FILE]`: the demo feed server on its own. `--scale K`
 * multiplies the real sensors K times (electron/hub/scale.ts): 100,000 sensors from real data at K = 194. With a token (from
 * CITYDESK_TOKEN or --token-file, never the command line) clients must present it. SIGINT/SIGTERM: close, exit 0.
 */
import { startDemoServer, type DemoServer } from '../demo-feed/server';
import { MAX_SENSORS } from '../shared/protocol';
import { checkPort, checkScale, parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { readFeedToken, TOKEN_FLAGS } from './feed-token';
import { consoleEcho, logLevelFrom, openHostLog } from './logging';
import { ASSETS_DIR } from './paths';
import { stopOnSignals } from './shutdown';

const spec = {
  port: { type: 'number', help: 'port to listen on (default 4600, 0 = any free port)' },
  host: { type: 'string', help: 'address to listen on (default 127.0.0.1)' },
  speed: { type: 'number', help: 'replay speed, feed seconds per wall second (default 1)' },
  scale: { type: 'number', help: 'scale mode: the real sensors multiplied K times, copies beside the city and delayed in time (default 1: as they are; 194 = about 100,000 sensors)' },
  ...TOKEN_FLAGS,
  assets: { type: 'string', help: 'assets folder (default: the shipped assets/)' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run feed -- [options]', spec));
  if (args.speed !== undefined && !(args.speed > 0)) throw new UsageError('--speed must be greater than 0');
  const port = checkPort(args.port, 4600);
  const scale = checkScale(args.scale);
  const token = readFeedToken(args['token-file'], process.env);
  const level = logLevelFrom(process.env);

  let server: DemoServer | null = null;
  const hostLog = openHostLog({ name: 'feed', level, echo: consoleEcho });
  const control = stopOnSignals({ log: hostLog.log });
  await hostLog.ready; // the file is open before anything can end the process
  control.ready(async () => {
    await server?.close();
  });
  server = await startDemoServer({
    assetsDir: args.assets ?? ASSETS_DIR,
    port,
    host: args.host ?? '127.0.0.1',
    speed: args.speed ?? 1,
    scale,
    ...(token !== undefined ? { token } : {}),
    log: (m) => hostLog.log('info', m),
  });
  // The command's own output (scripts wait for it): printed whatever the log level.
  const ready = `CityDesk demo feed listening on ${server.url}${token ? ' (token required)' : ''}${scale > 1 ? `; scale ×${scale}: ${server.catalogue().sensors.length.toLocaleString('en-US')} sensors` : ''}`;
  hostLog.toFile('info', ready);
  console.log(ready);
  const sensors = server.catalogue().sensors.length;
  if (sensors > MAX_SENSORS) hostLog.log('warn', `${sensors.toLocaleString('en-US')} sensors exceed the protocol's catalogue cap of ${MAX_SENSORS.toLocaleString('en-US')} (PROTOCOL.md, "Size caps"): desks as shipped refuse this catalogue (catalogue-too-large)`);
});
