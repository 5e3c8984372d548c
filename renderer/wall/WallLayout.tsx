/**
 * The wall layout (settings.layout 'wall', or `?layout=wall` in the address so that a browser on the wall's PC opens
 * it): readable from 4 metres (its type follows the screen's height, wall.css), read-only (no button acts on an
 * alarm; the map is not interactive). A header with the city, the feed clock and the unacknowledged counts by
 * priority; the engine's banners (engine gone, feed down); views that rotate every VIEW_MS (the map large; the alarm
 * summary), paused while a pointer is over the wall; the alarm ticker beside them. Esc leaves the wall layout.
 */
import { priorityLabel } from '../alarms/alarmList';
import { useT, type MessageKey } from '../i18n/i18n';
import { useEffect, useMemo, useState } from 'react';
import { PRIORITY_ORDER } from '../../electron/shared/alarm-priority';
import { PRIORITY_ICON } from '../alarms/PriorityBadge';
import { useFeedClock } from '../alarms/useFeedClock';
import '../alarms/alarms.css';
import { MapView } from '../map/MapView';
import { formatClock, formatInt } from '../panels/format';
import { FeedBanner, TransportBanner } from '../panels/TopBar';
import { shownAlarmCounts, useAppStore, useTimeZone } from '../store';
import { useRotation } from './useRotation';
import { VIEW_MS } from './wallPaging';
import { WallSummary } from './WallSummary';
import { WallTicker } from './WallTicker';
import './wall.css';

const VIEWS = [
  { id: 'map', label: 'wall.viewMap' },
  { id: 'summary', label: 'wall.viewSummary' },
] as const satisfies readonly { id: string; label: MessageKey }[];

function leaveWall(setting: string, setLayout: () => void): void {
  if (setting === 'wall') setLayout();
  const url = new URL(window.location.href);
  if (url.searchParams.has('layout')) {
    url.searchParams.delete('layout');
    window.location.replace(url.toString());
  }
}

export function WallLayout() {
  const counts = useAppStore(shownAlarmCounts);
  const { t } = useT();
  const page = useAppStore((s) => s.alarmPage);
  const query = useAppStore((s) => s.alarmQuery);
  const setQuery = useAppStore((s) => s.setAlarmQuery);
  const cityName = useAppStore((s) => s.city.name);
  const demo = useAppStore((s) => s.status?.demo ?? false);
  const catalogue = useAppStore((s) => s.catalogue);
  const rules = useAppStore((s) => s.rules);
  const zones = useAppStore((s) => s.zones);
  const registry = useAppStore((s) => s.registry);
  const setting = useAppStore((s) => s.settings.layout);
  const setSetting = useAppStore((s) => s.setSetting);
  const ctx = useMemo(() => ({ catalogue, rules, zones, registry }), [catalogue, rules, zones, registry]);
  const [paused, setPaused] = useState(false);
  const { index, secondsLeft } = useRotation(VIEWS.length, VIEW_MS, paused);
  const view = VIEWS[index]!.id;

  // The wall shows the Open view's first page (priority first): the list's query is set to it.
  useEffect(() => setQuery({ view: 'open', offset: 0, search: '' }), [setQuery]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') leaveWall(setting, () => setSetting('layout', 'auto'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setting, setSetting]);

  const openPage = page && page.query.view === 'open' && page.query.offset === 0 && page.query.search === '' && query.view === 'open' ? page : null;
  const alarms = openPage?.alarms ?? null;
  const total = openPage?.total ?? 0;

  return (
    <div className="wall" data-testid="wall" data-view={view} onPointerEnter={() => setPaused(true)} onPointerLeave={() => setPaused(false)}>
      <header className="wall-head">
        <span className="wall-city">{cityName || 'CityDesk'}</span>
        {demo && (
          <span className="demo-badge" title={t('app.demoTitle')}>
            {t('app.demo')}
          </span>
        )}
        <span className="wall-counts" aria-label={t('panels.countsGroup')}>
          {PRIORITY_ORDER.map((p) => {
            const n = counts?.unacknowledged[p] ?? null;
            return (
              <span key={p} className={`wall-count pri-${p}${n ? ' has' : ''}`} title={t('wall.priorityNotAck', { priority: priorityLabel(p, t) })}>
                <span aria-hidden="true">{PRIORITY_ICON[p]}</span> {priorityLabel(p, t)} <b>{n === null ? '…' : formatInt(n)}</b>
              </span>
            );
          })}
        </span>
        <span className="spacer" />
        <WallClock />
      </header>
      <TransportBanner />
      <FeedBanner />
      <div className="wall-body">
        <main className="wall-main">
          <MapView wall />
          {view === 'summary' && <WallSummary counts={counts} alarms={alarms} total={total} ctx={ctx} />}
        </main>
        <WallTicker alarms={alarms} total={total} ctx={ctx} paused={paused} />
      </div>
      <footer className="wall-foot">
        <span className="wall-views">
          {VIEWS.map((v) => (
            <span key={v.id} className={v.id === view ? 'wall-view on' : 'wall-view'}>
              {t(v.label)}
            </span>
          ))}
        </span>
        <span data-testid="wall-next">{paused ? t('wall.paused') : t('wall.nextView', { n: secondsLeft })}</span>
        <span className="spacer" />
        <span className="wall-hint">{t('wall.hint')}</span>
      </footer>
    </div>
  );
}

/** The feed clock with its zone (it stops, and says so through the feed banner, when the feed does). */
function WallClock() {
  const now = useFeedClock();
  const tz = useTimeZone();
  return (
    <span className="wall-clock" data-testid="wall-clock">
      {formatClock(now, tz)}
    </span>
  );
}
