/**
 * The alarm list's counts and pages come from the engine's whole alarm state (issue 9, item 8): with 10,739 open
 * alarms the counts say 10,739 (not the 1000 of a fetched list), pages are in priority order with the view's true
 * total, resolved alarms are paged in SQL, and a search matches names, not only ids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Alarm } from '../../electron/engine/api';
import { Alerting } from '../../electron/engine/alerting';
import { loadDistricts } from '../../electron/engine/rules/geo';
import { openStore } from '../../electron/engine/store/store';
import { compareByPriority, PRIORITIES } from '../../electron/shared/alarm-priority';
import type { Sensor } from '../../electron/shared/model';

const ASSETS = join(__dirname, '..', '..', 'assets');
const zones = loadDistricts(ASSETS);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const T0 = Date.UTC(2014, 7, 1);
const NOW = T0 + 30 * 86_400_000;
const parks: Sensor[] = Array.from({ length: 60 }, (_, i) => ({
  id: `parking:P${i}`,
  kind: 'car-park',
  name: i === 7 ? 'Bruuns Galleri' : `Car park ${i}`,
  geometry: { type: 'Point', coordinates: [10.2 + i / 1000, 56.15] },
  expectedIntervalS: 1800,
  attributes: { capacity: 100 },
}));

function alarm(i: number, state: Alarm['state'], ruleId: string, severity: Alarm['severity']): Alarm {
  const subject = parks[i % parks.length]!.id;
  const raisedAt = T0 + i * 60_000;
  return {
    id: `${ruleId}|${subject}|${raisedAt}`,
    ruleId,
    subject,
    state,
    severity,
    raisedSeverity: severity,
    raisedAt,
    message: `alarm number ${i}`,
    lastMessage: `alarm number ${i}`,
    clearedAt: state === 'active' ? null : raisedAt + 30_000,
    acknowledged: state === 'resolved' ? { by: 'Ana', at: raisedAt + 10_000 } : null,
    resolved: state === 'resolved' ? { by: 'Ana', at: raisedAt + 40_000 } : null,
    escalatedAt: null,
    updatedAt: raisedAt + 40_000,
    priority: 'low', // stamped again from the rule on load
  };
}

/** 10,739 open alarms (cleared and not acknowledged: one (rule, subject) holds one active alarm at most) and 2,500 resolved. */
function seeded(openCount = 10_739, resolvedCount = 2_500) {
  const store = openStore(':memory:', { now: () => NOW });
  cleanups.push(() => store.close());
  store.saveCatalogue(parks);
  const list: Alarm[] = [];
  for (let i = 0; i < openCount; i++) list.push(alarm(i, 'cleared', i % 3 === 0 ? 'car-park-full' : 'car-park-silent', i % 5 === 0 ? 'critical' : 'warning'));
  for (let i = 0; i < resolvedCount; i++) list.push(alarm(openCount + i, 'resolved', 'car-park-silent', 'warning'));
  store.saveAlarms(list);
  const alerting = new Alerting(store, zones, parks, () => {}, () => {}, () => {}, () => NOW, () => NOW);
  return { store, alerting };
}

const ana = { role: 'operator' as const, user: 'Ana' };

