/**
 * An alarm's priority, shown by colour and by a second cue that survives colour blindness and grey-scale screens: a
 * shape and the word. Used by the alarm rows and the header's counts.
 */
import { PRIORITY_LABEL, type Priority } from '../../electron/shared/alarm-priority';

/** One shape per priority (most urgent: the most filled). */
export const PRIORITY_ICON: Record<Priority, string> = { urgent: '▲', high: '◆', medium: '■', low: '▽' };

export function PriorityBadge({ priority, compact = false }: { priority: Priority; compact?: boolean }) {
  return (
    <span className={`pri-badge pri-${priority}`} data-priority={priority} title={`${PRIORITY_LABEL[priority]} priority`}>
      <span className="pri-icon" aria-hidden="true">
        {PRIORITY_ICON[priority]}
      </span>
      {compact ? <span className="visually-hidden">{PRIORITY_LABEL[priority]}</span> : PRIORITY_LABEL[priority]}
    </span>
  );
}
