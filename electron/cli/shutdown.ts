/**
 * How the long-running CLIs (web, feed, record) stop: SIGINT (a terminal's Ctrl-C) and SIGTERM stop them once,
 * flushing what they hold, then exit 0. Repeated signals are expected and ignored: Ctrl-C signals the whole process
 * group, and `npm run` forwards the signal it got to its child as well. A signal that arrives while the service is
 * still starting is kept, and the stop runs as soon as the service is up (a CLI is never killed mid-start by its
 * own signal handling being missing).
 */

export interface StopControl {
  /** The service is up; `close` flushes and releases it. A stop requested earlier runs now. */
  ready(close: () => Promise<void>): void;
  /** Stops once (later calls are ignored), then exits with `code`. */
  stop(why: string, code?: number): void;
  /** The reason of the stop under way (or pending), or null. */
  readonly stopping: string | null;
}

export interface StopDeps {
  /** Said when a stop starts, e.g. "SIGINT: flushing and stopping". */
  announce(why: string): void;
  /** A close that failed: its message; the exit code is then 1. */
  failed(message: string): void;
  /** Runs last (after close, or after it failed): flush the log and exit. */
  exit(code: number): void;
  /** Where the signals come from (process; a test passes an emitter). */
  signals?: { on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };
}

export function stopOnSignals(deps: StopDeps): StopControl {
  let reason: string | null = null;
  let exitCode = 0;
  let close: (() => Promise<void>) | null = null;
  let started = false;

  const run = () => {
    if (started || reason === null || close === null) return;
    started = true;
    deps.announce(reason);
    close().then(
      () => deps.exit(exitCode),
      (err: unknown) => {
        deps.failed(err instanceof Error ? err.message : String(err));
        deps.exit(1);
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
