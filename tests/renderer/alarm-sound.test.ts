import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../electron/engine/api';
import { AlarmSoundController, PRIORITY_PATTERNS, announcedPriority, liftsMute, ringingPriority, soundPrompt, storedMuteHolds, waitingByPriority, type AudioContextLike, type SoundEnv } from '../../renderer/alarms/sound';

class FakeParam {
  value = 0;
  calls: string[] = [];
  setValueAtTime(v: number, t: number) {
    this.calls.push(`set ${v}@${t.toFixed(2)}`);
  }
  linearRampToValueAtTime(v: number, t: number) {
    this.calls.push(`ramp ${v}@${t.toFixed(2)}`);
  }
}

class FakeContext implements AudioContextLike {
  state: AudioContextLike['state'];
  currentTime = 1;
  destination = { name: 'speakers' };
  onstatechange: (() => void) | null = null;
  oscillators: { type: string; hz: number; started: number; stopped: number; connectedTo: unknown }[] = [];
  constructor(state: AudioContextLike['state'] = 'running') {
    this.state = state;
  }
  async resume() {
    this.state = 'running';
    this.onstatechange?.();
  }
  createOscillator() {
    const rec = { type: '', hz: 0, started: -1, stopped: -1, connectedTo: null as unknown };
    this.oscillators.push(rec);
    const frequency = new FakeParam();
    return {
      get type() {
        return rec.type;
      },
      set type(t: string) {
        rec.type = t;
      },
      frequency: new Proxy(frequency, {
        set(target, prop, value) {
          if (prop === 'value') rec.hz = value as number;
          return Reflect.set(target, prop, value);
        },
      }),
      connect: (n: unknown) => (rec.connectedTo = n),
      start: (t?: number) => (rec.started = t ?? 0),
      stop: (t?: number) => (rec.stopped = t ?? 0),
    };
  }
  createGain() {
    return { gain: new FakeParam(), connect: () => undefined };
  }
}

