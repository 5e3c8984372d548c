import { useEffect, useState } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { AlarmSoundStatus, useAlarmSoundSync } from '../alarms/AlarmSound';
import { feedNow, useAppStore } from '../store';
import { FrozenWash } from '../health/FrozenWash';
import { HeaderHealth } from '../health/HeaderHealth';
import { AlarmCounts } from './AlarmCounts';
import { feedBanner } from './banner';
import { formatFeedTime } from './format';
import { cacheProblem } from './cacheText';
import { SessionControl } from './SessionControl';
import { SearchBox } from '../search/SearchBox';
import { SkipLinks } from '../keyboard/SkipLinks';
import { SettingsButton } from '../settings/SettingsMenu';
import { useT } from '../i18n/i18n';

export function TopBar({ platform, client, onSources }: { platform: string; client: EngineClient; onSources?: () => void }) {
  const sound = useAlarmSoundSync();
  const demo = useAppStore((s) => s.status?.demo ?? false);
  const feedName = useAppStore((s) => s.status?.feedName ?? '');
  const cityName = useAppStore((s) => s.city.name);
  useEffect(() => {
    document.title = cityTitle(cityName);
  }, [cityName]);
  const supervisor = useAppStore((s) => s.session?.role === 'supervisor');
  const { t } = useT();
  return (
    <header className="top-bar">
      <SkipLinks />
      <span className="app-name">CityDesk</span>
      <span className="city" data-testid="city-name">
        {cityName ? t('app.liveSensorsOf', { city: cityName }) : t('app.liveSensors')}
      </span>
      <HeaderHealth />
      {demo && (
        <span className="demo-badge" data-testid="demo-badge" title={t('app.demoTitle')}>
          {t('app.demo')}
        </span>
      )}
      <AlarmCounts />
      <AlarmSoundStatus client={client} state={sound} />
      <SearchBox />
      <span className="spacer" />
      <span className="muted feed-label" title={feedName}>{feedName}</span>
      <span className="platform muted">{platform}</span>
      {supervisor && onSources && (
        <button type="button" className="top-button" onClick={onSources} data-testid="open-sources">
          {t('app.sources')}
        </button>
      )}
      <SettingsButton />
      <SessionControl client={client} />
    </header>
  );
}

/** The window title: the feed's city, once known. */
export function cityTitle(cityName: string): string {
  return cityName ? `CityDesk — ${cityName}` : 'CityDesk';
}

/**
 * The renderer lost its engine: a banner that says since when the screen is frozen, and (once there was data to
 * freeze) a grey wash over the whole screen, so that nothing left on it passes for live. Both go when the engine is back.
 */
export function TransportBanner() {
  const transport = useAppStore((s) => s.transport);
  const error = useAppStore((s) => s.transportError);
  const hadData = useAppStore((s) => s.status !== null);
  const frozenAt = useAppStore((s) => (s.transport === 'open' ? null : feedNow(s)));
  const timeZone = useAppStore((s) => s.city.timeZone);
  const { t } = useT();
  if (transport !== 'closed') return null;
  return (
    <>
      <div className="banner transport-banner" role="alert" data-testid="transport-banner">
        {t('app.transportClosed', { at: hadData ? t('app.transportFrozenAt', { time: formatFeedTime(frozenAt, timeZone) }) : '' })}
        {error && <span className="banner-detail"> ({error})</span>}
      </div>
      {hadData && <FrozenWash />}
    </>
  );
}

/** Re-renders every `everyMs` wall ms; returns Date.now(). */
function useWallNow(everyMs: number, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs, active]);
  return now;
}

/**
 * The engine's connection to the FEED (the transport banner above is about the renderer's connection to the engine;
 * while that one shows, the status here is frozen and this banner stays out of the way).
 */
export function FeedBanner() {
  const status = useAppStore((s) => s.status);
  const transport = useAppStore((s) => s.transport);
  const timeZone = useAppStore((s) => s.city.timeZone);
  // An incident pack's desk has no feed by design: the pack banner says so (PackBanner), not "feed down".
  const pack = useAppStore((s) => s.deskMode?.mode === 'incident');
  const show = transport === 'open' && status !== null && status.connection !== 'connected' && !pack;
  const wallNow = useWallNow(1000, show);
  const banner = show ? feedBanner(status, wallNow, timeZone) : null;
  if (!banner) return null;
  return (
    <div className={`banner feed-banner feed-banner-${banner.tone}`} role={banner.tone === 'info' ? 'status' : 'alert'} data-testid="feed-banner" data-tone={banner.tone}>
      <span className="banner-title">{banner.title}</span>
      {banner.detail && <span className="banner-detail"> — {banner.detail}</span>}
    </div>
  );
}

/**
 * A damaged cache file needs the user: a banner with what happened and what to do, for as long as it lasts (the status
 * bar keeps its short label too).
 */
export function CacheBanner() {
  const cache = useAppStore((s) => s.status?.cache ?? null);
  const timeZone = useAppStore((s) => s.city.timeZone);
  const { t } = useT();
  const problem = cache ? cacheProblem(cache, timeZone) : null;
  if (!cache || cache.integrity.ok || !problem) return null;
  return (
    <div className="banner cache-banner" role="alert" data-testid="cache-banner">
      <span className="banner-title">{problem.label}: {cache.file}</span>
      <span className="banner-detail"> — {cache.integrity.problem}. {t('app.whatToDo', { advice: cache.integrity.advice })}</span>
    </div>
  );
}
