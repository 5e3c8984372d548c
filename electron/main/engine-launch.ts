/**
 * Launching the engine: its command line, and a supervisor that forks the engine's utility process, hands each
 * renderer (first load and every reload) a fresh MessagePort to it, and restarts it with backoff when it dies.
 * Pure module: no electron import. main.ts injects utilityProcess.fork and MessageChannelMain.
 */
import { ENGINE_PORT_CHANNEL } from '../shared/bridge';
import { ENGINE_FATAL_EXIT, ENGINE_FATAL_MESSAGE } from '../shared/engine-control';

export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, msg: string) => void;

export interface EngineLaunchConfig {
  assetsDir: string;
  feedUrl?: string;
  token?: string;
  demoSpeed?: number;
  /** The SQLite cache (main passes a file in the app's user-data folder). */
  dbFile?: string;
  /** Folder of the engine's log files (main passes the app's logs folder). */
  logDir?: string;
  /** A hub config to run embedded instead of the demo feed (--hub-config or CITYDESK_HUB_CONFIG). */
  hubConfig?: string;
  /** An incident pack folder to open read-only instead of any feed (incident-launch.ts). */
  incidentDir?: string;
}

/** `--name value` or `--name=value`; the last occurrence wins. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}`) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        found = next;
        i++;
      }
    } else if (a !== undefined && a.startsWith(`--${name}=`)) {
      found = a.slice(name.length + 3);
    }
  }
  return found;
}

/**
 * Feed, embedded hub config and demo speed from the command line (--feed, --hub-config, --demo-speed) or the
 * environment (CITYDESK_FEED_URL, CITYDESK_HUB_CONFIG, CITYDESK_DEMO_SPEED; the command line wins); the token from the environment only (CITYDESK_TOKEN; feed-token.ts
 * keeps it encrypted for later starts): --token on the command line is ignored with a warning, since any local user
 * can read a process's argv. An unusable value is dropped with a warning.
 */
export function engineLaunchConfig(opts: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  assetsDir: string;
}): { config: EngineLaunchConfig; warnings: string[] } {
  const warnings: string[] = [];
  const config: EngineLaunchConfig = { assetsDir: opts.assetsDir };
  const feed = readFlag(opts.argv, 'feed') ?? nonEmpty(opts.env.CITYDESK_FEED_URL);
  if (feed !== undefined) {
    if (isFeedUrl(feed)) config.feedUrl = feed;
    else warnings.push(`ignoring feed URL ${JSON.stringify(feed.slice(0, 200))}: expected http(s):// or ws(s)://`);
  }
  if (opts.argv.some((a) => a === '--token' || a.startsWith('--token='))) {
    warnings.push('ignoring --token: a token on the command line is visible to every local user; set CITYDESK_TOKEN (it is then kept encrypted)');
  }
  const token = nonEmpty(opts.env.CITYDESK_TOKEN);
  if (token !== undefined) {
    if (token.length <= 4096 && !/[\s\0]/.test(token)) config.token = token;
    else warnings.push('ignoring token: too long or contains whitespace');
  }
  const speed = readFlag(opts.argv, 'demo-speed') ?? nonEmpty(opts.env.CITYDESK_DEMO_SPEED);
  if (speed !== undefined) {
    const n = Number(speed);
    if (Number.isFinite(n) && n > 0 && n <= 10_000) config.demoSpeed = n;
    else warnings.push(`ignoring demo speed ${JSON.stringify(speed.slice(0, 40))}: expected a number in (0, 10000]`);
  }
  const hubConfig = readFlag(opts.argv, 'hub-config') ?? nonEmpty(opts.env.CITYDESK_HUB_CONFIG);
  if (hubConfig !== undefined) {
    if (config.feedUrl !== undefined) warnings.push('ignoring the hub config: a feed URL was given (the desk connects to one feed)');
    else if (hubConfig.length <= 4096 && !/\0/.test(hubConfig)) config.hubConfig = hubConfig;
    else warnings.push('ignoring hub config path: too long or contains a NUL');
  }
  return { config, warnings };
}

/**
 * argv for electron/cli/engine-host.ts. The token is deliberately NOT on the command line (any local user can read
 * a process's argv); it travels in the child's environment (engineHostEnv).
 */
export function engineHostArgs(config: EngineLaunchConfig): string[] {
  const args = ['--assets', config.assetsDir];
  if (config.feedUrl !== undefined) args.push('--feed', config.feedUrl);
  if (config.demoSpeed !== undefined) args.push('--demo-speed', String(config.demoSpeed));
  if (config.dbFile !== undefined) args.push('--db', config.dbFile);
  if (config.logDir !== undefined) args.push('--log-dir', config.logDir);
  if (config.hubConfig !== undefined) args.push('--hub-config', config.hubConfig);
  if (config.incidentDir !== undefined) args.push('--incident', config.incidentDir);
  return args;
}

