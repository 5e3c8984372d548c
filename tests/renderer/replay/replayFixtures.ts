/** Alarms for the replay view's tests: an active car-park alarm on parking:A unless told otherwise. */
import type { Alarm } from '../../../electron/engine/api';

export function replayAlarm(id: string, priority: Alarm['priority'], raisedAt: number, extra: Partial<Alarm> = {}): Alarm {
  return {
    id,
    ruleId: 'car-park-full',
    subject: 'parking:A',
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    priority,
    raisedAt,
    message: `msg ${id}`,
    lastMessage: `msg ${id}`,
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: raisedAt,
    ...extra,
  };
}
