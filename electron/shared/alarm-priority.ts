/**
 * Alarm priority, as the control-room standards define it (ANSI/ISA-18.2, EEMUA 191): from the consequence of not
 * acting (the rule's severity) and the time the operator has to respond (the rule's rationale). The engine stamps it
 * on every alarm; the renderer sorts, counts, colours and rings by it. Pure data and functions: imports only severity.
 *
 *                     respond within:  <= 15 min   <= 60 min   later
 *   critical                           urgent      high        medium
 *   warning                            high        medium      low
 *   info                               medium      low         low
 */
import type { Severity } from './severity';

export const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Higher is more urgent. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** Most urgent first (lists, counts, the header). */
export const PRIORITY_ORDER: readonly Priority[] = [...PRIORITIES];

export const PRIORITY_LABEL: Record<Priority, string> = { urgent: 'Urgent', high: 'High', medium: 'Medium', low: 'Low' };

/** Time to respond assumed for a rule without a rationale (older rules), by severity. */
export const DEFAULT_RESPOND_MINUTES: Record<Severity, number> = { critical: 15, warning: 60, info: 240 };

/** The priority of an alarm of this severity that must be answered within `respondWithinMinutes`. */
export function priorityOf(severity: Severity, respondWithinMinutes: number = DEFAULT_RESPOND_MINUTES[severity]): Priority {
  const band = respondWithinMinutes <= 15 ? 0 : respondWithinMinutes <= 60 ? 1 : 2;
  const matrix: Record<Severity, readonly Priority[]> = {
    critical: ['urgent', 'high', 'medium'],
    warning: ['high', 'medium', 'low'],
    info: ['medium', 'low', 'low'],
  };
  return matrix[severity][band]!;
}

/** Most urgent first; ties newest first (the alarm list's order). */
export function compareByPriority(a: { priority: Priority; raisedAt: number }, b: { priority: Priority; raisedAt: number }): number {
  return PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || b.raisedAt - a.raisedAt;
}

/**
 * Alarm load limits of the standards, per operator: more than FLOOD_ALARMS new alarms in FLOOD_WINDOW_MS is a flood;
 * about TARGET_AVERAGE_PER_WINDOW on average is "very likely acceptable" (EEMUA 191).
 */
export const FLOOD_WINDOW_MS = 10 * 60_000;
export const FLOOD_ALARMS = 10;
export const TARGET_AVERAGE_PER_WINDOW = 1;

/** A chattering alarm: at least CHATTER_CYCLES raise/clear cycles of one (rule, subject) within CHATTER_WINDOW_MS. */
export const CHATTER_CYCLES = 3;
export const CHATTER_WINDOW_MS = 10 * 60_000;

/** An alarm active (not cleared) for longer than this is a standing alarm. */
export const STANDING_MS = 24 * 3_600_000;
