/** stopOnSignals: one stop per process, whatever the number and timing of the signals. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopOnSignals } from '../../electron/cli/shutdown';

function setup() {
  const signals = new EventEmitter();
  const events: string[] = [];
  let exited!: (code: number) => void;
  const exit = new Promise<number>((r) => (exited = r));
  const control = stopOnSignals({
    log: (level, msg) => events.push(`${level} ${msg}`),
    exit: (code) => {
      events.push(`exit ${code}`);
      exited(code);
    },
    signals,
  });
  return { signals, events, control, exit };
}

describe('stopOnSignals', () => {
  it('says what the host wants said when it stops', async () => {
    const signals = new EventEmitter();
    const said: string[] = [];
    const control = stopOnSignals({ log: (_l, m) => said.push(m), announce: (why) => `${why}: flushing and stopping`, exit: () => {}, signals });
    control.ready(async () => {});
    signals.emit('SIGTERM');
    expect(said).toEqual(['SIGTERM: flushing and stopping']);
  });

  it('SIGINT, then the same signal again (npm forwards it) and a SIGTERM: one close, exit 0', async () => {
    const { signals, events, control, exit } = setup();
    let closes = 0;
    control.ready(async () => {
      closes++;
      events.push('closed');
    });
    signals.emit('SIGINT');
    signals.emit('SIGINT');
    signals.emit('SIGTERM');
    expect(await exit).toBe(0);
    expect(closes).toBe(1);
    expect(events).toEqual(['info SIGINT: stopping', 'closed', 'exit 0']);
    expect(control.stopping).toBe('SIGINT');
  });

  it('a signal while starting waits for the service to be up, then stops it', async () => {
    const { signals, events, control, exit } = setup();
    signals.emit('SIGTERM');
    expect(events).toEqual([]);
    expect(control.stopping).toBe('SIGTERM');
    control.ready(async () => void events.push('closed'));
    expect(await exit).toBe(0);
    expect(events).toEqual(['info SIGTERM: stopping', 'closed', 'exit 0']);
  });

  it('stop(why, code) for another reason exits with that code; a later signal changes nothing', async () => {
    const { signals, events, control, exit } = setup();
    control.ready(async () => void events.push('closed'));
    control.stop('cache write failed', 1);
    signals.emit('SIGINT');
    expect(await exit).toBe(1);
    expect(events).toEqual(['info cache write failed: stopping', 'closed', 'exit 1']);
  });

  it('a close that fails: its reason, exit 1', async () => {
    const { signals, events, control, exit } = setup();
    control.ready(() => Promise.reject(new Error('disk full')));
    signals.emit('SIGINT');
    expect(await exit).toBe(1);
    expect(events).toEqual(['info SIGINT: stopping', 'error stopping failed: disk full', 'exit 1']);
  });
});
