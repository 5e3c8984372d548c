/**
 * The alarm rationale in the rule editor (ISA-18.2): the priority the severity and the time to respond give, and what
 * the editor requires before publishing (the document allows a rule without a rationale, so that older rules load; a
 * rule published from this desk carries one).
 */
import { DEFAULT_RESPOND_MINUTES, priorityOf, type Priority } from '../../electron/shared/alarm-priority';
import { t as current, type Translate } from '../i18n/i18n';
import type { Severity } from '../../electron/shared/severity';
import { parseNumber, type RationaleForm } from './ruleForm';

/** Common times to respond, in minutes (offered as one-click choices beside the field). */
export const RESPOND_CHOICES: readonly number[] = [5, 15, 30, 60, 120, 240, 480];

/** "15 min", "2 h", "1 h 30 min". */
export function minutesText(m: number, t: Translate = current): string {
  if (m < 60) return t('rules.rationale.min', { m });
  const h = Math.floor(m / 60);
  return m % 60 ? t('rules.rationale.hMin', { h, m: m % 60 }) : t('rules.rationale.h', { h });
}

export interface PriorityPreview {
  priority: Priority;
  /** "Priority: High (warning, respond within 15 min)". */
  text: string;
  /** True when the time to respond is not chosen yet and the severity's default is assumed. */
  assumed: boolean;
}

/** The priority an alarm of the rule will carry, live as the form changes. */
export function priorityPreview(severity: Severity, respondWithinMinutes: string, t: Translate = current): PriorityPreview {
  const n = parseNumber(respondWithinMinutes);
  const chosen = typeof n === 'number' && Number.isInteger(n) && n >= 1;
  const minutes = chosen ? n : DEFAULT_RESPOND_MINUTES[severity];
  const priority = priorityOf(severity, minutes);
  const params = { priority: t(`alarms.priority.${priority}`), severity: t(`alarms.severityWord.${severity}`), time: minutesText(minutes, t) };
  const text = chosen ? t('rules.rationale.priority', params) : t(severity === 'info' ? 'rules.rationale.priorityDefaultAn' : 'rules.rationale.priorityDefault', params);
  return { priority, text, assumed: !chosen };
}

const REQUIRED: readonly { key: keyof RationaleForm; what: 'cause' | 'consequence' | 'action' | 'respond' }[] = [
  { key: 'cause', what: 'cause' },
  { key: 'consequence', what: 'consequence' },
  { key: 'action', what: 'action' },
  { key: 'respondWithinMinutes', what: 'respond' },
];

/** Rationale fields still empty, by form field key (`rationale.cause`, …), each with its message. */
export function missingRationale(r: RationaleForm, t: Translate = current): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, what } of REQUIRED) if (r[key].trim() === '') out.set(`rationale.${key}`, t('rules.rationale.required', { what: t(`rules.rationale.what.${what}`) }));
  return out;
}

/**
 * Why a rule document cannot be published from this desk yet (the form's content or JSON typed directly), or null.
 * Only the rationale's presence is checked here: its content is the engine's validation.
 */
export function publishBlocker(doc: unknown, t: Translate = current): string | null {
  const r = typeof doc === 'object' && doc !== null ? (doc as { rationale?: unknown }).rationale : undefined;
  if (r === undefined) return t('rules.rationale.blocker');
  return null;
}
