/**
 * What the header says about the desk's health (pure): nothing while every source talks and the engine is there;
 * "frozen at … — engine unreachable" while the engine is gone; "source down since 10:40 CET: Car park sensors" (or "2
 * sources down since …", or the feed's) while sources are down.
 */
import { frozenText } from './frozen';
import { downText, type DownSources, type SourceDown } from './sourceDown';

export function headerHealthText(input: { down: DownSources; frozen: { at: number | null } | null; timeZone: string }): string | null {
  if (input.frozen) return `${frozenText(input.frozen.at, input.timeZone)} — engine unreachable`;
  if (input.down.feed) return `${downText(input.down.feed, input.timeZone)}: the feed is unreachable, no sensor is live`;
  const list = [...input.down.sources.values()];
  if (list.length === 0) return null;
  const first = list.reduce<SourceDown>((a, b) => (b.since < a.since ? b : a), list[0]!);
  if (list.length === 1) return `${downText(first, input.timeZone)}: ${first.name}`;
  return `${list.length} sources down (first ${downText(first, input.timeZone).replace('source down ', '')}): ${list.map((d) => d.name).join(', ')}`;
}
