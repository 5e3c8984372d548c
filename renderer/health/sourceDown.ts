/**
 * Which sources are down, as the desk knows it, and what that makes of every sensor, count and clock (pure: plain data
 * in, plain data out; tested without the DOM). Two ways a source is down:
 *
 * - the feed: the engine cannot reach the feed (FeedStatus.connection not 'connected', with `downSince`): every source
 *   of the feed is down since then (wall clock, as the feed banner says);
 * - one source: the engine's built-in outage alarm (ruleId `source-outage`, subject `source:<key>`,
 *   electron/engine/rules/outage.ts) is open: the source's sensors are down since the alarm was raised (feed clock).
 *
 * In replay the live feed's connection says nothing about the replayed instant: only the outage alarms open at that
 * instant (the replay frame's) count, never the wall clock. An incident pack's desk has no feed by design.
 */
import type { Alarm, FeedStatus } from '../../electron/engine/api';
import { OUTAGE_RULE_ID } from '../../electron/shared/built-in-alarms';
import type { Freshness, Sensor, SensorState } from '../../electron/shared/model';
import { sourceKeyOfSubject, sourceOf } from '../../electron/shared/source-key';
import { formatClock } from '../panels/format';
import { t } from '../i18n/i18n';

export interface SourceDown {
  /** 'feed': the feed is unreachable (every source); 'source': the engine's outage alarm for this one source. */
  cause: 'feed' | 'source';
  /** The source in words (`Car park sensors`), or the feed's name. */
  name: string;
  /** Since when (epoch ms). */
  since: number;
}

export interface DownSources {
  /** The whole feed is down (every sensor), or null. */
  feed: SourceDown | null;
  /** Sources in outage, by source key (electron/shared/source-key.ts). */
  sources: ReadonlyMap<string, SourceDown>;
}

export const NOTHING_DOWN: DownSources = { feed: null, sources: new Map() };

export interface DownInput {
  status: Pick<FeedStatus, 'connection' | 'downSince' | 'feedName'> | null;
  alarms: Iterable<Alarm>;
  /** The replayed instant (the frame's), or null live: the feed's connection then does not count. */
  replayAt: number | null;
  /** An incident pack's desk: no feed by design, so no feed outage. */
  pack: boolean;
}

/** An outage alarm open at `at` (live: not cleared). */
function outageOpen(a: Alarm, at: number | null): boolean {
  if (a.ruleId !== OUTAGE_RULE_ID) return false;
  if (at === null) return a.clearedAt === null && a.state !== 'resolved';
  return a.raisedAt <= at && (a.clearedAt === null || a.clearedAt > at);
}

export function downSources(input: DownInput): DownSources {
  const st = input.status;
  const feed: SourceDown | null =
    input.replayAt === null && !input.pack && st !== null && st.connection !== 'connected' && st.downSince !== null
      ? { cause: 'feed', name: st.feedName || t('health.theFeed'), since: st.downSince }
      : null;
  let sources: Map<string, SourceDown> | null = null;
  for (const a of input.alarms) {
    if (!outageOpen(a, input.replayAt)) continue;
    const key = sourceKeyOfSubject(a.subject);
    if (key === null) continue;
    const prev = sources?.get(key);
    if (prev && prev.since <= a.raisedAt) continue;
    (sources ??= new Map()).set(key, { cause: 'source', name: a.group?.name ?? key, since: a.raisedAt });
  }
  return feed === null && sources === null ? NOTHING_DOWN : { feed, sources: sources ?? NOTHING_DOWN.sources };
}

export function anythingDown(down: DownSources): boolean {
  return down.feed !== null || down.sources.size > 0;
}

/** The outage a sensor's data is missing by: the feed's, else its source's; null when its source is up. */
export function sensorDown(sensor: Pick<Sensor, 'kind' | 'attributes'>, down: DownSources): SourceDown | null {
  if (down.feed) return down.feed;
  if (down.sources.size === 0) return null;
  return down.sources.get(sourceOf(sensor).key) ?? null;
}

/** "source down since 10:40 CET" (the city's time). */
export function downText(d: Pick<SourceDown, 'since'>, timeZone: string): string {
  return t('health.downSince', { time: formatClock(d.since, timeZone) });
}

/** Why, in words: "the feed is unreachable" (the feed banner names it), "no data from Car park sensors". */
export function downReason(d: SourceDown): string {
  return d.cause === 'feed' ? t('health.reasonFeed') : t('health.reasonSource', { name: d.name });
}

export interface SensorCounts {
  live: number;
  stale: number;
  never: number;
  /** Sensors of a down source (not counted as live, stale or never). */
  down: number;
}

/**
 * Sensors by state with the down sources taken out: a sensor of a down source counts as down, whatever the age of
 * its last reading. `freshness` is the renderer's rule (map/freshness.ts), passed in.
 */
export function sensorCounts(
  catalogue: Iterable<Sensor>,
  states: ReadonlyMap<string, SensorState>,
  down: DownSources,
  freshness: (sensor: Sensor, state: SensorState | undefined) => Freshness,
): SensorCounts {
  const c: SensorCounts = { live: 0, stale: 0, never: 0, down: 0 };
  for (const s of catalogue) {
    if (sensorDown(s, down)) c.down++;
    else c[freshness(s, states.get(s.id))]++;
  }
  return c;
}
