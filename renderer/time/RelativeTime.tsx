/**
 * A relative time that ticks: "raised 20 min ago" moves each second with the desk's clock (renderer/time/useNow.ts;
 * in replay, relative to the replayed instant), the full time in the city's zone as its tooltip.
 */
import { formatFeedTime, formatRelative } from '../panels/format';
import { useT } from '../i18n/i18n';
import { useTimeZone } from '../store';
import { useNow, useWallNow } from './useNow';

/** `at` relative to the desk's instant (feed or replay clock): "20 min ago". */
export function RelativeTime({ at, prefix = '' }: { at: number | null; prefix?: string }) {
  const now = useNow();
  return <Relative at={at} now={now} prefix={prefix} />;
}

/** `at` relative to the machine's wall clock (what the hub stamps on arrival): "12 s ago". */
export function WallRelativeTime({ at, prefix = '' }: { at: number | null; prefix?: string }) {
  const now = useWallNow();
  return <Relative at={at} now={now} prefix={prefix} />;
}

function Relative({ at, now, prefix }: { at: number | null; now: number | null; prefix: string }) {
  const tz = useTimeZone();
  const { t } = useT();
  return (
    <span className="relative-time" title={at === null ? undefined : formatFeedTime(at, tz)} data-testid="relative-time">
      {prefix}
      {at === null ? t('time.never') : formatRelative(at, now)}
    </span>
  );
}
