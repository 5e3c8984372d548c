/** Alarms for the operator-workload tests (flood, group highlight, what to do). */
import type { Alarm } from '../../electron/engine/api';

export function alarm(id: string, patch: Partial<Alarm> = {}): Alarm {
  return {
    id,
    ruleId: 'r',
    subject: id,
    state: 'active',
    severity: 'warning',
    raisedSeverity: 'warning',
    raisedAt: 0,
    message: '',
    lastMessage: '',
    clearedAt: null,
    acknowledged: null,
    resolved: null,
    escalatedAt: null,
    updatedAt: 0,
    priority: 'medium',
    ...patch,
  };
}
