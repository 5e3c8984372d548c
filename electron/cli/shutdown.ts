/**
 * How the long-running CLIs (web, feed, record) stop: SIGINT (a terminal's Ctrl-C) and SIGTERM stop them once,
 * flushing what they hold, then exit 0. Repeated signals are expected and ignored: Ctrl-C signals the whole process
 * group, and `npm run` forwards the signal it got to its child as well. A signal that arrives while the service is
 * still starting is kept, and the stop runs as soon as the service is up (a CLI is never killed mid-start by its
 * own signal handling being missing).
 */
import type { LogFn } from '../engine/index';

export interface StopControl {
  /** The service is up; `close` flushes and releases it. A stop requested earlier runs now. */
  ready(close: () => Promise<void>): void;
  /** Stops once (later calls are ignored), then exits with `code`. */
  stop(why: string, code?: number): void;
  /** The reason of the stop under way (or pending), or null. */
  readonly stopping: string | null;
}

export interface StopDeps {
  /** The host's log: the stop is announced at info, a close that failed at error. */
  log: LogFn;
  /** What is said when a stop starts (default "<why>: stopping"). */
  announce?: (why: string) => string;
  /** Runs last, after close (or after it failed; code 1 then). Default process.exit (the log closes on 'exit'). */
  exit?: (code: number) => void;
  /** Where the signals come from (process; a test passes an emitter). */
  signals?: { on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };
}

export function stopOnSignals(deps: StopDeps): StopControl {
  let reason: string | null = null;
  let exitCode = 0;
  let close: (() => Promise<void>) | null = null;
  let started = false;
  const exit = deps.exit ?? ((code: number) => process.exit(code));

  const run = () => {
    if (started || reason === null || close === null) return;
    started = true;
    deps.log('info', deps.announce ? deps.announce(reason) : `${reason}: stopping`);
    close().then(
      () => exit(exitCode),
      (err: unknown) => {
        deps.log('error', `stopping failed: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  const control: StopControl = {
    ready(c) {
      close = c;
      run();
    },
    stop(why, code = 0) {
      if (reason !== null) return;
      reason = why;
      exitCode = code;
      run();
    },
    get stopping() {
      return reason;
    },
  };
  const signals = deps.signals ?? process;
  for (const s of ['SIGINT', 'SIGTERM'] as const) signals.on(s, () => control.stop(s));
  return control;
}
