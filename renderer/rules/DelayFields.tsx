/**
 * Off-delay and deadband (the on-delay is on each condition, step 2), named as the alarm standards name them, with
 * "Suggest from data": the engine proposes the three figures from the cached readings (suggestTuning), each with how it
 * was found; they are filled in only when the supervisor accepts them. The proposal is asked for on its own once the
 * rule is valid and the deadband or the off-delay is not set, so that the defaults come from the data rather than "none".
 */
import { useT, type Translate } from '../i18n/i18n';
import { useEffect, useRef, useState } from 'react';
import type { EngineClient, TuningSuggestion } from '../../electron/engine/api';
import { errorText, hasErrorCode } from '../platform/rpc-client';
import { Field, type ErrorOf } from './FormParts';
import type { RuleForm } from './ruleForm';
import { applySuggestion, suggestedParts, takesDeadband, takesOnDelay, type TuningPart } from './tuning';

type Suggestion = { state: 'idle' } | { state: 'asking' } | { state: 'ok'; s: TuningSuggestion } | { state: 'error'; text: string };

/** Wait this long after the rule became valid before asking for a proposal on its own (ms). */
const AUTO_SUGGEST_DELAY_MS = 800;

/** What the proposal depends on: the type, the sensors and the conditions (not the figures themselves). */
function suggestionKey(form: RuleForm): string {
  return JSON.stringify([form.kind, form.scope, form.sensorIds, form.district, form.polygon, form.filter, form.combine, form.conditions.map((c) => [c.type === 'sustained' ? c.inner : c.type, c.metric, c.agg, c.op, c.value, c.value2, c.minutes])]);
}

