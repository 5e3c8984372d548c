/** The audit log for an investigation. PLACEHOLDER (issue 10, helper 'audit' replaces it). */
import { ApiError } from '../api';
import type { EngineParts, HandlersFor } from './types';

export function auditCommands(_parts: EngineParts): HandlersFor<'auditPage' | 'alarmTimeline' | 'auditCsv'> {
  const no = (): never => {
    throw new ApiError('unavailable', 'the investigation audit log is not built yet');
  };
  return { auditPage: no, alarmTimeline: no, auditCsv: no };
}
