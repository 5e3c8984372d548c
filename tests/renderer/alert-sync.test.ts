import { describe, expect, it } from 'vitest';
import type { Alarm, CommandName, CommandParams, CommandResults, EngineClient, EngineEvents, EventName, RuleSummary, Session } from '../../electron/engine/api';
import { createAppStore } from '../../renderer/store';
import { startSync } from '../../renderer/store/sync';
import { status, T0 } from './fixtures';

function alarm(id: string, over: Partial<Alarm> = {}): Alarm {
  return {
    id,
    ruleId: 'r',
    subject: 'parking:P',
    state: 'active',
    severity: 'critical',
    raisedSeverity: 'critical',
    priority: 'urgent',
    raisedAt: T0,
    message: 'm',
    lastMessage: 'm',
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: T0,
    ...over,
  };
}

class AlertClient implements EngineClient {
  transportError: string | null = null;
  calls: { method: string; params: unknown }[] = [];
  session: Session = { role: 'operator', user: 'root', supervisorConfigured: false };
  alarms: Alarm[] = [alarm('a1')];
  private listeners = new Map<string, ((p: unknown) => void)[]>();
  private transport: ((s: 'open' | 'closed') => void)[] = [];
  call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]> {
    this.calls.push({ method, params });
    const answers: Partial<Record<CommandName, unknown>> = {
      snapshot: { catalogue: [], states: [], status: status() },
      session: this.session,
      setUser: { ...this.session, user: (params as { name?: string }).name },
      alarms: this.alarms,
      alarmCounts: { unresolved: 10_739, unacknowledged: { urgent: 3, high: 40, medium: 700, low: 9_000 }, shelved: 12, lastTenMinutes: 4, flood: false },
      alarmPage: { alarms: this.alarms, total: 10_727, offset: (params as { offset?: number }).offset ?? 0 },
      shelves: [],
      rules: [{ id: 'r', name: 'Rule R' } as RuleSummary],
      zones: [{ id: '2', name: 'Zeta', polygons: [] }, { id: '1', name: 'Alpha', polygons: [] }],
    };
    return method in answers ? Promise.resolve(answers[method] as CommandResults[K]) : Promise.reject(new Error(`no ${method}`));
  }
  on<E extends EventName>(event: E, listener: (p: EngineEvents[E]) => void): () => void {
    const arr = this.listeners.get(event) ?? [];
    arr.push(listener as (p: unknown) => void);
    this.listeners.set(event, arr);
    return () => undefined;
  }
  onTransport(l: (s: 'open' | 'closed') => void): () => void {
    this.transport.push(l);
    l('closed');
    return () => undefined;
  }
  close() {}
  setTransport(s: 'open' | 'closed') {
    for (const l of this.transport) l(s);
  }
  emit<E extends EventName>(event: E, payload: EngineEvents[E]) {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('alerting sync', () => {
  it('fetches session (re-sending the remembered name), alarms, counts, the list page, shelves, rules and zones on every open', async () => {
    const store = createAppStore();
    const client = new AlertClient();
    startSync(client, store, { rememberedUser: () => 'Anna' });
    client.setTransport('open');
    await settle();
    const s = store.getState();
    expect(s.session?.user).toBe('Anna');
    expect(client.calls.find((c) => c.method === 'setUser')?.params).toEqual({ name: 'Anna' });
    // Open alarms for the map and the sound; the counts and the list's page are the engine's, whatever was fetched.
    expect(client.calls.find((c) => c.method === 'alarms')?.params).toEqual({ limit: 5000 });
    expect([...s.alarms.keys()]).toEqual(['a1']);
    expect(s.alarmCounts?.unresolved).toBe(10_739);
    expect(client.calls.find((c) => c.method === 'alarmPage')?.params).toEqual({ view: 'open', offset: 0, limit: 200 });
    expect(s.alarmPage?.total).toBe(10_727);
    expect(s.alarmsLoaded).toBe(true);
    expect(s.rules.get('r')?.name).toBe('Rule R');
    expect(s.zones.map((z) => z.name)).toEqual(['Alpha', 'Zeta']);

    // events keep it current
    client.emit('alarms', {
      changed: [alarm('a1', { state: 'acknowledged', acknowledged: { by: 'Anna', at: T0 + 5 }, updatedAt: T0 + 5 }), alarm('a2')],
      announce: [{ alarmId: 'a2', severity: 'critical', priority: 'urgent', message: 'new' }],
      counts: { unresolved: 2, unacknowledged: { urgent: 1, high: 0, medium: 0, low: 0 }, shelved: 0, lastTenMinutes: 1, flood: false },
      shelves: [{ key: 'r|x', by: 'Anna', at: T0, until: T0 + 60_000, reason: 'known' }],
    });
    expect(store.getState().alarms.get('a1')?.state).toBe('acknowledged');
    expect(store.getState().alarms.size).toBe(2);
    // The event's counts replace the header's; the row on the page shows the acknowledgement at once.
    expect(store.getState().alarmCounts?.unresolved).toBe(2);
    expect(store.getState().alarmPage?.alarms[0]?.state).toBe('acknowledged');
    expect(store.getState().announcements.map((a) => a.alarmId)).toEqual(['a2']);
    expect(store.getState().shelves.has('r|x')).toBe(true);
    client.emit('rules', { rules: [] });
    expect(store.getState().rules.size).toBe(0);

    // reconnect: everything is fetched again (events may have been missed meanwhile)
    client.setTransport('closed');
    client.alarms = [alarm('a3')];
    client.setTransport('open');
    await settle();
    expect([...store.getState().alarms.keys()]).toEqual(['a3']);
    expect(client.calls.filter((c) => c.method === 'session')).toHaveLength(2);
  });

  it('records why alerting data is unavailable', async () => {
    const store = createAppStore();
    const client = new AlertClient();
    client.call = ((method: CommandName) =>
      method === 'snapshot' ? Promise.resolve({ catalogue: [], states: [], status: status() }) : Promise.reject(new Error('engine too old'))) as AlertClient['call'];
    startSync(client, store);
    client.setTransport('open');
    await settle();
    expect(store.getState().alarmsError).toMatch(/engine too old/);
    expect(store.getState().rulesError).toMatch(/engine too old/);
    expect(store.getState().sessionError).toMatch(/engine too old/);
    expect(store.getState().alarmsLoaded).toBe(false);
  });
});
