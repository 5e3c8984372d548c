/**
 * Main's side of the host-side control messages to the engine process (electron/shared/engine-control.ts): sends a
 * request over the engine's parent port and resolves when its answer comes back (or fails after a timeout, or when
 * the engine process goes away). Pure module: no electron import; main.ts wires send and onMessage.
 */
import { isControlResult, SET_PASSPHRASE_MESSAGE, type ControlResult } from '../shared/engine-control';

export type ControlAnswer = { ok: true } | { ok: false; code: string; message: string };

export interface EngineControlDeps {
  /** Posts to the engine process; false when there is none running. */
  send(message: unknown): boolean;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Default 60 s: the engine may still be starting, and scrypt takes a while. */
  timeoutMs?: number;
}

export class EngineControlClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: ControlAnswer) => void; timer: unknown }>();

  constructor(private readonly deps: EngineControlDeps) {}

  /** First run: the passphrase the user chose in the app goes to the engine as a host-side message. */
  setSupervisorPassphrase(passphrase: string): Promise<ControlAnswer> {
    const id = this.nextId++;
    return new Promise<ControlAnswer>((resolve) => {
      const timer = this.deps.setTimer(() => this.settle(id, { ok: false, code: 'unavailable', message: 'the engine did not answer' }), this.deps.timeoutMs ?? 60_000);
      this.pending.set(id, { resolve, timer });
      if (!this.deps.send({ type: SET_PASSPHRASE_MESSAGE, id, passphrase })) this.settle(id, { ok: false, code: 'unavailable', message: 'the engine is not running' });
    });
  }

  /** Every message from the engine process goes through here; answers settle their request, others are ignored. */
  onMessage(message: unknown): void {
    if (!isControlResult(message)) return;
    this.settle(message.id, toAnswer(message));
  }

  /** The engine process exited: requests in flight will never be answered. */
  failAll(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, code: 'unavailable', message: reason });
  }

  private settle(id: number, answer: ControlAnswer): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.deps.clearTimer(p.timer);
    p.resolve(answer);
  }
}

function toAnswer(r: ControlResult): ControlAnswer {
  return r.ok ? { ok: true } : { ok: false, code: r.code, message: r.message };
}

