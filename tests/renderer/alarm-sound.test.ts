import { describe, expect, it } from 'vitest';
import { AlarmSoundController, BEEP_TONES_HZ, type AudioContextLike, type SoundEnv } from '../../renderer/alarms/sound';

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
  const timers = new Map<number, () => void>();
  let next = 1;
  const e: SoundEnv & { tick(): void; timers: Map<number, () => void>; created: number } = {
    created: 0,
    timers,
    createContext: () => {
      e.created++;
      return ctx;
    },
    setInterval: (fn) => {
      const id = next++;
      timers.set(id, fn);
      return id;
    },
    clearInterval: (h) => void timers.delete(h as number),
    tick: () => [...timers.values()].forEach((f) => f()),
  };
  return e;
}

describe('alarm sound controller', () => {
  it('rings at once and every interval while critical alarms wait, and stops when they are acknowledged', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e, 2000);
    c.init();
    expect(c.state).toMatchObject({ playing: false, beeps: 0, suspended: false });
    c.setPending(2);
    expect(c.state).toMatchObject({ playing: true, beeps: 1 });
    expect(ctx.oscillators.map((o) => o.hz)).toEqual([...BEEP_TONES_HZ]);
    e.tick();
    e.tick();
    expect(c.state.beeps).toBe(3);
    c.setPending(1); // one acknowledged: still ringing, no extra beep
    expect(c.state).toMatchObject({ playing: true, beeps: 3 });
    c.setPending(0);
    expect(c.state.playing).toBe(false);
    expect(e.timers.size).toBe(0);
    e.tick();
    expect(c.state.beeps).toBe(3);
  });

  it('mute silences until the next critical announcement (other severities do not lift it)', () => {
    const ctx = new FakeContext();
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    c.setPending(1);
    c.mute();
    expect(c.state).toMatchObject({ playing: false, muted: true });
    expect(e.timers.size).toBe(0);
    c.announce('warning');
    c.setPending(2);
    expect(c.state).toMatchObject({ playing: false, muted: true });
    c.announce('critical');
    expect(c.state).toMatchObject({ playing: true, muted: false });
  });

  it('reports a suspended context, produces no beep while suspended, and sounds once enabled', async () => {
    const ctx = new FakeContext('suspended');
    const e = env(ctx);
    const c = new AlarmSoundController(e);
    const seen: boolean[] = [];
    c.subscribe((s) => seen.push(s.suspended));
    c.init();
    expect(c.state.suspended).toBe(true);
    c.setPending(1);
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
    c.setPending(3);
    e.tick();
    expect(c.state).toMatchObject({ available: false, playing: true, beeps: 0 });
    expect(e.created).toBe(1);
  });

  it('connects each tone through a gain envelope to the speakers', () => {
    const ctx = new FakeContext();
    const c = new AlarmSoundController(env(ctx));
    c.setPending(1);
    expect(ctx.oscillators).toHaveLength(2);
    for (const o of ctx.oscillators) {
      expect(o.type).toBe('square');
      expect(o.stopped).toBeGreaterThan(o.started);
      expect(o.started).toBeGreaterThanOrEqual(ctx.currentTime);
    }
  });
});
