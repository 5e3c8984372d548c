/**
 * The rule's rationale (ISA-18.2), required before publishing: cause, consequence, what the operator should do and the
 * time to respond, with the priority it gives together with the severity, live.
 */
import type { Severity } from '../../electron/shared/severity';
import { Field, type ErrorOf } from './FormParts';
import { minutesText, missingRationale, priorityPreview, RESPOND_CHOICES } from './rationale';
import type { RationaleForm } from './ruleForm';
import { useT } from '../i18n/i18n';

const TEXTS = ['cause', 'consequence', 'action'] as const;

export function RationaleFields({
  rationale,
  severity,
  err,
  showRequired,
  onChange,
}: {
  rationale: RationaleForm;
  severity: Severity;
  err: ErrorOf;
  /** Show "required before publishing" under the empty fields (after a publish attempt). */
  showRequired: boolean;
  onChange: (patch: Partial<RationaleForm>) => void;
}) {
  const { t } = useT();
  const missing = showRequired ? missingRationale(rationale, t) : new Map<string, string>();
  const error = (key: string) => {
    const own = err(key);
    if (own) return own;
    const m = missing.get(key);
    return m ? (
      <div className="field-error" role="alert" data-testid={`error-${key}`}>
        {m}
      </div>
    ) : null;
  };
  const preview = priorityPreview(severity, rationale.respondWithinMinutes, t);
  const texts = TEXTS.map((key) => ({ key, label: t(`rules.rationale.${key}.label`), hint: t(`rules.rationale.${key}.hint`), placeholder: t(`rules.rationale.${key}.placeholder`) }));
  return (
    <div className="rationale" data-testid="rule-rationale">
      {texts.map(({ key, label, hint, placeholder }) => (
        <Field key={key} label={label} hint={hint} error={error(`rationale.${key}`)}>
          <textarea data-testid={`rule-${key}`} rows={2} maxLength={2000} value={rationale[key]} placeholder={placeholder} onChange={(e) => onChange({ [key]: e.target.value })} />
        </Field>
      ))}
      <Field label={t('rules.rationale.respondLabel')} hint={t('rules.rationale.respondHint')} error={error('rationale.respondWithinMinutes')}>
        <span className="respond-row">
          <input data-testid="rule-respond" inputMode="numeric" value={rationale.respondWithinMinutes} placeholder={t('rules.rationale.minutes')} onChange={(e) => onChange({ respondWithinMinutes: e.target.value })} />
          {RESPOND_CHOICES.map((m) => (
            <button
              key={m}
              type="button"
              className={rationale.respondWithinMinutes.trim() === String(m) ? 'chip on' : 'chip'}
              aria-pressed={rationale.respondWithinMinutes.trim() === String(m)}
              data-testid={`rule-respond-${m}`}
              onClick={() => onChange({ respondWithinMinutes: String(m) })}
            >
              {minutesText(m, t)}
            </button>
          ))}
        </span>
      </Field>
      <p className={`priority-preview rule-prio-${preview.priority}${preview.assumed ? ' muted' : ''}`} data-testid="rule-priority" data-priority={preview.priority}>
        {preview.text}
      </p>
    </div>
  );
}
