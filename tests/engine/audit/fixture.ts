/**
 * A small audit log written the way the engine writes it: alarm transitions from the real AlarmBook (stamped as
 * Alerting.commit stamps them: wall clock in `at`, the transition's feed time in `feed_at` and the detail's suffix), and
 * the other actions with the details their callers give (alerting, access, sources, operator actions, set-aside).
 */
import { AlarmBook, type AlarmUpdate, type BookEvent } from '../../../electron/engine/rules/alarms';
import type { Rule } from '../../../electron/engine/rules/schema';
import { openStore, type Store } from '../../../electron/engine/store/store';
import { auditDirectory, type AuditDirectory } from '../../../electron/engine/audit/names';
import type { Sensor } from '../../../electron/shared/model';

export const TZ = 'Europe/Copenhagen';
/** 2014-08-01 10:00 CEST. */
export const T0 = Date.UTC(2014, 7, 1, 8, 0);
export const MIN = 60_000;

export const SENSORS: Sensor[] = [
  { id: 'parking:BRUUNS', kind: 'car-park', name: 'Bruuns Galleri', geometry: { type: 'Point', coordinates: [10.2, 56.15] }, expectedIntervalS: 1800, attributes: { capacity: 100 } },
  { id: 'parking:SALLING', kind: 'car-park', name: 'Salling', geometry: { type: 'Point', coordinates: [10.21, 56.156] }, expectedIntervalS: 1800, attributes: { capacity: 700 } },
  { id: 'traffic:158324', kind: 'traffic', name: 'Randersvej north', geometry: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.2]] }, expectedIntervalS: 300, attributes: { normalSpeedKmh: 50 } },
];
export const ZONES = [{ id: '170', name: 'Midtbyen' }];

const rule = (id: string, name: string, kind: string): Rule =>
  ({ schema: 1, id, name, enabled: true, severity: 'warning', kind, scope: { type: 'kind' }, condition: { type: 'threshold', metric: 'occupancyPct', op: '>', value: 95 }, escalation: { afterMinutes: 60, to: 'critical' } }) as unknown as Rule;
export const RULES: Rule[] = [rule('car-park-full', 'Car park full', 'car-park'), rule('congestion-district', 'Congestion by district', 'traffic')];

export function directory(): AuditDirectory {
  return auditDirectory({ rules: RULES.map((r) => ({ id: r.id, name: r.name })), sensors: SENSORS, zones: ZONES, noteSensor: (id) => (id === 'note-1' ? 'parking:BRUUNS' : null) });
}

/** Writes the transitions as Alerting.commit does (wall clock `wall`). */
function commit(store: Store, u: AlarmUpdate, wall: number): void {
  store.auditMany(u.audit.map((a) => ({ at: wall, feedAt: a.at, user: a.user, action: `alarm.${a.action}`, subject: a.alarmId, detail: a.at === wall ? a.detail : `${a.detail} (feed time ${new Date(a.at).toISOString()})` })));
  store.saveAlarms(u.changed);
}

export interface Fixture {
  store: Store;
  /** Bruuns Galleri's "Car park full" alarm: raised, acknowledged, shelved, off the shelf, muted, cleared (resolved). */
  bruuns: string;
  /** Salling's: raised while Bruuns is handled, cleared, resolved by an operator. */
  salling: string;
  /** The district group alarm (Congestion by district in Midtbyen). */
  group: string;
}

