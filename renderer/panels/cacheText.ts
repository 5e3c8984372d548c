/** What the status bar says about the local cache: its tooltip, and the problem that needs the user, if any. */
import type { CacheStatus } from '../../electron/engine/api';
import { formatBytes, formatFeedTime, formatInt, formatWallTime } from './format';
import { t } from '../i18n/i18n';

/** The cache's tooltip: everything the compact summary leaves out. */
export function cacheTitle(c: CacheStatus, timeZone: string): string {
  return [
    t('panels.cacheLocal', { file: c.file }),
    t('panels.cacheStored', { n: formatInt(c.readings), size: formatBytes(c.sizeBytes) }),
    t('panels.cacheOldest', { time: c.oldest === null ? t('panels.none') : formatFeedTime(c.oldest, timeZone) }),
    t('panels.cacheDuplicates', { n: formatInt(c.duplicates) }),
    t('panels.cacheQueued', { n: formatInt(c.queuedActions) }),
    c.startedFromCache ? t('panels.cacheStartedFrom') : null,
    c.setAside > 0 ? t('panels.cacheSetAside', { n: formatInt(c.setAside) }) : null,
    c.clockWarning ? t('panels.cacheClock', { warning: c.clockWarning }) : null,
  ]
    .filter((x): x is string => x !== null)
    .join('\n');
}

/**
 * The cache problem the user must act on (a damaged file), as a short label and the full text with what to do; null
 * when the cache is sound.
 */
export function cacheProblem(c: CacheStatus, timeZone: string): { label: string; detail: string } | null {
  if (c.integrity.ok) return null;
  return { label: t('panels.cacheDamaged'), detail: t('panels.cacheDamagedDetail', { problem: c.integrity.problem, advice: c.integrity.advice, time: formatWallTime(c.integrity.at, timeZone) }) };
}
