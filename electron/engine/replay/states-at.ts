/**
 * Every sensor as it stood at an instant: its latest stored reading at or before it (store/replay-queries.ts), with
 * the derived metrics and quality flags its type gives that reading, judged by the same code as the live state
 * (live-state.ts: a LiveState of the catalogue, given those readings), and its freshness on the replay clock.
 */
import type { HistoryResolution } from '../api';
import type { Sensor, SensorState } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';
import { LiveState } from '../live-state';
import type { ReplayQueries } from '../store/replay-queries';

export interface StatesAt {
  /** In the catalogue's order. */
  states: SensorState[];
  sensors: { live: number; stale: number; never: number };
  /** Coarsest resolution that answered ('raw' when every reading found was a stored reading, or none was found). */
  resolution: HistoryResolution;
  /** Sensors answered from rollups, by id. */
  approximate: string[];
}

const COARSENESS: Record<HistoryResolution, number> = { raw: 0, '1m': 1, '1h': 2 };

export function statesAt(queries: ReplayQueries, sensors: readonly Sensor[], registry: SensorTypeRegistry, at: number): StatesAt {
  const found = queries.readingsAt(
    at,
    sensors.map((s) => s.id),
  );
  const live = new LiveState();
  live.setCatalogue(sensors, { registry });
  let resolution: HistoryResolution = 'raw';
  const approximate: string[] = [];
  for (const s of sensors) {
    const f = found.get(s.id);
    if (!f) continue;
    if (f.resolution !== 'raw') approximate.push(s.id);
    if (COARSENESS[f.resolution] > COARSENESS[resolution]) resolution = f.resolution;
  }
  live.apply([...found.values()].map((f) => f.reading));
  return { states: live.allStates(), sensors: live.counts(at), resolution, approximate: approximate.sort() };
}