export function writeFixture(): Fixture {
  let wall = T0 + 2 * MIN;
  const store = openStore(':memory:', { now: () => wall });
  const book = new AlarmBook(RULES);
  const ev = (e: Partial<BookEvent> & Pick<BookEvent, 'type' | 'ruleId' | 'subject' | 'at' | 'message'>): BookEvent => ({ severity: 'warning', ...e });
  // A desk catching up: the raise reaches it two minutes late (wall ahead of the transition's feed time).
  commit(store, book.apply([ev({ type: 'raise', ruleId: 'car-park-full', subject: 'parking:BRUUNS', at: T0, message: 'Occupancy 97% > 95% at Bruuns Galleri', value: 97 })], wall), wall);
  const bruuns = book.currentId('car-park-full', 'parking:BRUUNS')!;
  wall = T0 + 5 * MIN;
  commit(store, book.acknowledge(bruuns, 'Ana', T0 + 5 * MIN, 'on it'), wall);
  commit(store, book.shelve(bruuns, 'Ana', T0 + 6 * MIN, T0 + 36 * MIN, 'roadworks'), wall);
  commit(store, book.apply([ev({ type: 'raise', ruleId: 'car-park-full', subject: 'parking:SALLING', at: T0 + 10 * MIN, message: 'Occupancy 96% > 95% at Salling', value: 96 })]), T0 + 10 * MIN);
  const salling = book.currentId('car-park-full', 'parking:SALLING')!;
  commit(store, book.onClock(T0 + 40 * MIN), T0 + 40 * MIN); // Bruuns' shelf expires
  commit(store, book.apply([ev({ type: 'clear', ruleId: 'car-park-full', subject: 'parking:SALLING', at: T0 + 50 * MIN, message: 'Occupancy 88% < 90% for 10 min at Salling' })]), T0 + 50 * MIN);
  commit(store, book.resolve(salling, 'Ole', T0 + 55 * MIN, 'spaces free again'), T0 + 55 * MIN);
  commit(store, book.onClock(T0 + 75 * MIN), T0 + 75 * MIN); // Salling resolved; Bruuns acknowledged: no escalation
  commit(store, book.apply([ev({ type: 'clear', ruleId: 'car-park-full', subject: 'parking:BRUUNS', at: T0 + 80 * MIN, message: 'Occupancy 85% < 90% for 10 min at Bruuns Galleri' })]), T0 + 80 * MIN);
  // A district group: two member raises and clears.
  const into = { ruleId: 'congestion-district', subject: 'group:district:170', kind: 'rule' as const, name: 'Midtbyen' };
  commit(store, book.apply([ev({ type: 'raise', ruleId: 'congestion-district', subject: 'traffic:158324', at: T0 + 20 * MIN, message: 'Speed 30% of normal on Randersvej north', into, subjectName: 'Randersvej north' })]), T0 + 20 * MIN);
  const group = book.currentId('congestion-district', 'group:district:170')!;
  commit(store, book.onClock(T0 + 85 * MIN), T0 + 85 * MIN); // unacknowledged for 60 min: escalated
  commit(store, book.apply([ev({ type: 'clear', ruleId: 'congestion-district', subject: 'traffic:158324', at: T0 + 90 * MIN, message: 'Speed back to 80% of normal on Randersvej north' })]), T0 + 90 * MIN);
  commit(store, book.acknowledge(group, 'Ana', T0 + 95 * MIN), T0 + 95 * MIN);
  wall = T0 + 100 * MIN;
  // The other actions, with the details their callers write.
  store.audit('Ana', 'sound.mute', bruuns, { reason: 'night shift' }, T0 + 7 * MIN);
  store.audit('Sofie', 'rule.publish', 'car-park-full', { version: 3, name: 'Car park full' }, T0 + 100 * MIN);
  store.audit('Sofie', 'rule.disable', 'congestion-district', { version: 2 }, T0 + 101 * MIN);
  store.audit('Sofie', 'rule.enable', 'congestion-district', { version: 2 }, T0 + 102 * MIN);
  store.audit('Sofie', 'rule.restore', 'car-park-full', { from: 1, version: 4 }, T0 + 103 * MIN);
  store.audit('Sofie', 'rules.import', null, { ids: ['car-park-full', 'congestion-district'] }, T0 + 104 * MIN);
  store.audit('system', 'rules.seed', null, { types: ['car-park'], ids: ['car-park-full'] }, T0 - 60 * MIN);
  store.audit('Ana', 'note.add', 'parking:BRUUNS', { id: 'note-1', text: 'barrier stuck open' }, T0 + 8 * MIN);
  store.audit('system', 'action.sent', 'note-1', { error: null }, T0 + 9 * MIN);
  store.audit('system', 'action.rejected', 'note-1', { error: 'unknown sensor' }, T0 + 9 * MIN);
  store.audit('Ana', 'session.user', null, { before: 'operator', selfDeclared: true }, T0 - 30 * MIN);
  store.audit('Sofie', 'supervisor.unlock', null, null, T0 + 99 * MIN);
  store.audit('Sofie', 'supervisor.lock', null, null, T0 + 110 * MIN);
  store.audit('Sofie', 'supervisor.passphrase-changed', null, null, T0 + 111 * MIN);
  store.audit('host', 'supervisor.passphrase-set', null, { from: 'host' }, T0 - 90 * MIN);
  store.audit('host', 'supervisor.passphrase-reset', null, { from: 'host' }, T0 - 80 * MIN);
  store.audit('Bo', 'supervisor.unlock-failed', null, { consecutive: 3 }, T0 + 98 * MIN);
  store.audit('Sofie', 'source.save', 'source:bristol-air', { version: 2, type: 'mqtt', sensorType: 'car-park', desk: 'desk-1', credentials: ['MQTT_PASSWORD'] }, T0 + 120 * MIN);
  store.audit('Sofie', 'source.remove', 'source:bristol-air', { version: 2, desk: 'desk-1' }, T0 + 121 * MIN);
  store.audit('system', 'cache.clock-forgotten', 'aarhus-demo', { feedTime: T0 + 400 * 86_400_000 }, T0 - 100 * MIN);
  store.audit('system', 'cache.readings-set-aside', null, { count: 12, after: T0 + 5 * 60 * MIN }, T0 - 100 * MIN);
  store.audit('Ana', 'incident.save', 'incident-7', { version: 1, name: 'Bruuns overflow' }, T0 + 130 * MIN);
  store.audit('Ana', 'incident.archive', 'incident-7', { version: 2, name: 'Bruuns overflow', archived: true }, T0 + 131 * MIN);
  return { store, bruuns, salling, group };
}
