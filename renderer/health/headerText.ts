/**
 * What the header says about the desk's health (pure): nothing while every source talks and the engine is there;
 * "frozen at … — engine unreachable" while the engine is gone; "source down since 10:40 CET: Car park sensors" (or "2
 * sources down since …", or the feed's) while sources are down.
 */
import { t } from '../i18n/i18n';
import { formatClock } from '../panels/format';
import { frozenText } from './frozen';
import { downText, type DownSources, type SourceDown } from './sourceDown';

export function headerHealthText(input: { down: DownSources; frozen: { at: number | null } | null; timeZone: string }): string | null {
  if (input.frozen) return t('health.engineUnreachable', { frozen: frozenText(input.frozen.at, input.timeZone) });
  if (input.down.feed) return t('health.feedDown', { down: downText(input.down.feed, input.timeZone) });
  const list = [...input.down.sources.values()];
  if (list.length === 0) return null;
  const first = list.reduce<SourceDown>((a, b) => (b.since < a.since ? b : a), list[0]!);
  if (list.length === 1) return t('health.oneDown', { down: downText(first, input.timeZone), name: first.name });
  return t('health.manyDown', { n: list.length, time: formatClock(first.since, input.timeZone), names: list.map((d) => d.name).join(', ') });
}