describe('alarm counts and pages from the engine', () => {
  it('counts every open alarm, by priority, not a fetched page of them', () => {
    const { alerting } = seeded();
    const c = alerting.counts();
    expect(c.unresolved).toBe(10_739);
    expect(c.shelved).toBe(0);
    expect(PRIORITIES.reduce((n, p) => n + c.unacknowledged[p], 0)).toBe(10_739);
    // The priority of each alarm is its rule's (the book stamps it on load), and the counts follow it.
    const all = alerting.alarmPage('open', 0, 500).alarms;
    expect(all.some((a) => a.priority !== 'low')).toBe(true);
  });

  it('pages the open view in priority order, newest first, with the true total; pages tile the view', () => {
    const { alerting } = seeded(1_234, 0);
    const seen: Alarm[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = alerting.alarmPage('open', offset, 200);
      expect(page.total).toBe(1_234);
      expect(page.offset).toBe(offset);
      if (page.alarms.length === 0) break;
      seen.push(...page.alarms);
    }
    expect(seen.length).toBe(1_234);
    expect(new Set(seen.map((a) => a.id)).size).toBe(1_234);
    for (let i = 1; i < seen.length; i++) expect(compareByPriority(seen[i - 1]!, seen[i]!)).toBeLessThanOrEqual(0);
  });

  it('an acknowledgement lowers the unacknowledged count of its priority; shelving moves alarms to the shelved view', () => {
    const { alerting } = seeded(300, 0);
    const before = alerting.counts();
    const [first, second, third] = alerting.alarmPage('open', 0, 3).alarms;
    alerting.acknowledge(ana, first!.id, NOW, 'seen');
    const acked = alerting.counts();
    expect(acked.unacknowledged[first!.priority]).toBe(before.unacknowledged[first!.priority] - 1);
    // A cleared alarm, once acknowledged, is resolved: it leaves the open view.
    expect(acked.unresolved).toBe(299);
    expect(alerting.alarmPage('resolved', 0, 10).alarms.map((a) => a.id)).toEqual([first!.id]);

    alerting.shelve(ana, second!.id, NOW, 60, 'maintenance');
    const shelvedView = alerting.alarmPage('shelved', 0, 100);
    // A shelf is per (rule, subject): every open alarm of that pair is shelved with it.
    const pair = alerting.alarmPage('open', 0, 500).alarms.filter((a) => a.ruleId === second!.ruleId && a.subject === second!.subject);
    expect(pair).toEqual([]);
    expect(shelvedView.alarms.map((a) => a.id)).toContain(second!.id);
    expect(shelvedView.alarms.every((a) => a.ruleId === second!.ruleId && a.subject === second!.subject)).toBe(true);
    const c = alerting.counts();
    expect(c.shelved).toBe(shelvedView.total);
    expect(alerting.alarmPage('open', 0, 1).total + shelvedView.total).toBe(299);
    // The counts kept along the commits agree with a recount of the book's open alarms.
    const book = alerting.alarms(false, 5000);
    expect(c.unresolved).toBe(book.length);
    const recount = { urgent: 0, high: 0, medium: 0, low: 0 };
    const shelfKeys = new Set(alerting.shelves().map((sh) => sh.key));
    for (const a of book) if (!shelfKeys.has(`${a.ruleId}|${a.subject}`) && a.state !== 'acknowledged') recount[a.priority]++;
    expect(c.unacknowledged).toEqual(recount);
    expect(third).toBeDefined();
  });

  it('pages resolved alarms in the store, newest raised first, with the true total and a search', () => {
    const { alerting } = seeded(10, 2_500);
    const p0 = alerting.alarmPage('resolved', 0, 200);
    expect(p0.total).toBe(2_500);
    expect(p0.alarms.length).toBe(200);
    expect(p0.alarms.every((a) => a.state === 'resolved')).toBe(true);
    for (let i = 1; i < p0.alarms.length; i++) expect(p0.alarms[i - 1]!.raisedAt).toBeGreaterThan(p0.alarms[i]!.raisedAt);
    const last = alerting.alarmPage('resolved', 2_400, 200);
    expect(last.alarms.length).toBe(100);
    expect(new Set([...p0.alarms, ...last.alarms].map((a) => a.id)).size).toBe(300);
    expect(alerting.alarmPage('resolved', 3_000, 200)).toEqual({ alarms: [], total: 2_500, offset: 3_000 });
    // Priority is there even for alarms stored before priorities existed.
    expect(p0.alarms.every((a) => PRIORITIES.includes(a.priority))).toBe(true);

    // By the sensor's name (never stored with the alarm): parking:P7 is "Bruuns Galleri", every 60th alarm.
    const byName = alerting.alarmPage('resolved', 0, 500, 'bruuns');
    let p7 = 0;
    for (let i = 10; i < 2_510; i++) if (i % 60 === 7) p7++;
    expect(byName.total).toBe(p7);
    expect(byName.alarms.length).toBe(byName.total);
    expect(byName.alarms.every((a) => a.subject === 'parking:P7')).toBe(true);
    // By the rule's name, and by the message.
    expect(alerting.alarmPage('resolved', 0, 10, 'not reporting').total).toBe(2_500);
    expect(alerting.alarmPage('resolved', 0, 10, 'alarm number 2509').alarms.map((a) => a.message)).toEqual(['alarm number 2509']);
    expect(alerting.alarmPage('resolved', 0, 10, 'no such thing').total).toBe(0);
  });

  it('searches the open view by sensor name, rule name and message', () => {
    const { alerting } = seeded(600, 0);
    const byName = alerting.alarmPage('open', 0, 500, 'Bruuns Galleri');
    expect(byName.total).toBe(10);
    expect(byName.alarms.every((a) => a.subject === 'parking:P7')).toBe(true);
    expect(alerting.alarmPage('open', 0, 500, 'car park full').total).toBe(200);
    expect(alerting.alarmPage('open', 0, 500, 'ALARM NUMBER 599').total).toBe(1);
  });
});
