/**
 * The alarm rationale in the rule editor (ISA-18.2): the priority the severity and the time to respond give, and what
 * the editor requires before publishing (the document allows a rule without a rationale, so that older rules load; a
 * rule published from this desk carries one).
 */
import { DEFAULT_RESPOND_MINUTES, PRIORITY_LABEL, priorityOf, type Priority } from '../../electron/shared/alarm-priority';
import type { Severity } from '../../electron/shared/severity';
import { parseNumber, type RationaleForm } from './ruleForm';

/** Common times to respond, in minutes (offered as one-click choices beside the field). */
export const RESPOND_CHOICES: readonly number[] = [5, 15, 30, 60, 120, 240, 480];

/** "15 min", "2 h", "1 h 30 min". */
export function minutesText(m: number): string {
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export interface PriorityPreview {
  priority: Priority;
  /** "Priority: High (warning, respond within 15 min)". */
  text: string;
  /** True when the time to respond is not chosen yet and the severity's default is assumed. */
  assumed: boolean;
}

/** The priority an alarm of the rule will carry, live as the form changes. */
export function priorityPreview(severity: Severity, respondWithinMinutes: string): PriorityPreview {
  const n = parseNumber(respondWithinMinutes);
  const chosen = typeof n === 'number' && Number.isInteger(n) && n >= 1;
  const minutes = chosen ? n : DEFAULT_RESPOND_MINUTES[severity];
  const priority = priorityOf(severity, minutes);
  const text = `Priority: ${PRIORITY_LABEL[priority]} (${severity}, respond within ${minutesText(minutes)}${chosen ? '' : `, the default for ${severity === 'info' ? 'an' : 'a'} ${severity} until you choose`})`;
  return { priority, text, assumed: !chosen };
}

const REQUIRED: readonly { key: keyof RationaleForm; what: string }[] = [
  { key: 'cause', what: 'the cause' },
  { key: 'consequence', what: 'the consequence' },
  { key: 'action', what: 'what the operator should do' },
  { key: 'respondWithinMinutes', what: 'the time to respond' },
];

/** Rationale fields still empty, by form field key (`rationale.cause`, …), each with its message. */
export function missingRationale(r: RationaleForm): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, what } of REQUIRED) if (r[key].trim() === '') out.set(`rationale.${key}`, `required before publishing: say ${what}`);
  return out;
}

/**
 * Why a rule document cannot be published from this desk yet (the form's content or JSON typed directly), or null.
 * Only the rationale's presence is checked here: its content is the engine's validation.
 */
export function publishBlocker(doc: unknown): string | null {
  const r = typeof doc === 'object' && doc !== null ? (doc as { rationale?: unknown }).rationale : undefined;
  if (r === undefined) return 'Fill in the rationale before publishing: the cause, the consequence, what the operator should do and the time to respond.';
  return null;
}
