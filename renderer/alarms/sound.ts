/**
 * The alarm sound, by priority (electron/shared/alarm-priority.ts): tones made with WebAudio oscillators (no audio
 * asset, nothing for the CSP to allow). Each priority has its own pattern (PRIORITY_PATTERNS), told apart by rhythm and
 * pitch as well as by how often it repeats:
 *   - urgent: a fast four-tone warble every second, until every urgent alarm is acknowledged (or shelved);
 *   - high:   a two-tone high-low every 3 seconds, until every high alarm is acknowledged;
 *   - medium: one soft chime when a medium alarm arrives (not repeated);
 *   - low:    silent (the list and the map show it).
 * The ring follows the most urgent priority waiting (an urgent alarm acknowledged while high ones wait: the ring
 * steps down to the high pattern).
 *
 * State machine (pure apart from the injected AudioContext and timer):
 *   - ringing  = a ringing priority (urgent, high) waits and the sound is not muted
 *   - mute()   only after the engine logged the operator's reason (the caller calls muteSound first); it silences every
 *              pattern until the next new urgent or high announcement (announce(priority)).
 *   - Browsers keep an AudioContext 'suspended' until a user gesture: `suspended` is exposed so that the UI can show
 *     a "Click to enable alarm sound" prompt, whose click calls enable(). While suspended the ring keeps its rhythm
 *     but no sound is produced (and none counted).
 */
import type { Alarm, Shelf } from '../../electron/engine/api';
import { PRIORITY_ORDER, priorityOf, type Priority } from '../../electron/shared/alarm-priority';
import { shelfKey } from './alarmList';

/** The part of AudioContext the controller uses (a fake one in tests). */
export interface AudioContextLike {
  readonly state: 'suspended' | 'running' | 'closed' | 'interrupted';
  readonly currentTime: number;
  readonly destination: unknown;
  resume(): Promise<void>;
  close?(): Promise<void>;
  createOscillator(): OscillatorLike;
  createGain(): GainLike;
  onstatechange: (() => void) | null;
}
export interface AudioParamLike {
  value: number;
  setValueAtTime(v: number, t: number): unknown;
  linearRampToValueAtTime(v: number, t: number): unknown;
}
export interface OscillatorLike {
  type: string;
  frequency: AudioParamLike;
  connect(node: unknown): unknown;
  start(t?: number): void;
  stop(t?: number): void;
}
export interface GainLike {
  gain: AudioParamLike;
  connect(node: unknown): unknown;
}

