/**
 * The bottom drawer: Alarms | Rules | Audit log | Alarm load | Incidents, under the map (which stays visible). Its
 * height is dragged at the top edge, or set from the keyboard on that edge (a focusable separator: ↑ ↓, Page Up / Down,
 * Home / End; Enter collapses and expands); the tab bar alone remains when collapsed. Height and collapsed state are
 * remembered (settings.drawerHeight, settings.drawerCollapsed); the default height is the screen class's share of the
 * window (renderer/layout/).
 */
import { useT, type MessageKey } from '../i18n/i18n';
import { formatInt } from './format';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { IncidentsView } from '../incidents/IncidentsView';
import { KpiView } from '../kpi/KpiView';
import { RulesList } from '../rules/RulesList';
import { useAppStore, type DrawerTab } from '../store';
import { unacknowledgedTotal } from '../store/alarmsSlice';
import { AlarmList } from './AlarmList';
import { AuditView } from '../audit/AuditView';
import { clampDrawerHeight, drawerBounds, drawerHeightAfterKey, drawerHeightFor, DRAWER_STEP_REM } from '../layout/drawerSize';
import type { ScreenClass } from '../layout/screenClass';
import { useWindowHeight } from '../layout/useScreenClass';
import { SensorTable } from '../sensors/SensorTable';

const TABS: { tab: DrawerTab; label: MessageKey }[] = [
  { tab: 'alarms', label: 'layout.tabAlarms' },
  { tab: 'rules', label: 'layout.tabRules' },
  { tab: 'audit', label: 'layout.tabAudit' },
  { tab: 'kpi', label: 'layout.tabKpi' },
  { tab: 'incidents', label: 'layout.tabIncidents' },
  { tab: 'sensors', label: 'layout.tabSensors' },
];

/** One keyboard step in CSS px: DRAWER_STEP_REM at the page's root font size. */
function stepPx(): number {
  return DRAWER_STEP_REM * (parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
}

export function Drawer({ client, screen = 'laptop' }: { client: EngineClient; screen?: ScreenClass }) {
  const tab = useAppStore((s) => s.drawerTab);
  const open = useAppStore((s) => s.drawerOpen);
  const setTab = useAppStore((s) => s.setDrawerTab);
  const setOpen = useAppStore((s) => s.setDrawerOpen);
  const counts = useAppStore((s) => s.alarmCounts);
  const rules = useAppStore((s) => s.rules);
  // The engine's counts: unresolved alarms, red while some urgent one waits for acknowledgement.
  const { t: tr } = useT();
  const open_ = counts ? formatInt(counts.unresolved) : '…';
  const urgentWaiting = (counts?.unacknowledged.urgent ?? 0) > 0;
  const remembered = useAppStore((s) => s.settings.drawerHeight);
  const setSetting = useAppStore((s) => s.setSetting);
  const windowHeight = useWindowHeight();
  // While dragging, the height follows the pointer here; it is remembered when the pointer is released.
  const [dragged, setDragged] = useState<number | null>(null);
  const drag = useRef<{ y: number; h: number } | null>(null);
  const height = dragged ?? drawerHeightFor(remembered, screen, windowHeight);
  const bounds = drawerBounds(windowHeight);
  const remember = (h: number) => setSetting('drawerHeight', Math.max(80, Math.min(4000, Math.round(h))));
  const onGripKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setOpen(!open);
      return;
    }
    if (!open) return;
    const next = drawerHeightAfterKey(e.key, height, windowHeight, stepPx());
    if (next === null) return;
    e.preventDefault();
    remember(next);
  };

  return (
    <section className={open ? 'drawer open' : 'drawer'} style={open ? { height } : undefined} data-testid="drawer">
      <div
        className="drawer-grip"
        role="separator"
        tabIndex={0}
        aria-orientation="horizontal"
        aria-label={tr('layout.gripLabel')}
        aria-valuenow={open ? height : 0}
        aria-valuemin={0}
        aria-valuemax={bounds.max}
        aria-valuetext={open ? `${height} px` : tr('layout.collapsed')}
        data-testid="drawer-grip"
        onKeyDown={onGripKey}
        onPointerDown={(e) => {
          if (!open) return;
          drag.current = { y: e.clientY, h: height };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          setDragged(clampDrawerHeight(drag.current.h + drag.current.y - e.clientY, windowHeight));
        }}
        onPointerUp={() => {
          if (drag.current && dragged !== null) remember(dragged);
          drag.current = null;
          setDragged(null);
        }}
        onDoubleClick={() => setSetting('drawerHeight', null)}
        title={tr('layout.gripTitle')}
      />
      <div className="drawer-tabs">
        <div role="tablist" aria-label={tr('layout.drawer')} style={{ display: 'contents' }}>
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
              {tr(t.label)}
              {t.tab === 'alarms' && <span className={urgentWaiting ? 'tab-count crit' : 'tab-count'} title={counts ? tr('layout.alarmCountTitle', { open: open_, unack: formatInt(unacknowledgedTotal(counts)) }) : undefined}>{open_}</span>}
              {t.tab === 'rules' && <span className="tab-count">{rules.size}</span>}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button type="button" className="tab toggle" onClick={() => setOpen(!open)} aria-label={open ? tr('layout.collapse') : tr('layout.expand')} aria-expanded={open} data-testid="drawer-toggle">
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
          {tab === 'sensors' && <SensorTable />}
        </div>
      )}
    </section>
  );
}
