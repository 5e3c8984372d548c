/** Commands on alarms: list, acknowledge (also sent to the feed), resolve, shelve, unshelve, mute the sound. */
import type { EngineParts, HandlersFor } from './types';

export function alarmCommands({ alerting, clock, state, outbox }: EngineParts): HandlersFor<'alarms' | 'ackAlarm' | 'resolveAlarm' | 'shelveAlarm' | 'unshelve' | 'shelves' | 'muteSound'> {
  return {
    alarms: (q) => alerting.alarms(q.includeResolved ?? false, q.limit ?? 1000),
    ackAlarm: (q, session) => {
      const alarm = alerting.acknowledge(session, q.id, clock.nowOrWall(), q.comment || undefined);
      // The acknowledgement also goes to the feed (queued durably while it is unreachable).
      outbox.enqueue({ kind: 'alarm-ack', sensorId: state.sensor(alarm.subject) ? alarm.subject : null, alarmId: alarm.id, text: q.comment ?? '', user: session.user });
      return alarm;
    },
    resolveAlarm: (q, session) => alerting.resolve(session, q.id, clock.nowOrWall(), q.comment || undefined),
    shelveAlarm: (q, session) => alerting.shelve(session, q.id, clock.nowOrWall(), q.minutes, q.reason),
    unshelve: (q, session) => alerting.unshelve(session, q.id, clock.nowOrWall()),
    shelves: () => alerting.shelves(),
    muteSound: (q, session) => {
      alerting.muteSound(session, q.reason, q.alarmId);
      return { ok: true as const };
    },
  };
}