export interface SoundEnv {
  /** Null when WebAudio is unavailable. */
  createContext(): AudioContextLike | null;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface SoundState {
  /** Ringing: urgent or high alarms wait for acknowledgement and the sound is not muted. */
  playing: boolean;
  /** The priority whose pattern rings (null when not ringing). */
  ringing: Priority | null;
  /** Patterns actually produced since start (rings and chimes). */
  beeps: number;
  muted: boolean;
  /** The browser has not allowed audio yet (needs a click). */
  suspended: boolean;
  /** WebAudio exists. */
  available: boolean;
  /** Alarms waiting for acknowledgement (unshelved) with a priority that rings. */
  pending: number;
}

/** One priority's sound: tones played one after the other, repeated every `repeatMs` (null: once, on arrival). */
export interface SoundPattern {
  tonesHz: readonly number[];
  toneS: number;
  wave: 'square' | 'sine' | 'triangle';
  gain: number;
  repeatMs: number | null;
}

/** The patterns, by priority; low priority makes no sound. */
export const PRIORITY_PATTERNS: Record<Priority, SoundPattern | null> = {
  urgent: { tonesHz: [988, 740, 988, 740], toneS: 0.11, wave: 'square', gain: 0.24, repeatMs: 1000 },
  high: { tonesHz: [880, 660], toneS: 0.18, wave: 'square', gain: 0.2, repeatMs: 3000 },
  medium: { tonesHz: [660], toneS: 0.3, wave: 'sine', gain: 0.18, repeatMs: null },
  low: null,
};

/** Waiting alarms (not acknowledged, not shelved) by priority. */
export type PendingByPriority = Partial<Record<Priority, number>>;

/** The priority whose pattern rings for these waiting alarms: the most urgent with a repeating pattern, else null. */
export function ringingPriority(pending: PendingByPriority, patterns: Record<Priority, SoundPattern | null> = PRIORITY_PATTERNS): Priority | null {
  return PRIORITY_ORDER.find((p: Priority) => (pending[p] ?? 0) > 0 && patterns[p]?.repeatMs != null) ?? null;
}

/** Alarms that wait for a person, by priority: open, not acknowledged and not shelved (what the sound rings for). */
export function waitingByPriority(alarms: Iterable<Alarm>, shelves: ReadonlyMap<string, Shelf>): Record<Priority, number> {
  const out: Record<Priority, number> = { urgent: 0, high: 0, medium: 0, low: 0 };
  for (const a of alarms) if (a.state !== 'resolved' && a.acknowledged === null && !shelves.has(shelfKey(a))) out[a.priority]++;
  return out;
}

/** An announcement's priority; one from an engine that sends none is judged from its severity alone. */
export function announcedPriority(a: { severity: Alarm['severity']; priority?: Priority }): Priority {
  return a.priority ?? priorityOf(a.severity);
}

/** A new announcement of this priority lifts a mute: the urgent and high ones. */
export function liftsMute(priority: Priority): boolean {
  return priority === 'urgent' || priority === 'high';
}

/**
 * What the top bar says while the browser holds audio: 'ask' (a button: the operator has never enabled the sound on
 * this desk), 'first-gesture' (a quiet note: enabled before, so the first click or key anywhere starts it, no prompt),
 * or nothing (audio runs, or there is no WebAudio). Every gesture resumes audio either way (an alarm heard is safer).
 */
export function soundPrompt(state: Pick<SoundState, 'suspended' | 'available'>, soundEnabled: boolean): 'ask' | 'first-gesture' | null {
  if (!state.available || !state.suspended) return null;
  return soundEnabled ? 'first-gesture' : 'ask';
}

/**
 * Whether a mute stored before a reload (at feed time `mutedAt`) still holds: not when an urgent or high alarm that
 * waits for a person was raised (or escalated) after it (what would have lifted it had the page been open).
 */
export function storedMuteHolds(mutedAt: number | null, alarms: Iterable<Pick<Alarm, 'priority' | 'raisedAt' | 'escalatedAt' | 'state' | 'acknowledged'>>): boolean {
  if (mutedAt === null) return false;
  for (const a of alarms) if (liftsMute(a.priority) && Math.max(a.raisedAt, a.escalatedAt ?? -Infinity) > mutedAt && a.state !== 'resolved' && a.acknowledged === null) return false;
  return true;
}

export class AlarmSoundController {
  private ctx: AudioContextLike | null = null;
  private triedContext = false;
  private timer: unknown = null;
  private ringing: Priority | null = null;
  private pending: PendingByPriority = {};
  private muted = false;
  private beeps = 0;
  private listeners = new Set<(s: SoundState) => void>();
  private last: SoundState;

  constructor(
    private readonly env: SoundEnv,
    private readonly patterns: Record<Priority, SoundPattern | null> = PRIORITY_PATTERNS,
  ) {
    this.last = this.compute();
  }

  /** Creates the AudioContext (so that a suspended one can be reported before any alarm). */
  init(): void {
    this.context();
    this.emit();
  }

  get state(): SoundState {
    return this.last;
  }

