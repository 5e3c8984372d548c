/**
 * Alarms (by id), shelves (by `${ruleId}|${subject}`) and the latest announcements. Filled by `alarms` / `shelves`
 * calls (store/sync.ts, on every (re)open of the transport) and kept current by the engine's `alarms` event.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Alarm, AlarmCounts, Severity, Shelf } from '../../electron/engine/api';
import type { Priority } from '../../electron/shared/alarm-priority';
import { DEFAULT_FILTER, mergeAlarms, type AlarmFilter } from '../alarms/alarmList';
import type { AppState } from './index';

export interface Announcement {
  /** Local sequence number (increasing). */
  seq: number;
  alarmId: string;
  severity: Severity;
  /** The alarm's priority (the sound's pattern follows it); announcements from an older engine lack it. */
  priority?: Priority;
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
  selectedAlarmId: string | null;
  /** The engine's counts (the `alarmCounts` answer, then every `alarms` event's); null until known. */
  alarmCounts: AlarmCounts | null;
  alarmFilter: AlarmFilter;
  /** Sensors the map highlights: the members of the group alarm expanded or selected in the list (empty: none). */
  highlightedSensorIds: ReadonlySet<string>;
  /** Replaces the list with a fetched one; a copy changed by an event meanwhile (newer updatedAt) is kept. */
  replaceAlarms(alarms: readonly Alarm[]): void;
  upsertAlarms(alarms: readonly Alarm[]): void;
  setShelves(shelves: readonly Shelf[]): void;
  announce(items: readonly { alarmId: string; severity: Severity; priority?: Priority; message: string }[], receivedAt?: number): void;
  setAlarmsError(error: string | null): void;
  selectAlarm(id: string | null): void;
  setAlarmFilter(filter: AlarmFilter): void;
  setHighlightedSensors(ids: Iterable<string>): void;
  setAlarmCounts(counts: AlarmCounts): void;
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
  alarmFilter: DEFAULT_FILTER,
  highlightedSensorIds: new Set(),
  replaceAlarms: (fetched) => set((s) => ({ alarms: replaceAlarmList(s.alarms, fetched), alarmsLoaded: true, alarmsError: null })),
  upsertAlarms: (incoming) =>
    set((s) => {
      const alarms = mergeAlarms(s.alarms, incoming);
      return alarms === s.alarms ? s : { alarms };
    }),
  setShelves: (list) => set({ shelves: new Map(list.map((x) => [x.key, x])) }),
  announce: (items, receivedAt = Date.now()) =>
    set((s) => {
      if (!items.length) return s;
      const added = items.map((i) => ({ seq: ++announceSeq, alarmId: i.alarmId, severity: i.severity, ...(i.priority ? { priority: i.priority } : {}), message: i.message, receivedAt }));
      return { announcements: [...s.announcements, ...added].slice(-MAX_ANNOUNCEMENTS) };
    }),
  setAlarmsError: (alarmsError) => set((s) => (s.alarmsError === alarmsError ? s : { alarmsError })),
  selectAlarm: (selectedAlarmId) => set({ selectedAlarmId }),
  setAlarmFilter: (alarmFilter) => set({ alarmFilter }),
  setHighlightedSensors: (ids) => set({ highlightedSensorIds: new Set(ids) }),
  setAlarmCounts: (alarmCounts) => set({ alarmCounts }),
});
