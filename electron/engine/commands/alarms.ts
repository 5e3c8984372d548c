/** Commands on alarms: list, acknowledge (also sent to the feed), resolve, shelve, unshelve, mute the sound. */
import { ApiError, type Alarm, type Shelf } from '../api';
import type { SessionCtx } from '../access/supervisor-access';
import { kpisCsvOf, kpisOf } from './alarm-kpis';
import type { EngineParts, HandlersFor } from './types';

export function alarmCommands(parts: EngineParts): HandlersFor<'alarms' | 'alarmPage' | 'alarmCounts' | 'ackAlarm' | 'ackAlarms' | 'resolveAlarm' | 'shelveAlarm' | 'shelveAlarms' | 'unshelve' | 'shelves' | 'muteSound' | 'alarmKpis' | 'alarmKpisCsv'> {
  const { alerting, clock, state, outbox } = parts;
  const ack = (id: string, comment: string | undefined, session: SessionCtx) => {
    const alarm = alerting.acknowledge(session, id, clock.nowOrWall(), comment || undefined);
    // The acknowledgement also goes to the feed (queued durably while it is unreachable).
    outbox.enqueue({ kind: 'alarm-ack', sensorId: state.sensor(alarm.subject) ? alarm.subject : null, alarmId: alarm.id, text: comment ?? '', user: session.user });
    return alarm;
  };
  return {
    alarms: (q) => alerting.alarms(q.includeResolved ?? false, q.limit ?? 1000),
    alarmPage: (q) => alerting.alarmPage(q.view, q.offset, q.limit, q.search),
    alarmCounts: () => alerting.counts(),
    ackAlarm: (q, session) => ack(q.id, q.comment, session),
    ackAlarms: (q, session) => {
      const alarms: Alarm[] = [];
      const refused: { id: string; reason: string }[] = [];
      for (const id of new Set(q.ids)) {
        try {
          alarms.push(ack(id, q.comment, session));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          refused.push({ id, reason: e.message });
        }
      }
      return { alarms, refused };
    },
    shelveAlarms: (q, session) => {
      const shelves: Shelf[] = [];
      const refused: { id: string; reason: string }[] = [];
      for (const id of new Set(q.ids)) {
        try {
          shelves.push(alerting.shelve(session, id, clock.nowOrWall(), q.minutes, q.reason));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          refused.push({ id, reason: e.message });
        }
      }
      return { shelves, refused };
    },
    alarmKpis: (q, session) => kpisOf(parts, q, session),
    alarmKpisCsv: (q, session) => kpisCsvOf(parts, q, session),
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
