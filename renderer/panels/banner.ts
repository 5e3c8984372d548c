/**
 * What the feed banner says (pure, tested without the DOM). The feed banner is about the engine's connection to the
 * FEED; the transport banner (TopBar.tsx) is about the renderer's connection to the ENGINE.
 */
import type { FeedStatus } from '../../electron/engine/api';
import { formatAge, formatClock } from './format';
import { t } from '../i18n/i18n';

export interface FeedBanner {
  /** 'down': the feed is unreachable and the engine retries; 'refused': the feed answered but will not serve us
   *  (unauthorized / incompatible), which needs a person; 'info': connecting, showing the cache meanwhile. */
  tone: 'down' | 'refused' | 'info';
  title: string;
  detail: string | null;
}

/** "showing the last known state from the local cache" (in the current language). */
export const cacheNote = (): string => t('panels.cacheNote');
/** "showing the last readings received; sensors turn stale as time passes". */
export const lastStateNote = (): string => t('panels.lastStateNote');

type BannerStatus = Pick<FeedStatus, 'connection' | 'downSince' | 'reconnectAttempts' | 'lastError'> & {
  cache: Pick<FeedStatus['cache'], 'startedFromCache'>;
};

/** The banner for a feed status; times in `timeZone` (the city's). */
export function feedBanner(status: BannerStatus | null, wallNow: number, timeZone: string): FeedBanner | null {
  if (!status) return null;
  const fromCache = status.cache.startedFromCache;
  switch (status.connection) {
    case 'connected':
      return null;
    case 'unauthorized':
      return {
        tone: 'refused',
        title: t('panels.feedUnauthorized'),
        detail: joinDetail(status.lastError, fromCache ? cacheNote() : null),
      };
    case 'incompatible':
      return {
        tone: 'refused',
        title: t('panels.feedIncompatible'),
        detail: joinDetail(status.lastError, fromCache ? cacheNote() : null),
      };
    case 'connecting':
    case 'disconnected': {
      if (status.downSince === null) {
        // First connection attempt: nothing is wrong yet, but say where the data on screen comes from.
        return fromCache ? { tone: 'info', title: t('panels.feedConnecting'), detail: cacheNote() } : null;
      }
      const since = `${formatClock(status.downSince, timeZone)} (${formatAge(Math.max(0, wallNow - status.downSince))})`;
      const retry = status.reconnectAttempts > 0 ? t('panels.feedRetryAttempt', { n: status.reconnectAttempts }) : t('panels.feedRetry');
      return {
        tone: 'down',
        title: t('panels.feedUnreachable', { since, retry }),
        detail: joinDetail(fromCache ? cacheNote() : lastStateNote(), status.lastError),
      };
    }
  }
}

function joinDetail(...parts: (string | null)[]): string | null {
  const p = parts.filter((x): x is string => !!x);
  return p.length ? p.join(' · ') : null;
}
