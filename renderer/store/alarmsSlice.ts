/**
 * Alarms (by id), shelves (by `${ruleId}|${subject}`) and the latest announcements. Filled by `alarms` / `shelves`
 * calls (store/sync.ts, on every (re)open of the transport) and kept current by the engine's `alarms` event.
 *
 * The alarm list shows one page of one view, fetched from the engine (alarms/alarmPaging.ts): the query (view, offset,
 * search) and the page live here, with the engine's counts (never counted from what was fetched). The operator's
 * check boxes, and the sensors the map highlights (a group alarm's members), too.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Alarm, AlarmCounts, AlarmView, Severity, Shelf } from '../../electron/engine/api';
import { mergeAlarms } from '../alarms/alarmList';
import type { AppState } from './index';

/** What the alarm list asks the engine for. */
export interface AlarmQuery {
  view: AlarmView;
  offset: number;
  /** Free text; the engine matches rule, sensor, district and group names, the message and who acknowledged. */
  search: string;
}

/** The page the list shows: the engine's answer to `query`, patched by `alarms` events until the next fetch. */
export interface AlarmPageState {
  query: AlarmQuery;
  alarms: readonly Alarm[];
  /** The view's true total (with the search), the engine's. */
  total: number;
}

export const DEFAULT_ALARM_QUERY: AlarmQuery = { view: 'open', offset: 0, search: '' };

export interface Announcement {
  /** Local sequence number (increasing). */
  seq: number;
  alarmId: string;
  severity: Severity;
  message: string;
  /** Wall-clock ms when it arrived. */
  receivedAt: number;
}

/** Announcements kept for the banner / history. */
export const MAX_ANNOUNCEMENTS = 50;

export interface AlarmsSlice {
  alarms: ReadonlyMap<string, Alarm>;
  shelves: ReadonlyMap<string, Shelf>;
  announcements: readonly Announcement[];
  alarmsError: string | null;
  /** Loaded at least once (so that "no alarms" means none, not "not yet known"). */
  alarmsLoaded: boolean;
  /** The alarm the operator is on (selected in the list, or moved to by keyboard): the map shows it. */
  selectedAlarmId: string | null;
  /** The engine's counts (the `alarmCounts` answer, then every `alarms` event's); null until known. */
  alarmCounts: AlarmCounts | null;
  alarmQuery: AlarmQuery;
  alarmPage: AlarmPageState | null;
  alarmPageError: string | null;
  /** Alarms ticked in the list for a bulk acknowledge or shelve (kept across pages). */
  checkedAlarmIds: ReadonlySet<string>;
  /** Sensors the map highlights: the members of the group alarm expanded or selected in the list (empty: none). */
  highlightedSensorIds: ReadonlySet<string>;
  /** Replaces the list with a fetched one; a copy changed by an event meanwhile (newer updatedAt) is kept. */
  replaceAlarms(alarms: readonly Alarm[]): void;
  upsertAlarms(alarms: readonly Alarm[]): void;
  setShelves(shelves: readonly Shelf[]): void;
  announce(items: readonly { alarmId: string; severity: Severity; message: string }[], receivedAt?: number): void;
  setAlarmsError(error: string | null): void;
  selectAlarm(id: string | null): void;
  setAlarmCounts(counts: AlarmCounts): void;
  /** Changes the query; a new view or search starts at the first page. */
  setAlarmQuery(patch: Partial<AlarmQuery>): void;
  setAlarmPage(page: AlarmPageState): void;
  setAlarmPageError(error: string | null): void;
  setCheckedAlarms(ids: Iterable<string>): void;
  setHighlightedSensors(ids: Iterable<string>): void;
}

/** Unacknowledged alarms in total (the header's, the drawer tab's). */
export function unacknowledgedTotal(counts: AlarmCounts): number {
  return (Object.values(counts.unacknowledged) as number[]).reduce((n, c) => n + c, 0);
}

