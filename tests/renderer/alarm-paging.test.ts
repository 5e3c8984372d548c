/**
 * The alarm list's paging (renderer/alarms/alarmPaging.ts): the page follows the query, events refetch it at most once
 * per interval, answers to an older query are dropped, and a page past the end moves back to the last one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alarm, AlarmPage, CommandName, CommandParams, CommandResults, EngineClient } from '../../electron/engine/api';
import { PAGE_SIZE, startAlarmPaging } from '../../renderer/alarms/alarmPaging';
import { createAppStore } from '../../renderer/store';
import { T0 } from './fixtures';

function alarm(n: number): Alarm {
  return {
    id: `r|s${n}|${T0 + n}`,
    ruleId: 'r',
    subject: `s${n}`,
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    priority: 'medium',
    raisedAt: T0 + n,
    message: `m${n}`,
    lastMessage: `m${n}`,
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: T0 + n,
  };
}

/** An engine holding `total` open alarms; answers alarmPage after `delay` ms (per call, from `delays` when given). */
class PagingClient {
  calls: CommandParams['alarmPage'][] = [];
  delays: number[] = [];
  constructor(public total: number) {}
  call<K extends CommandName>(method: K, params: CommandParams[K]): Promise<CommandResults[K]> {
    if (method !== 'alarmPage') return Promise.reject(new Error(`no ${method}`));
    const q = params as CommandParams['alarmPage'];
    this.calls.push(q);
    const all = Array.from({ length: this.total }, (_, i) => alarm(i)).filter((a) => !q.search || a.message.includes(q.search));
    const page: AlarmPage = { alarms: all.slice(q.offset, q.offset + q.limit), total: all.length, offset: q.offset };
    const delay = this.delays.shift() ?? 0;
    return new Promise((r) => setTimeout(() => r(page as CommandResults[K]), delay));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function setup(total: number, refreshMs = 40) {
  const store = createAppStore();
  store.getState().setTransport('open', null);
  const client = new PagingClient(total);
  const paging = startAlarmPaging(client as unknown as EngineClient, store, { refreshMs });
  stops.push(() => paging.stop());
  return { store, client, paging, s: () => store.getState() };
}

describe('alarm list paging', () => {
  it('fetches the page the query asks for, with the true total; a new query fetches again', async () => {
    const { client, paging, s } = setup(10_739);
    paging.refresh();
    await sleep(5);
    expect(client.calls).toEqual([{ view: 'open', offset: 0, limit: PAGE_SIZE }]);
    expect(s().alarmPage?.alarms.length).toBe(PAGE_SIZE);
    expect(s().alarmPage?.total).toBe(10_739);
    s().setAlarmQuery({ offset: 10_600 });
    await sleep(5);
    expect(s().alarmPage?.alarms.length).toBe(139);
    expect(s().alarmPage?.query.offset).toBe(10_600);
    s().setAlarmQuery({ search: 'm1073' });
    await sleep(5);
    expect(client.calls.at(-1)).toEqual({ view: 'open', offset: 0, limit: PAGE_SIZE, search: 'm1073' });
    expect(s().alarmPage?.total).toBe(10); // m1073, m10730..m10738
  });

  it('refetches once per interval however many events arrive', async () => {
    const { client, paging } = setup(50);
    paging.refresh();
    await sleep(5);
    const before = client.calls.length;
    for (let i = 0; i < 30; i++) paging.changed();
    await sleep(60);
    expect(client.calls.length).toBe(before + 1);
    paging.changed();
    await sleep(60);
    expect(client.calls.length).toBe(before + 2);
  });

  it('drops an answer to an older query that arrives after a newer one', async () => {
    const { client, s } = setup(1_000);
    client.delays = [50, 0];
    s().setAlarmQuery({ offset: 200 }); // slow answer
    s().setAlarmQuery({ offset: 400 }); // fast answer
    await sleep(80);
    expect(s().alarmPage?.query.offset).toBe(400);
    expect(s().alarmPage?.alarms[0]?.subject).toBe('s400');
  });

  it('moves back to the last page when the alarms on this one went away', async () => {
    const { client, paging, s } = setup(1_000);
    s().setAlarmQuery({ offset: 800 });
    await sleep(5);
    client.total = 250;
    paging.refresh();
    await sleep(10);
    expect(s().alarmQuery.offset).toBe(200);
    expect(s().alarmPage?.alarms.length).toBe(50);
  });

  it('asks nothing while the transport is closed; reports a failure', async () => {
    const { client, paging, s } = setup(10);
    s().setTransport('closed', 'gone');
    paging.refresh();
    await sleep(5);
    expect(client.calls).toEqual([]);
    s().setTransport('open', null);
    client.call = () => Promise.reject(new Error('engine too old'));
    paging.refresh();
    await sleep(5);
    expect(s().alarmPageError).toMatch(/engine too old/);
  });
});