function env(ctx: FakeContext | null) {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const e: SoundEnv & { tick(): void; timers: Map<number, { fn: () => void; ms: number }>; created: number } = {
    created: 0,
    timers,
    createContext: () => {
      e.created++;
      return ctx;
    },
    setInterval: (fn, ms) => {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearInterval: (h) => void timers.delete(h as number),
    tick: () => [...timers.values()].forEach((t) => t.fn()),
  };
  return e;
}

describe('sound patterns by priority', () => {
  it('urgent, high and medium each have their own pattern (tones, rhythm, repeat); low is silent', () => {
    const { urgent, high, medium, low } = PRIORITY_PATTERNS;
    expect(low).toBeNull();
    const sig = (p: typeof urgent) => JSON.stringify([p!.tonesHz, p!.toneS, p!.wave, p!.repeatMs]);
    expect(new Set([sig(urgent), sig(high), sig(medium)]).size).toBe(3);
    // Urgent repeats faster than high; medium sounds once.
    expect(urgent!.repeatMs!).toBeLessThan(high!.repeatMs!);
    expect(medium!.repeatMs).toBeNull();
    // More tones per pattern the more urgent: the rhythm tells them apart without looking.
    expect(urgent!.tonesHz.length).toBeGreaterThan(high!.tonesHz.length);
    expect(high!.tonesHz.length).toBeGreaterThan(medium!.tonesHz.length);
  });

  it('rings the most urgent repeating priority waiting', () => {
    expect(ringingPriority({})).toBeNull();
    expect(ringingPriority({ low: 5, medium: 3 })).toBeNull();
    expect(ringingPriority({ low: 5, medium: 3, high: 1 })).toBe('high');
    expect(ringingPriority({ high: 2, urgent: 1 })).toBe('urgent');
    expect(ringingPriority({ urgent: 0, high: 0, medium: 1 })).toBeNull();
  });

  it('urgent and high announcements lift a mute, medium and low do not', () => {
    expect([liftsMute('urgent'), liftsMute('high'), liftsMute('medium'), liftsMute('low')]).toEqual([true, true, false, false]);
  });

  it('an announcement without a priority (older engine) is judged from its severity', () => {
    expect(announcedPriority({ severity: 'critical' })).toBe('urgent');
    expect(announcedPriority({ severity: 'warning' })).toBe('medium');
    expect(announcedPriority({ severity: 'critical', priority: 'medium' })).toBe('medium');
  });

  it('counts what waits by priority: open, unacknowledged and not shelved', () => {
    const mk = (id: string, priority: Alarm['priority'], patch: Partial<Alarm> = {}): Alarm =>
      ({ id, ruleId: 'r', subject: id, state: 'active', severity: 'critical', raisedSeverity: 'critical', raisedAt: 1, message: '', lastMessage: '', clearedAt: null, acknowledged: null, resolved: null, escalatedAt: null, updatedAt: 1, priority, ...patch }) as Alarm;
    const alarms = [
      mk('a', 'urgent'),
      mk('b', 'urgent', { acknowledged: { by: 'x', at: 2 } }),
      mk('c', 'high', { state: 'cleared' }),
      mk('d', 'high', { state: 'resolved' }),
      mk('e', 'medium'),
      mk('f', 'low'),
      mk('g', 'urgent'),
    ];
    const shelves = new Map([['r|g', { key: 'r|g', by: 'x', at: 1, until: 9, reason: 'works' }]]);
    expect(waitingByPriority(alarms, shelves)).toEqual({ urgent: 1, high: 1, medium: 1, low: 1 });
  });
});

describe('alarm sound controller', () => {
  it('rings the urgent pattern at once and every second while urgent alarms wait, steps down to high, and stops', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    c.init();
    expect(c.state).toMatchObject({ playing: false, ringing: null, beeps: 0, suspended: false });
    c.setPending({ urgent: 2, high: 1 });
    expect(c.state).toMatchObject({ playing: true, ringing: 'urgent', beeps: 1, pending: 3 });
    expect(ctx.oscillators.map((o) => o.hz)).toEqual([...PRIORITY_PATTERNS.urgent!.tonesHz]);
    expect([...e.timers.values()].map((t) => t.ms)).toEqual([PRIORITY_PATTERNS.urgent!.repeatMs]);
    e.tick();
    e.tick();
    expect(c.state.beeps).toBe(3);
    c.setPending({ urgent: 1, high: 1 }); // one acknowledged: still ringing, no extra beep
    expect(c.state).toMatchObject({ playing: true, ringing: 'urgent', beeps: 3 });
    c.setPending({ urgent: 0, high: 1 }); // the urgent ones answered: the high pattern takes over
    expect(c.state).toMatchObject({ playing: true, ringing: 'high', beeps: 4 });
    expect(ctx.oscillators.slice(-2).map((o) => o.hz)).toEqual([...PRIORITY_PATTERNS.high!.tonesHz]);
    expect([...e.timers.values()].map((t) => t.ms)).toEqual([PRIORITY_PATTERNS.high!.repeatMs]);
    c.setPending({ medium: 4, low: 2 });
    expect(c.state).toMatchObject({ playing: false, ringing: null });
    expect(e.timers.size).toBe(0);
    e.tick();
    expect(c.state.beeps).toBe(4);
  });

  it('medium chimes once per announcement and never repeats; low makes no sound', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    c.setPending({ medium: 1, low: 3 });
    expect(c.state).toMatchObject({ playing: false, beeps: 0 });
    c.announce('medium');
    expect(c.state.beeps).toBe(1);
    expect(ctx.oscillators.map((o) => [o.hz, o.type])).toEqual([[PRIORITY_PATTERNS.medium!.tonesHz[0], PRIORITY_PATTERNS.medium!.wave]]);
    expect(e.timers.size).toBe(0);
    c.announce('low');
    expect(c.state.beeps).toBe(1);
  });

  it('mute silences until the next urgent or high announcement (medium and low do not lift it, nor chime)', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    c.setPending({ high: 1 });
    c.mute();
    expect(c.state).toMatchObject({ playing: false, muted: true });
    expect(e.timers.size).toBe(0);
    const beeps = c.state.beeps;
    c.announce('medium');
    c.announce('low');
    c.setPending({ high: 2, medium: 1 });
    expect(c.state).toMatchObject({ playing: false, muted: true, beeps });
    c.announce('high');
    expect(c.state).toMatchObject({ playing: true, muted: false, ringing: 'high' });
  });

  it('reports a suspended context, produces no sound while suspended, and sounds once enabled', async () => {
    const ctx = new FakeContext('suspended');
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    const seen: boolean[] = [];
    c.subscribe((s) => seen.push(s.suspended));
    c.init();
    expect(c.state.suspended).toBe(true);
    c.setPending({ urgent: 1 });
    expect(c.state).toMatchObject({ playing: true, beeps: 0 });
    await c.enable();
    expect(c.state).toMatchObject({ suspended: false, beeps: 1 });
    expect(seen).toContain(true);
    expect(seen.at(-1)).toBe(false);
  });

  it('without WebAudio it says so and never throws', () => {
    const e = env(null);
    const c = new AlarmSoundController(e);
    c.init();
    c.setPending({ urgent: 3 });
    e.tick();
    c.announce('medium');
    expect(c.state).toMatchObject({ available: false, playing: true, beeps: 0 });
    expect(e.created).toBe(1);
  });

  it('connects each tone through a gain envelope to the speakers', () => {
    const ctx = new FakeContext();
    const c = new AlarmSoundController(env(ctx));
    c.setPending({ high: 1 });
    expect(ctx.oscillators).toHaveLength(PRIORITY_PATTERNS.high!.tonesHz.length);
    for (const o of ctx.oscillators) {
      expect(o.type).toBe('square');
      expect(o.stopped).toBeGreaterThan(o.started);
      expect(o.started).toBeGreaterThanOrEqual(ctx.currentTime);
      expect(o.connectedTo).not.toBeNull();
    }
  });
});

