/**
 * The alarm KPI commands' work: the period (default: the last 24 h of the feed clock, from a whole 10 minutes), the alarms and shelvings of
 * it from the cache (store/alarm-history.ts), names for rules and subjects, then rules/kpis.ts and, for download,
 * rules/kpis-csv.ts.
 */
import { FLOOD_WINDOW_MS, STANDING_MS } from '../../shared/alarm-priority';
import { ApiError, type AlarmKpis } from '../api';
import { RoleError, type SessionCtx } from '../access/supervisor-access';
import { catalogueView } from '../feed/catalogue-view';
import { kpisCsv } from '../rules/kpis-csv';
import { alarmKpis, type KpiNames } from '../rules/kpis';
import type { EngineParts } from './types';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';

/** The longest period the KPIs cover (10-minute intervals: 4,464 of them). */
export const MAX_KPI_DAYS = 31;
const DEFAULT_SPAN_MS = 24 * 3_600_000;

/** Built-in rules that are not rule documents (helper "grouping": silent sources). */

export interface KpiQuery {
  from?: number | undefined;
  to?: number | undefined;
  ruleId?: string | undefined;
}

/** The KPIs of the period (supervisors: they measure each operator too). */
export function kpisOf({ store, alerting, state, clock }: Pick<EngineParts, 'store' | 'alerting' | 'state' | 'clock'>, q: KpiQuery, session: SessionCtx): AlarmKpis {
  if (session.role !== 'supervisor') throw new RoleError('only a supervisor can see the alarm KPIs: unlock supervisor mode first');
  const to = q.to ?? clock.nowOrWall();
  // By default the last 24 h, from a whole 10 minutes (intervals on the clock's tens; the last one is in progress).
  const from = q.from ?? Math.floor((to - DEFAULT_SPAN_MS) / FLOOD_WINDOW_MS) * FLOOD_WINDOW_MS;
  if (!(from < to)) throw new ApiError('invalid-params', 'the period must end after it starts', [{ path: 'from', message: 'must be before to' }]);
  if (to - from > MAX_KPI_DAYS * 86_400_000) {
    throw new ApiError('invalid-params', `alarm KPIs cover at most ${MAX_KPI_DAYS} days; the period asked for is ${((to - from) / 86_400_000).toFixed(1)} days: choose a shorter one`, [{ path: 'from', message: `at most ${MAX_KPI_DAYS} days before to` }]);
  }
  const history = store.alarmHistory();
  return alarmKpis({ from, to, alarms: history.alarms(from, to, to - STANDING_MS), shelfActions: history.shelfActions(), names: namesOf({ alerting, state }), ...(q.ruleId ? { ruleId: q.ruleId } : {}) });
}

export function kpisCsvOf(parts: Pick<EngineParts, 'store' | 'alerting' | 'state' | 'clock' | 'tracker'>, q: KpiQuery, session: SessionCtx): { filename: string; csv: string } {
  const city = catalogueView(parts.state, parts.tracker.snapshot().feedName).city;
  return kpisCsv(kpisOf(parts, q, session), { city: city.name, timeZone: city.timeZone, ...(q.ruleId ? { ruleId: q.ruleId } : {}) });
}

/** Rule names from the rules (built-in ones by their purpose); subjects by group, sensor or zone name. */
export function namesOf({ alerting, state }: Pick<EngineParts, 'alerting' | 'state'>): KpiNames {
  const rules = new Map(alerting.summaries().map((r) => [r.id, r.name]));
  const zones = new Map(alerting.zoneInfo().map((z) => [z.id, z.name]));
  return {
    rule: (id) => rules.get(id) ?? BUILT_IN_ALARMS[id]?.name ?? id,
    subject: (subject, alarm) => alarm?.group?.name ?? state.sensor(subject)?.name ?? (subject.startsWith('zone:') ? zones.get(subject.slice(5)) : undefined) ?? subject,
  };
}
