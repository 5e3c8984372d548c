/**
 * The operator-action outbox: notes and alarm acknowledgements are queued durably in the cache and sent to the feed
 * oldest first while it is reachable. A refusal by the feed is final (the action is marked rejected with its
 * reason); silence is not (the action stays queued for the next connection).
 */
import { randomUUID } from 'node:crypto';
import type { OperatorAction } from './api';
import type { FeedClient } from './feed/client';
import type { Store } from './store/store';

type NewAction = Omit<Parameters<Store['enqueueAction']>[0], 'id' | 'createdAt'>;

export class Outbox {
  private sending = false;

  constructor(
    private readonly deps: {
      store: Store;
      client: () => FeedClient;
      now: () => number;
      emit: (actions: OperatorAction[]) => void;
      log: (level: 'info' | 'warn' | 'error', msg: string) => void;
    },
  ) {}

  /** Queues an action durably, tells listeners, and tries to send it at once. */
  enqueue(a: NewAction): OperatorAction {
    const action = this.deps.store.enqueueAction({ ...a, id: randomUUID(), createdAt: this.deps.now() });
    this.deps.emit([action]);
    void this.flush();
    return action;
  }

  /** Sends what is queued, oldest first, while the feed is connected. One run at a time. */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    const { store, log } = this.deps;
    const client = this.deps.client();
    try {
      for (const a of store.actions({ status: 'queued', oldestFirst: true, limit: 1000 })) {
        if (!client.connected) break;
        const res = await client.sendAction({ id: a.id, kind: a.kind, sensorId: a.sensorId, ...(a.alarmId ? { alarmId: a.alarmId } : {}), text: a.text, user: a.user, createdAt: a.createdAt });
        if (res.result === 'unsent') {
          log('warn', `action ${a.id} not sent (${res.error}); kept in the queue`);
          break;
        }
        const updated = store.markAction(a.id, res.result === 'accepted' ? 'sent' : 'rejected', res.result === 'rejected' ? res.error : null);
        if (updated) this.deps.emit([updated]);
      }
    } finally {
      this.sending = false;
    }
  }
}
