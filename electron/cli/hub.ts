/**
 * `npm run hub -- --config FILE [--host H] [--port N]`: the hub on its own, serving the feed protocol to desks from the
 * sources of a config file (electron/hub/README.md). The config is validated first: every problem is printed with its
 * path (`sources[2].mapping.time.zone: must be an IANA time zone`) and the exit code is 2. The token comes from the
 * config's reference (an environment variable or a file), never the command line. A failing source is logged and
 * shown in the status; it never stops the hub. SIGINT/SIGTERM: close, exit 0.
 */
import { startHub, type Hub } from '../hub/hub';
import { loadHubConfig } from '../hub/resolve-config';
import { readSecret, SecretError } from '../hub/secrets';
import { checkPort, checkScale, parseArgs, runCli, usage, UsageError, type FlagSpec } from './args';
import { consoleEcho, logLevelFrom, openHostLog } from './logging';
import { ASSETS_DIR } from './paths';
import { stopOnSignals } from './shutdown';

const spec = {
  config: { type: 'string', help: 'the hub config (JSON; see electron/hub/README.md), e.g. assets/cities/aberdeen/hub.json' },
  host: { type: 'string', help: "address to listen on (default: the config's hub.listen.host)" },
  port: { type: 'number', help: "port to listen on (default: the config's hub.listen.port; 0 = any free port)" },
  scale: { type: 'number', help: "scale mode: the replayed (file, demo) sources' sensors multiplied K times, copies on tiles beside the city's home view and delayed in time (default 1)" },
  check: { type: 'boolean', help: 'validate the config and exit (0: valid, 2: the problems are printed)' },
  token: { type: 'string', help: '', refused: 'a token on the command line is visible to every local user (ps); reference it in the config: "token": {"env": "NAME"} or {"file": "path"}' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies FlagSpec;

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), spec);
  if (args.help) return void console.log(usage('npm run hub -- --config FILE [options]', spec));
  if (!args.config) throw new UsageError('--config FILE is required (a hub config, e.g. assets/cities/aberdeen/hub.json)');
  const port = args.port !== undefined ? checkPort(args.port, 0) : undefined;
  const scale = checkScale(args.scale);
  const resolved = loadHubConfig(args.config);
  if (!resolved.ok) throw new UsageError(`${args.config} is not a valid hub config:\n${resolved.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  const { hub: cfg } = resolved;
  if (args.check) return void console.log(`${args.config}: valid (${cfg.sources.length} sources: ${cfg.sources.map((s) => `${s.config.id} ${s.config.type}${s.config.enabled ? '' : ' (disabled)'}`).join(', ')})`);
  let token: string | undefined;
  if (cfg.config.hub.token) {
    try {
      token = readSecret(cfg.config.hub.token, cfg.configDir);
    } catch (e) {
      throw e instanceof SecretError ? new UsageError(`hub.token: ${e.message}`) : e;
    }
  }
  const level = logLevelFrom(process.env);
  let hub: Hub | null = null;
  const hostLog = openHostLog({ name: 'hub', level, echo: consoleEcho });
  const control = stopOnSignals({ log: hostLog.log });
  await hostLog.ready; // the file is open before anything can end the process
  control.ready(async () => {
    await hub?.close();
  });
  hub = await startHub(cfg, {
    assetsDir: ASSETS_DIR,
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(scale > 1 ? { scale } : {}),
    log: hostLog.log,
  });
  if (!token && !/^(127\.|::1$|localhost$)/.test(args.host ?? cfg.config.hub.listen.host)) {
    hostLog.log('warn', `the hub listens on ${args.host ?? cfg.config.hub.listen.host} without a token: anyone who can reach it can subscribe; set hub.token in the config`);
  }
  // The command's own output (scripts wait for it): printed whatever the log level.
  const ready = `CityDesk hub ${cfg.config.hub.id} listening on ${hub.url}${token ? ' (token required)' : ''}; ${cfg.sources.filter((s) => s.config.enabled).length} sources${scale > 1 ? `; scale ×${scale}` : ''}; status at ${hub.url}/health`;
  hostLog.toFile('info', ready);
  console.log(ready);
});
