/**
 * The engine's utility-process entry (Electron's utilityProcess.fork; bundled to dist/electron/engine-host.cjs).
 * Starts the engine, then serves the engine API on every MessagePort the main process sends:
 *   main -> process.parentPort: { type: 'citydesk:engine-port' } with the port in ports[0]
 * one per renderer (re)load. Ports that arrive while the engine is still starting are served once it is up.
 *
 * Plain Node: no import of 'electron' (the lint forbids it here). process.parentPort exists only inside an Electron
 * utility process and is not in @types/node, so its shape is declared locally.
 *
 * Arguments: --assets <dir> (required), --feed <url>, --token <t> (or env CITYDESK_TOKEN, preferred: argv is
 * visible to other local users), --demo-speed <n>, --db <file> (the SQLite cache; default in memory).
 */
import type { Engine, LogFn } from '../engine/index';
import { startHostedEngine, type HostedEngine, type HostedEngineOptions } from './hosted-engine';
import { portChannel, type MessagePortLike } from '../engine/transport/port';
import { NewerSchemaError, StoreOpenError } from '../engine/store/store';

/** Same value as electron/main/engine-launch.ts ENGINE_FATAL_EXIT (the layers may not import each other). */
const ENGINE_FATAL_EXIT = 78;
import { serveRpc, type Channel } from '../engine/transport/rpc';

import { ENGINE_PORT_CHANNEL as ENGINE_PORT_MESSAGE } from '../shared/bridge';

/** The part of Electron's ParentPort (utility process side) we use. */
export interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown; ports: MessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface HostArgs {
  assetsDir: string;
  feedUrl?: string;
  token?: string;
  demoSpeed?: number;
  /** SQLite cache file (main passes one in the app's user-data folder). */
  dbFile?: string;
}

export function parseHostArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): HostArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const m = /^--(assets|feed|token|demo-speed|db)(?:=(.*))?$/.exec(a);
    if (!m) continue;
    const name = m[1] as string;
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      i++;
    }
    flags.set(name, value);
  }
  const assetsDir = flags.get('assets');
  if (!assetsDir) throw new Error('--assets <dir> is required');
  const out: HostArgs = { assetsDir };
  const feed = flags.get('feed');
  if (feed) out.feedUrl = feed;
  const token = flags.get('token') ?? env.CITYDESK_TOKEN;
  if (token) out.token = token;
  const db = flags.get('db');
  if (db) out.dbFile = db;
  const speed = flags.get('demo-speed');
  if (speed !== undefined) {
    const n = Number(speed);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--demo-speed must be a positive number, got ${JSON.stringify(speed)}`);
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

  deps.parentPort.on('message', (e) => {
    const data = e.data as { type?: unknown } | null;
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
  if (args.token) opts.token = args.token;
  if (args.dbFile) opts.dbFile = args.dbFile;
  if (args.demoSpeed !== undefined) opts.demoSpeed = args.demoSpeed;

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
  try {
    args = parseHostArgs(process.argv.slice(2), process.env);
  } catch (err) {
    consoleLog('error', `engine-host: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  const host = runEngineHost(args, { parentPort, startEngine: startHostedEngine, serveRpc, portChannel, log: consoleLog });
  host.ready.catch((err: unknown) => {
    consoleLog('error', `engine failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (err instanceof NewerSchemaError || err instanceof StoreOpenError) {
      // A restart will not mend the cache: tell the main process why, and exit with the code it does not restart.
      parentPort.postMessage({ type: 'citydesk:engine-fatal', message: err.message });
      setTimeout(() => process.exit(ENGINE_FATAL_EXIT), 100);
      return;
    }
    process.exit(1); // the main process restarts us with backoff
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLog('info', `${signal}: closing the engine`);
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
