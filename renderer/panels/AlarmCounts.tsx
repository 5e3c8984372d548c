/**
 * Open alarms per severity, always visible in the top bar. A pill pulses while some of its alarms are unacknowledged;
 * clicking one shows the alarm list filtered to that severity.
 */
import { useMemo } from 'react';
import { SEVERITY_LABEL, SEVERITY_ORDER, type Severity } from '../../electron/shared/severity';
import { countBySeverity } from '../alarms/alarmList';
import { useAppStore } from '../store';

export function AlarmCounts() {
  const alarms = useAppStore((s) => s.alarms);
  const loaded = useAppStore((s) => s.alarmsLoaded);
  const error = useAppStore((s) => s.alarmsError);
  const filter = useAppStore((s) => s.alarmFilter);
  const setFilter = useAppStore((s) => s.setAlarmFilter);
  const setTab = useAppStore((s) => s.setDrawerTab);
  const counts = useMemo(() => countBySeverity(alarms.values()), [alarms]);

  const show = (sev: Severity): void => {
    const only = filter.severities.size === 1 && filter.severities.has(sev);
    setFilter({ ...filter, severities: new Set(only ? SEVERITY_ORDER : [sev]) });
    setTab('alarms');
  };

  return (
    <div className="alarm-counts" role="group" aria-label="Open alarms by severity" title={error ?? undefined}>
      {SEVERITY_ORDER.map((sev) => {
        const c = counts[sev];
        return (
          <button
            key={sev}
            type="button"
            className={`count-pill sev-${sev}${c.open > 0 ? ' has' : ''}${c.unacknowledged > 0 ? ' unacked' : ''}`}
            title={`${SEVERITY_LABEL[sev]}: ${c.open} open, ${c.unacknowledged} not acknowledged`}
            aria-label={`${SEVERITY_LABEL[sev]} alarms open`}
            onClick={() => show(sev)}
          >
            <span className="pill-label">{SEVERITY_LABEL[sev]}</span>
            <span className="pill-count" data-testid={`alarm-count-${sev}`} data-unacknowledged={c.unacknowledged}>
              {loaded ? c.open : error ? '?' : '…'}
            </span>
          </button>
        );
      })}
    </div>
  );
}
