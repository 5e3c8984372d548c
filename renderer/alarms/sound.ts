/**
 * The alarm sound: a two-tone beep made with WebAudio oscillators (no audio asset, nothing for the CSP to allow),
 * repeated every `intervalMs` while at least one critical alarm waits for acknowledgement.
 *
 * State machine (pure apart from the injected AudioContext and timer):
 *   - ringing  = pending > 0 and not muted
 *   - mute()   only after the engine logged the operator's reason (the caller calls muteSound first); it lasts until
 *              the next new critical announcement (announce('critical')).
 *   - Browsers keep an AudioContext 'suspended' until a user gesture: `suspended` is exposed so that the UI can show
 *     a "Click to enable alarm sound" prompt, whose click calls enable(). While suspended the ring keeps its rhythm
 *     but no beep is produced (and none counted).
 */

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
  /** Ringing: critical alarms wait for acknowledgement and the sound is not muted. */
  playing: boolean;
  /** Beeps actually produced since start. */
  beeps: number;
  muted: boolean;
  /** The browser has not allowed audio yet (needs a click). */
  suspended: boolean;
  /** WebAudio exists. */
  available: boolean;
  /** Critical alarms waiting for acknowledgement (unshelved). */
  pending: number;
}

export const BEEP_INTERVAL_MS = 2000;
/** Two tones, high then low (a classic alarm pattern), each TONE_S long. */
export const BEEP_TONES_HZ = [880, 660] as const;
export const TONE_S = 0.18;
export const BEEP_GAIN = 0.22;

export class AlarmSoundController {
  private ctx: AudioContextLike | null = null;
  private triedContext = false;
  private timer: unknown = null;
  private pending = 0;
  private muted = false;
  private beeps = 0;
  private listeners = new Set<(s: SoundState) => void>();
  private last: SoundState;

  constructor(
    private readonly env: SoundEnv,
    private readonly intervalMs: number = BEEP_INTERVAL_MS,
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

  /** How many critical alarms wait for acknowledgement now. */
  setPending(count: number): void {
    this.pending = Math.max(0, count);
    this.reconcile();
  }

  /** A new announcement: a critical one lifts the mute. */
  announce(severity: string): void {
    if (severity === 'critical' && this.muted) {
      this.muted = false;
      this.reconcile();
    }
  }

  /** Silences the ring until the next critical announcement. Call only after the engine logged the reason. */
  mute(): void {
    if (this.muted) return;
    this.muted = true;
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
      if (this.timer !== null && (ctx.state as string) === 'running') this.beep();
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
    const ring = this.pending > 0 && !this.muted;
    if (ring && this.timer === null) {
      this.context();
      this.timer = this.env.setInterval(() => this.beep(), this.intervalMs);
      this.beep();
    } else if (!ring && this.timer !== null) {
      this.stopTimer();
    }
    this.emit();
  }

  private stopTimer(): void {
    if (this.timer !== null) this.env.clearInterval(this.timer);
    this.timer = null;
  }

  private beep(): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') {
      this.emit();
      return;
    }
    const t0 = ctx.currentTime + 0.01;
    BEEP_TONES_HZ.forEach((hz, i) => {
      const start = t0 + i * TONE_S;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(BEEP_GAIN, start + 0.01);
      gain.gain.setValueAtTime(BEEP_GAIN, start + TONE_S - 0.02);
      gain.gain.linearRampToValueAtTime(0, start + TONE_S);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(start);
      osc.stop(start + TONE_S);
    });
    this.beeps++;
    this.emit();
  }

  private compute(): SoundState {
    return {
      playing: this.timer !== null,
      beeps: this.beeps,
      muted: this.muted,
      suspended: this.ctx !== null && this.ctx.state === 'suspended',
      available: !this.triedContext || this.ctx !== null,
      pending: this.pending,
    };
  }

  private emit(): void {
    const s = this.compute();
    const l = this.last;
    if (l.playing === s.playing && l.beeps === s.beeps && l.muted === s.muted && l.suspended === s.suspended && l.available === s.available && l.pending === s.pending) return;
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
