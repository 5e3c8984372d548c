/**
 * The engine's utility-process entry (Electron's utilityProcess.fork; bundled to dist/electron/engine-host.cjs).
 * Starts the engine, then serves the engine API on every MessagePort the main process sends:
 *   main -> process.parentPort: { type: 'citydesk:engine-port' } with the port in ports[0]
 * one per renderer (re)load. Ports that arrive while the engine is still starting are served once it is up.
 * Host-side control messages (../shared/engine-control.ts) come the same way: the first supervisor passphrase, which
 * the main process forwards from its first-run dialog; the answer goes back over the parent port.
 *
 * Plain Node: no import of 'electron' (the lint forbids it here). process.parentPort exists only inside an Electron
 * utility process and is not in @types/node, so its shape is declared locally.
 *
 * Arguments: --assets <dir> (required), --feed <url>, --demo-speed <n>, --db <file> (the SQLite cache; default in
 * memory), --log-dir <dir> (the app's logs folder; logging.ts). The feed token comes in the environment
 * (CITYDESK_TOKEN, set by main); --token is refused, since any local user can read a process's argv. Unknown
 * arguments are ignored (Electron may add its own switches).
 */
import type { Engine, LogFn } from '../engine/index';
import { parseArgs, UsageError, type FlagSpec } from './args';
import { logLevelFrom, openHostLog, type LogLevel } from './logging';
import { startHostedEngine, type HostedEngine, type HostedEngineOptions } from './hosted-engine';
import { portChannel, type MessagePortLike } from '../engine/transport/port';
import { NewerSchemaError, StoreOpenError } from '../engine/store/store';

import { errorBody, serveRpc, type Channel } from '../engine/transport/rpc';
import { CONTROL_RESULT_MESSAGE, ENGINE_FATAL_EXIT, ENGINE_FATAL_MESSAGE, isSetPassphraseMessage, type ControlResult } from '../shared/engine-control';

import { ENGINE_PORT_CHANNEL as ENGINE_PORT_MESSAGE } from '../shared/bridge';

/** The part of Electron's ParentPort (utility process side) we use. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: MessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface HostArgs {
  assetsDir: string;
  feedUrl?: string;
  /** A hub config to run embedded instead of the demo feed. */
  hubConfig?: string;
  token?: string;
  demoSpeed?: number;
  /** SQLite cache file (main passes one in the app's user-data folder). */
  dbFile?: string;
  /** Folder of the engine's log files (main passes the app's logs folder). */
  logDir?: string;
  /** An incident pack folder to open read-only instead of any feed. */
  incidentDir?: string;
}

const HOST_FLAGS = {
  assets: { type: 'string', help: 'the shipped assets folder' },
  feed: { type: 'string', help: 'feed URL' },
  'hub-config': { type: 'string', help: 'a hub config to run embedded (instead of the demo feed)' },
  'demo-speed': { type: 'string', help: 'speed of the embedded demo feed' },
  db: { type: 'string', help: 'SQLite cache file' },
  'log-dir': { type: 'string', help: 'folder of the log files' },
  incident: { type: 'string', help: 'an incident pack folder to open read-only instead of a feed' },
  token: { type: 'string', help: '', refused: 'the feed token comes in the environment (CITYDESK_TOKEN), never on the command line' },
} as const satisfies FlagSpec;

