/** `npm run feed -- --port N --speed S [--token T]`: the demo feed server on its own. */
import { startDemoServer } from '../demo-feed/server';
import { checkPort, parseArgs, runCli, usage, UsageError } from './args';
import { ASSETS_DIR } from './paths';

const spec = {
  port: { type: 'number', help: 'port to listen on (default 4600, 0 = any free port)' },
  host: { type: 'string', help: 'address to listen on (default 127.0.0.1)' },
  speed: { type: 'number', help: 'replay speed, feed seconds per wall second (default 1)' },
  token: { type: 'string', help: 'require this token in the Socket.IO handshake' },
  assets: { type: 'string', help: 'assets folder (default: the shipped assets/)' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run feed -- [options]', spec));
  if (args.speed !== undefined && !(args.speed > 0)) throw new UsageError('--speed must be greater than 0');
  const server = await startDemoServer({
    assetsDir: args.assets ?? ASSETS_DIR,
    port: checkPort(args.port, 4600),
    host: args.host ?? '127.0.0.1',
    speed: args.speed ?? 1,
    ...(args.token !== undefined ? { token: args.token } : {}),
    log: (m) => console.log(m),
  });
  console.log(`CityDesk demo feed listening on ${server.url}${args.token ? ' (token required)' : ''}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
