/**
 * The log of every host (web, feed, record, Electron's engine process): one JSON line per message (pino) in a
 * size-rotated file, plus an optional human-readable echo (the CLIs' stderr/stdout lines). In a packaged app stdout
 * goes nowhere, which is why the file matters.
 *
 *   folder   --log-dir (engine process: the app's logs folder, from main), else $CITYDESK_LOG_DIR, else
 *            $XDG_STATE_HOME/citydesk/logs, else ~/.local/state/citydesk/logs; created 0700
 *   files    <name>.<n>.log (0600), a new one every LOG_FILE_BYTES; the newest LOG_FILES_KEPT are kept
 *   lines    {"level":"warn","time":"2026-01-31T12:00:00.000Z","pid":123,"name":"record","msg":"..."}
 *   level    $CITYDESK_LOG_LEVEL: debug, info (default), warn, error or silent; applies to file and echo alike
 *
 * pino-roll's stream is used directly in this thread (no worker transport), so that everything bundles with esbuild;
 * it writes synchronously, so that a line logged just before process.exit is in the file. Rotation is pino-roll's:
 * by size, and files of earlier runs beyond the kept number are removed.
 */
// pino-roll ships no types; the reference makes them reach every tsconfig that compiles this file (tests too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pino-roll.d.ts" />
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll, { type RollingStream } from 'pino-roll';
import type { LogFn } from '../engine/index';
import { UsageError } from './usage-error';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type MessageLevel = Parameters<LogFn>[0];

export const LOG_FILE_BYTES = 5 * 1024 * 1024;
export const LOG_FILES_KEPT = 5;

/** The console lines of the CLIs: info on stdout as it is, warnings and errors on stderr as `[level] msg`. */
export function consoleEcho(level: MessageLevel, msg: string): void {
  if (level === 'info') process.stdout.write(`${msg}\n`);
  else process.stderr.write(`[${level}] ${msg}\n`);
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where the Node modes log: $CITYDESK_LOG_DIR, else $XDG_STATE_HOME/citydesk/logs, else ~/.local/state/citydesk/logs. */
export function defaultLogDir(env: Env = process.env): string {
  if (env.CITYDESK_LOG_DIR) return env.CITYDESK_LOG_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'citydesk', 'logs');
}

/** $CITYDESK_LOG_LEVEL, default info; anything else is a usage error. */
export function logLevelFrom(env: Env = process.env): LogLevel {
  const v = env.CITYDESK_LOG_LEVEL?.trim().toLowerCase();
  if (v === undefined || v === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(v)) return v as LogLevel;
  throw new UsageError(`CITYDESK_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.CITYDESK_LOG_LEVEL)}`);
}

const RANK: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: Infinity };

export interface HostLogOptions {
  /** Names the files (<name>.<n>.log) and every line. */
  name: string;
  dir?: string;
  level?: LogLevel;
  /** Human-readable copy of each line at or above the level (the CLIs' console output). */
  echo?: (level: MessageLevel, msg: string) => void;
  maxBytes?: number;
  keep?: number;
}

export interface HostLog {
  /** The engine's LogFn: to the file and the echo. */
  log: LogFn;
  /** To the file only (what the console would drown in). */
  toFile: LogFn;
  /**
   * Settles once the file is open (or known not to open: then the log is the echo only). Lines logged before are
   * queued; a host that may end at once (on a signal) awaits this first, so that none of them is lost.
   */
  ready: Promise<void>;
  /** The file being written, or null while opening or when there is no log file (it could not be opened, or silent). */
  file(): string | null;
  level: LogLevel;
  /** Writes out what is buffered and closes the file. Synchronous: safe right before process.exit. */
  close(): void;
}

/** Lines logged while the file is still opening, kept (with their time) up to this many. */
const MAX_QUEUED = 1000;

/**
 * The host's log, usable at once: the file opens in the background (lines logged meanwhile are written when it is
 * open, with the time they were logged). A folder or file that cannot be written does not stop the host: it says so
 * once through `echo` (as a warning) and logs to the echo only.
 */
export function openHostLog(opts: HostLogOptions): HostLog {
  const level = opts.level ?? 'info';
  const dir = opts.dir ?? defaultLogDir();
  const echo = opts.echo;
  const enabled = (l: MessageLevel) => RANK[l] >= RANK[level];

  let stream: RollingStream | null = null;
  let logger: pino.Logger | null = null;
  let opening = level !== 'silent';
  let queue: [MessageLevel, string, number][] = [];
  /** The time of the line being written: now, or when a queued line was logged. */
  let stamp: number | null = null;

  const fileOff = (why: string) => {
    if (!logger) return;
    logger = null;
    echo?.('warn', `log file ${stream?.file ?? dir} is off: ${why}`);
  };
  const write = (l: MessageLevel, msg: string) => {
    try {
      logger?.[l](msg);
    } catch (e) {
      fileOff(e instanceof Error ? e.message : String(e));
    }
  };

  const ready = (async () => {
    if (!opening) return;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const s = await pinoRoll({
        file: join(dir, opts.name),
        extension: '.log',
        size: `${opts.maxBytes ?? LOG_FILE_BYTES}b`,
        // With removeOtherLogFiles, pino-roll keeps `count` files in all, the current one included.
        limit: { count: Math.max(1, opts.keep ?? LOG_FILES_KEPT), removeOtherLogFiles: true },
        sync: true,
        mode: 0o600,
      });
      if (!opening) return void s.end(); // closed while opening
      stream = s;
      logger = pino(
        {
          level,
          base: { pid: process.pid, name: opts.name },
          timestamp: () => `,"time":"${new Date(stamp ?? Date.now()).toISOString()}"`,
          formatters: { level: (label) => ({ level: label }) },
        },
        s,
      );
      s.on('error', (e: Error) => fileOff(e.message));
      for (const [l, msg, at] of queue) {
        stamp = at;
        write(l, msg);
      }
      stamp = null;
    } catch (e) {
      echo?.('warn', `cannot log to a file in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      opening = false;
      queue = [];
    }
  })();

  const toFile: LogFn = (l, msg) => {
    if (!enabled(l)) return;
    if (opening) {
      if (queue.length < MAX_QUEUED) queue.push([l, msg, Date.now()]);
    } else write(l, msg);
  };
  const hostLog: HostLog = {
    level,
    ready,
    file: () => (logger && stream ? stream.file : null),
    toFile,
    log: (l, msg) => {
      toFile(l, msg);
      if (enabled(l)) echo?.(l, msg);
    },
    close: () => {
      openLogs.delete(hostLog);
      opening = false;
      const s = stream;
      stream = null;
      logger = null;
      if (!s) return;
      try {
        s.flushSync();
      } catch {
        // nothing buffered, or the file is already gone: the lines written so far are on disk (sync writes)
      }
      s.end();
    },
  };
  openLogs.add(hostLog);
  if (!exitHook) {
    exitHook = true;
    // process.exit runs 'exit' listeners synchronously: whatever ends the process, the files are flushed and closed.
    process.once('exit', () => {
      for (const l of [...openLogs]) l.close();
    });
  }
  return hostLog;
}

const openLogs = new Set<HostLog>();
let exitHook = false;

/** Writes a fatal error (the one runCli prints before exiting) to every open log file. */
export function logFatal(msg: string): void {
  for (const l of openLogs) l.toFile('error', msg);
}