export function engineHostEnv(
  config: EngineLaunchConfig,
  base: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && k !== 'CITYDESK_TOKEN') env[k] = v;
  if (config.token !== undefined) env.CITYDESK_TOKEN = config.token;
  return env;
}

function isFeedUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return ['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** Restart delay after the n-th consecutive crash (0-based): 0.5 s, 1 s, 2 s, ... capped at 30 s. */
export function restartDelayMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, Math.min(attempt, 16)));
}

export { ENGINE_FATAL_EXIT };

/** A child that ran this long before dying counts as healthy: the backoff starts over. */
export const STABLE_RUN_MS = 60_000;

export interface EngineChild<P> {
  postMessage(message: unknown, transfer: P[]): void;
  kill(): void;
  onExit(listener: (code: number) => void): void;
  /** Messages from the engine process (the fatal-error explanation before it exits with ENGINE_FATAL_EXIT). */
  onMessage?(listener: (message: unknown) => void): void;
}

export interface SupervisorDeps<P> {
  fork(): EngineChild<P>;
  createChannel(): { port1: P; port2: P };
  closePort(port: P): void;
  log: Log;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  now(): number;
  /** The engine cannot start and will not be restarted: show the reason. */
  onFatal?(reason: string): void;
}

/** Sends a port to the renderer; false when there is no live renderer to take it. */
export type RendererSink<P> = (port: P) => boolean;

export class EngineSupervisor<P> {
  private child: EngineChild<P> | null = null;
  private startedAt = 0;
  private attempt = 0;
  private restartTimer: unknown = null;
  private stopped = false;
  private fatalReason: string | null = null;
  private renderer: RendererSink<P> | null = null;
  /** How many times the engine was (re)started; for logs and tests. */
  generation = 0;

  constructor(private readonly deps: SupervisorDeps<P>) {}

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (this.stopped || this.child) return;
    const child = this.deps.fork();
    this.child = child;
    this.startedAt = this.deps.now();
    this.generation++;
    child.onExit((code) => this.onExit(child, code));
    child.onMessage?.((m) => {
      const msg = m as { type?: unknown; message?: unknown } | null;
      if (msg && msg.type === ENGINE_FATAL_MESSAGE && typeof msg.message === 'string') this.fatalReason = msg.message.slice(0, 2000);
    });
    this.deps.log('info', `engine process started (generation ${this.generation})`);
    if (this.renderer) this.connect();
  }

  /** The renderer (re)loaded: give it a fresh port to the engine. Replaces any previous sink. */
  attachRenderer(sink: RendererSink<P>): boolean {
    this.renderer = sink;
    return this.connect();
  }

  /** The window is gone: stop handing out ports. */
  detachRenderer(): void {
    this.renderer = null;
  }

  /** Stop for good (app quit): no restarts. */
  stop(): void {
    this.stopped = true;
    this.renderer = null;
    if (this.restartTimer !== null) this.deps.clearTimer(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    if (child) child.kill();
  }

  private connect(): boolean {
    if (!this.child || !this.renderer) return false;
    const { port1, port2 } = this.deps.createChannel();
    try {
      this.child.postMessage({ type: ENGINE_PORT_CHANNEL }, [port1]);
    } catch (err) {
      this.deps.log('error', `could not hand a port to the engine: ${String(err)}`);
      this.deps.closePort(port1);
      this.deps.closePort(port2);
      return false;
    }
    if (!this.renderer(port2)) {
      this.deps.closePort(port2);
      return false;
    }
    return true;
  }

  private onExit(child: EngineChild<P>, code: number): void {
    if (this.child !== child) return; // a child we already replaced or stopped
    this.child = null;
    if (this.stopped) return;
    if (code === ENGINE_FATAL_EXIT) {
      const reason = this.fatalReason ?? 'the engine could not start (see the log)';
      this.deps.log('error', `engine cannot start: ${reason}; not restarting`);
      this.stopped = true;
      this.deps.onFatal?.(reason);
      return;
    }
    if (this.deps.now() - this.startedAt >= STABLE_RUN_MS) this.attempt = 0;
    const delay = restartDelayMs(this.attempt);
    this.attempt++;
    this.deps.log('warn', `engine process exited unexpectedly (code ${code}); restarting in ${delay} ms`);
    this.restartTimer = this.deps.setTimer(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }
}
