/**
 * The inline shelve form of the alarm list: for how long (minutes, at most 7 days) and why (required, at least 3
 * characters, as the engine asks). Used for one alarm (AlarmRow) and for the ticked ones (BulkActions); the caller
 * holds the values and does the shelving.
 */
import type { FormEvent } from 'react';
import { useT } from '../i18n/i18n';

/** The shortest reason the engine accepts (api.ts shelveAlarm / shelveAlarms). */
export const MIN_SHELVE_REASON = 3;

export function ShelveForm(props: {
  /** Prefix of the fields' test ids ('' for one alarm: shelve-minutes, shelve-reason, shelve-submit). */
  testIdPrefix: string;
  className: string;
  reasonPlaceholder: string;
  minutes: string;
  reason: string;
  busy: boolean;
  onMinutes(value: string): void;
  onReason(value: string): void;
  onSubmit(e: FormEvent): void;
}) {
  const { t } = useT();
  const id = (name: string) => `${props.testIdPrefix}${name}`;
  return (
    <form className={props.className} onSubmit={props.onSubmit}>
      <label>
        {t('alarms.shelveFor')}
        <input type="number" min={1} max={10080} data-testid={id('shelve-minutes')} value={props.minutes} onChange={(e) => props.onMinutes(e.target.value)} /> {t('alarms.min')}
      </label>
      <input data-testid={id('shelve-reason')} placeholder={props.reasonPlaceholder} maxLength={2000} value={props.reason} onChange={(e) => props.onReason(e.target.value)} />
      <button type="submit" className="btn" data-testid={id('shelve-submit')} disabled={props.busy || props.reason.trim().length < MIN_SHELVE_REASON}>
        {t('alarms.shelve')}
      </button>
    </form>
  );
}
