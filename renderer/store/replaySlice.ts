/**
 * Replay (issue 10): the desk as of an instant in the past, while the live feed keeps recording and evaluating
 * underneath. `replay` is null in live mode. In replay, what the map, tooltips, sensor panel, status bar and alarm list
 * show comes from the engine's ReplayFrame for `replay.at` (fetched by replay/driver.ts), never from the live state:
 * components read through the `shown*` selectors below, which pick live or replay.
 *
 * The timeline's visible span (`timelineView`) lives here too: it is kept while going in and out of replay.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Alarm, AlarmCounts, DeskMode, ReplayDiff, ReplayFrame, Shelf } from '../../electron/engine/api';
import type { SensorState } from '../../electron/shared/model';
import { feedNow } from './feedSlice';
import type { AppState } from './index';

/** Playback speeds: feed-time ms per wall ms. */
export const REPLAY_SPEEDS = [1, 10, 60, 600, 3600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayState {
  /** The instant shown (feed time, epoch ms). */
  at: number;
  /** The engine's frame for the latest instant answered (its `at` may lag `at` while a seek is under way). */
  frame: ReplayFrame | null;
  /** frame.states by sensor id (built once per frame). */
  frameStates: ReadonlyMap<string, SensorState>;
  /** frame.alarms by id. */
  frameAlarms: ReadonlyMap<string, Alarm>;
  /** frame.shelves by key. */
  frameShelves: ReadonlyMap<string, Shelf>;
  /**
   * The store version when the frame shown was set: what the map's layers are keyed on in replay (shownVersion), so that
   * the live deltas still applied underneath neither rebuild nor redraw the replayed map.
   */
  frameVersion: number;
  frameError: string | null;
  playing: boolean;
  speed: ReplaySpeed;
  /** An incident pack opened read-only: there is no live to return to. */
  readOnly: boolean;
  /** The alarm jumped to (from the alarm list, the audit log or the timeline): selected, the map flies to it. */
  focusAlarmId: string | null;
  /** A rule set re-run over the window, compared with what was recorded (shown on the timeline and the map). */
  diff: ReplayDiff | null;
}

/** The timeline's visible span (feed time). */
export interface TimelineView {
  from: number;
  to: number;
}

export interface ReplaySlice {
  replay: ReplayState | null;
  /** Live, or an incident pack opened read-only (the engine's deskMode; null until known). */
  deskMode: DeskMode | null;
  /**
   * The engine's desk mode: an incident pack starts (and stays) in replay, read-only, at the start of its window,
   * with the timeline on the window.
   */
  setDeskMode(mode: DeskMode): void;
  timelineView: TimelineView | null;
  /** Whether the timeline strip is shown (it is always shown in replay). */
  timelineOpen: boolean;
  /** Goes to replay at `at` (or moves there when already replaying); `alarmId` focuses that alarm. */
  enterReplay(at: number, opts?: { alarmId?: string; readOnly?: boolean }): void;
  /** Moves the instant (replay only; ignored live). */
  seekReplay(at: number): void;
  /** The engine's frame: kept when it answers the current instant, or is the nearest answer yet. */
  setReplayFrame(frame: ReplayFrame): void;
  setReplayFrameError(message: string | null): void;
  setReplayPlaying(playing: boolean): void;
  setReplaySpeed(speed: ReplaySpeed): void;
  setReplayDiff(diff: ReplayDiff | null): void;
  /** Back to live (refused for a read-only pack: returns false). */
  exitReplay(): boolean;
  setTimelineView(view: TimelineView): void;
  setTimelineOpen(open: boolean): void;
}

const EMPTY_STATES: ReadonlyMap<string, SensorState> = new Map();
const EMPTY_ALARMS: ReadonlyMap<string, Alarm> = new Map();
const EMPTY_SHELVES: ReadonlyMap<string, Shelf> = new Map();

export const createReplaySlice: StateCreator<AppState, [], [], ReplaySlice> = (set, get) => ({
  replay: null,
  deskMode: null,
  setDeskMode: (deskMode) => {
    set({ deskMode });
    if (deskMode.mode !== 'incident') return;
    const s = get();
    if (!s.replay) get().enterReplay(deskMode.from, { readOnly: true });
    else if (!s.replay.readOnly) set({ replay: { ...s.replay, readOnly: true } });
    if (!s.timelineView) set({ timelineView: { from: deskMode.from, to: deskMode.to } });
  },
  timelineView: null,
  timelineOpen: false,
  enterReplay: (at, opts = {}) =>
    set((s) => {
      const base: ReplayState = s.replay ?? {
        at,
        frame: null,
        frameStates: EMPTY_STATES,
        frameAlarms: EMPTY_ALARMS,
        frameShelves: EMPTY_SHELVES,
        frameVersion: s.version,
        frameError: null,
        playing: false,
        speed: 60,
        readOnly: false,
        focusAlarmId: null,
        diff: null,
      };
      return {
        replay: {
          ...base,
          at,
          readOnly: opts.readOnly ?? base.readOnly,
          focusAlarmId: opts.alarmId ?? null,
          playing: opts.alarmId !== undefined ? false : base.playing,
        },
        timelineOpen: true,
        ...(opts.alarmId !== undefined ? { selectedAlarmId: opts.alarmId } : {}),
      };
    }),
  seekReplay: (at) => set((s) => (s.replay ? { replay: { ...s.replay, at } } : s)),
  setReplayFrame: (frame) =>
    set((s) => {
      if (!s.replay) return s;
      // Answers may arrive out of order: keep the one nearest the instant asked for.
      const held = s.replay.frame;
      if (held && Math.abs(held.at - s.replay.at) < Math.abs(frame.at - s.replay.at)) return s;
      return {
        replay: {
          ...s.replay,
          frame,
          frameStates: new Map(frame.states.map((st) => [st.sensorId, st])),
          frameAlarms: new Map(frame.alarms.map((a) => [a.id, a])),
          frameShelves: new Map(frame.shelves.map((sh) => [sh.key, sh])),
          frameVersion: s.version + 1,
          frameError: null,
        },
        version: s.version + 1,
      };
    }),
  setReplayFrameError: (frameError) => set((s) => (s.replay ? { replay: { ...s.replay, frameError } } : s)),
  setReplayPlaying: (playing) => set((s) => (s.replay ? { replay: { ...s.replay, playing } } : s)),
  setReplaySpeed: (speed) => set((s) => (s.replay ? { replay: { ...s.replay, speed } } : s)),
  setReplayDiff: (diff) => set((s) => (s.replay ? { replay: { ...s.replay, diff } } : s)),
  exitReplay: () => {
    const r = get().replay;
    if (!r) return true;
    if (r.readOnly) return false;
    set((s) => ({ replay: null, version: s.version + 1 }));
    return true;
  },
  setTimelineView: (timelineView) => set({ timelineView }),
  setTimelineOpen: (timelineOpen) => set({ timelineOpen }),
});

export function isReplay(s: Pick<AppState, 'replay'>): boolean {
  return s.replay !== null;
}

/** Sensor states to show: the live ones, or the replay frame's. */
export function shownStates(s: AppState): ReadonlyMap<string, SensorState> {
  return s.replay ? s.replay.frameStates : s.states;
}

/** The version the shown sensor states carry: the live store's, or that of the replayed frame (live deltas leave it). */
export function shownVersion(s: AppState): number {
  return s.replay ? s.replay.frameVersion : s.version;
}

/** The clock to judge freshness and ages by: the feed clock now, or the replayed instant (the frame's). */
export function shownNow(s: AppState, wallNow: number = Date.now()): number | null {
  if (s.replay) return s.replay.frame?.at ?? s.replay.at;
  return feedNow(s, wallNow);
}

/** Alarms to show on the map and in the list: the live ones, or those open at the replayed instant (as they were). */
export function shownAlarms(s: AppState): ReadonlyMap<string, Alarm> {
  return s.replay ? s.replay.frameAlarms : s.alarms;
}

/** Alarm counts to show: the engine's live counts, or the frame's. */
export function shownAlarmCounts(s: AppState): AlarmCounts | null {
  return s.replay ? (s.replay.frame?.counts ?? null) : s.alarmCounts;
}

/** Shelves to show (live, or in force at the replayed instant). */
export function shownShelves(s: AppState): ReadonlyMap<string, Shelf> {
  return s.replay ? s.replay.frameShelves : s.shelves;
}