describe('sound resume policy and the remembered mute', () => {
  it('asks only until the operator enabled the sound once; then the first gesture starts it without a prompt', () => {
    expect(soundPrompt({ suspended: true, available: true }, false)).toBe('ask');
    expect(soundPrompt({ suspended: true, available: true }, true)).toBe('first-gesture');
    expect(soundPrompt({ suspended: false, available: true }, false)).toBeNull();
    expect(soundPrompt({ suspended: false, available: true }, true)).toBeNull();
    expect(soundPrompt({ suspended: false, available: false }, true)).toBeNull();
  });

  it('a stored mute holds until an urgent or high alarm waiting for a person was raised after it', () => {
    const at = 1_000_000;
    const alarm = (priority: 'urgent' | 'high' | 'medium' | 'low', raisedAt: number, extra: Partial<Pick<Alarm, 'state' | 'acknowledged' | 'escalatedAt'>> = {}) => ({ priority, raisedAt, escalatedAt: null, state: 'active' as const, acknowledged: null, ...extra });
    expect(storedMuteHolds(null, [])).toBe(false);
    expect(storedMuteHolds(at, [])).toBe(true);
    expect(storedMuteHolds(at, [alarm('urgent', at - 1), alarm('high', at - 60_000)])).toBe(true);
    expect(storedMuteHolds(at, [alarm('medium', at + 1), alarm('low', at + 1)])).toBe(true);
    expect(storedMuteHolds(at, [alarm('high', at + 1)])).toBe(false);
    expect(storedMuteHolds(at, [alarm('urgent', at + 5)])).toBe(false);
    // An older alarm escalated to urgent after the mute lifts it too (its announcement would have).
    expect(storedMuteHolds(at, [alarm('urgent', at - 60_000, { escalatedAt: at + 10 })])).toBe(false);
    // A newer urgent alarm already acknowledged or resolved no longer asks for the sound.
    expect(storedMuteHolds(at, [alarm('urgent', at + 5, { state: 'resolved' })])).toBe(true);
    expect(storedMuteHolds(at, [alarm('urgent', at + 5, { acknowledged: { by: 'Ana', at: at + 6, comment: null } as unknown as Alarm['acknowledged'] })])).toBe(true);
  });

  it('unmute lifts a mute without an announcement, and rings again what waits', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    c.init();
    c.mute();
    c.setPending({ urgent: 1 });
    expect(c.state).toMatchObject({ muted: true, playing: false });
    c.unmute();
    expect(c.state).toMatchObject({ muted: false, playing: true, ringing: 'urgent' });
  });
});
