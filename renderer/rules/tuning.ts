/**
 * Delays and deadband as the alarm standards name them, on the form: the on-delay (the condition must hold N minutes
 * before the alarm is raised: a `sustained` condition), the off-delay (the clear must hold N minutes:
 * clear.minClearMinutes) and the deadband (the clear needs the value back by this much: clear.hysteresis); and the
 * figures the engine proposes from the cached data (suggestTuning), applied only when the supervisor accepts them.
 */
import type { TuningSuggestion } from '../../electron/engine/api';
import type { ConditionForm, InnerType, RuleForm } from './ruleForm';
import { t as current, type Translate } from '../i18n/i18n';

/** Whether a condition can take an on-delay (a no-data condition has its own minutes). */
export function takesOnDelay(c: ConditionForm): boolean {
  return c.type !== 'noData';
}

/** Whether the rule compares values (a deadband means something): any condition other than no-data. */
export function takesDeadband(form: Pick<RuleForm, 'conditions'>): boolean {
  return form.conditions.some((c) => c.type !== 'noData');
}

/**
 * The condition with an on-delay of `minutes` (a held condition), or without one (null: the held condition alone).
 * A no-data condition is returned unchanged.
 */
export function withOnDelay(c: ConditionForm, minutes: string | null): ConditionForm {
  if (!takesOnDelay(c)) return c;
  if (minutes === null) return c.type === 'sustained' ? { ...c, type: c.inner } : c;
  return c.type === 'sustained' ? { ...c, holdMinutes: minutes } : { ...c, type: 'sustained', inner: c.type as InnerType, holdMinutes: minutes };
}

export type TuningPart = 'onDelay' | 'offDelay' | 'deadband';

/** The suggestion's figures that say something (null ones are left out). */
export function suggestedParts(s: TuningSuggestion, t: Translate = current): { part: TuningPart; label: string; value: number }[] {
  const out: { part: TuningPart; label: string; value: number }[] = [];
  if (s.onDelayMinutes !== null) out.push({ part: 'onDelay', label: t('rules.delays.part.onDelay'), value: s.onDelayMinutes });
  if (s.offDelayMinutes !== null) out.push({ part: 'offDelay', label: t('rules.delays.part.offDelay'), value: s.offDelayMinutes });
  if (s.hysteresis !== null) out.push({ part: 'deadband', label: t('rules.delays.part.deadband'), value: s.hysteresis });
  return out;
}

/** The form with the accepted parts of a suggestion filled in (the on-delay on every condition that takes one). */
export function applySuggestion(form: RuleForm, s: TuningSuggestion, parts: readonly TuningPart[]): RuleForm {
  let f = form;
  if (parts.includes('onDelay') && s.onDelayMinutes !== null) {
    // 0: the data needs no on-delay (a held condition takes at least 1 minute).
    const m = s.onDelayMinutes >= 1 ? String(s.onDelayMinutes) : null;
    f = { ...f, conditions: f.conditions.map((c) => withOnDelay(c, m)) };
  }
  if (parts.includes('offDelay') && s.offDelayMinutes !== null) f = { ...f, minClearMinutes: String(s.offDelayMinutes) };
  if (parts.includes('deadband') && s.hysteresis !== null) f = { ...f, hysteresis: String(s.hysteresis) };
  return f;
}
