/**
 * An alarm's priority, shown by colour and by a second cue that survives colour blindness and grey-scale screens: a
 * shape and the word. Used by the alarm rows and the header's counts.
 */
import type { Priority } from '../../electron/shared/alarm-priority';
import { useT } from '../i18n/i18n';
import { priorityLabel } from './alarmList';

/** One shape per priority (most urgent: the most filled). */
export const PRIORITY_ICON: Record<Priority, string> = { urgent: '▲', high: '◆', medium: '■', low: '▽' };

export function PriorityBadge({ priority, compact = false }: { priority: Priority; compact?: boolean }) {
  const { t } = useT();
  const label = priorityLabel(priority, t);
  return (
    <span className={`pri-badge pri-${priority}`} data-priority={priority} title={t('alarms.priorityTitle', { priority: label })}>
      <span className="pri-icon" aria-hidden="true">
        {PRIORITY_ICON[priority]}
      </span>
      {compact ? <span className="visually-hidden">{label}</span> : label}
    </span>
  );
}