export function parseHostArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): HostArgs {
  const flags = parseArgs(argv, HOST_FLAGS, { ignoreUnknown: true });
  if (!flags.assets) throw new UsageError('--assets <dir> is required');
  const out: HostArgs = { assetsDir: flags.assets };
  if (flags.feed) out.feedUrl = flags.feed;
  if (flags['hub-config']) out.hubConfig = flags['hub-config'];
  if (env.CITYDESK_TOKEN) out.token = env.CITYDESK_TOKEN;
  if (flags.db) out.dbFile = flags.db;
  if (flags['log-dir']) out.logDir = flags['log-dir'];
  if (flags.incident) out.incidentDir = flags.incident;
  const speed = flags['demo-speed'];
  if (speed !== undefined) {
    const n = Number(speed);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--demo-speed must be a positive number, got ${JSON.stringify(speed)}`);
    out.demoSpeed = n;
  }
  return out;
}

export interface HostDeps {
  parentPort: ParentPortLike;
  startEngine: (opts: HostedEngineOptions) => Promise<HostedEngine>;
  serveRpc: (engine: Engine, channel: Channel) => () => void;
  portChannel: (port: MessagePortLike) => Channel;
  log: LogFn;
}

export interface EngineHost {
  /** Resolves once the engine is up (rejects if it failed to start). */
  ready: Promise<Engine>;
  /** Ports served so far (for tests and logs). */
  served(): number;
  close(): Promise<void>;
}

/** Starts listening for ports immediately (so none is missed), and the engine in parallel. */
export function runEngineHost(args: HostArgs, deps: HostDeps): EngineHost {
  const pending: MessagePortLike[] = [];
  const disposers = new Set<() => void>();
  let engine: Engine | null = null;
  let hosted: HostedEngine | null = null;
  let closed = false;
  let servedCount = 0;

  const serve = (port: MessagePortLike) => {
    if (!engine || closed) return;
    const dispose = deps.serveRpc(engine, deps.portChannel(port));
    disposers.add(dispose);
    port.on('close', () => disposers.delete(dispose));
    servedCount++;
    deps.log('info', `serving the engine API on port #${servedCount}`);
  };

  const setPassphrase = async (id: number, passphrase: string): Promise<ControlResult> => {
    try {
      const eng = await ready;
      // First run only (replace: false): a desk that has a passphrase keeps it; changing it needs the current one.
      await eng.access.setFromHost(passphrase, { by: 'desktop app (first run)', replace: false });
      return { type: CONTROL_RESULT_MESSAGE, id, ok: true };
    } catch (err) {
      const { code, message } = errorBody(err);
      return { type: CONTROL_RESULT_MESSAGE, id, ok: false, code, message };
    }
  };

  deps.parentPort.on('message', (e) => {
    const data = e.data as { type?: unknown } | null;
    if (isSetPassphraseMessage(data)) {
      void setPassphrase(data.id, data.passphrase).then((result) => deps.parentPort.postMessage(result));
      return;
    }
    if (typeof data !== 'object' || data === null || data.type !== ENGINE_PORT_MESSAGE) {
      deps.log('warn', 'ignoring an unexpected message from the main process');
      return;
    }
    const port = e.ports[0];
    if (!port) {
      deps.log('warn', `${ENGINE_PORT_MESSAGE} message without a port`);
      return;
    }
    if (engine) serve(port);
    else pending.push(port);
  });

  const opts: HostedEngineOptions = { assetsDir: args.assetsDir, log: deps.log };
  if (args.feedUrl) opts.feedUrl = args.feedUrl;
  if (args.hubConfig) opts.hubConfig = args.hubConfig;
  if (args.token) opts.token = args.token;
  if (args.dbFile) opts.dbFile = args.dbFile;
  if (args.demoSpeed !== undefined) opts.demoSpeed = args.demoSpeed;
  if (args.incidentDir) {
    opts.incidentDir = args.incidentDir;
    delete opts.feedUrl;
    delete opts.hubConfig;
  }

  const ready = deps.startEngine(opts).then((h) => {
    hosted = h;
    engine = h.engine;
    if (closed) {
      void h.close();
      throw new Error('engine host closed while starting');
    }
    deps.log('info', `engine up (${h.describe()})`);
    for (const port of pending.splice(0)) serve(port);
    return h.engine;
  });

  return {
    ready,
    served: () => servedCount,
    close: async () => {
      closed = true;
      for (const d of disposers) d();
      disposers.clear();
      if (hosted) await hosted.close();
    },
  };
}

const consoleLog: LogFn = (level, msg) => {
  const line = `[engine ${level}] ${msg}`;
  if (level === 'info') console.log(line);
  else console.error(line);
};

function main(parentPort: ParentPortLike): void {
  let args: HostArgs;
  let level: LogLevel;
  try {
    args = parseHostArgs(process.argv.slice(2), process.env);
    level = logLevelFrom(process.env);
  } catch (err) {
    consoleLog('error', `engine-host: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  // To the log files (in a packaged app the console goes nowhere) and the console (inherited from main).
  const log = openHostLog({ name: 'engine', ...(args.logDir ? { dir: args.logDir } : {}), level, echo: consoleLog }).log;
  const host = runEngineHost(args, { parentPort, startEngine: startHostedEngine, serveRpc: (engine, channel) => serveRpc(engine, channel, { log }), portChannel, log });
  host.ready.catch((err: unknown) => {
    log('error', `engine failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (err instanceof NewerSchemaError || err instanceof StoreOpenError) {
      // A restart will not mend the cache: tell the main process why, and exit with the code it does not restart.
      parentPort.postMessage({ type: ENGINE_FATAL_MESSAGE, message: err.message });
      setTimeout(() => process.exit(ENGINE_FATAL_EXIT), 100);
      return;
    }
    process.exit(1); // the main process restarts us with backoff
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: closing the engine`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    host.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// Only inside an Electron utility process; importing this module (tests) has no side effects.
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (parentPort) main(parentPort);
else if (/engine-host\.c?js$/.test(process.argv[1] ?? '')) {
  consoleLog('error', 'engine-host must be started by the CityDesk main process (utilityProcess.fork)');
  process.exitCode = 2;
}
