/**
 * The desk as of one instant (feed time): sensors (states-at.ts), the alarms open then and their counts
 * (alarms-at.ts, counted as live: alerting.ts alarmCounts), the shelves in force (the audit log's shelvings), the
 * recorded gaps covering the instant and what the cache holds. From what was stored only; the same instant gives the
 * same frame, whatever was asked before.
 */
import type { ReplayFrame } from '../api';
import { alarmCounts } from '../alerting';
import { shelvesInForce, type KpiNames } from '../rules/kpis';
import type { Store } from '../store/store';
import type { Sensor } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { alarmsAt, type AlarmRules } from './alarms-at';
import { statesAt } from './states-at';

/** What a frame is made from. */
export interface ReplaySources {
  store: Store;
  /** The sensors the desk knows (the live catalogue). */
  catalogue: readonly Sensor[];
  /** Their types. */
  registry: SensorTypeRegistry;
  /** An alarm's priority at a severity (Alerting.priorityFor). */
  priorityFor: AlarmRules['priorityFor'];
  /** Rules and subjects in words. */
  names: KpiNames;
  /** The city's IANA zone, for times inside words (the timeline's operator actions); UTC when not given. */
  timeZone?: string;
}

/** The frame at `at`; `sensors`: only these (the caller checked they are in the catalogue). */
export function replayFrame(src: ReplaySources, at: number, sensors: readonly Sensor[] = src.catalogue): ReplayFrame {
  const queries = src.store.replay();
  const shown = statesAt(queries, sensors, src.registry, at);
  const shelfActions = src.store.alarmHistory().shelfActions();
  const alarms = alarmsAt(queries.alarmsOpenAt(at), at, { priorityFor: src.priorityFor, ruleName: src.names.rule }, shelfActions);
  const shelves = shelvesInForce(shelfActions, at);
  return {
    at,
    states: shown.states,
    sensors: shown.sensors,
    resolution: shown.resolution,
    approximate: shown.approximate,
    alarms,
    counts: alarmCounts(alarms, new Set(shelves.map((s) => s.key)), at),
    shelves,
    gaps: src.store.gaps(at, at),
    extent: queries.extent(),
  };
}
