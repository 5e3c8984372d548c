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
    announce: (why) => events.push(`announce ${why}`),
    failed: (msg) => events.push(`failed ${msg}`),
    exit: (code) => {
      events.push(`exit ${code}`);
      exited(code);
    },
    signals,
  });
  return { signals, events, control, exit };
}

describe('stopOnSignals', () => {
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
    expect(events).toEqual(['announce SIGINT', 'closed', 'exit 0']);
    expect(control.stopping).toBe('SIGINT');
  });

  it('a signal while starting waits for the service to be up, then stops it', async () => {
    const { signals, events, control, exit } = setup();
    signals.emit('SIGTERM');
    expect(events).toEqual([]);
    expect(control.stopping).toBe('SIGTERM');
    control.ready(async () => void events.push('closed'));
    expect(await exit).toBe(0);
    expect(events).toEqual(['announce SIGTERM', 'closed', 'exit 0']);
  });

  it('stop(why, code) for another reason exits with that code; a later signal changes nothing', async () => {
    const { signals, events, control, exit } = setup();
    control.ready(async () => void events.push('closed'));
    control.stop('cache write failed', 1);
    signals.emit('SIGINT');
    expect(await exit).toBe(1);
    expect(events).toEqual(['announce cache write failed', 'closed', 'exit 1']);
  });

  it('a close that fails: its reason, exit 1', async () => {
    const { signals, events, control, exit } = setup();
    control.ready(() => Promise.reject(new Error('disk full')));
    signals.emit('SIGINT');
    expect(await exit).toBe(1);
    expect(events).toEqual(['announce SIGINT', 'failed disk full', 'exit 1']);
  });
});