export function DelayFields({
  client,
  form,
  doc,
  ruleValid,
  unitHint,
  err,
  set,
}: {
  client: EngineClient;
  form: RuleForm;
  /** The rule document of the form (sent with the request). */
  doc: unknown;
  ruleValid: boolean;
  /** " (km/h)": the unit of the deadband. */
  unitHint: string;
  err: ErrorOf;
  set: (fn: (f: RuleForm) => RuleForm) => void;
}) {
  const { t } = useT();
  const [suggestion, setSuggestion] = useState<Suggestion>({ state: 'idle' });
  const asked = useRef<string | null>(null);
  const seq = useRef(0);
  const key = suggestionKey(form);
  const deadband = takesDeadband(form);
  const onDelays = form.conditions.filter(takesOnDelay);
  /** A figure the clear needs is still open (the on-delay is often typed with the condition). */
  const open = (deadband && form.hysteresis.trim() === '') || form.minClearMinutes.trim() === '';

  const ask = (): void => {
    const mine = ++seq.current;
    asked.current = key;
    setSuggestion({ state: 'asking' });
    client.call('suggestTuning', { rule: doc }).then(
      (s) => mine === seq.current && setSuggestion({ state: 'ok', s }),
      (e: unknown) =>
        mine === seq.current &&
        setSuggestion({ state: 'error', text: hasErrorCode(e, 'unavailable') ? t('rules.delays.unavailable', { error: errorText(e) }) : t('rules.delays.failed', { error: errorText(e) }) }),
    );
  };

  // Proposed on its own once per rule shape, when the rule is valid and nothing is set yet.
  useEffect(() => {
    if (!ruleValid || !open || asked.current === key) return;
    const timer = setTimeout(ask, AUTO_SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
    // ask reads the latest doc; the key stands for what the proposal depends on
  }, [ruleValid, open, key]);

  const current = (part: TuningPart): string =>
    part === 'deadband' ? form.hysteresis.trim() : part === 'offDelay' ? form.minClearMinutes.trim() : onDelays.every((c) => c.type === 'sustained') ? (onDelays[0]?.holdMinutes.trim() ?? '') : '';
  const parts = suggestion.state === 'ok' ? suggestedParts(suggestion.s).filter((p) => p.part !== 'deadband' || deadband) : [];
  const deadbandPlaceholder = placeholder(suggestion, 'deadband', t);
  const offDelayPlaceholder = placeholder(suggestion, 'offDelay', t);
  const pending = parts.filter((p) => current(p.part) !== String(p.part === 'onDelay' && p.value < 1 ? '' : p.value));

  return (
    <div className="delays" data-testid="rule-delays">
      <p className="muted small">
        {t('rules.delays.onDelayNote')}
        {onDelays.length > 0 && `: ${onDelays.map((c) => (c.type === 'sustained' ? `${c.holdMinutes || '?'} min` : t('rules.load.none'))).join(', ')}`}.
      </p>
      <div className="row2">
        {deadband && (
          <Field label={t('rules.delays.deadband')} hint={t('rules.delays.deadbandHint', { unit: unitHint })} error={err('hysteresis')}>
            <input
              data-testid="rule-hysteresis"
              inputMode="decimal"
              value={form.hysteresis}
              placeholder={deadbandPlaceholder}
              onChange={(e) => set((f) => ({ ...f, hysteresis: e.target.value }))}
            />
          </Field>
        )}
        <Field label={t('rules.delays.offDelay')} hint={t('rules.delays.offDelayHint')} error={err('minClearMinutes')}>
          <input
            data-testid="rule-min-clear"
            inputMode="numeric"
            value={form.minClearMinutes}
            placeholder={offDelayPlaceholder}
            onChange={(e) => set((f) => ({ ...f, minClearMinutes: e.target.value }))}
          />
        </Field>
      </div>
      {err('clear')}
      <div className="suggest">
        <button type="button" className="btn" data-testid="rule-suggest" disabled={!ruleValid || suggestion.state === 'asking'} title={ruleValid ? undefined : t('rules.delays.validFirst')} onClick={ask}>
          {suggestion.state === 'asking' ? t('rules.delays.asking') : t('rules.delays.suggest')}
        </button>
        {suggestion.state === 'error' && (
          <p className="error small" role="alert" data-testid="rule-suggest-error">
            {suggestion.text}
          </p>
        )}
        {suggestion.state === 'ok' && (
          <div className="suggestion" data-testid="rule-suggestion">
            {parts.length === 0 ? (
              <p className="muted small">{t('rules.delays.noFigure')}</p>
            ) : (
              <ul>
                {parts.map((p) => (
                  <li key={p.part} data-testid={`rule-suggestion-${p.part}`}>
                    <b>{t(`rules.delays.part.${p.part}`)}</b>: {p.part === 'deadband' ? `${p.value}${unitHint}` : `${p.value} min`}{' '}
                    {pending.includes(p) ? (
                      <button type="button" className="link" data-testid={`rule-suggestion-use-${p.part}`} onClick={() => set((f) => applySuggestion(f, suggestion.s, [p.part]))}>
                        {t('rules.delays.use')}
                      </button>
                    ) : (
                      <span className="muted small">{t('rules.delays.inUse')}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
            {pending.length > 1 && (
              <button type="button" className="btn" data-testid="rule-suggestion-use-all" onClick={() => set((f) => applySuggestion(f, suggestion.s, pending.map((p) => p.part)))}>
                {t('rules.delays.useAll')}
              </button>
            )}
            {suggestion.s.basis.length > 0 && (
              <ul className="muted small basis" data-testid="rule-suggestion-basis">
                {suggestion.s.basis.map((b, i) => (
                  <li key={i}>{b}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

function placeholder(s: Suggestion, part: TuningPart, t: Translate): string {
  if (s.state === 'asking') return t('rules.delays.askingLower');
  if (s.state === 'ok') {
    const v = part === 'deadband' ? s.s.hysteresis : part === 'offDelay' ? s.s.offDelayMinutes : s.s.onDelayMinutes;
    return v === null ? t('rules.delays.gives') : t('rules.delays.suggested', { value: v });
  }
  return t('rules.delays.notSet');
}
