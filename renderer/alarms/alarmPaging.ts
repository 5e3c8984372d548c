/**
 * Keeps the alarm list's page current: fetches the page the query asks for (alarmPage: one view, PAGE_SIZE alarms,
 * the view's true total) whenever the query changes or the transport (re)opens, and again at most every `refreshMs`
 * after `alarms` events (they patch the rows on the page at once; the refetch brings the order and totals). Answers to
 * an older query are dropped. No DOM: tested in tests/renderer/alarm-paging.test.ts.
 */
import type { EngineClient } from '../../electron/engine/api';
import type { AppStore } from '../store';
import type { AlarmQuery } from '../store/alarmsSlice';
import { t } from '../i18n/i18n';

/** Rows per page: what the list draws at most. */
export const PAGE_SIZE = 200;
/** Refetch the page at most this often (wall ms) while events keep coming (a flood at 3600x sends several a second). */
export const PAGE_REFRESH_MS = 1000;

export interface AlarmPaging {
  /** Fetch the page now (the transport opened). */
  refresh(): void;
  /** An `alarms` event arrived: refetch soon. */
  changed(): void;
  stop(): void;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function startAlarmPaging(client: EngineClient, store: AppStore, options: { refreshMs?: number } = {}): AlarmPaging {
  const refreshMs = options.refreshMs ?? PAGE_REFRESH_MS;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const fetchPage = async (): Promise<void> => {
    if (stopped) return;
    const s = store.getState();
    if (s.transport !== 'open') return;
    const query: AlarmQuery = s.alarmQuery;
    const mine = ++seq;
    try {
      const page = await client.call('alarmPage', { view: query.view, offset: query.offset, limit: PAGE_SIZE, ...(query.search.trim() ? { search: query.search.trim() } : {}) });
      if (mine !== seq || stopped) return;
      // Past the end (alarms went away meanwhile): show the last page there is.
      if (page.alarms.length === 0 && query.offset > 0 && page.total > 0) {
        store.getState().setAlarmQuery({ offset: Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE });
        return;
      }
      store.getState().setAlarmPage({ query, alarms: page.alarms, total: page.total });
    } catch (err) {
      if (mine === seq && !stopped) store.getState().setAlarmPageError(t('alarms.listUnavailable', { error: errText(err) }));
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.alarmQuery !== prev.alarmQuery) void fetchPage();
  });

  return {
    refresh: () => void fetchPage(),
    changed: () => {
      if (timer !== null || stopped) return;
      timer = setTimeout(() => {
        timer = null;
        void fetchPage();
      }, refreshMs);
    },
    stop: () => {
      stopped = true;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
