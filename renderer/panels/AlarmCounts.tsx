/**
 * The top bar's alarm counts, always visible and always the engine's (alarmCounts, then every `alarms` event), never
 * counted from a fetched list: unacknowledged alarms by priority (an acknowledgement lowers them; shelved ones are not
 * counted), then how many are unresolved and shelved. A priority pill pulses while it has urgent alarms waiting;
 * clicking a pill opens the Open view of the alarm list, the shelved count the Shelved view.
 */
import { PRIORITY_LABEL, PRIORITY_ORDER } from '../../electron/shared/alarm-priority';
import type { AlarmView } from '../../electron/engine/api';
import { PRIORITY_ICON } from '../alarms/PriorityBadge';
import { shownAlarmCounts, useAppStore } from '../store';
import { formatInt } from './format';

export function AlarmCounts() {
  // Live: the engine's counts; in replay: the counts as they were at the instant (the frame's).
  const counts = useAppStore(shownAlarmCounts);
  const error = useAppStore((s) => s.alarmsError);
  const setQuery = useAppStore((s) => s.setAlarmQuery);
  const setTab = useAppStore((s) => s.setDrawerTab);
  const show = (view: AlarmView): void => {
    setQuery({ view });
    setTab('alarms');
  };
  const unknown = error ? '?' : '…';

  return (
    <div className="alarm-counts" role="group" aria-label="Unacknowledged alarms by priority" title={error ?? undefined} data-testid="alarm-counts">
      {PRIORITY_ORDER.map((p) => {
        const n = counts?.unacknowledged[p] ?? null;
        return (
          <button
            key={p}
            type="button"
            className={`count-pill pri-${p}${n ? ' has unacked' : ''}`}
            title={n === null ? `${PRIORITY_LABEL[p]} priority: not known yet` : `${PRIORITY_LABEL[p]} priority: ${formatInt(n)} not acknowledged`}
            aria-label={`${PRIORITY_LABEL[p]} ${n === null ? unknown : formatInt(n)}: ${PRIORITY_LABEL[p].toLowerCase()} priority alarms not acknowledged`}
            onClick={() => show('open')}
          >
            <span className="pill-label">
              <span className="pill-icon" aria-hidden="true">
                {PRIORITY_ICON[p]}
              </span>
              <span className="pill-word">{PRIORITY_LABEL[p]}</span>
            </span>
            <span className="pill-count" data-testid={`alarm-count-${p}`} data-unacknowledged={n ?? ''}>
              {n === null ? unknown : formatInt(n)}
            </span>
          </button>
        );
      })}
      <span className="count-totals small">
        <button type="button" className="link-btn" onClick={() => show('open')} title="Alarms not resolved (active, acknowledged or cleared), shelved ones included">
          <span data-testid="alarm-count-unresolved">{counts ? formatInt(counts.unresolved) : unknown}</span> open
        </button>
        <button type="button" className="link-btn" onClick={() => show('shelved')} title="Open alarms on a shelf: not rung, not counted in the pills">
          <span data-testid="alarm-count-shelved">{counts ? formatInt(counts.shelved) : unknown}</span> shelved
        </button>
      </span>
    </div>
  );
}
