/**
 * The rule's rationale (ISA-18.2), required before publishing: cause, consequence, what the operator should do and the
 * time to respond, with the priority it gives together with the severity, live.
 */
import type { Severity } from '../../electron/shared/severity';
import { Field, type ErrorOf } from './FormParts';
import { minutesText, missingRationale, priorityPreview, RESPOND_CHOICES } from './rationale';
import type { RationaleForm } from './ruleForm';

const TEXTS: readonly { key: 'cause' | 'consequence' | 'action'; label: string; hint: string; placeholder: string }[] = [
  { key: 'cause', label: 'Cause', hint: 'what makes this happen', placeholder: 'e.g. A jam, an accident or road works on the segment' },
  { key: 'consequence', label: 'Consequence', hint: 'what happens if nobody acts', placeholder: 'e.g. Queues spread to the ring road; buses run late' },
  {
    key: 'action',
    label: 'What the operator should do',
    hint: 'shown on the alarm and in the sensor panel',
    placeholder: 'e.g. Check the traffic camera; if confirmed, call the traffic police and set the diversion sign',
  },
];

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
  const missing = showRequired ? missingRationale(rationale) : new Map<string, string>();
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
  const preview = priorityPreview(severity, rationale.respondWithinMinutes);
  return (
    <div className="rationale" data-testid="rule-rationale">
      {TEXTS.map((t) => (
        <Field key={t.key} label={t.label} hint={t.hint} error={error(`rationale.${t.key}`)}>
          <textarea data-testid={`rule-${t.key}`} rows={2} maxLength={2000} value={rationale[t.key]} placeholder={t.placeholder} onChange={(e) => onChange({ [t.key]: e.target.value })} />
        </Field>
      ))}
      <Field label="Time to respond (min)" hint="how long the operator has before it matters" error={error('rationale.respondWithinMinutes')}>
        <span className="respond-row">
          <input data-testid="rule-respond" inputMode="numeric" value={rationale.respondWithinMinutes} placeholder="minutes" onChange={(e) => onChange({ respondWithinMinutes: e.target.value })} />
          {RESPOND_CHOICES.map((m) => (
            <button
              key={m}
              type="button"
              className={rationale.respondWithinMinutes.trim() === String(m) ? 'chip on' : 'chip'}
              aria-pressed={rationale.respondWithinMinutes.trim() === String(m)}
              data-testid={`rule-respond-${m}`}
              onClick={() => onChange({ respondWithinMinutes: String(m) })}
            >
              {minutesText(m)}
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
