/** What the status bar says about the local cache: its tooltip, and the problem that needs the user, if any. */
import type { CacheStatus } from '../../electron/engine/api';
import { formatBytes, formatFeedTime, formatInt, formatWallTime } from './format';

/** The cache's tooltip: everything the compact summary leaves out. */
export function cacheTitle(c: CacheStatus, timeZone: string): string {
  return [
    `Local cache: ${c.file}`,
    `${formatInt(c.readings)} readings stored (${formatBytes(c.sizeBytes)})`,
    `Oldest reading: ${c.oldest === null ? 'none' : formatFeedTime(c.oldest, timeZone)}`,
    `Duplicates received and stored once: ${formatInt(c.duplicates)}`,
    `Operator actions queued for the feed: ${c.queuedActions}`,
    c.startedFromCache ? 'Started from the cache (before the feed answered)' : null,
    c.setAside > 0 ? `${formatInt(c.setAside)} reading(s) with implausible timestamps set aside (kept in the cache, not shown)` : null,
    c.clockWarning ? `Clock: ${c.clockWarning}` : null,
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
  return { label: 'Cache damaged', detail: `${c.integrity.problem}\n\nWhat to do: ${c.integrity.advice}\n\n(found ${formatWallTime(c.integrity.at, timeZone)})` };
}
