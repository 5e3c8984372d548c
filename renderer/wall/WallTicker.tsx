/**
 * The wall's alarm ticker: the open alarms (the engine's Open view: priority first, then newest; shelved ones are not
 * in it), a page at a time, each with its priority (colour, shape and word), rule, place, age on the feed clock and
 * state. Pages turn every TICKER_PAGE_MS unless the wall is paused; "page 2 of 5" says there is more. Read-only.
 */
import { useT, type MessageKey } from '../i18n/i18n';
import type { Alarm } from '../../electron/engine/api';
import { ageText, alarmSubjectText, ruleName, type AlarmContext } from '../alarms/alarmList';
import { PriorityBadge } from '../alarms/PriorityBadge';
import { useFeedClock } from '../alarms/useFeedClock';
import { formatInt } from '../panels/format';
import { useRotation } from './useRotation';
import { TICKER_PAGE_MS, tickerPage } from './wallPaging';

/** Alarms on one ticker page. */
export const TICKER_PER_PAGE = 6;

const STATE_WORD: Record<Alarm['state'], MessageKey> = { active: 'wall.state_active', acknowledged: 'wall.state_acknowledged', cleared: 'wall.state_cleared', resolved: 'wall.state_resolved' };

export function WallTicker({ alarms, total, ctx, paused }: { alarms: readonly Alarm[] | null; total: number; ctx: AlarmContext; paused: boolean }) {
  const now = useFeedClock();
  const { t } = useT();
  const pages = Math.max(1, Math.ceil((alarms?.length ?? 0) / TICKER_PER_PAGE));
  const { index } = useRotation(pages, TICKER_PAGE_MS, paused);
  const shown = tickerPage(alarms ?? [], TICKER_PER_PAGE, index);
  return (
    <section className="wall-ticker" aria-label={t('wall.openAlarms')} data-testid="wall-ticker">
      <h2 className="wall-title">
        {t('wall.openAlarms')} <span className="wall-total">{alarms === null ? '…' : formatInt(total)}</span>
      </h2>
      {alarms !== null && alarms.length === 0 && <p className="wall-calm">{t('wall.noOpen')}</p>}
      <ol className="wall-ticker-list">
        {shown.items.map((a) => (
          <li key={a.id} className={`wall-alarm pri-${a.priority} state-${a.state}`} data-testid="wall-alarm" data-priority={a.priority} data-state={a.state}>
            <span className="wall-alarm-pri">
              <PriorityBadge priority={a.priority} />
            </span>
            <span className="wall-alarm-rule">{ruleName(a, ctx.rules)}</span>
            <span className="wall-alarm-place">{alarmSubjectText(a, ctx)}</span>
            <span className="wall-alarm-age" data-testid="wall-alarm-age">
              {ageText(a.raisedAt, now)} · {t(STATE_WORD[a.state])}
            </span>
          </li>
        ))}
      </ol>
      {shown.pages > 1 && (
        <p className="wall-page" data-testid="wall-ticker-page">
          {t('wall.page', { page: shown.page + 1, pages: shown.pages })}
          {alarms !== null && total > alarms.length && t('wall.firstOf', { n: formatInt(alarms.length), total: formatInt(total) })}
        </p>
      )}
    </section>
  );
}
