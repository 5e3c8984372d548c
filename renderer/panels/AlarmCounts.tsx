/**
 * The top bar's alarm counts, always visible and always the engine's (alarmCounts, then every `alarms` event), never
 * counted from a fetched list: unacknowledged alarms by priority (an acknowledgement lowers them; shelved ones are not
 * counted), then how many are unresolved and shelved. A priority pill pulses while it has urgent alarms waiting;
 * clicking a pill opens the Open view of the alarm list, the shelved count the Shelved view.
 */
import { priorityLabel } from '../alarms/alarmList';
import { useT } from '../i18n/i18n';
import { PRIORITY_ORDER } from '../../electron/shared/alarm-priority';
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
  const { t } = useT();

  return (
    <div className="alarm-counts" role="group" aria-label={t('panels.countsGroup')} title={error ?? undefined} data-testid="alarm-counts">
      {PRIORITY_ORDER.map((p) => {
        const n = counts?.unacknowledged[p] ?? null;
        return (
          <button
            key={p}
            type="button"
            className={`count-pill pri-${p}${n ? ' has unacked' : ''}`}
            title={n === null ? t('panels.pillUnknown', { priority: priorityLabel(p, t) }) : t('panels.pillTitle', { priority: priorityLabel(p, t), n: formatInt(n) })}
            aria-label={t('panels.pillLabel', { priority: priorityLabel(p, t), n: n === null ? unknown : formatInt(n), lower: priorityLabel(p, t).toLowerCase() })}
            onClick={() => show('open')}
          >
            <span className="pill-label">
              <span className="pill-icon" aria-hidden="true">
                {PRIORITY_ICON[p]}
              </span>
              <span className="pill-word">{priorityLabel(p, t)}</span>
            </span>
            <span className="pill-count" data-testid={`alarm-count-${p}`} data-unacknowledged={n ?? ''}>
              {n === null ? unknown : formatInt(n)}
            </span>
          </button>
        );
      })}
      <span className="count-totals small">
        <button type="button" className="link-btn" onClick={() => show('open')} title={t('panels.openTitle')}>
          <span data-testid="alarm-count-unresolved">{counts ? formatInt(counts.unresolved) : unknown}</span> {t('panels.open')}
        </button>
        <button type="button" className="link-btn" onClick={() => show('shelved')} title={t('panels.shelvedTitle')}>
          <span data-testid="alarm-count-shelved">{counts ? formatInt(counts.shelved) : unknown}</span> {t('panels.shelved')}
        </button>
      </span>
    </div>
  );
}