/** Pure: a page with the alarms of an event merged in (a newer copy replaces an older one; none is added). */
export function patchPage(page: AlarmPageState, changed: readonly Alarm[]): AlarmPageState {
  if (!changed.length) return page;
  const byId = new Map(changed.map((a) => [a.id, a]));
  let hit = false;
  const alarms = page.alarms.map((a) => {
    const c = byId.get(a.id);
    if (!c || c.updatedAt < a.updatedAt) return a;
    hit = true;
    return c;
  });
  return hit ? { ...page, alarms } : page;
}

/** Pure: the fetched list, except where the current copy is newer. */
export function replaceAlarmList(current: ReadonlyMap<string, Alarm>, fetched: readonly Alarm[]): ReadonlyMap<string, Alarm> {
  const next = new Map<string, Alarm>();
  for (const a of fetched) {
    const cur = current.get(a.id);
    next.set(a.id, cur && cur.updatedAt > a.updatedAt ? cur : a);
  }
  return next;
}

let announceSeq = 0;

export const createAlarmsSlice: StateCreator<AppState, [], [], AlarmsSlice> = (set) => ({
  alarms: new Map(),
  shelves: new Map(),
  announcements: [],
  alarmsError: null,
  alarmsLoaded: false,
  selectedAlarmId: null,
  alarmCounts: null,
  alarmQuery: DEFAULT_ALARM_QUERY,
  alarmPage: null,
  alarmPageError: null,
  checkedAlarmIds: new Set(),
  highlightedSensorIds: new Set(),
  replaceAlarms: (fetched) => set((s) => ({ alarms: replaceAlarmList(s.alarms, fetched), alarmsLoaded: true, alarmsError: null })),
  upsertAlarms: (incoming) =>
    set((s) => {
      const alarms = mergeAlarms(s.alarms, incoming);
      const alarmPage = s.alarmPage ? patchPage(s.alarmPage, incoming) : null;
      return alarms === s.alarms && alarmPage === s.alarmPage ? s : { alarms, alarmPage };
    }),
  setShelves: (list) => set({ shelves: new Map(list.map((x) => [x.key, x])) }),
  announce: (items, receivedAt = Date.now()) =>
    set((s) => {
      if (!items.length) return s;
      const added = items.map((i) => ({ seq: ++announceSeq, alarmId: i.alarmId, severity: i.severity, message: i.message, receivedAt }));
      return { announcements: [...s.announcements, ...added].slice(-MAX_ANNOUNCEMENTS) };
    }),
  setAlarmsError: (alarmsError) => set((s) => (s.alarmsError === alarmsError ? s : { alarmsError })),
  selectAlarm: (selectedAlarmId) => set({ selectedAlarmId }),
  setAlarmCounts: (alarmCounts) => set({ alarmCounts }),
  setAlarmQuery: (patch) =>
    set((s) => {
      const next = { ...s.alarmQuery, ...patch };
      if ((patch.view !== undefined && patch.view !== s.alarmQuery.view) || (patch.search !== undefined && patch.search !== s.alarmQuery.search)) next.offset = patch.offset ?? 0;
      next.offset = Math.max(0, next.offset);
      return next.view === s.alarmQuery.view && next.offset === s.alarmQuery.offset && next.search === s.alarmQuery.search ? s : { alarmQuery: next };
    }),
  setAlarmPage: (alarmPage) => set({ alarmPage, alarmPageError: null }),
  setAlarmPageError: (alarmPageError) => set((s) => (s.alarmPageError === alarmPageError ? s : { alarmPageError })),
  setCheckedAlarms: (ids) => set({ checkedAlarmIds: new Set(ids) }),
  setHighlightedSensors: (ids) =>
    set((s) => {
      const next = new Set(ids);
      return next.size === s.highlightedSensorIds.size && [...next].every((id) => s.highlightedSensorIds.has(id)) ? s : { highlightedSensorIds: next };
    }),
});
