/**
 * The bottom drawer: Alarms | Rules | Audit log | Alarm load | Incidents, under the map (which stays visible). Its height is dragged at the top
 * edge; the tab bar alone remains when collapsed.
 */
import { useRef, useState } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { IncidentsView } from '../incidents/IncidentsView';
import { KpiView } from '../kpi/KpiView';
import { RulesList } from '../rules/RulesList';
import { useAppStore, type DrawerTab } from '../store';
import { unacknowledgedTotal } from '../store/alarmsSlice';
import { AlarmList } from './AlarmList';
import { AuditView } from '../audit/AuditView';

const TABS: { tab: DrawerTab; label: string }[] = [
  { tab: 'alarms', label: 'Alarms' },
  { tab: 'rules', label: 'Rules' },
  { tab: 'audit', label: 'Audit log' },
  { tab: 'kpi', label: 'Alarm load' },
  { tab: 'incidents', label: 'Incidents' },
];

const MIN_HEIGHT = 140;

export function Drawer({ client }: { client: EngineClient }) {
  const tab = useAppStore((s) => s.drawerTab);
  const open = useAppStore((s) => s.drawerOpen);
  const setTab = useAppStore((s) => s.setDrawerTab);
  const setOpen = useAppStore((s) => s.setDrawerOpen);
  const counts = useAppStore((s) => s.alarmCounts);
  const rules = useAppStore((s) => s.rules);
  // The engine's counts: unresolved alarms, red while some urgent one waits for acknowledgement.
  const open_ = counts ? counts.unresolved.toLocaleString('en-GB') : '…';
  const urgentWaiting = (counts?.unacknowledged.urgent ?? 0) > 0;
  const [height, setHeight] = useState(() => Math.round(Math.max(MIN_HEIGHT, Math.min(340, window.innerHeight * 0.36))));
  const drag = useRef<{ y: number; h: number } | null>(null);

  return (
    <section className={open ? 'drawer open' : 'drawer'} style={open ? { height } : undefined} data-testid="drawer">
      {open && (
        <div
          className="drawer-grip"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the drawer"
          onPointerDown={(e) => {
            drag.current = { y: e.clientY, h: height };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            if (!drag.current) return;
            const max = window.innerHeight * 0.75;
            setHeight(Math.round(Math.max(MIN_HEIGHT, Math.min(max, drag.current.h + drag.current.y - e.clientY))));
          }}
          onPointerUp={() => (drag.current = null)}
        />
      )}
      <div className="drawer-tabs">
        <div role="tablist" aria-label="Drawer" style={{ display: 'contents' }}>
        {TABS.map((t) => (
          <button
            key={t.tab}
            type="button"
            role="tab"
            aria-selected={open && tab === t.tab}
            className={open && tab === t.tab ? 'tab active' : 'tab'}
            data-testid={`tab-${t.tab}`}
            onClick={() => (open && tab === t.tab ? setOpen(false) : setTab(t.tab))}
          >
            {t.label}
            {t.tab === 'alarms' && <span className={urgentWaiting ? 'tab-count crit' : 'tab-count'} title={counts ? `${open_} unresolved, ${unacknowledgedTotal(counts)} not acknowledged` : undefined}>{open_}</span>}
            {t.tab === 'rules' && <span className="tab-count">{rules.size}</span>}
          </button>
        ))}
        </div>
        <span className="spacer" />
        <button type="button" className="tab toggle" onClick={() => setOpen(!open)} aria-label={open ? 'Collapse the drawer' : 'Expand the drawer'}>
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="drawer-body" role="tabpanel">
          {tab === 'alarms' && <AlarmList client={client} />}
          {tab === 'rules' && <RulesList client={client} />}
          {tab === 'audit' && <AuditView client={client} />}
          {tab === 'kpi' && <KpiView client={client} />}
          {tab === 'incidents' && <IncidentsView client={client} />}
        </div>
      )}
    </section>
  );
}
