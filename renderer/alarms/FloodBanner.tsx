/**
 * The flood banner: while the desk is in flood (flood.ts: the engine's counts, or more than FLOOD_ALARMS new alarms in
 * FLOOD_WINDOW_MS among those held here), a banner says so and groups what is ringing by rule (each a button that
 * filters the alarm list to that rule) and by priority. It goes away when the flood ends.
 */
import { useMemo } from 'react';
import { useFeedNow } from '../panels/useFeedClock';
import { appStore, useAppStore } from '../store';
import { priorityLabel, ruleName } from './alarmList';
import { useT } from '../i18n/i18n';
import { floodSummary, priorityWords, recentAlarms } from './flood';

/** Shows the alarm list filtered to one rule's alarms (its name as the search). */
function filterListTo(text: string): void {
  const s = appStore.getState();
  s.setAlarmQuery({ view: 'open', search: text });
  s.setDrawerTab('alarms');
}

export function FloodBanner() {
  const alarms = useAppStore((s) => s.alarms);
  const shelves = useAppStore((s) => s.shelves);
  const counts = useAppStore((s) => s.alarmCounts);
  const rules = useAppStore((s) => s.rules);
  const search = useAppStore((s) => s.alarmQuery.search);
  const now = useFeedNow(5000);
  const { t, locale } = useT();
  const flood = useMemo(() => {
    const recent = now === null ? [] : recentAlarms(alarms.values(), shelves, now);
    return floodSummary(recent, counts, (id) => ruleName({ ruleId: id }, rules), undefined, t);
  }, [alarms, shelves, counts, rules, now, locale]);
  if (!flood) return null;
  return (
    <div className="banner flood-banner" role="alert" data-testid="flood-banner">
      <strong className="flood-title">{flood.text}</strong>
      {flood.byPriority.length > 0 && (
        <span className="flood-priorities" data-testid="flood-priorities">
          {flood.byPriority.map((p) => (
            <span key={p.priority} className={`prio-badge prio-${p.priority}`} title={t('alarms.flood.priorityTitle', { count: p.count, priority: priorityLabel(p.priority, t).toLowerCase() })}>
              {p.count} {priorityLabel(p.priority, t)}
            </span>
          ))}
          <span className="sr-only">{priorityWords(flood.byPriority, t)}</span>
        </span>
      )}
      <span className="flood-groups">
        {flood.byRule.map((g) => (
          <button key={g.ruleId} type="button" className={`btn small${search === g.name ? ' on' : ''}`} data-testid="flood-filter" data-rule-id={g.ruleId} onClick={() => filterListTo(g.name)}>
            {g.count} {g.name}
          </button>
        ))}
        {search && (
          <button type="button" className="btn small" data-testid="flood-filter-clear" onClick={() => filterListTo('')}>
            {t('alarms.flood.showAll')}
          </button>
        )}
      </span>
    </div>
  );
}
