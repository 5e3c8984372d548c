/**
 * The one time field (every typed date and time on the screen): a text field in the one format on the city's 24-hour
 * clock ("2026-12-01 06:50", seconds where the field takes them), the zone's name beside it ("CET", the IANA zone as its
 * title), strict reading with what is wrong said in words under it (after leaving the field, or as the form says), a
 * time skipped by the spring clock change refused, and a time shown twice in autumn taken as the first with a button
 * for the second. Keyboard: type, or ArrowUp / ArrowDown to move the part under the caret; Enter submits the form.
 * The text is the value (the parent reads it with parseZonedInput, the same reader).
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { zoneName } from '../../electron/shared/zone-time';
import { useT } from '../i18n/i18n';
import { useTimeZone } from '../store';
import { ambiguityText, inputPattern, otherChoiceText, parseZonedInput, stepZonedInput, zonedInputError } from './zonedInput';
import './zoned-time.css';

export interface ZonedTimeInputProps {
  /** The field's text (the one format). */
  value: string;
  onChange: (text: string) => void;
  /** What the field is ("from", "Snapshot 2"): shown before it, or only to screen readers with labelHidden. */
  label: string;
  labelHidden?: boolean;
  /** The field takes seconds (its example and stepping show them). */
  seconds?: boolean;
  /** Empty is allowed (an open end): no error for it. */
  optional?: boolean;
  /** What the form says is wrong with this field (shown instead of the field's own reading). */
  error?: string | null;
  /** data-testid of the text field (its error: `${testId}-error`, its ambiguity note: `${testId}-ambiguous`). */
  testId?: string;
  /** The zone (default: the city's, from the store). */
  timeZone?: string;
  className?: string;
}

export function ZonedTimeInput({ value, onChange, label, labelHidden = false, seconds = false, optional = false, error = null, testId, timeZone, className }: ZonedTimeInputProps) {
  const cityZone = useTimeZone();
  const tz = timeZone ?? cityZone;
  const { t } = useT();
  const id = useId();
  const [left, setLeft] = useState(false);
  const parsed = parseZonedInput(value, tz);
  const own = !parsed.ok && left && !(optional && parsed.problem.kind === 'empty') ? zonedInputError(parsed.problem, t, seconds) : null;
  const message = error ?? own;
  const ambiguity = parsed.ok ? parsed.ambiguity : null;
  const zone = zoneName(parsed.ok ? parsed.at : Date.now(), tz);
  const [hintId, errorId, noteId] = [`${id}-hint`, `${id}-error`, `${id}-note`];
  const describedBy = [hintId, message ? errorId : null, ambiguity ? noteId : null].filter(Boolean).join(' ');

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    const input = e.currentTarget;
    const next = stepZonedInput(input.value.trim(), input.selectionStart ?? input.value.length, e.key === 'ArrowUp' ? 1 : -1);
    if (!next) return;
    e.preventDefault();
    onChange(next.text);
    requestAnimationFrame(() => input.setSelectionRange(next.caret, next.caret));
  };

  return (
    <span className={['zoned-time', className].filter(Boolean).join(' ')}>
      <label className="zoned-time-label">
        <span className={labelHidden ? 'sr-only' : undefined}>{label}</span>
        <input
          type="text"
          className="zoned-time-input"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          size={seconds ? 19 : 16}
          placeholder={inputPattern(seconds, t)}
          value={value}
          onChange={(e) => {
            setLeft(false);
            onChange(e.target.value);
          }}
          onBlur={() => setLeft(true)}
          onKeyDown={onKeyDown}
          aria-invalid={message ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
        />
      </label>
      <abbr className="zoned-time-zone" title={t('time.input.zoneTitle', { timeZone: tz })} data-testid={testId ? `${testId}-zone` : undefined}>
        {zone}
      </abbr>
      <span id={hintId} className="sr-only">
        {t('time.input.hint', { pattern: inputPattern(seconds, t), timeZone: `${tz}, ${zone}` })}
      </span>
      {message && (
        <span id={errorId} className="error small zoned-time-message" data-testid={testId ? `${testId}-error` : undefined}>
          {message}
        </span>
      )}
      {ambiguity && (
        <span id={noteId} className="small zoned-time-message zoned-time-ambiguous" data-testid={testId ? `${testId}-ambiguous` : undefined}>
          {ambiguityText(ambiguity, t)}{' '}
          <button type="button" className="btn small" onClick={() => onChange(otherChoiceText(ambiguity))}>
            {t('time.input.useOther', { clock: ambiguity.clock, zone: ambiguity.taken === 'earlier' ? ambiguity.laterZone : ambiguity.earlierZone })}
          </button>
        </span>
      )}
    </span>
  );
}
