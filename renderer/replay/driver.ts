/**
 * The replay driver (no DOM beyond an animation-frame clock, no React): fetches the engine's frame whenever the
 * replayed instant moves, advances the instant while playing, and flies the map to the alarm replay was entered for.
 *
 * - Fetching, latest wins: at most one `replayFrame` request in flight plus the newest instant pending; an answer from
 *   an earlier replay session (exited, or re-entered meanwhile) is dropped; an error is shown (setReplayFrameError)
 *   only when no newer instant is waiting.
 * - Playing: on every animation frame with no request in flight, the instant moves by the wall time since it last
 *   moved × the speed (feed ms = wall ms × speed), so that the pace is the chosen one while frames never pile up (a
 *   slow answer gives a bigger step, not a queue). It stops at the newest data the cache holds (frame.extent.to), and
 *   on an error.
 * - Focus: when replay.focusAlarmId is set, the map flies to that alarm's subject once the alarm is known (in the
 *   frame, else live).
 * Returns a function that stops it. Tested in tests/renderer/replay/driver.test.ts.
 */
import type { EngineClient } from '../../electron/engine/api';
import { alarmBounds } from '../alarms/focus';
import { errorText } from '../platform/rpc-client';
import type { AppState, AppStore } from '../store';

export interface ReplayDriverOptions {
  /** The animation-frame clock (defaults: requestAnimationFrame, else a 16 ms timer). */
  requestFrame?: (cb: () => void) => () => void;
  /** Wall clock, ms (default performance.now). */
  wallNow?: () => number;
}

function defaultRequestFrame(cb: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => cb());
    return () => cancelAnimationFrame(id);
  }
  const t = setTimeout(cb, 16);
  return () => clearTimeout(t);
}

/** What the driver reports to the e2e hooks and the bench: requests sent, answers applied, answers dropped. */
export interface ReplayDriverStats {
  requested: number;
  applied: number;
  dropped: number;
  errors: number;
}

export interface ReplayDriver {
  stop(): void;
  readonly stats: ReplayDriverStats;
}

export function startReplayDriver(client: EngineClient, store: AppStore, options: ReplayDriverOptions = {}): () => void {
  return createReplayDriver(client, store, options).stop;
}

export function createReplayDriver(client: EngineClient, store: AppStore, options: ReplayDriverOptions = {}): ReplayDriver {
  const requestFrame = options.requestFrame ?? defaultRequestFrame;
  const wallNow = options.wallNow ?? (() => performance.now());
  const stats: ReplayDriverStats = { requested: 0, applied: 0, dropped: 0, errors: 0 };
  const s = (): AppState => store.getState();

  /** Increases on every entry into replay and every exit: answers of another session are dropped. */
  let session = 0;
  let inFlight: number | null = null;
  let pending: number | null = null;
  /** The instant last asked for (in flight or answered): a store change that leaves `at` there asks nothing. */
  let lastAsked: number | null = null;
  let stopped = false;

  const fetchFrame = (at: number): void => {
    if (inFlight !== null) {
      pending = at;
      return;
    }
    inFlight = at;
    lastAsked = at;
    const mine = session;
    stats.requested++;
    client.call('replayFrame', { at }).then(
      (frame) => {
        inFlight = null;
        if (stopped || mine !== session || !s().replay) stats.dropped++;
        else {
          stats.applied++;
          s().setReplayFrame(frame);
        }
        next();
      },
      (err: unknown) => {
        inFlight = null;
        stats.errors++;
        // A newer instant is waiting: its answer (or error) is what counts.
        if (!stopped && mine === session && s().replay && pending === null) {
          s().setReplayFrameError(errorText(err));
          if (s().replay?.playing) s().setReplayPlaying(false);
        }
        next();
      },
    );
  };

  const next = (): void => {
    if (stopped) return;
    const want = pending;
    pending = null;
    if (want !== null && s().replay && want !== lastAsked) fetchFrame(want);
    schedulePlay();
  };

  // ---- playing
  let cancelFrame: (() => void) | null = null;
  /** Wall time when the instant last moved by playing (null: not playing). */
  let lastMove: number | null = null;

  const schedulePlay = (): void => {
    if (stopped || cancelFrame !== null || !s().replay?.playing) return;
    cancelFrame = requestFrame(tick);
  };

  const tick = (): void => {
    cancelFrame = null;
    const r = s().replay;
    if (stopped || !r?.playing) {
      lastMove = null;
      return;
    }
    const now = wallNow();
    if (lastMove === null) lastMove = now;
    // Never faster than frames come back: while a frame is on its way the instant stays (the next step is bigger).
    if (inFlight !== null || pending !== null) {
      schedulePlay();
      return;
    }
    const end = r.frame?.extent.to ?? null;
    if (end === null) {
      // Nothing known of the cache's extent yet (no frame): wait for one.
      if (r.frame === null && lastAsked === null) fetchFrame(r.at);
      schedulePlay();
      return;
    }
    if (r.at >= end) {
      lastMove = null;
      s().setReplayPlaying(false);
      return;
    }
    const step = (now - lastMove) * r.speed;
    if (step >= 1) {
      lastMove = now;
      s().seekReplay(Math.min(end, Math.round(r.at + step)));
    }
    schedulePlay();
  };

  // ---- focus on the alarm replay was entered for
  let flownFor: string | null = null;
  const flyToFocus = (st: AppState): void => {
    const id = st.replay?.focusAlarmId ?? null;
    if (id === null) {
      flownFor = null;
      return;
    }
    if (id === flownFor) return;
    const alarm = st.replay?.frameAlarms.get(id) ?? st.alarms.get(id);
    if (!alarm) return;
    flownFor = id;
    if (st.selectedAlarmId !== id) st.selectAlarm(id);
    const bounds = alarmBounds(alarm, st);
    if (bounds) st.requestFocus(bounds, alarm.group || alarm.subject.startsWith('zone:') ? 16 : 15);
  };

  const onChange = (st: AppState, prev: AppState | null): void => {
    const r = st.replay;
    if (!r) {
      if (prev?.replay) {
        session++;
        pending = null;
        lastAsked = null;
        lastMove = null;
        flownFor = null;
      }
      return;
    }
    if (!prev?.replay) {
      session++;
      pending = null;
      lastAsked = null;
    }
    if (r.at === inFlight) pending = null; // back to the instant on its way: nothing more to ask
    else if (r.at !== lastAsked && r.at !== pending) fetchFrame(r.at);
    if (r.playing && !prev?.replay?.playing) {
      lastMove = null;
      schedulePlay();
    }
    if (!r.playing) lastMove = null;
    flyToFocus(st);
  };

  const unsubscribe = store.subscribe((st, prev) => onChange(st, prev));
  onChange(s(), null);

  return {
    stats,
    stop: () => {
      stopped = true;
      unsubscribe();
      cancelFrame?.();
      cancelFrame = null;
    },
  };
}