  subscribe(listener: (s: SoundState) => void): () => void {
    this.listeners.add(listener);
    listener(this.last);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** How many alarms of each priority wait for acknowledgement now (not shelved). */
  setPending(pending: PendingByPriority): void {
    this.pending = { ...pending };
    this.reconcile();
  }

  /**
   * A new announcement: an urgent or high one lifts the mute; one whose pattern does not repeat (medium) sounds once,
   * unless muted.
   */
  announce(priority: Priority): void {
    if (liftsMute(priority) && this.muted) {
      this.muted = false;
      this.reconcile();
    }
    const pattern = this.patterns[priority];
    if (pattern && pattern.repeatMs === null && !this.muted) {
      this.context();
      this.play(pattern);
    }
  }

  /** Silences every pattern until the next urgent or high announcement. Call only after the engine logged the reason. */
  mute(): void {
    if (this.muted) return;
    this.muted = true;
    this.reconcile();
  }

  /** Lifts a mute without an announcement (a mute stored before a reload that no longer holds). */
  unmute(): void {
    if (!this.muted) return;
    this.muted = false;
    this.reconcile();
  }

  /** From a user gesture: lets the browser start the AudioContext. */
  async enable(): Promise<void> {
    const ctx = this.context();
    if (!ctx || ctx.state === 'running' || ctx.state === 'closed') return;
    try {
      await ctx.resume();
    } finally {
      this.emit();
      // A ring that waited for permission sounds at once.
      if (this.timer !== null && (ctx.state as string) === 'running') this.ring();
    }
  }

  dispose(): void {
    this.stopTimer();
    this.listeners.clear();
    void this.ctx?.close?.();
    this.ctx = null;
  }

  private context(): AudioContextLike | null {
    if (!this.triedContext) {
      this.triedContext = true;
      try {
        this.ctx = this.env.createContext();
      } catch {
        this.ctx = null;
      }
      if (this.ctx) this.ctx.onstatechange = () => this.emit();
    }
    return this.ctx;
  }

  private reconcile(): void {
    const want = this.muted ? null : ringingPriority(this.pending, this.patterns);
    if (want !== this.ringing) {
      this.stopTimer();
      this.ringing = want;
      const pattern = want ? this.patterns[want] : null;
      if (pattern?.repeatMs != null) {
        this.context();
        this.timer = this.env.setInterval(() => this.ring(), pattern.repeatMs);
        this.ring();
      }
    }
    this.emit();
  }

  private stopTimer(): void {
    if (this.timer !== null) this.env.clearInterval(this.timer);
    this.timer = null;
  }

  private ring(): void {
    const pattern = this.ringing ? this.patterns[this.ringing] : null;
    if (pattern) this.play(pattern);
  }

  /** Plays one pattern now (nothing without a running context). */
  private play(pattern: SoundPattern): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') {
      this.emit();
      return;
    }
    const t0 = ctx.currentTime + 0.01;
    const { toneS, gain: level } = pattern;
    pattern.tonesHz.forEach((hz, i) => {
      const start = t0 + i * toneS;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = pattern.wave;
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(level, start + 0.01);
      gain.gain.setValueAtTime(level, start + toneS - 0.02);
      gain.gain.linearRampToValueAtTime(0, start + toneS);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start);
      osc.stop(start + toneS);
    });
    this.beeps++;
    this.emit();
  }

  private compute(): SoundState {
    return {
      playing: this.timer !== null,
      ringing: this.timer !== null ? this.ringing : null,
      beeps: this.beeps,
      muted: this.muted,
      suspended: this.ctx !== null && this.ctx.state === 'suspended',
      available: !this.triedContext || this.ctx !== null,
      pending: PRIORITY_ORDER.filter((p: Priority) => this.patterns[p]?.repeatMs != null).reduce((n: number, p: Priority) => n + (this.pending[p] ?? 0), 0),
    };
  }

  private emit(): void {
    const s = this.compute();
    const l = this.last;
    if (l.playing === s.playing && l.ringing === s.ringing && l.beeps === s.beeps && l.muted === s.muted && l.suspended === s.suspended && l.available === s.available && l.pending === s.pending) return;
    this.last = s;
    for (const fn of [...this.listeners]) fn(s);
  }
}

/** The browser's environment: a real AudioContext and window timers. */
export function browserSoundEnv(): SoundEnv {
  return {
    createContext: () => {
      const Ctor = (window as { AudioContext?: typeof AudioContext }).AudioContext;
      return Ctor ? (new Ctor() as unknown as AudioContextLike) : null;
    },
    setInterval: (fn, ms) => window.setInterval(fn, ms),
    clearInterval: (h) => window.clearInterval(h as number),
  };
}
